import { ScimNetworkError } from "../errors.js";

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
