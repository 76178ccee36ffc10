import { ScimAuthError, ScimValidationError } from "./errors.js";
import type { ScimEventHandler } from "./events.js";
import type { Redactor } from "./redact.js";
import { readText } from "./request.js";
import { endCall, type AuthorizationSource, type RetryingSender } from "./retry.js";

/** Authenticate with a token you already have. A 401 is returned as is: there is nothing to refresh. */
export interface AccessTokenAuth {
  /** The OAuth access token, sent as `Authorization: Bearer <token>`. */
  accessToken: string;
  clientId?: never;
  clientSecret?: never;
  tokenUrl?: never;
  getAccessToken?: never;
}

/**
 * Authenticate as an OAuth client (client credentials grant). The client POSTs to the token
 * endpoint with HTTP Basic auth and `grant_type=client_credentials`, caches the token until shortly
 * before it expires, shares one token request among concurrent calls, and on a 401 fetches a new
 * token once and replays the request once.
 */
export interface ClientCredentialsAuth {
  /** The OAuth client id. */
  clientId: string;
  /** The OAuth client secret. Never appears in errors or events. */
  clientSecret: string;
  /**
   * The token endpoint. Default `https://login.<region>/oauth/token`; with `baseUrl` see
   * {@link resolveTokenUrl}.
   */
  tokenUrl?: string;
  accessToken?: never;
  getAccessToken?: never;
}

/**
 * Authenticate with your own token source, called before every attempt (cache inside it if fetching
 * is expensive). On a 401 it is called once more and the request replayed once.
 */
export interface TokenCallbackAuth {
  /** Returns the current access token. */
  getAccessToken: () => string | Promise<string>;
  accessToken?: never;
  clientId?: never;
  clientSecret?: never;
  tokenUrl?: never;
}

/** The three ways to authenticate: a token, OAuth client credentials, or a token callback. */
export type ScimAuthOptions = AccessTokenAuth | ClientCredentialsAuth | TokenCallbackAuth;

/** What the auth sources need from the client. */
export interface AuthContext {
  /** The resolved token endpoint (client credentials only). */
  tokenUrl: string | undefined;
  /** Sends token requests (a retry loop without `Authorization` handling of its own). */
  sender: RetryingSender;
  redactor: Redactor;
  onEvent?: ScimEventHandler | undefined;
}

/** Builds the {@link AuthorizationSource} for `auth`, checking it first. */
export function createAuthorizationSource(
  auth: ScimAuthOptions,
  context: AuthContext,
): AuthorizationSource {
  if (!auth || typeof auth !== "object") {
    throw new ScimValidationError(
      "auth is required: { accessToken } or { clientId, clientSecret, tokenUrl? } or { getAccessToken }",
    );
  }
  const kinds = [
    auth.accessToken !== undefined,
    auth.clientId !== undefined || auth.clientSecret !== undefined,
    auth.getAccessToken !== undefined,
  ].filter(Boolean).length;
  if (kinds !== 1) {
    throw new ScimValidationError(
      "auth must be exactly one of { accessToken } or { clientId, clientSecret, tokenUrl? } or { getAccessToken }",
    );
  }
  if (auth.accessToken !== undefined) return staticToken(auth.accessToken, context.redactor);
  if (auth.getAccessToken !== undefined)
    return tokenCallback(auth.getAccessToken, context.redactor);
  return new ClientCredentials(auth as ClientCredentialsAuth, context);
}

function checkToken(token: unknown, source: string): asserts token is string {
  if (typeof token !== "string" || token.trim() === "") {
    throw new ScimAuthError(`${source} must be a non-empty string`);
  }
  if (/[\r\n]/.test(token)) {
    throw new ScimValidationError(
      `Header "Authorization" was refused: ${source} contains a CR or LF character`,
    );
  }
}

function staticToken(token: string, redactor: Redactor): AuthorizationSource {
  try {
    checkToken(token, "auth.accessToken");
  } catch (error) {
    throw new ScimValidationError((error as Error).message);
  }
  redactor.add(token);
  const authorization = `Bearer ${token}`;
  return { authorization: () => authorization, refreshable: false, invalidate() {} };
}

function tokenCallback(
  getAccessToken: () => string | Promise<string>,
  redactor: Redactor,
): AuthorizationSource {
  if (typeof getAccessToken !== "function") {
    throw new ScimValidationError("auth.getAccessToken must be a function");
  }
  const accept = (token: unknown): string => {
    checkToken(token, "The token from auth.getAccessToken()");
    redactor.add(token);
    return `Bearer ${token}`;
  };
  const fail = (error: unknown): never => {
    if (error instanceof ScimAuthError || error instanceof ScimValidationError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ScimAuthError(`auth.getAccessToken() failed: ${redactor.text(message)}`, {
      cause: error,
    });
  };
  return {
    authorization() {
      let result: string | Promise<string>;
      try {
        result = getAccessToken();
      } catch (error) {
        return fail(error);
      }
      return typeof result === "string"
        ? accept(result)
        : Promise.resolve(result).then(accept, fail);
    },
    refreshable: true,
    invalidate() {},
  };
}

/** Base64 of the UTF-8 bytes of `text` (btoa alone only takes Latin-1; Buffer is Node-only). */
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Share of a token's lifetime kept in reserve, capped at one minute. */
const EXPIRY_MARGIN_SHARE = 0.1;
const MAX_EXPIRY_MARGIN_MS = 60_000;

class ClientCredentials implements AuthorizationSource {
  readonly refreshable = true;
  readonly #tokenUrl: string;
  readonly #basic: string;
  readonly #context: AuthContext;
  #cached: { authorization: string; refreshAt: number } | undefined;
  #inflight: Promise<string> | undefined;

  constructor(auth: ClientCredentialsAuth, context: AuthContext) {
    const { clientId, clientSecret } = auth;
    if (typeof clientId !== "string" || clientId === "") {
      throw new ScimValidationError("auth.clientId must be a non-empty string");
    }
    if (clientId.includes(":") || /[\r\n]/.test(clientId)) {
      throw new ScimValidationError("auth.clientId must not contain ':', CR or LF");
    }
    if (typeof clientSecret !== "string" || clientSecret === "") {
      throw new ScimValidationError("auth.clientSecret must be a non-empty string");
    }
    if (!context.tokenUrl) throw new ScimValidationError("auth.tokenUrl is required");
    this.#tokenUrl = context.tokenUrl;
    this.#basic = base64(`${clientId}:${clientSecret}`);
    this.#context = context;
    context.redactor.add(clientSecret);
    context.redactor.add(this.#basic);
  }

  authorization(): string | Promise<string> {
    const cached = this.#cached;
    if (cached !== undefined && Date.now() < cached.refreshAt) return cached.authorization;
    // Single flight: every caller arriving while a token request runs waits for that one.
    return (this.#inflight ??= this.#requestToken().finally(() => {
      this.#inflight = undefined;
    }));
  }

  invalidate(authorization: string): void {
    // Only forget the token that was refused: a newer one may already be cached by another call.
    if (this.#cached?.authorization === authorization) this.#cached = undefined;
  }

  async #requestToken(): Promise<string> {
    const tokenUrl = this.#tokenUrl;
    const { redactor } = this.#context;
    const { sender } = this.#context;
    const call = sender.openCall();
    let response: Response;
    let text: string;
    try {
      response = await sender.send(
        {
          method: "POST",
          url: tokenUrl,
          headers: {
            authorization: `Basic ${this.#basic}`,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: "grant_type=client_credentials",
        },
        call,
      );
      text = await readText(response, call);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ScimAuthError(`Token request to ${tokenUrl} failed: ${redactor.text(message)}`, {
        tokenUrl,
        cause: error,
      });
    } finally {
      endCall(call);
    }

    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    const status = response.status;
    if (!response.ok) {
      const oauthError = typeof body?.error === "string" ? redactor.text(body.error) : undefined;
      const description =
        typeof body?.error_description === "string"
          ? redactor.text(body.error_description)
          : undefined;
      throw new ScimAuthError(
        `Token request to ${tokenUrl} failed with HTTP ${status}` +
          (oauthError ? `: ${oauthError}` : "") +
          (description ? ` (${description})` : ""),
        { tokenUrl, status, ...(oauthError ? { oauthError } : {}) },
      );
    }
    const token = body?.access_token;
    if (typeof token !== "string" || token === "") {
      throw new ScimAuthError(
        `Token request to ${tokenUrl} answered HTTP ${status} without an access_token` +
          (body ? "" : " (the body is not JSON)"),
        { tokenUrl, status },
      );
    }
    if (/[\r\n]/.test(token)) {
      throw new ScimAuthError(
        `Token request to ${tokenUrl} returned an access token containing CR or LF; refusing to send it`,
        { tokenUrl, status },
      );
    }
    redactor.add(token);
    const expiresIn = Number(body?.expires_in);
    const expiresInMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : undefined;
    const authorization = `Bearer ${token}`;
    this.#cached = {
      authorization,
      // Without expires_in the token is kept until the API refuses it (a 401 then renews it).
      refreshAt:
        expiresInMs === undefined
          ? Number.POSITIVE_INFINITY
          : Date.now() +
            expiresInMs -
            Math.min(MAX_EXPIRY_MARGIN_MS, expiresInMs * EXPIRY_MARGIN_SHARE),
    };
    try {
      this.#context.onEvent?.({ type: "token", tokenUrl, expiresInMs });
    } catch {
      // A failing logger must not fail the request.
    }
    return authorization;
  }
}
