/** Why a request is being sent again. */
export type ScimRetryReason =
  "rate-limited" | "server-error" | "network-error" | "timeout" | "unauthorized";

/** Where the wait before a retry came from. */
export type ScimDelaySource = "retry-after" | "genesys-body" | "backoff" | "none";

/** An HTTP attempt is about to be sent. Credentials headers are `[REDACTED]`. */
export interface ScimRequestEvent {
  type: "request";
  method: string;
  url: string;
  /** 1 for the first attempt, 2 for the first retry or replay, and so on. */
  attempt: number;
  headers: Record<string, string>;
}

/** An HTTP attempt got its response headers. */
export interface ScimResponseEvent {
  type: "response";
  method: string;
  url: string;
  attempt: number;
  status: number;
  /** Milliseconds from sending the attempt to its complete response (headers and body). */
  durationMs: number;
  headers: Record<string, string>;
}

/** An attempt failed in a retryable way; the request will be sent again after `waitMs`. */
export interface ScimRetryEvent {
  type: "retry";
  method: string;
  url: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  reason: ScimRetryReason;
  /** Status of the failed attempt, when it got a response. */
  status?: number;
  /** Message of the network error or timeout, when it got none. */
  error?: string;
  /** Where {@link ScimRetryEvent.delayMs} came from. */
  delaySource: ScimDelaySource;
  /** The wait the server asked for (Retry-After or the Genesys body) or the backoff computed, in ms. */
  delayMs: number;
  /** The wait actually taken: `delayMs` capped by `retry.maxDelayMs`. */
  waitMs: number;
}

/** An access token was fetched from the token endpoint. */
export interface ScimTokenEvent {
  type: "token";
  tokenUrl: string;
  /** Lifetime the endpoint granted (`expires_in`), in ms, when it said. */
  expiresInMs: number | undefined;
}

/**
 * What `createScimClient({ onEvent })` sees: every attempt, response, retry and token fetch.
 * Secrets are never included: credentials headers are `[REDACTED]`, known tokens and the client
 * secret are blanked out of every value.
 */
export type ScimEvent = ScimRequestEvent | ScimResponseEvent | ScimRetryEvent | ScimTokenEvent;

/** A hook receiving {@link ScimEvent}s. Exceptions it throws are ignored. */
export type ScimEventHandler = (event: ScimEvent) => void;
