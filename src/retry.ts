import type { RateBudget } from "./budget/types.js";
import { ScimNetworkError, ScimTimeoutError, ScimValidationError } from "./errors.js";
import type {
  ScimDelaySource,
  ScimEvent,
  ScimEventHandler,
  ScimRetryEvent,
  ScimRetryReason,
} from "./events.js";
import { LightRequest } from "./light-request.js";
import { REDACTED, type Redactor } from "./redact.js";

/**
 * How the client retries. 429 is always retryable (Genesys did not process the request); 502, 503,
 * 504, network errors and timeouts only for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS)
 * unless `retryNonIdempotent` is set.
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Cap on any single wait, in ms, including one asked for by Retry-After. Default 60000. */
  maxDelayMs?: number;
  /**
   * Cap on the sum of all waits of one request, in ms. When the next wait would pass it, the client
   * stops retrying and returns the last response. Default 120000.
   */
  maxTotalDelayMs?: number;
  /** First step of the exponential backoff (used when the server gives no hint), in ms. Default 1000. */
  baseDelayMs?: number;
  /**
   * Also retry POST and PATCH after 502/503/504, a network error or a timeout. Off by default: the
   * server may have applied the request already, and a create could then happen twice.
   */
  retryNonIdempotent?: boolean;
}

/** {@link RetryOptions} with every default filled in. */
export type RetryPolicy = Readonly<Required<RetryOptions>>;

/** The retry defaults: 3 retries, waits capped at 60 s each and 120 s in total, backoff from 1 s. */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  maxRetries: 3,
  maxDelayMs: 60_000,
  maxTotalDelayMs: 120_000,
  baseDelayMs: 1_000,
  retryNonIdempotent: false,
});

/** A policy that never retries (what `retry: false` means). */
export const NO_RETRY: RetryPolicy = Object.freeze({ ...DEFAULT_RETRY, maxRetries: 0 });

/** Checks `options` and fills in defaults; throws a {@link ScimValidationError} naming a bad field. */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return NO_RETRY;
  if (options === undefined) return DEFAULT_RETRY;
  if (typeof options !== "object" || options === null) {
    throw new ScimValidationError("retry must be an object of retry options or false");
  }
  const policy = { ...DEFAULT_RETRY };
  for (const key of ["maxRetries", "maxDelayMs", "maxTotalDelayMs", "baseDelayMs"] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (
      typeof value !== "number" ||
      !(value >= 0) ||
      (key === "maxRetries" && !Number.isInteger(value))
    ) {
      throw new ScimValidationError(
        `retry.${key} must be a ${key === "maxRetries" ? "whole " : ""}number >= 0, got ${String(value)}`,
      );
    }
    policy[key] = value;
  }
  if (options.retryNonIdempotent !== undefined) {
    if (typeof options.retryNonIdempotent !== "boolean") {
      throw new ScimValidationError("retry.retryNonIdempotent must be a boolean");
    }
    policy.retryNonIdempotent = options.retryNonIdempotent;
  }
  return Object.freeze(policy);
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]);

/** True for methods whose repetition has no further effect (RFC 9110 §9.2.2). */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/**
 * Milliseconds to wait according to a `Retry-After` header, or `undefined` when it is absent or
 * unreadable. RFC 9110 allows two forms and both occur: Genesys sends delta-seconds (`"3"`), while
 * proxies and gateways in front of an API may send an HTTP-date. A date in the past means 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse alone is lenient ("abc 12" is a date in 2001), so match the three HTTP-date forms
  // first; asctime carries no zone and means GMT.
  let date = Number.NaN;
  if (IMF_FIXDATE.test(text) || RFC850_DATE.test(text)) date = Date.parse(text);
  else if (ASCTIME_DATE.test(text)) date = Date.parse(`${text} GMT`);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

const GENESYS_RETRY_HINT = /retry the request in \[?\s*(\d+(?:\.\d+)?)\s*\]?\s*seconds?/i;

/**
 * Milliseconds to wait according to a Genesys 429 body ("Rate limit exceeded the maximum. Retry the
 * request in [N] seconds"), or `undefined` when the body says nothing usable.
 */
export function parseGenesysRetryHint(body: string): number | undefined {
  const match = GENESYS_RETRY_HINT.exec(body);
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/**
 * Exponential backoff with full jitter: a random wait in `[0, min(cap, base * 2^(retry-1)))`.
 * The jitter spreads clients that were throttled together so they do not come back together.
 */
export function backoffDelay(
  retry: number,
  baseDelayMs: number,
  capMs: number,
  random = Math.random,
): number {
  return Math.floor(random() * Math.min(capMs, baseDelayMs * 2 ** Math.max(0, retry - 1)));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Per-call bookkeeping shared by the code that reads a response body and the retry loop below it:
 * what the last attempt saw (for error messages) and the attempt timer, which keeps running while
 * the body is read.
 */
export interface CallContext {
  method?: string;
  url?: string;
  status?: number;
  contentType?: string | null;
  /** The caller's AbortSignal, if any. */
  signal?: AbortSignal | undefined;
  /** Whether attempts have a timeout, so body reads must be bounded by it. */
  bounded?: boolean;
  /** Timer of the current attempt (cleared by {@link endCall}). */
  timer?: ReturnType<typeof setTimeout> | undefined;
  /** Set when the current attempt's timeout elapsed after its headers arrived. */
  expired?: Error | undefined;
  /** Fails the body read in progress (set by {@link withinDeadline}). */
  expire?: ((error: Error) => void) | undefined;
}

/**
 * Name of the Request property carrying the {@link CallContext}. openapi-fetch copies unknown
 * init keys onto its Request, which is how a call's context reaches the fetch below it.
 */
export const CALL_CONTEXT_KEY = "scimCallContext";

/** The call context attached to `request`, if any. */
export function callContextOf(request: Request | LightRequest): CallContext | undefined {
  return (request as unknown as Record<string, CallContext | undefined>)[CALL_CONTEXT_KEY];
}

/** Clears the current attempt's timer and expiry (its body has been read, or a new attempt starts). */
export function endCall(context: CallContext): void {
  if (context.timer !== undefined) {
    clearTimeout(context.timer);
    context.timer = undefined;
  }
  context.expired = undefined;
}

/**
 * `promise`, unless the current attempt's timeout elapses first (while its body is read): then a
 * rejection with the {@link ScimTimeoutError}.
 */
export function withinDeadline<T>(promise: Promise<T>, context: CallContext): Promise<T> {
  if (!context.bounded) return promise;
  if (context.expired) {
    promise.catch(noop);
    return Promise.reject(context.expired);
  }
  // Nested waits (the retry loop reading a 429 body inside a raw call) each get the expiry while
  // they run; the outer one gets it back afterwards.
  const previous = context.expire;
  return new Promise<T>((resolve, reject) => {
    const settle = () => {
      if (context.expire === fail) context.expire = previous;
    };
    const fail = (error: Error) => {
      settle();
      reject(error);
    };
    context.expire = fail;
    promise.then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}

/** Where the retry loop gets the `Authorization` value of each attempt. */
export interface AuthorizationSource {
  /** The header value (`"Bearer …"`), from cache when possible. */
  authorization(): string | Promise<string>;
  /** Whether a 401 can be cured by fetching a new token. */
  readonly refreshable: boolean;
  /** Forgets `authorization` (it was refused) so the next call fetches a new token. */
  invalidate(authorization: string): void;
}

/** The transport under the retry loop, called like `globalThis.fetch`. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A request the helpers send without building a `Request` (cheaper, and trivially replayable). */
export interface OutgoingRequest {
  method: string;
  url: string;
  /** Headers except `Authorization`, which the loop adds per attempt. */
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** What {@link createRetryingSender} needs. */
export interface RetryingSenderConfig {
  fetch: FetchLike;
  retry: RetryPolicy;
  /** Per-attempt timeout covering headers and body; `undefined` for none. */
  timeoutMs: number | undefined;
  /** Asked before every attempt is sent (API requests only; token requests have none). */
  budget?: RateBudget | undefined;
  /** Adds `Authorization` to every attempt; absent for requests that carry their own (token requests). */
  auth?: AuthorizationSource | undefined;
  onEvent?: ScimEventHandler | undefined;
  redactor: Redactor;
}

/** The retry loop, fed either a `Request` (from openapi-fetch) or an {@link OutgoingRequest}. */
export interface RetryingSender {
  /** The custom fetch handed to openapi-fetch, under its middleware chain. */
  fetchRequest(request: Request | LightRequest): Promise<Response>;
  /** Sends an {@link OutgoingRequest}; read its body with {@link withinDeadline}, then {@link endCall}. */
  send(request: OutgoingRequest, context: CallContext): Promise<Response>;
  /** A fresh {@link CallContext} for one call (with a deadline when a timeout is configured). */
  openCall(signal?: AbortSignal): CallContext;
}

const RETRYABLE_SERVER_ERRORS = new Set([502, 503, 504]);
const noop = () => {};

/**
 * The retry loop: adds `Authorization`, retries per {@link RetryPolicy} (a `Request` is cloned per
 * attempt so its body is replayed intact), refreshes the token once on a 401, applies the
 * per-attempt timeout and reports {@link ScimEvent}s.
 *
 * When retries run out, the last response is returned as it came (for the caller to see), and the
 * last network error is thrown as a {@link ScimNetworkError}.
 *
 * The timeout races the attempt instead of aborting it through an AbortSignal: passing a signal
 * to fetch costs about a tenth of a local round trip, on every request. A timed-out attempt's
 * socket is released when the server answers or undici's own timeouts (300 s) end it.
 */
export function createRetryingSender(config: RetryingSenderConfig): RetryingSender {
  const { retry, timeoutMs, auth, onEvent, redactor, budget } = config;
  const transport = config.fetch;

  const emit = onEvent
    ? (event: ScimEvent) => {
        try {
          onEvent(event);
        } catch {
          // A failing logger must not fail the request.
        }
      }
    : undefined;

  function openCall(signal?: AbortSignal): CallContext {
    return { signal, bounded: timeoutMs !== undefined };
  }

  async function run(
    method: string,
    url: string,
    signal: AbortSignal | undefined,
    context: CallContext | undefined,
    dispatch: (authorization: string | undefined) => Promise<Response>,
    headersOf: () => HeadersInit,
  ): Promise<Response> {
    if (context) {
      context.method = method;
      context.url = url;
    }
    const mayRetryFailures = retry.retryNonIdempotent || isIdempotent(method);
    let attempt = 0;
    let retries = 0;
    let totalWaitMs = 0;
    let reauthenticated = false;

    for (;;) {
      attempt++;
      if (context) endCall(context);
      let authorization = auth?.authorization();
      if (authorization !== undefined && typeof authorization !== "string") {
        authorization = await authorization;
      }
      // Waiting for the budget is not retry time: it uses up neither maxRetries nor
      // maxTotalDelayMs, and the attempt's timeout starts only once it is let through.
      const gate = budget?.acquire(signal);
      if (gate) await gate;
      if (emit) {
        const headers = redactor.headers(new Headers(headersOf()));
        if (authorization !== undefined) headers.authorization = REDACTED;
        emit({ type: "request", method, url, attempt, headers });
      }

      const started = emit ? performance.now() : 0;
      let response: Response | undefined;
      let failure: unknown;
      let timedOut = false;
      const pending = dispatch(authorization);
      if (timeoutMs === undefined) {
        try {
          response = await pending;
        } catch (error) {
          failure = error;
        }
      } else {
        let inHeaders = true;
        let rejectHeaders: (error: Error) => void = noop;
        const timer = setTimeout(() => {
          const error = new ScimTimeoutError(timeoutMs, { method, url, attempts: attempt });
          if (inHeaders) {
            timedOut = true;
            rejectHeaders(error);
            pending.then(discard, noop); // free the socket if the response ever arrives
          } else if (context) {
            context.expired = error;
            context.expire?.(error);
          }
        }, timeoutMs);
        // unref: a timer still armed for a body nobody reads must not keep Node alive.
        (timer as { unref?: () => void }).unref?.();
        try {
          response = await new Promise<Response>((resolve, reject) => {
            rejectHeaders = reject;
            pending.then(resolve, reject);
          });
        } catch (error) {
          failure = error;
        }
        inHeaders = false;
        if (context && response) context.timer = timer;
        else clearTimeout(timer);
      }

      if (response === undefined) {
        budget?.release({});
        if (signal?.aborted) throw signal.reason;
        const networkError = timedOut
          ? (failure as ScimTimeoutError)
          : toNetworkError(failure, method, url, attempt);
        if (!mayRetryFailures || retries >= retry.maxRetries) throw networkError;
        const delayMs = backoffDelay(retries + 1, retry.baseDelayMs, retry.maxDelayMs);
        const waitMs = Math.min(delayMs, retry.maxDelayMs);
        if (totalWaitMs + waitMs > retry.maxTotalDelayMs) throw networkError;
        emit?.({
          type: "retry",
          method,
          url,
          attempt,
          reason: timedOut ? "timeout" : "network-error",
          error: redactor.text(networkError.message),
          delaySource: "backoff",
          delayMs,
          waitMs,
        });
        retries++;
        totalWaitMs += waitMs;
        await sleep(waitMs, signal);
        continue;
      }

      const status = response.status;
      if (status !== 429) budget?.release({ status });
      if (context) {
        context.status = status;
        context.contentType = response.headers.get("content-type");
      }
      if (emit) {
        emit({
          type: "response",
          method,
          url,
          attempt,
          status,
          durationMs: performance.now() - started,
          headers: redactor.headers(response.headers),
        });
      }
      if (status < 400) return response;

      if (status === 401 && auth?.refreshable && !reauthenticated && authorization !== undefined) {
        reauthenticated = true;
        auth.invalidate(authorization);
        discard(response);
        emit?.(retryEvent(method, url, attempt, "unauthorized", status, "none", 0, 0));
        continue;
      }

      const reason: ScimRetryReason | undefined =
        status === 429
          ? "rate-limited"
          : RETRYABLE_SERVER_ERRORS.has(status) && mayRetryFailures
            ? "server-error"
            : undefined;
      let delayMs = parseRetryAfter(response.headers.get("retry-after"));
      if (reason === undefined || retries >= retry.maxRetries) {
        if (status === 429) budget?.release({ status, retryAfterMs: delayMs });
        return response;
      }

      let delaySource: ScimDelaySource = "retry-after";
      if (delayMs === undefined && status === 429 && context) {
        // The only place left to look is the body (read within the attempt's timeout); keep its
        // text so the response can still be returned whole if we end up not retrying.
        const text = await withinDeadline(response.text(), context).catch(() => "");
        response = keepUrl(new Response(text, response), url);
        delayMs = parseGenesysRetryHint(text);
        delaySource = "genesys-body";
      }
      if (delayMs === undefined) {
        delayMs = backoffDelay(retries + 1, retry.baseDelayMs, retry.maxDelayMs);
        delaySource = "backoff";
      }
      if (status === 429) budget?.release({ status, retryAfterMs: delayMs });
      // A server that asks for more than maxDelayMs (a "daily" limit answers with hours) gets no
      // early re-send into a certain 429: retries end here and the caller sees the answer.
      if (delayMs > retry.maxDelayMs) return response;
      const waitMs = delayMs;
      if (totalWaitMs + waitMs > retry.maxTotalDelayMs) return response;

      emit?.(retryEvent(method, url, attempt, reason, status, delaySource, delayMs, waitMs));
      discard(response);
      if (context) endCall(context);
      retries++;
      totalWaitMs += waitMs;
      await sleep(waitMs, signal);
    }
  }

  return {
    openCall,

    fetchRequest(request: Request | LightRequest): Promise<Response> {
      if (request instanceof LightRequest) {
        const { url, init } = request;
        return run(
          request.method,
          url,
          init.signal ?? undefined,
          callContextOf(request),
          (authorization) => {
            if (authorization !== undefined) init.headers.set("authorization", authorization);
            return transport(url, init);
          },
          () => init.headers,
        );
      }
      const context = callContextOf(request);
      const hasBody = request.body !== null;
      // The body is read once (from a clone, leaving the Request intact for middleware) and
      // replayed from memory on every attempt.
      const body = hasBody ? request.clone().arrayBuffer() : undefined;
      const send = (authorization: string | undefined, bytes?: ArrayBuffer): Promise<Response> => {
        if (authorization !== undefined) request.headers.set("authorization", authorization);
        if (context === undefined) {
          // A Request made by middleware: keep it whole, signal included.
          return transport(bytes === undefined ? request : new Request(request, { body: bytes }));
        }
        // Sending URL and init rather than the Request spares fetch from copying it and
        // subscribing to its signal; the caller's own signal, if any, is passed on.
        return transport(request.url, {
          method: request.method,
          headers: request.headers,
          body: bytes,
          redirect: request.redirect,
          signal: context.signal,
        });
      };
      return run(
        request.method,
        request.url,
        context ? context.signal : request.signal,
        context,
        body === undefined
          ? (authorization) => send(authorization)
          : (authorization) => body.then((bytes) => send(authorization, bytes)),
        () => request.headers,
      );
    },

    send(request: OutgoingRequest, context: CallContext): Promise<Response> {
      const { method, headers, body, signal } = request;
      return run(
        method,
        request.url,
        signal,
        context,
        (authorization) =>
          transport(request.url, {
            method,
            headers: authorization === undefined ? headers : { ...headers, authorization },
            body,
            signal,
          }),
        () => headers,
      );
    },
  };
}

function retryEvent(
  method: string,
  url: string,
  attempt: number,
  reason: ScimRetryReason,
  status: number,
  delaySource: ScimDelaySource,
  delayMs: number,
  waitMs: number,
): ScimRetryEvent {
  return { type: "retry", method, url, attempt, reason, status, delaySource, delayMs, waitMs };
}

/** A rebuilt Response has an empty `url`; give it back the request's so errors can name it. */
function keepUrl(response: Response, url: string): Response {
  Object.defineProperty(response, "url", { value: url });
  return response;
}

/** Frees the connection of a response we will not read. */
function discard(response: Response): void {
  if (response.body && !response.bodyUsed) response.body.cancel().catch(noop);
}

const NETWORK_ERROR_REASONS: Record<string, string> = {
  ECONNRESET: "connection reset by the server",
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection closed while sending",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_HEADERS_TIMEOUT: "no response headers in time",
  UND_ERR_BODY_TIMEOUT: "response body stalled",
};

/** Wraps whatever the transport threw into a {@link ScimNetworkError} naming the cause. */
export function toNetworkError(
  error: unknown,
  method: string,
  url: string,
  attempts: number,
): ScimNetworkError {
  if (error instanceof ScimNetworkError) return error;
  const code = systemErrorCode(error);
  const reason =
    (code && NETWORK_ERROR_REASONS[code]
      ? `${NETWORK_ERROR_REASONS[code]} (${code})`
      : undefined) ??
    (code ? `network error ${code}` : error instanceof Error ? error.message : String(error));
  return new ScimNetworkError(reason, {
    method,
    url,
    attempts,
    cause: error,
    ...(code ? { code } : {}),
  });
}

/** The `code` of an error or of the errors in its `cause` chain (undici nests them). */
export function systemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
