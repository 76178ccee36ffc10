import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp, type EmulatorState } from "./app.js";
import { TokenIssuer, type OAuthClientCredentials } from "./oauth.js";
import { resolveOptions, type EmulatorOptions } from "./options.js";
import { FixedWindowRateLimiter, type RateLimit } from "./rate-limit.js";
import { seedStore } from "./seed.js";
import { ScimStore } from "./store.js";

export type { EmulatorOptions } from "./options.js";
export type { OAuthClientCredentials } from "./oauth.js";
export type { RateLimit } from "./rate-limit.js";

export interface EmulatorStats {
  /** Every HTTP request received, token requests included. */
  requests: number;
  /** Responses sent, by status code ("200", "429", ...). */
  byStatus: Record<string, number>;
  users: number;
  groups: number;
  /** Access tokens held (expired ones are swept as tokens are issued). */
  tokens: number;
}

export interface RunningEmulator {
  /** Origin of the emulator, e.g. http://127.0.0.1:8080 (use it as the client's baseUrl). */
  url: string;
  port: number;
  /** The OAuth token endpoint: `${url}/oauth/token`. */
  tokenUrl: string;
  /** The SCIM roots of both path families. */
  scimUrls: { v1: string; v2: string };
  /** Credentials of the first OAuth client. */
  clientId: string;
  clientSecret: string;
  clients: readonly OAuthClientCredentials[];
  rateLimit: RateLimit | false;
  /** Mints an access token for a client (default: the first) without an HTTP round trip. */
  issueToken(clientId?: string): string;
  /** Invalidates every issued token: the next API call gets 401. */
  revokeTokens(): void;
  /** Starts every client's rate-limit window afresh. */
  resetRateLimits(): void;
  stats(): EmulatorStats;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Starts a local Genesys Cloud SCIM API emulator on 127.0.0.1 (see the README's emulator section).
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const store = new ScimStore(resolved.now);
  seedStore(store, resolved.seedUsers, resolved.seedGroups);
  const issuer = new TokenIssuer(resolved.clients, resolved.tokenTtlSeconds * 1000, resolved.now);
  const limiter =
    resolved.rateLimit === false && resolved.dailyLimit === false
      ? undefined
      : new FixedWindowRateLimiter(
          resolved.rateLimit || { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 },
          resolved.now,
          resolved.dailyLimit,
        );
  const state: EmulatorState = {
    store,
    issuer,
    limiter,
    maxPageSize: resolved.maxPageSize,
    origin: "",
    stats: { requests: 0, byStatus: {} },
  };
  const server = createServer(createApp(state));
  const port = await listen(server, resolved.port, resolved.host);
  const host = resolved.host === "::1" ? "[::1]" : resolved.host;
  const url = `http://${host}:${port}`;
  state.origin = url;
  const [firstClient] = resolved.clients as [OAuthClientCredentials];

  return {
    url,
    port,
    tokenUrl: `${url}/oauth/token`,
    scimUrls: { v1: `${url}/api/v2/scim`, v2: `${url}/api/v2/scim/v2` },
    clientId: firstClient.clientId,
    clientSecret: firstClient.clientSecret,
    clients: resolved.clients,
    rateLimit: resolved.rateLimit,
    issueToken: (clientId = firstClient.clientId) => issuer.issue(clientId).access_token,
    revokeTokens: () => issuer.revokeAll(),
    resetRateLimits: () => limiter?.reset(),
    stats: () => ({
      requests: state.stats.requests,
      byStatus: { ...state.stats.byStatus },
      users: store.userCount,
      groups: store.groupCount,
      tokens: issuer.size,
    }),
    close: () => close(server),
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`startEmulator: port ${port} on ${host} is already in use`, { cause: error })
          : error,
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
