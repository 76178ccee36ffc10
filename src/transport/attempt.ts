import { ScimError, ScimResponseError, ScimTimeoutError } from "../errors.js";
import { toNetworkError } from "./network-error.js";
import { readBody } from "./read-body.js";
import type { CallState, FetchLike, OutgoingRequest, Received, Send } from "./types.js";

/** What one attempt needs. */
export interface AttemptConfig {
  fetch: FetchLike;
  /** Deadline of each attempt, covering the response headers and the whole body; undefined: none. */
  timeoutMs: number | undefined;
  /** Bodies larger than this fail with a {@link ScimResponseError} (`"too-large"`). */
  maxResponseBytes: number;
}

/**
 * The bottom layer: one HTTP attempt, with its own AbortController as its deadline. The signal
 * goes to fetch, so when the deadline passes (or the caller aborts) undici stops reading, the
 * socket is destroyed and no timer or connection keeps the process alive. That costs about 7% of
 * a local round trip (bench: raw fetch with a signal, 1.07-1.08x): the price of a timeout that
 * frees what it times out. The response body is read here, inside the deadline, so a stalled or
 * reset body is a failure of this attempt that the retry loop can retry like any other.
 *
 * Redirects are never followed (`redirect: "manual"`): a 3xx comes back as a response, so a body
 * or a token is never replayed to another origin (see redirect.ts for how callers report it).
 */
export function createAttempt(config: AttemptConfig): Send {
  const { fetch, timeoutMs, maxResponseBytes } = config;
  return async function attempt(request: OutgoingRequest, call: CallState): Promise<Received> {
    const { method, url, signal } = request;
    if (signal?.aborted) throw signal.reason;
    const controller = timeoutMs === undefined && !signal ? undefined : new AbortController();
    let timedOut: ScimTimeoutError | undefined;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = new ScimTimeoutError(timeoutMs, { method, url, attempts: call.attempt });
            controller!.abort(timedOut);
          }, timeoutMs);
    const onAbort = signal ? () => controller!.abort(signal.reason) : undefined;
    if (onAbort) signal!.addEventListener("abort", onAbort, { once: true });
    let response: Response | undefined;
    try {
      response = await fetch(url, {
        method,
        headers: withAuthorization(request.headers, call.authorization),
        body: request.body ?? null,
        redirect: "manual",
        signal: controller?.signal ?? null,
      });
      const text = await readBody(response, maxResponseBytes, method, url, controller);
      return { response, text };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timedOut) throw timedOut;
      if (error instanceof ScimError) throw error;
      if (response === undefined) throw toNetworkError(error, method, url, call.attempt);
      throw new ScimResponseError({
        reason: error instanceof SyntaxError ? "invalid-json" : "truncated",
        method,
        url,
        status: response.status,
        contentType: response.headers.get("content-type"),
        cause: error,
      });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (onAbort) signal!.removeEventListener("abort", onAbort);
    }
  };
}

/** `headers` with this attempt's `Authorization` (a record is copied, a call-owned Headers set). */
function withAuthorization(
  headers: OutgoingRequest["headers"],
  authorization: string | undefined,
): HeadersInit {
  if (authorization === undefined) return headers;
  if (headers instanceof Headers) {
    headers.set("authorization", authorization);
    return headers;
  }
  return { ...headers, authorization };
}
