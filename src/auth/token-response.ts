import { ScimAuthError } from "../errors.js";
import type { Redactor } from "../redact.js";

/**
 * The token and its lifetime from a token endpoint's answer (RFC 6749 §5.1), or a
 * {@link ScimAuthError} naming what is wrong: an error status (with the OAuth `error` code and
 * description), no `access_token`, or a `token_type` other than `bearer` (a MAC or DPoP token
 * sent as a Bearer token would be refused or, worse, misused).
 */
export function parseTokenResponse(
  status: number,
  text: string,
  tokenUrl: string,
  redactor: Redactor,
): { token: string; expiresInMs: number | undefined } {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const field = (key: string) =>
    body && Object.hasOwn(body, key) ? (body[key] as unknown) : undefined;
  if (status < 200 || status > 299) {
    const error = field("error");
    const described = field("error_description");
    const oauthError = typeof error === "string" ? redactor.text(error) : undefined;
    const description = typeof described === "string" ? redactor.text(described) : undefined;
    throw new ScimAuthError(
      `Token request to ${tokenUrl} failed with HTTP ${status}` +
        (oauthError ? `: ${oauthError}` : "") +
        (description ? ` (${description})` : ""),
      { tokenUrl, status, ...(oauthError ? { oauthError } : {}) },
    );
  }
  const token = field("access_token");
  if (typeof token !== "string" || token === "") {
    throw new ScimAuthError(
      `Token request to ${tokenUrl} answered HTTP ${status} without an access_token` +
        (body ? "" : " (the body is not JSON)"),
      { tokenUrl, status },
    );
  }
  const tokenType = field("token_type");
  if (
    tokenType !== undefined &&
    (typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer")
  ) {
    throw new ScimAuthError(
      `Token request to ${tokenUrl} returned a token of type ${JSON.stringify(
        typeof tokenType === "string" ? redactor.text(tokenType).slice(0, 40) : tokenType,
      )}, not bearer; this client only sends bearer tokens`,
      { tokenUrl, status },
    );
  }
  const expiresIn = Number(field("expires_in"));
  const expiresInMs =
    field("expires_in") === undefined || !Number.isFinite(expiresIn) ? undefined : expiresIn * 1000;
  return { token, expiresInMs };
}
