import { randomBytes, randomUUID } from "node:crypto";
import type { OAuthClientCredentials } from "./oauth.js";
import type { RateLimit } from "./rate-limit.js";

export interface EmulatorOptions {
  /** TCP port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Loopback address to bind: "127.0.0.1" (default), "::1" or "localhost". Nothing else. */
  host?: string;
  /** OAuth clients allowed at /oauth/token. Default: one client with a random id and secret. */
  clients?: OAuthClientCredentials[];
  /** Access-token lifetime in seconds (default 86400, as Genesys). Fractions are allowed, for tests. */
  tokenTtlSeconds?: number;
  /**
   * Requests each OAuth client may make per window: `{ limit, windowMs }` (default 300 per 60 000
   * ms, the Genesys Cloud default), or `false` for no limit.
   */
  rateLimit?: { limit: number; windowMs?: number } | false;
  /**
   * A second, long limit per OAuth client, checked after `rateLimit`: `{ limit, windowMs }`
   * (window default 86 400 000 ms, a day), or `false` (the default). Its 429s carry a Retry-After
   * of up to the rest of the day, which exercises a client's give-up-at-once path.
   */
  dailyLimit?: { limit: number; windowMs?: number } | false;
  /** Deterministic generated users to start with (default 0). */
  seedUsers?: number;
  /** Deterministic generated groups to start with, seeded users spread across them (default 0). */
  seedGroups?: number;
  /** Largest page a list returns; larger `count`s are cut to it (default 100). */
  maxPageSize?: number;
  /** Clock in epoch milliseconds, for token expiry, rate windows and timestamps (default Date.now). */
  now?: () => number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  clients: OAuthClientCredentials[];
  tokenTtlSeconds: number;
  rateLimit: RateLimit | false;
  dailyLimit: RateLimit | false;
  seedUsers: number;
  seedGroups: number;
  maxPageSize: number;
  now: () => number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 300, windowMs: 60_000 };
const LOOPBACK_HOSTS = ["127.0.0.1", "::1", "localhost"];
const KNOWN_OPTIONS = new Set([
  "port",
  "host",
  "clients",
  "tokenTtlSeconds",
  "rateLimit",
  "dailyLimit",
  "seedUsers",
  "seedGroups",
  "maxPageSize",
  "now",
]);

function fail(message: string): never {
  throw new TypeError(`startEmulator: ${message}`);
}

function integer(name: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(`option "${name}" must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  if (options === null || typeof options !== "object") fail("options must be an object");
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) fail(`unknown option "${key}"`);
  }

  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK_HOSTS.includes(host)) {
    fail(
      `option "host" must be a loopback address (${LOOPBACK_HOSTS.join(", ")}), got ${describe(host)}`,
    );
  }

  const tokenTtlSeconds = options.tokenTtlSeconds ?? 86_400;
  if (
    typeof tokenTtlSeconds !== "number" ||
    !Number.isFinite(tokenTtlSeconds) ||
    tokenTtlSeconds <= 0
  ) {
    fail(
      `option "tokenTtlSeconds" must be a positive number of seconds, got ${describe(tokenTtlSeconds)}`,
    );
  }

  const rateLimit = resolveLimit("rateLimit", options.rateLimit, DEFAULT_RATE_LIMIT);
  const dailyLimit = resolveLimit("dailyLimit", options.dailyLimit ?? false, {
    limit: Number.NaN,
    windowMs: 86_400_000,
  });

  const now = options.now ?? Date.now;
  if (typeof now !== "function")
    fail(`option "now" must be a function returning epoch milliseconds`);

  return {
    port: integer("port", options.port, 0, 65_535, 0),
    host,
    clients: resolveClients(options.clients),
    tokenTtlSeconds,
    rateLimit,
    dailyLimit,
    seedUsers: integer("seedUsers", options.seedUsers, 0, 1_000_000, 0),
    seedGroups: integer("seedGroups", options.seedGroups, 0, 10_000, 0),
    maxPageSize: integer("maxPageSize", options.maxPageSize, 1, 10_000, 100),
    now,
  };
}

function resolveLimit(
  name: string,
  option: { limit: number; windowMs?: number } | false | undefined,
  fallback: RateLimit,
): RateLimit | false {
  if (option === false) return false;
  if (option === undefined) return fallback;
  if (option === null || typeof option !== "object") {
    fail(`option "${name}" must be { limit, windowMs } or false, got ${describe(option)}`);
  }
  const limit = integer(`${name}.limit`, option.limit, 1, 1_000_000_000, Number.NaN);
  if (Number.isNaN(limit)) fail(`option "${name}.limit" is required`);
  const maxWindow = name === "dailyLimit" ? 31 * 86_400_000 : 86_400_000;
  return {
    limit,
    windowMs: integer(`${name}.windowMs`, option.windowMs, 1, maxWindow, fallback.windowMs),
  };
}

function resolveClients(clients: OAuthClientCredentials[] | undefined): OAuthClientCredentials[] {
  if (clients === undefined) {
    return [{ clientId: randomUUID(), clientSecret: randomBytes(24).toString("base64url") }];
  }
  if (!Array.isArray(clients) || clients.length === 0)
    fail('option "clients" must be a non-empty array');
  const seen = new Set<string>();
  return clients.map((client, index) => {
    const { clientId, clientSecret } = (client ?? {}) as Partial<OAuthClientCredentials>;
    if (
      typeof clientId !== "string" ||
      clientId === "" ||
      clientId.includes(":") ||
      /[\r\n]/.test(clientId)
    ) {
      fail(`clients[${index}].clientId must be a non-empty string without ":" or line breaks`);
    }
    if (typeof clientSecret !== "string" || clientSecret === "") {
      fail(`clients[${index}].clientSecret must be a non-empty string`);
    }
    if (seen.has(clientId)) fail(`clients[${index}].clientId "${clientId}" is listed twice`);
    seen.add(clientId);
    return { clientId, clientSecret };
  });
}
