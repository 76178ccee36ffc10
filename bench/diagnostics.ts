// Diagnostic contenders for the per-call figure: steps between raw fetch and our client, so the
// run itself shows where the overhead comes from (openapi-fetch's Request, our timeout, our layers).
import createClient from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { createScimClient } from "../src/index.js";
import type { Contender } from "./per-call.js";
import { BENCH_TOKEN } from "./peers.js";

export const DIAGNOSTIC = {
  fetchRequest: "diagnostic: fetch(new Request(...))",
  openapiFetch: "diagnostic: plain openapi-fetch GET",
  lightRequest: "diagnostic: openapi-fetch, light Request class",
  oursNoTimeout: "diagnostic: ours client.GET, timeoutMs: Infinity",
} as const;

/**
 * A stand-in for openapi-fetch's `Request` option that only records URL and init: what the raw
 * path would cost if openapi-fetch did not build an undici Request per call (a fetch that sends
 * URL and init, as our retry layer does, needs nothing more). Bodyless GETs only.
 */
class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  constructor(url: string, init: { method?: string; headers: Headers }) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.headers = init.headers;
  }
}

export function diagnosticContenders(baseUrl: string): Contender[] {
  const headers = {
    authorization: `Bearer ${BENCH_TOKEN}`,
    accept: "application/scim+json, application/json",
  };
  const plain = createClient<paths>({ baseUrl, headers });
  const light = createClient<paths>({
    baseUrl,
    headers,
    Request: LightRequest as unknown as typeof Request,
    fetch: ((request: LightRequest) =>
      fetch(request.url, { method: request.method, headers: request.headers })) as never,
  });
  const noTimeout = createScimClient({
    baseUrl,
    auth: { accessToken: BENCH_TOKEN },
    timeoutMs: Infinity,
  });
  return [
    {
      // What openapi-fetch hands to fetch: a Request object, which fetch then copies into its own.
      name: DIAGNOSTIC.fetchRequest,
      getUser: async (id) => {
        const url = `${baseUrl}/api/v2/scim/v2/users/${encodeURIComponent(id)}`;
        const response = await fetch(new Request(url, { headers }));
        if (!response.ok) throw new Error(`GET user ${id}: HTTP ${response.status}`);
        return response.json();
      },
    },
    {
      name: DIAGNOSTIC.openapiFetch,
      getUser: async (id) => {
        const { data, error, response } = await plain.GET("/api/v2/scim/v2/users/{userId}", {
          params: { path: { userId: id } },
        });
        if (error !== undefined) throw new Error(`GET user ${id}: HTTP ${response.status}`);
        return data;
      },
    },
    {
      name: DIAGNOSTIC.lightRequest,
      getUser: async (id) => {
        const { data, error, response } = await light.GET("/api/v2/scim/v2/users/{userId}", {
          params: { path: { userId: id } },
        });
        if (error !== undefined) throw new Error(`GET user ${id}: HTTP ${response.status}`);
        return data;
      },
    },
    {
      name: DIAGNOSTIC.oursNoTimeout,
      getUser: async (id) => {
        const { data, error, response } = await noTimeout.GET("/api/v2/scim/v2/users/{userId}", {
          params: { path: { userId: id } },
        });
        if (error !== undefined) throw new Error(`GET user ${id}: HTTP ${response.status}`);
        return data;
      },
    },
  ];
}
