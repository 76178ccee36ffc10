/**
 * One Genesys Cloud region: the domain that names it and the hosts of its API and login services.
 */
export interface Region {
  /** The region's domain, e.g. `"mypurecloud.ie"`. Hosts are `api.<domain>` and `login.<domain>`. */
  readonly domain: RegionDomain;
  /** The AWS region the Genesys Cloud region runs in, e.g. `"eu-west-1"`. */
  readonly awsRegion: string;
  /** Host of the Platform API (where `/api/v2/scim/...` lives), e.g. `"api.mypurecloud.ie"`. */
  readonly apiHost: string;
  /** Host of the OAuth login service (where `/oauth/token` lives), e.g. `"login.mypurecloud.ie"`. */
  readonly loginHost: string;
}

/** The domains of every Genesys Cloud region, the values `createScimClient({ region })` accepts. */
export type RegionDomain =
  | "mypurecloud.com"
  | "mypurecloud.ie"
  | "mypurecloud.de"
  | "mypurecloud.jp"
  | "mypurecloud.com.au"
  | "usw2.pure.cloud"
  | "cac1.pure.cloud"
  | "apne2.pure.cloud"
  | "euw2.pure.cloud"
  | "aps1.pure.cloud"
  | "sae1.pure.cloud"
  | "mec1.pure.cloud"
  | "apne3.pure.cloud"
  | "euc2.pure.cloud"
  | "mxc1.pure.cloud"
  | "apse1.pure.cloud"
  | "use2.us-gov-pure.cloud"
  | "edee1.eusc-pure.cloud";

const TABLE: [RegionDomain, string][] = [
  ["mypurecloud.com", "us-east-1"],
  ["mypurecloud.ie", "eu-west-1"],
  ["mypurecloud.de", "eu-central-1"],
  ["mypurecloud.jp", "ap-northeast-1"],
  ["mypurecloud.com.au", "ap-southeast-2"],
  ["usw2.pure.cloud", "us-west-2"],
  ["cac1.pure.cloud", "ca-central-1"],
  ["apne2.pure.cloud", "ap-northeast-2"],
  ["euw2.pure.cloud", "eu-west-2"],
  ["aps1.pure.cloud", "ap-south-1"],
  ["sae1.pure.cloud", "sa-east-1"],
  ["mec1.pure.cloud", "me-central-1"],
  ["apne3.pure.cloud", "ap-northeast-3"],
  ["euc2.pure.cloud", "eu-central-2"],
  ["mxc1.pure.cloud", "mx-central-1"],
  ["apse1.pure.cloud", "ap-southeast-1"],
  ["use2.us-gov-pure.cloud", "us-east-2"],
  ["edee1.eusc-pure.cloud", "eusc-de-east-1"],
];

/**
 * The 18 Genesys Cloud regions keyed by domain, each with its API and login hosts.
 *
 * @example
 * ```ts
 * regions["mypurecloud.ie"].apiHost; // "api.mypurecloud.ie"
 * ```
 */
export const regions: Readonly<Record<RegionDomain, Region>> = Object.freeze(
  Object.fromEntries(
    TABLE.map(([domain, awsRegion]) => [
      domain,
      Object.freeze({ domain, awsRegion, apiHost: `api.${domain}`, loginHost: `login.${domain}` }),
    ]),
  ) as Record<RegionDomain, Region>,
);

/** The region used when neither `region` nor `baseUrl` is given. */
export const DEFAULT_REGION: RegionDomain = "mypurecloud.com";

/** True when `domain` is one of the 18 Genesys Cloud region domains. */
export function isRegionDomain(domain: unknown): domain is RegionDomain {
  return typeof domain === "string" && Object.prototype.hasOwnProperty.call(regions, domain);
}

/** The region whose API host is `host` (e.g. `"api.mypurecloud.ie"`), if any. */
export function regionOfApiHost(host: string): Region | undefined {
  const lower = host.toLowerCase();
  if (!lower.startsWith("api.")) return undefined;
  const domain = lower.slice(4);
  return isRegionDomain(domain) ? regions[domain] : undefined;
}
