import type { ScimErrorType } from "./models.js";

/**
 * Base class of every error this library throws, so callers can tell ours from anything else with
 * one `instanceof ScimError`. Messages never contain a token or a client secret.
 */
export class ScimError extends Error {
  override name = "ScimError";
}

/** Fields of a {@link ScimApiError}. */
export interface ScimApiErrorInit {
  /** HTTP status of the response. */
  status: number;
  /** HTTP method of the request, e.g. `"GET"`. */
  method: string;
  /** Full URL of the request. */
  url: string;
  /** SCIM `scimType` from the error body (e.g. `"invalidVers"`, `"uniqueness"`), when present. */
  scimType?: string | undefined;
  /** SCIM `detail` or Genesys `message` from the error body, or the start of a non-JSON body. */
  detail?: string | undefined;
  /** Genesys error `code` (e.g. `"too.many.requests.retry.after"`), when present. */
  code?: string | undefined;
  /** The `inin-correlation-id` response header (or the body's `contextId`): quote it to Genesys support. */
  correlationId?: string | undefined;
  /** The parsed error body (JSON), or its text when it is not JSON. Secrets are redacted. */
  body?: unknown;
  /** How long the server asked to wait before trying again (Retry-After), in ms. */
  retryAfterMs?: number | undefined;
}

/**
 * A non-2xx HTTP response from the SCIM API (after retries, if any, ran out). The helpers
 * (`client.users.get` etc.) throw it; the raw `GET`/`POST`/... methods return the response instead.
 *
 * @example
 * ```ts
 * try {
 *   await client.users.get(id);
 * } catch (error) {
 *   if (error instanceof ScimApiError && error.status === 404) console.log("no such user");
 *   else throw error;
 * }
 * ```
 */
export class ScimApiError extends ScimError {
  override name = "ScimApiError";
  /** HTTP status of the response. */
  readonly status: number;
  /** HTTP method of the request, e.g. `"GET"`. */
  readonly method: string;
  /** Full URL of the request. */
  readonly url: string;
  /** SCIM `scimType` (e.g. `"invalidVers"`) when the spec lists it; see `unknownScimType`. */
  readonly scimType: ScimErrorType | undefined;
  /** A `scimType` the spec does not list, verbatim. */
  readonly unknownScimType: string | undefined;
  /** SCIM `detail` or Genesys `message` from the error body, or the start of a non-JSON body. */
  readonly detail: string | undefined;
  /** Genesys error `code` (e.g. `"too.many.requests.retry.after"`), when present. */
  readonly code: string | undefined;
  /** The `inin-correlation-id` response header (or the body's `contextId`): quote it to Genesys support. */
  readonly correlationId: string | undefined;
  /** The parsed error body (JSON), or its text when it is not JSON. Secrets are redacted. */
  readonly body: unknown;
  /**
   * How long the server asked to wait before trying again (its Retry-After), in ms. A 429 whose
   * wait is longer than `retry.maxDelayMs` ends retries at once, so this is how long to hold off.
   */
  readonly retryAfterMs: number | undefined;

  /** Builds the error and its readable message from the response's fields. */
  constructor(init: ScimApiErrorInit) {
    super(describeApiError(init));
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    const known = (SCIM_ERROR_TYPES as readonly unknown[]).includes(init.scimType);
    this.scimType = known ? (init.scimType as ScimErrorType) : undefined;
    this.unknownScimType = known ? undefined : init.scimType;
    this.detail = init.detail;
    this.code = init.code;
    this.correlationId = init.correlationId;
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs;
  }
}

// The spec's ScimError.scimType enum (RFC 7644 §3.12); test/types checks it lists every generated value.
export const SCIM_ERROR_TYPES = [
  "invalidFilter",
  "tooMany",
  "uniqueness",
  "mutability",
  "invalidSyntax",
  "invalidPath",
  "noTarget",
  "invalidValue",
  "invalidVers",
  "sensitive",
] as const satisfies readonly ScimErrorType[];

function describeApiError(init: ScimApiErrorInit): string {
  let message = `${init.method} ${init.url} failed with HTTP ${init.status}`;
  if (init.detail) message += `: ${init.detail}`;
  const facts: string[] = [];
  if (init.scimType) facts.push(`scimType ${init.scimType}`);
  if (init.code) facts.push(`code ${init.code}`);
  if (init.correlationId) facts.push(`correlation id ${init.correlationId}`);
  if (init.retryAfterMs !== undefined) facts.push(`Retry-After ${init.retryAfterMs / 1000} s`);
  return facts.length ? `${message} (${facts.join(", ")})` : message;
}

/**
 * Getting an access token failed: the token endpoint answered with an error or an unusable body,
 * could not be reached, or `getAccessToken()` threw. The message names the endpoint and the status,
 * never the client secret.
 */
export class ScimAuthError extends ScimError {
  override name = "ScimAuthError";
  /** The token endpoint, when the failure came from one (not set for `getAccessToken()` failures). */
  readonly tokenUrl: string | undefined;
  /** HTTP status of the token endpoint's response, when it answered. */
  readonly status: number | undefined;
  /** OAuth `error` code from the token endpoint's body (e.g. `"invalid_client"`), when present. */
  readonly oauthError: string | undefined;

  /** @param message - what went wrong, already free of secrets. */
  constructor(
    message: string,
    details: { tokenUrl?: string; status?: number; oauthError?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.tokenUrl = details.tokenUrl;
    this.status = details.status;
    this.oauthError = details.oauthError;
  }
}

/**
 * The request never got a complete HTTP response: connection refused or reset, DNS failure, TLS
 * failure. Thrown after retries (for idempotent methods, or when opted in) ran out. The original
 * error is the `cause`.
 */
export class ScimNetworkError extends ScimError {
  override name = "ScimNetworkError";
  /** HTTP method of the request. */
  readonly method: string;
  /** Full URL of the request. */
  readonly url: string;
  /** How many times the request was sent. */
  readonly attempts: number;
  /** The system error code when known, e.g. `"ECONNRESET"` or `"ECONNREFUSED"`. */
  readonly code: string | undefined;

  /** @param reason - a short description such as `"connection reset (ECONNRESET)"`. */
  constructor(
    reason: string,
    details: { method: string; url: string; attempts: number; code?: string; cause?: unknown },
  ) {
    super(
      `${details.method} ${details.url} failed: ${reason}` +
        (details.attempts > 1 ? ` (after ${details.attempts} attempts)` : ""),
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.method = details.method;
    this.url = details.url;
    this.attempts = details.attempts;
    this.code = details.code;
  }
}

/** An attempt got no complete response within `timeoutMs` (headers and body together). */
export class ScimTimeoutError extends ScimNetworkError {
  override name = "ScimTimeoutError";
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  /** @param timeoutMs - the per-attempt timeout that elapsed. */
  constructor(timeoutMs: number, details: { method: string; url: string; attempts: number }) {
    super(`no complete response within ${timeoutMs} ms`, { ...details, code: "ETIMEDOUT" });
    this.timeoutMs = timeoutMs;
  }
}

/** Why a {@link ScimResponseError} was thrown. */
export type ScimResponseProblem = "invalid-json" | "truncated" | "empty" | "too-large" | "bad-page";

/**
 * The server answered, but its body could not be used: not valid JSON, cut off because the
 * connection closed before the body was complete, missing where the operation returns one, larger
 * than `maxResponseBytes`, or a list page that would make paging repeat or skip resources.
 */
export class ScimResponseError extends ScimError {
  override name = "ScimResponseError";
  /**
   * `"invalid-json"`: a complete body that does not parse; `"truncated"`: the body was cut off;
   * `"empty"`: a success response without the body the operation returns; `"too-large"`: the
   * body passed `maxResponseBytes`; `"bad-page"`: a list page that cannot be paged through.
   */
  readonly reason: ScimResponseProblem;
  /** HTTP status of the response. */
  readonly status: number | undefined;
  /** HTTP method of the request. */
  readonly method: string;
  /** Full URL of the request. */
  readonly url: string;

  /** Builds the error; the message names the request, the status and the problem. */
  constructor(details: {
    reason: ScimResponseProblem;
    method: string;
    url: string;
    status?: number | undefined;
    contentType?: string | null | undefined;
    /** For `"too-large"`: the limit that was passed. */
    maxBytes?: number | undefined;
    /** For `"bad-page"`: what is wrong with the page. */
    problem?: string | undefined;
    cause?: unknown;
  }) {
    const what =
      details.reason === "truncated"
        ? "the connection closed before the response body was complete"
        : details.reason === "empty"
          ? "the response has no body"
          : details.reason === "too-large"
            ? `the response body is larger than maxResponseBytes (${details.maxBytes} bytes); it was not read`
            : details.reason === "bad-page"
              ? `the list page cannot be paged through: ${details.problem}`
              : `the response body is not valid JSON${details.contentType ? ` (Content-Type: ${details.contentType})` : ""}`;
    super(
      `${details.method} ${details.url}${details.status ? ` answered HTTP ${details.status} but ` : ": "}${what}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.reason = details.reason;
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
  }
}

/**
 * Bad input refused before anything was sent: invalid client options, an id that would change the
 * request path, a header value with CR or LF, an invalid filter attribute path. The message names
 * the problem; it never repeats a header value (it might be a secret).
 */
export class ScimValidationError extends ScimError {
  override name = "ScimValidationError";
}
