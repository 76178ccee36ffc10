import { regions, type RegionDomain } from "../src/index.js";
import { UsageError } from "./errors.js";
import { didYouMean } from "./suggest.js";

// GENESYSCLOUD_REGION comes in two spellings: the region's domain (mypurecloud.ie), as the
// Platform SDKs and `gc` use it, and the AWS region it runs in (eu-west-1), as Genesys' Terraform
// provider uses it (`aws_region`, whose map of AWS names to domains matches the awsRegion column of
// src/regions.ts for every region both list). Both resolve to the same domain here.

const BY_AWS_NAME = new Map<string, RegionDomain>(
  Object.values(regions).map((region) => [region.awsRegion, region.domain]),
);

/** The region domain for a domain or AWS-style name (case-insensitive; `api.`/`login.` hosts too). */
export function resolveRegion(input: string, source: string): RegionDomain {
  const value = input
    .trim()
    .toLowerCase()
    .replace(/^https:\/\//, "")
    .replace(/\/+$/, "");
  const domain = value.replace(/^(api|login)\./, "");
  if (Object.prototype.hasOwnProperty.call(regions, domain)) return domain as RegionDomain;
  const byAws = BY_AWS_NAME.get(value);
  if (byAws !== undefined) return byAws;
  const known = [...Object.keys(regions), ...BY_AWS_NAME.keys()];
  throw new UsageError(
    `${source} "${input}" is not a Genesys Cloud region.${didYouMean(value, known)}`,
    [
      `Use a region domain (${Object.keys(regions).slice(0, 3).join(", ")}, ...) or its AWS name ` +
        `(${[...BY_AWS_NAME.keys()].slice(0, 3).join(", ")}, ...).`,
    ],
  );
}

/** Every accepted spelling, for help: `mypurecloud.ie (eu-west-1)`. */
export function regionList(): string[] {
  return Object.values(regions).map((r) => `${r.domain} (${r.awsRegion})`);
}
