import platformClient from "purecloud-platform-client-v2";
import { describe, expect, it } from "vitest";
import { createScimClient, regions, type RegionDomain } from "../../src/index.js";

describe("regions", () => {
  it("lists the 18 Genesys Cloud regions with their API and login hosts", () => {
    const domains = Object.keys(regions);
    expect(domains).toHaveLength(18);
    for (const [domain, region] of Object.entries(regions)) {
      expect(region.domain).toBe(domain);
      expect(region.apiHost).toBe(`api.${domain}`);
      expect(region.loginHost).toBe(`login.${domain}`);
    }
    expect(regions["mypurecloud.ie"]).toEqual({
      domain: "mypurecloud.ie",
      awsRegion: "eu-west-1",
      apiHost: "api.mypurecloud.ie",
      loginHost: "login.mypurecloud.ie",
    });
  });

  it("matches the region table of the official Genesys SDK", () => {
    const sdkHosts = (platformClient as unknown as { PureCloudRegionHosts: Record<string, string> })
      .PureCloudRegionHosts;
    const fromSdk = new Map(
      Object.entries(sdkHosts).map(([aws, domain]) => [domain, aws.replaceAll("_", "-")] as const),
    );
    const ours = new Map(
      Object.values(regions).map((r) => [r.domain as string, r.awsRegion] as const),
    );
    expect(ours).toEqual(fromSdk);
  });

  it("every region gives a client its API host", () => {
    for (const domain of Object.keys(regions) as RegionDomain[]) {
      const client = createScimClient({ region: domain, auth: { accessToken: "tok1" } });
      expect(client.baseUrl).toBe(`https://api.${domain}`);
    }
    expect(createScimClient({ auth: { accessToken: "tok1" } }).baseUrl).toBe(
      "https://api.mypurecloud.com",
    );
  });
});
