import { ScimValidationError } from "./errors.js";
import {
  DEFAULT_REGION,
  isRegionDomain,
  regionOfApiHost,
  regions,
  type RegionDomain,
} from "./regions.js";

/** True for hosts that can only mean this machine: `localhost`, 127.0.0.0/8 and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  // new URL() has already normalized IPv4 spellings such as 127.1 or 0x7f.0.0.1 to dotted decimal.
  return host === "localhost" || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Parses and checks a URL option: absolute, `https:` (or `http:` for a loopback host only), no
 * credentials, query or fragment. Returns it without a trailing slash.
 */
export function checkServiceUrl(value: unknown, option: string): URL {
  if (typeof value !== "string" || value === "") {
    throw new ScimValidationError(`${option} must be a non-empty URL string`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ScimValidationError(`${option} is not an absolute URL: ${JSON.stringify(value)}`);
  }
  if (url.username || url.password) {
    throw new ScimValidationError(`${option} must not contain credentials; use the auth option`);
  }
  if (url.protocol === "http:") {
    if (!isLoopbackHost(url.hostname)) {
      throw new ScimValidationError(
        `${option} uses plain http for ${url.hostname}; http is only allowed for loopback hosts ` +
          `(localhost, 127.0.0.0/8, [::1]). Use https.`,
      );
    }
  } else if (url.protocol !== "https:") {
    throw new ScimValidationError(`${option} must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.search || url.hash) {
    throw new ScimValidationError(`${option} must not have a query string or fragment`);
  }
  return url;
}

/** Where a client sends its requests and, for client credentials, where it gets tokens. */
export interface ResolvedOrigin {
  /** API base URL without a trailing slash, e.g. `https://api.mypurecloud.ie`. */
  baseUrl: string;
  /** Token endpoint for client credentials, when one could be determined. */
  tokenUrl: string | undefined;
}

/**
 * Resolves `region`/`baseUrl`/`tokenUrl` options:
 * - `region` (default `mypurecloud.com`): `https://api.<region>` and `https://login.<region>/oauth/token`.
 * - `baseUrl` of a Genesys region (`https://api.<region>`): that region's login host.
 * - `baseUrl` on a loopback host (a local emulator): `<origin>/oauth/token` on the same server.
 * - any other `baseUrl`: no default; client credentials then need `tokenUrl`, so a client secret
 *   is never sent to a host nobody named for it.
 * An explicit `tokenUrl` always wins.
 */
export function resolveOrigin(options: {
  region?: string | undefined;
  baseUrl?: string | undefined;
  tokenUrl?: string | undefined;
}): ResolvedOrigin {
  const { region, baseUrl, tokenUrl } = options;
  if (region !== undefined && baseUrl !== undefined) {
    throw new ScimValidationError("pass either region or baseUrl, not both");
  }
  const explicitTokenUrl =
    tokenUrl === undefined ? undefined : checkServiceUrl(tokenUrl, "auth.tokenUrl").href;

  if (baseUrl === undefined) {
    const domain: RegionDomain | string = region ?? DEFAULT_REGION;
    if (!isRegionDomain(domain)) {
      throw new ScimValidationError(
        `Unknown region ${JSON.stringify(domain)}. Known regions: ${Object.keys(regions).join(", ")}. ` +
          `For another host, pass baseUrl.`,
      );
    }
    const { apiHost, loginHost } = regions[domain];
    return {
      baseUrl: `https://${apiHost}`,
      tokenUrl: explicitTokenUrl ?? `https://${loginHost}/oauth/token`,
    };
  }

  const url = checkServiceUrl(baseUrl, "baseUrl");
  return {
    baseUrl: url.href.replace(/\/+$/, ""),
    tokenUrl: explicitTokenUrl ?? defaultTokenUrl(url),
  };
}

/** The token endpoint to assume for `baseUrl`: its region's, or the same loopback server's. */
function defaultTokenUrl(baseUrl: URL): string | undefined {
  const known = baseUrl.protocol === "https:" ? regionOfApiHost(baseUrl.hostname) : undefined;
  if (known) return `https://${known.loginHost}/oauth/token`;
  if (isLoopbackHost(baseUrl.hostname)) return `${baseUrl.origin}/oauth/token`;
  return undefined;
}
