// The peers our client is measured against: a hand-written raw fetch call and the official SDK.
import { createRequire } from "node:module";

export const BENCH_TOKEN = "bench-token";

/** What a careful hand-written call looks like: one fetch, status check, JSON parse. */
export function rawFetchGetUser(baseUrl: string): (id: string) => Promise<unknown> {
  return async (id) => {
    const response = await fetch(`${baseUrl}/api/v2/scim/v2/users/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${BENCH_TOKEN}`, accept: "application/scim+json" },
    });
    if (!response.ok) throw new Error(`GET user ${id}: HTTP ${response.status}`);
    return response.json();
  };
}

export interface ScimApi {
  getScimV2User(id: string): Promise<unknown>;
  getScimV2Users(opts: { startIndex: number; count: number }): Promise<{
    totalResults?: number;
    Resources?: { id?: string }[];
  }>;
}

/**
 * The official SDK (purecloud-platform-client-v2) pointed at a local server. Its `ApiClient` is a
 * process-wide singleton, so each call re-targets it; its `setEnvironment` cannot target http, its
 * gateway setting can.
 */
export function sdkScimApi(baseUrl: string, accessToken = BENCH_TOKEN): ScimApi {
  const require = createRequire(import.meta.url);
  const platformClient = require("purecloud-platform-client-v2");
  const url = new URL(baseUrl);
  const apiClient = platformClient.ApiClient.instance;
  apiClient.setGateway({ host: url.hostname, protocol: "http", port: Number(url.port) });
  apiClient.setAccessToken(accessToken);
  return new platformClient.SCIMApi() as ScimApi;
}

/** Where the SDK's files are, for the import and bundle-size figures. */
export function sdkFiles(): { entry: string; browserBundle: string } {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("purecloud-platform-client-v2");
  const pkgPath = require.resolve("purecloud-platform-client-v2/package.json");
  const pkg = require(pkgPath) as { browser?: string };
  if (!pkg.browser) throw new Error("purecloud-platform-client-v2 has no browser bundle field");
  return { entry, browserBundle: new URL(pkg.browser, `file://${pkgPath}`).pathname };
}
