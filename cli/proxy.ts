import { EnvHttpProxyAgent, fetch as undiciFetch } from "undici";
import type { FetchLike } from "../src/index.js";

// Node's global fetch ignores HTTPS_PROXY/HTTP_PROXY/NO_PROXY (before Node 24's opt-in
// NODE_USE_ENV_PROXY). undici's EnvHttpProxyAgent reads them the way curl does (lower-case names
// win, NO_PROXY by host, port and domain suffix, `*` for all), so the CLI sends through it when any
// proxy variable is set, and through the plain global fetch otherwise.

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

/** A fetch that honours the proxy variables of `env`, or undefined when none is set. */
export function proxyFetch(env: Record<string, string | undefined>): FetchLike | undefined {
  if (!PROXY_VARIABLES.some((name) => (env[name] ?? "") !== "")) return undefined;
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: env.http_proxy || env.HTTP_PROXY || undefined,
    httpsProxy: env.https_proxy || env.HTTPS_PROXY || undefined,
    noProxy: env.no_proxy ?? env.NO_PROXY,
  });
  return ((input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as FetchLike;
}

/** The password in the proxy URL of `env`, if any: a secret, never to be printed. */
export function proxyPassword(env: Record<string, string | undefined>): string | undefined {
  const raw = env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY;
  if (!raw) return undefined;
  try {
    const password = new URL(raw).password;
    return password === "" ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

/** The proxy in use for `env`, for --verbose (its credentials, if any, removed). */
export function describeProxy(env: Record<string, string | undefined>): string | undefined {
  const raw = env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY;
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    url.username = "";
    url.password = "";
    return url.origin;
  } catch {
    return "(unparsable proxy URL)";
  }
}
