import createClient, {
  mergeHeaders,
  type Client,
  type ClientOptions,
  type Middleware,
} from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { createAuthorizationSource, type ScimAuthOptions } from "./auth.js";
import { ScimValidationError } from "./errors.js";
import type { ScimEventHandler } from "./events.js";
import { assertHeaderValue, assertHeaders } from "./headers.js";
import { LightRequest } from "./light-request.js";
import { resolveOrigin } from "./origin.js";
import { serializePathParams } from "./path-params.js";
import { Redactor } from "./redact.js";
import type { RegionDomain } from "./regions.js";
import { createGroupsClient, type ScimGroupsClient } from "./groups.js";
import { createConfigClient, type ScimConfigClient } from "./resources.js";
import { createUsersClient, type ScimUsersClient } from "./users.js";
import { bodyError, createRequester, type HelperResult, type Requester } from "./request.js";
import {
  CALL_CONTEXT_KEY,
  createRetryingSender,
  endCall,
  resolveRetryPolicy,
  withinDeadline,
  type FetchLike,
  type RetryingSender,
  type RetryOptions,
} from "./retry.js";

/** Options of {@link createScimClient}. */
export interface ScimClientOptions {
  /**
   * The Genesys Cloud region domain, e.g. `"mypurecloud.ie"` or `"usw2.pure.cloud"` (see
   * `regions`). Default `"mypurecloud.com"`. Mutually exclusive with `baseUrl`.
   */
  region?: RegionDomain;
  /**
   * A full origin (and optional path prefix) instead of a region, e.g. a local emulator
   * `"http://127.0.0.1:8080"`. Plain `http:` only for loopback hosts. With client credentials the
   * token endpoint is `auth.tokenUrl`, else derived: `https://login.<region>/oauth/token` for a
   * Genesys API host, `<origin>/oauth/token` for a loopback host; any other host requires `tokenUrl`.
   */
  baseUrl?: string;
  /** How to authenticate: `{ accessToken }`, `{ clientId, clientSecret, tokenUrl? }` or `{ getAccessToken }`. */
  auth: ScimAuthOptions;
  /** Retry behaviour, or `false` to never retry. See {@link RetryOptions}. */
  retry?: RetryOptions | false;
  /**
   * Per-attempt timeout in ms, covering the response headers and body. Default 60000. `Infinity`
   * disables it.
   */
  timeoutMs?: number;
  /**
   * The fetch to send requests with (default `globalThis.fetch`), called like it: with a URL and
   * an init, or with a `Request` when middleware supplied its own.
   */
  fetch?: FetchLike;
  /** The `User-Agent` header. Default `"genesys-cloud-scim"`. */
  userAgent?: string;
  /** Sees every request, response, retry and token fetch, with credentials redacted. */
  onEvent?: ScimEventHandler;
  /**
   * Which SCIM path family the helpers use: `"v2"` (`/api/v2/scim/v2/...`, default) or `"v1"`
   * (`/api/v2/scim/...`). The raw methods take any spec path.
   */
  family?: "v2" | "v1";
}

/**
 * openapi-fetch's typed raw methods over every spec path, with auth and retry beneath them. They
 * return `{ data, error, response }`. `use`/`eject` register openapi-fetch middleware, which runs
 * for every request, helpers (`users`, `groups`, ...) included. Per-call `middleware` runs for that
 * raw call only. While no middleware is registered, the helpers skip openapi-fetch's Request
 * building to stay close to raw fetch speed; `onEvent` observes every request either way.
 */
export type ScimRawClient = Pick<
  Client<paths>,
  "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "request" | "use" | "eject"
>;

/**
 * The client returned by {@link createScimClient}: openapi-fetch's typed `GET`/`POST`/`PUT`/
 * `PATCH`/`DELETE` (returning `{ data, error, response }`) plus helpers that return resources and
 * throw `ScimApiError` on non-2xx responses.
 */
export interface ScimClient extends ScimRawClient, ScimConfigClient {
  /** The base URL requests go to, e.g. `"https://api.mypurecloud.com"`. */
  readonly baseUrl: string;
  /** Users: list, get, create, replace, patch, delete, findByUserName, findByExternalId, update. */
  readonly users: ScimUsersClient;
  /** Groups: list, get, create, replace, patch, delete, findByName, add/remove/setMembers. */
  readonly groups: ScimGroupsClient;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const SCIM_JSON = "application/scim+json";
const SCIM_BODY_HEADERS = Object.freeze({ "Content-Type": SCIM_JSON });

/**
 * Creates a typed Genesys Cloud SCIM client with OAuth, retry on 429 honouring Retry-After, typed
 * errors, and helpers for users, groups and configuration. Options are checked at once; a bad one
 * throws a `ScimValidationError` naming it.
 *
 * @example
 * ```ts
 * const client = createScimClient({
 *   region: "mypurecloud.ie",
 *   auth: { clientId: process.env.GENESYS_CLIENT_ID!, clientSecret: process.env.GENESYS_CLIENT_SECRET! },
 * });
 * for await (const user of client.users.list({ filter: filter.sw("userName", "a") })) console.log(user.id);
 * ```
 */
export function createScimClient(options: ScimClientOptions): ScimClient {
  if (!options || typeof options !== "object") {
    throw new ScimValidationError("createScimClient needs an options object with at least auth");
  }
  const { auth } = options;
  const origin = resolveOrigin({
    region: options.region,
    baseUrl: options.baseUrl,
    tokenUrl: auth && typeof auth === "object" ? auth.tokenUrl : undefined,
  });
  const usesClientCredentials = !!auth && typeof auth === "object" && "clientId" in auth;
  if (usesClientCredentials && origin.tokenUrl === undefined) {
    throw new ScimValidationError(
      `auth.tokenUrl is required: baseUrl ${origin.baseUrl} is neither a Genesys Cloud API host nor a ` +
        `loopback host, so there is no token endpoint to assume`,
    );
  }

  const retry = resolveRetryPolicy(options.retry);
  const timeoutMs = resolveTimeout(options.timeoutMs);
  const transport = resolveFetch(options.fetch);
  const userAgent = options.userAgent ?? "genesys-cloud-scim";
  if (typeof userAgent !== "string") throw new ScimValidationError("userAgent must be a string");
  assertHeaderValue("User-Agent", userAgent);
  if (options.onEvent !== undefined && typeof options.onEvent !== "function") {
    throw new ScimValidationError("onEvent must be a function");
  }
  const family = options.family ?? "v2";
  if (family !== "v2" && family !== "v1")
    throw new ScimValidationError('family must be "v2" or "v1"');

  const redactor = new Redactor();
  const tokenSender = createRetryingSender({
    fetch: transport,
    // Asking for a token twice is harmless, so token requests retry like idempotent ones.
    retry: { ...retry, retryNonIdempotent: true },
    timeoutMs,
    onEvent: options.onEvent,
    redactor,
  });
  const authorization = createAuthorizationSource(auth, {
    tokenUrl: origin.tokenUrl,
    sender: tokenSender,
    redactor,
    onEvent: options.onEvent,
  });
  const sender = createRetryingSender({
    fetch: transport,
    retry,
    timeoutMs,
    auth: authorization,
    onEvent: options.onEvent,
    redactor,
  });
  const defaultHeaders = Object.freeze({
    accept: `${SCIM_JSON}, application/json`,
    "user-agent": userAgent,
  });

  const clientOptions: ClientOptions = {
    baseUrl: origin.baseUrl,
    fetch: sender.fetchRequest as ClientOptions["fetch"],
    headers: defaultHeaders,
    // SCIM sends attributes/excludedAttributes comma-separated; openapi-fetch ignores the spec's
    // `explode: false` and would repeat the key.
    querySerializer: { array: { style: "form", explode: false } },
    pathSerializer: serializePathParams,
  };
  // Two openapi-fetch clients over the same loop: middleware needs real Requests, everything else
  // goes through the cheaper LightRequest.
  const full = createClient<paths>(clientOptions);
  const light = createClient<paths>({
    ...clientOptions,
    Request: LightRequest as unknown as typeof Request,
  });
  const middleware: Middleware[] = [];

  const guard = (method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH") => {
    const viaFull = full[method] as unknown as RawSend;
    const viaLight = light[method] as unknown as RawSend;
    return (path: string, init?: Record<string, unknown>) =>
      guardedCall(
        sender,
        middleware.length > 0 || init?.middleware !== undefined ? viaFull : viaLight,
        path,
        init,
      );
  };
  const raw = {
    GET: guard("GET"),
    PUT: guard("PUT"),
    POST: guard("POST"),
    DELETE: guard("DELETE"),
    PATCH: guard("PATCH"),
  };
  const direct = createRequester(origin.baseUrl, sender, defaultHeaders);
  // The helpers take the direct path while no middleware is registered; once `use` adds some, they
  // go through openapi-fetch like the raw methods, so the middleware sees every request.
  const request: Requester = (call) =>
    middleware.length === 0
      ? direct(call)
      : (raw[call.method](call.path, {
          params: { path: call.pathParams, query: call.query, header: call.headers },
          body: call.body,
          signal: call.signal,
        }) as Promise<HelperResult>);
  const prefix = family === "v2" ? "/api/v2/scim/v2" : "/api/v2/scim";

  const client = {
    ...(raw as unknown as Pick<ScimRawClient, "GET" | "PUT" | "POST" | "DELETE" | "PATCH">),
    request: ((method: string, path: string, init?: Record<string, unknown>) => {
      const upper = method.toUpperCase();
      if (!(upper in raw)) {
        return Promise.reject(new ScimValidationError(`request: unsupported method ${method}`));
      }
      return raw[upper as keyof typeof raw](path, init);
    }) as ScimRawClient["request"],
    use(...added: Middleware[]) {
      full.use(...added);
      for (const m of added) if (m) middleware.push(m);
    },
    eject(...removed: Middleware[]) {
      full.eject(...removed);
      for (const m of removed) {
        const index = middleware.indexOf(m);
        if (index !== -1) middleware.splice(index, 1);
      }
    },
    baseUrl: origin.baseUrl,
    users: createUsersClient(request, redactor, prefix),
    groups: createGroupsClient(request, redactor, prefix, family === "v2"),
    ...createConfigClient(request, redactor, prefix),
  };
  return client as unknown as ScimClient;
}

type RawSend = (path: string, init?: Record<string, unknown>) => Promise<unknown>;

/**
 * One raw call: refuses CR/LF in headers before anything is built, sends bodies as
 * `application/scim+json`, bounds the body read by the attempt's timeout, and turns body-read
 * failures into {@link ScimResponseError}s.
 */
async function guardedCall(
  sender: RetryingSender,
  send: RawSend,
  path: string,
  init: Record<string, unknown> | undefined,
): Promise<unknown> {
  const params = init?.params as { header?: unknown; path?: unknown } | undefined;
  if (init) {
    assertHeaders(init.headers);
    assertHeaders(params?.header);
  }
  if (params?.path === undefined && path.includes("{")) {
    throw new ScimValidationError(`${path}: path parameters are missing (params.path)`);
  }
  const signal = init?.signal as AbortSignal | undefined;
  const context = sender.openCall(signal);
  const callInit: Record<string, unknown> = { ...init, [CALL_CONTEXT_KEY]: context };
  if (init?.body !== undefined) {
    callInit.headers =
      init.headers === undefined
        ? SCIM_BODY_HEADERS
        : mergeHeaders(SCIM_BODY_HEADERS, init.headers as never);
  }
  try {
    return await withinDeadline(send(path, callInit), context);
  } catch (error) {
    throw bodyError(error, context);
  } finally {
    endCall(context);
  }
}

function resolveTimeout(timeoutMs: unknown): number | undefined {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (timeoutMs === Infinity) return undefined;
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new ScimValidationError(
      `timeoutMs must be a number > 0 (or Infinity), got ${String(timeoutMs)}`,
    );
  }
  // setTimeout cannot wait longer than 2^31-1 ms; beyond that there is effectively no timeout.
  return timeoutMs > 2 ** 31 - 1 ? undefined : timeoutMs;
}

function resolveFetch(custom: unknown): FetchLike {
  if (custom === undefined) {
    if (typeof globalThis.fetch !== "function") {
      throw new ScimValidationError("no global fetch available; pass the fetch option");
    }
    // Late-bound so tools that replace globalThis.fetch after import still take effect.
    return (input, init) => globalThis.fetch(input, init);
  }
  if (typeof custom !== "function") throw new ScimValidationError("fetch must be a function");
  return custom as FetchLike;
}
