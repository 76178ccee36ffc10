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
  oursNoTimeout: "diagnostic: ours client.GET, timeoutMs: Infinity",
} as const;

export function diagnosticContenders(baseUrl: string): Contender[] {
  const headers = {
    authorization: `Bearer ${BENCH_TOKEN}`,
    accept: "application/scim+json, application/json",
  };
  const plain = createClient<paths>({ baseUrl, headers });
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
