import type { AuthContext, ClientCredentialsAuth } from "../auth.js";
import { checkToken } from "../auth.js";
import { ScimAuthError, ScimValidationError } from "../errors.js";
import { isFieldValue } from "../headers.js";
import { untilAborted } from "../transport/abortable.js";
import { redirectTarget } from "../transport/redirect.js";
import type { AuthorizationSource } from "./layer.js";
import { parseTokenResponse } from "./token-response.js";

/** Share of a token's lifetime kept in reserve, capped at one minute. */
const EXPIRY_MARGIN_SHARE = 0.1;
const MAX_EXPIRY_MARGIN_MS = 60_000;

/**
 * `application/x-www-form-urlencoded` of one value, which RFC 6749 §2.3.1 applies to the client id
 * and secret before they are joined with ":" and base64-encoded (so a ":" in an id is legal, and
 * "a+b" stays "a+b" to a server that decodes as the RFC says).
 */
function formEncode(value: string): string {
  return new URLSearchParams([["", value]]).toString().slice(1);
}

/** One token request shared by every caller that arrives while it runs. */
interface Flight {
  promise: Promise<string>;
  controller: AbortController;
  /** Callers still waiting; Infinity once one without a signal joined (it can never leave). */
  waiters: number;
}

/** The client credentials grant: a cached token, one shared token request, refresh on demand. */
export class ClientCredentials implements AuthorizationSource {
  readonly refreshable = true;
  readonly #tokenUrl: string;
  readonly #basic: string;
  readonly #context: AuthContext;
  #cached: { authorization: string; refreshAt: number } | undefined;
  #flight: Flight | undefined;

  constructor(auth: ClientCredentialsAuth, context: AuthContext) {
    const { clientId, clientSecret } = auth;
    if (typeof clientId !== "string" || clientId === "") {
      throw new ScimValidationError("auth.clientId must be a non-empty string");
    }
    if (typeof clientSecret !== "string" || clientSecret === "") {
      throw new ScimValidationError("auth.clientSecret must be a non-empty string");
    }
    if (!context.tokenUrl) throw new ScimValidationError("auth.tokenUrl is required");
    this.#tokenUrl = context.tokenUrl;
    // Form-encoded text is ASCII, so btoa (Latin-1 only) takes it as it is.
    this.#basic = btoa(`${formEncode(clientId)}:${formEncode(clientSecret)}`);
    this.#context = context;
    context.redactor.add(clientSecret);
    context.redactor.add(this.#basic);
  }

  authorization(signal?: AbortSignal): string | Promise<string> {
    const cached = this.#cached;
    if (cached !== undefined && Date.now() < cached.refreshAt) return cached.authorization;
    if (signal?.aborted) return Promise.reject(signal.reason);
    // Single flight: every caller arriving while a token request runs waits for that one.
    const flight = (this.#flight ??= this.#start());
    if (!signal) {
      flight.waiters = Infinity;
      return flight.promise;
    }
    flight.waiters++;
    return untilAborted(flight.promise, signal).finally(() => {
      // The last waiter gave up: nobody needs the token any more, so stop asking for it.
      if (--flight.waiters === 0 && signal.aborted) {
        if (this.#flight === flight) this.#flight = undefined;
        flight.controller.abort(signal.reason);
      }
    });
  }

  invalidate(authorization: string): void {
    // Only forget the token that was refused: a newer one may already be cached by another call.
    if (this.#cached?.authorization === authorization) this.#cached = undefined;
  }

  #start(): Flight {
    const controller = new AbortController();
    const flight: Flight = { controller, waiters: 0, promise: undefined as never };
    flight.promise = this.#requestToken(controller.signal).finally(() => {
      if (this.#flight === flight) this.#flight = undefined;
    });
    // Waiters that abort leave the flight's rejection unobserved by design.
    flight.promise.catch(() => {});
    return flight;
  }

  async #requestToken(signal: AbortSignal): Promise<string> {
    const tokenUrl = this.#tokenUrl;
    const { redactor, send, emit } = this.#context;
    let received;
    try {
      received = await send({
        method: "POST",
        url: tokenUrl,
        headers: {
          authorization: `Basic ${this.#basic}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: "grant_type=client_credentials",
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const message = error instanceof Error ? error.message : String(error);
      throw new ScimAuthError(`Token request to ${tokenUrl} failed: ${redactor.text(message)}`, {
        tokenUrl,
        cause: error,
      });
    }
    const { response, text } = received;
    const location = redirectTarget(response);
    if (location !== undefined) {
      throw new ScimAuthError(
        `Token request to ${tokenUrl} was answered with a redirect (HTTP ${response.status}) to ` +
          `${redactor.text(location)}; token requests never follow redirects`,
        { tokenUrl, status: response.status },
      );
    }
    const { token, expiresInMs } = parseTokenResponse(response.status, text, tokenUrl, redactor);
    if (!isFieldValue(token)) {
      throw new ScimAuthError(
        `Token request to ${tokenUrl} returned an access token that cannot be sent in a header; refusing it`,
        { tokenUrl, status: response.status },
      );
    }
    checkToken(token, "The access token from the token endpoint");
    redactor.add(token);
    const authorization = `Bearer ${token}`;
    // Without expires_in the token is kept until the API refuses it (a 401 then renews it); a
    // lifetime of 0 or less is used for the calls waiting on it but never cached.
    const refreshAt =
      expiresInMs === undefined
        ? Number.POSITIVE_INFINITY
        : Date.now() +
          expiresInMs -
          Math.min(MAX_EXPIRY_MARGIN_MS, expiresInMs * EXPIRY_MARGIN_SHARE);
    this.#cached =
      expiresInMs !== undefined && expiresInMs <= 0 ? undefined : { authorization, refreshAt };
    emit?.({ type: "token", tokenUrl, expiresInMs });
    return authorization;
  }
}
