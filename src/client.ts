import createClient, { type Client, type ClientOptions, type Middleware } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { createAuthorizationSource, type ScimAuthOptions } from "./auth.js";
import { resolveRateLimit, type RateLimitOptions } from "./budget/options.js";
import { ScimValidationError } from "./errors.js";
import type { ScimEventHandler } from "./events.js";
import { assertHeaderValue } from "./headers.js";
import { resolveOrigin } from "./origin.js";
import { serializePathParams } from "./path-params.js";
import { pipelineFetch, rawMethod, UnbuiltRequest } from "./raw-call.js";
import { Redactor } from "./redact.js";
import type { RegionDomain } from "./regions.js";
import { createGroupsClient, type ScimGroupsClient } from "./groups.js";
import { createConfigClient, type ScimConfigClient } from "./config-client.js";
import { createUsersClient, type ScimUsersClient } from "./users.js";
import { createRequester, type HelperResult, type Requester } from "./request.js";
import { createEmitter } from "./transport/emitter.js";
import { createPipeline } from "./transport/pipeline.js";
import { resolveFetch, resolveMaxResponseBytes, resolveTimeout } from "./transport-options.js";
import { resolveRetryPolicy, type RetryOptions } from "./transport/retry-policy.js";
import type { FetchLike } from "./transport/types.js";

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
   * The client-wide rate budget. On by default with no options: a 429 pauses every request of the
   * client until the moment the server named, at most 10 requests are in flight, and after a pause
   * the queue is released at a pace that does not re-trigger the limit. Add `requestsPerMinute` to
   * pace to a known budget, `shared` to share one budget across processes; `false` turns the pause
   * and the cap off. See {@link RateLimitOptions}.
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Per-attempt timeout in ms, covering the response headers and body. Default 60000. `Infinity`
   * disables it. When it passes, the attempt is aborted: no more bytes are read and its
   * connection is closed.
   */
  timeoutMs?: number;
  /**
   * Largest response body read, in bytes; a larger one fails with a `ScimResponseError`
   * (`"too-large"`) instead of being buffered. Default 64 MiB.
   */
  maxResponseBytes?: number;
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

const SCIM_JSON = "application/scim+json";

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
  const maxResponseBytes = resolveMaxResponseBytes(options.maxResponseBytes);
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
  const emit = createEmitter(options.onEvent);
  const layers = { fetch: transport, timeoutMs, maxResponseBytes, emit, redactor };
  const authorization = createAuthorizationSource(auth, {
    tokenUrl: origin.tokenUrl,
    // Token requests: same timeout, abort and retry layers, no API budget (another origin, another
    // limit). Asking for a token twice is harmless, so they retry like idempotent requests.
    send: createPipeline({ ...layers, retry: { ...retry, retryNonIdempotent: true } }),
    redactor,
    emit,
  });
  const send = createPipeline({
    ...layers,
    retry,
    budget: resolveRateLimit(options.rateLimit, {
      maxPauseMs: retry.maxDelayMs,
      clientId: usesClientCredentials ? (auth as { clientId: string }).clientId : undefined,
    }),
    auth: authorization,
  });
  const defaultHeaders = Object.freeze({
    accept: `${SCIM_JSON}, application/json`,
    "user-agent": userAgent,
  });

  const fetchRequest = pipelineFetch(send);
  const typed = createClient<paths>({
    baseUrl: origin.baseUrl,
    fetch: fetchRequest as ClientOptions["fetch"],
    Request: UnbuiltRequest as unknown as typeof Request,
    headers: defaultHeaders,
    // SCIM sends attributes/excludedAttributes comma-separated; openapi-fetch ignores the spec's
    // `explode: false` and would repeat the key.
    querySerializer: { array: { style: "form", explode: false } },
    pathSerializer: serializePathParams,
  });
  const middleware: Middleware[] = [];
  const hasMiddleware = () => middleware.length > 0;
  const methodOf = (method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH") =>
    rawMethod(method, typed[method] as never, fetchRequest, hasMiddleware);
  const raw = {
    GET: methodOf("GET"),
    PUT: methodOf("PUT"),
    POST: methodOf("POST"),
    DELETE: methodOf("DELETE"),
    PATCH: methodOf("PATCH"),
  };
  const helperRequest = createRequester(origin.baseUrl, send, defaultHeaders);
  // The helpers build their requests themselves while no middleware is registered; once `use`
  // adds some, they go through openapi-fetch like the raw methods, so the middleware sees every
  // request. Either way the same pipeline sends it.
  const request: Requester = (call) =>
    middleware.length === 0
      ? helperRequest(call)
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
      typed.use(...added);
      for (const m of added) if (m) middleware.push(m);
    },
    eject(...removed: Middleware[]) {
      typed.eject(...removed);
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
