import { ScimApiError, ScimResponseError } from "./errors.js";
import type { Redactor } from "./redact.js";
import type { HelperResult } from "./request.js";
import { redirectTarget } from "./transport/redirect.js";
import { parseRetryAfter } from "./transport/retry-after.js";

// What the helpers make of a response: the resource, a 304's confirmation, or a ScimApiError.

/**
 * What a conditional GET (`ifNoneMatch`) returns when the resource has not changed (HTTP 304): no
 * body, just the confirmation and the current ETag. Test with {@link isNotModified}.
 */
export interface ScimNotModified {
  readonly notModified: true;
  /** The ETag the server sent with the 304 (or the one you sent, if it sent none). */
  readonly etag: string;
}

/** True when a `get(..., { ifNoneMatch })` result is a 304 rather than the resource. */
export function isNotModified(result: unknown): result is ScimNotModified {
  return (
    typeof result === "object" &&
    result !== null &&
    (result as { notModified?: unknown }).notModified === true
  );
}

/** Builds a {@link ScimApiError} for a non-2xx `result`, redacting known secrets. */
export function apiError(result: HelperResult, method: string, redactor: Redactor): ScimApiError {
  const { response } = result;
  const body = redactor.value(result.error);
  const fields = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  // Own keys only: nothing inherited (or smuggled in as "__proto__") is read as a field.
  const text = (key: string) =>
    Object.hasOwn(fields, key) && typeof fields[key] === "string"
      ? (fields[key] as string)
      : undefined;
  const location = redirectTarget(response);
  const detail =
    (location === undefined
      ? undefined
      : `redirect to ${redactor.text(location)} not followed (the client never follows redirects)`) ??
    text("detail") ??
    text("message") ??
    (typeof body === "string" && body.trim() !== "" ? truncate(body.trim(), 300) : undefined) ??
    (response.statusText || undefined);
  return new ScimApiError({
    status: response.status,
    method,
    url: response.url || "(unknown URL)",
    scimType: text("scimType"),
    detail,
    code: text("code"),
    correlationId: response.headers.get("inin-correlation-id") ?? text("contextId"),
    body,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
  });
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `result`, unless it is an error response (a 304 is not one: the GETs handle it). */
export function checked(result: HelperResult, method: string, redactor: Redactor): HelperResult {
  if (!result.response.ok && result.response.status !== 304)
    throw apiError(result, method, redactor);
  return result;
}

/** The body of a successful `result`; a {@link ScimResponseError} when it has none. */
export function resourceOf(result: HelperResult, method: string, redactor: Redactor): unknown {
  const { response, data } = checked(result, method, redactor);
  if (data === undefined || data === null) {
    throw new ScimResponseError({
      reason: "empty",
      method,
      url: response.url,
      status: response.status,
    });
  }
  return data;
}

/** The body of a GET, or {@link ScimNotModified} when a 304 answers `ifNoneMatch`. */
export function fetchedOrNotModified(
  result: HelperResult,
  ifNoneMatch: string | undefined,
  redactor: Redactor,
): unknown {
  const { response } = result;
  if (response.status !== 304) return resourceOf(result, "GET", redactor);
  if (ifNoneMatch === undefined) throw apiError(result, "GET", redactor);
  const notModified: ScimNotModified = {
    notModified: true,
    etag: response.headers.get("etag") ?? ifNoneMatch,
  };
  return notModified;
}
