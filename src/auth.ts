import { ClientCredentials } from "./auth/client-credentials.js";
import type { AuthorizationSource } from "./auth/layer.js";
import { ScimAuthError, ScimValidationError } from "./errors.js";
import type { Emit } from "./transport/emitter.js";
import { fieldValueProblem, isFieldValue } from "./headers.js";
import type { Redactor } from "./redact.js";
import { untilAborted } from "./transport/abortable.js";
import type { SendRequest } from "./transport/retry-loop.js";

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
  /** Sends token requests: the pipeline's retry, timeout and abort layers, without auth or budget. */
  send: SendRequest;
  redactor: Redactor;
  emit?: Emit | undefined;
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

/** Refuses a token that is empty or cannot be sent in a header; the message never quotes it. */
export function checkToken(token: unknown, source: string): asserts token is string {
  if (typeof token !== "string" || token.trim() === "") {
    throw new ScimAuthError(`${source} must be a non-empty string`);
  }
  if (!isFieldValue(token)) {
    throw new ScimValidationError(
      `Header "Authorization" was refused: ${source} contains ${fieldValueProblem(token)}`,
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
    authorization(signal?: AbortSignal) {
      let result: string | Promise<string>;
      try {
        result = getAccessToken();
      } catch (error) {
        return fail(error);
      }
      return typeof result === "string"
        ? accept(result)
        : untilAborted(Promise.resolve(result), signal).then(accept, (error: unknown) => {
            if (signal?.aborted) throw signal.reason;
            return fail(error);
          });
    },
    refreshable: true,
    invalidate() {},
  };
}
