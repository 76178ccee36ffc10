import { randomBytes, timingSafeEqual } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";

// OAuth 2.0 client credentials (RFC 6749 section 4.4) as Genesys Cloud's login service offers it:
// POST /oauth/token with the client in HTTP Basic auth (or client_id/client_secret form fields) and
// grant_type=client_credentials, answering {access_token, token_type: "bearer", expires_in}.

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

const MIN_SWEEP_AT = 1024;

export class TokenIssuer {
  readonly #clients: Map<string, string>;
  readonly #tokens = new Map<string, IssuedToken>();
  // Expired tokens are dropped when the map reaches this size, which then doubles the size left
  // after the sweep: memory stays within about twice the live tokens (plus 1,024) under any token
  // churn, and a sweep costs O(1) amortized per issued token instead of a scan on every issue.
  #sweepAt = MIN_SWEEP_AT;

  constructor(
    clients: readonly OAuthClientCredentials[],
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    this.#clients = new Map(clients.map((client) => [client.clientId, client.clientSecret]));
  }

  authenticateClient(clientId: string, clientSecret: string): boolean {
    const expected = this.#clients.get(clientId);
    if (expected === undefined) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(clientSecret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  hasClient(clientId: string): boolean {
    return this.#clients.has(clientId);
  }

  issue(clientId: string): { access_token: string; token_type: "bearer"; expires_in: number } {
    if (!this.#clients.has(clientId)) throw new Error(`Unknown OAuth client id "${clientId}"`);
    this.#sweep();
    const token = randomBytes(32).toString("base64url");
    this.#tokens.set(token, { clientId, expiresAt: this.now() + this.ttlMs });
    // Never claim more lifetime than the token has.
    return { access_token: token, token_type: "bearer", expires_in: Math.floor(this.ttlMs / 1000) };
  }

  /** The client a live token belongs to, or undefined for unknown and expired tokens. */
  verify(token: string): string | undefined {
    const issued = this.#tokens.get(token);
    if (issued === undefined) return undefined;
    if (this.now() >= issued.expiresAt) {
      this.#tokens.delete(token);
      return undefined;
    }
    return issued.clientId;
  }

  revokeAll(): void {
    this.#tokens.clear();
  }

  /** Tokens held, live or expired but not yet swept. */
  get size(): number {
    return this.#tokens.size;
  }

  #sweep(): void {
    if (this.#tokens.size < this.#sweepAt) return;
    const now = this.now();
    for (const [token, issued] of this.#tokens)
      if (now >= issued.expiresAt) this.#tokens.delete(token);
    this.#sweepAt = Math.max(MIN_SWEEP_AT, this.#tokens.size * 2);
  }
}

export function tokenRouter(issuer: TokenIssuer): Router {
  const router = express.Router();
  router.post(
    "/oauth/token",
    express.urlencoded({ extended: false, limit: "16kb" }),
    (req: Request, res: Response) => {
      if (!req.is("application/x-www-form-urlencoded")) {
        return oauthError(
          res,
          400,
          "invalid_request",
          "Send the token request as application/x-www-form-urlencoded.",
        );
      }
      const form = (req.body ?? {}) as Record<string, unknown>;
      const credentials = clientFromRequest(req, form);
      if (credentials === "two methods") {
        return oauthError(
          res,
          400,
          "invalid_request",
          "Authenticate the client one way: HTTP Basic or client_id and client_secret form fields, not both (RFC 6749 section 2.3).",
        );
      }
      if (credentials === "malformed") {
        return oauthError(
          res,
          400,
          "invalid_request",
          "The Authorization header is not valid HTTP Basic credentials.",
        );
      }
      if (credentials === undefined) {
        return oauthError(
          res,
          401,
          "invalid_client",
          "Client authentication is required (HTTP Basic or client_id and client_secret).",
        );
      }
      if (!issuer.authenticateClient(credentials.clientId, credentials.clientSecret)) {
        return oauthError(res, 401, "invalid_client", "Unknown client or wrong client secret.");
      }
      const grantType = form["grant_type"];
      if (grantType === undefined || grantType === "") {
        return oauthError(res, 400, "invalid_request", "grant_type is required.");
      }
      if (grantType !== "client_credentials") {
        return oauthError(
          res,
          400,
          "unsupported_grant_type",
          "Only grant_type=client_credentials is supported.",
        );
      }
      res.set("Cache-Control", "no-store").json(issuer.issue(credentials.clientId));
    },
  );
  return router;
}

function clientFromRequest(
  req: Request,
  form: Record<string, unknown>,
): OAuthClientCredentials | "malformed" | "two methods" | undefined {
  const header = req.get("authorization");
  if (header !== undefined) {
    // RFC 6749 section 2.3: a client MUST NOT use more than one authentication method per request.
    if (form["client_id"] !== undefined || form["client_secret"] !== undefined)
      return "two methods";
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (match?.[1] === undefined) return "malformed";
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return "malformed";
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  }
  const clientId = form["client_id"];
  const clientSecret = form["client_secret"];
  if (typeof clientId === "string" && typeof clientSecret === "string")
    return { clientId, clientSecret };
  return undefined;
}

// RFC 6749 section 2.3.1: Basic credentials are form-urlencoded before base64.
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  if (status === 401) res.set("WWW-Authenticate", 'Basic realm="genesys-scim-emulator"');
  res
    .status(status)
    .set("Cache-Control", "no-store")
    .json({ error, error_description: description });
}
