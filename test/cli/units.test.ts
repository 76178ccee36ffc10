import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress } from "../../cli/progress.js";
import { describeProxy, proxyPassword } from "../../cli/proxy.js";
import { resolveRegion } from "../../cli/region.js";
import { closest } from "../../cli/suggest.js";
import { regions } from "../../src/index.js";

describe("resolveRegion", () => {
  it("takes domains, api./login. hosts and the AWS names Genesys' Terraform provider uses", () => {
    expect(resolveRegion("mypurecloud.ie", "--region")).toBe("mypurecloud.ie");
    expect(resolveRegion("eu-west-1", "--region")).toBe("mypurecloud.ie");
    expect(resolveRegion("US-EAST-1", "--region")).toBe("mypurecloud.com");
    expect(resolveRegion("us-east-2", "--region")).toBe("use2.us-gov-pure.cloud");
    expect(resolveRegion("ap-southeast-2", "--region")).toBe("mypurecloud.com.au");
    expect(resolveRegion("https://api.usw2.pure.cloud/", "--region")).toBe("usw2.pure.cloud");
    for (const region of Object.values(regions)) {
      expect(resolveRegion(region.awsRegion, "x")).toBe(region.domain);
      expect(resolveRegion(region.domain, "x")).toBe(region.domain);
    }
    expect(() => resolveRegion("mars-north-1", "GENESYSCLOUD_REGION")).toThrow(
      /GENESYSCLOUD_REGION "mars-north-1" is not a Genesys Cloud region/,
    );
  });
});

describe("closest", () => {
  it("suggests typos (a swap is one edit) and nothing for unrelated words", () => {
    expect(closest("lsit", ["list", "get"])).toBe("list");
    expect(closest("fitler", ["filter", "format"])).toBe("filter");
    expect(closest("expotr", ["export", "sync", "users"])).toBe("export");
    expect(closest("zzz", ["list", "get"])).toBeUndefined();
  });
});

describe("progress off a TTY", () => {
  it("writes one plain line per phase end (and every 5 s), no bar, no carriage returns", () => {
    const stream = new PassThrough();
    let out = "";
    stream.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const progress = createProgress(stream, { color: false, enabled: true });
    progress.update({ phase: "create", done: 0, total: 4, failures: 0 });
    progress.update({ phase: "create", done: 4, total: 4, failures: 0 });
    progress.update({ phase: "membership", done: 5, total: 6, failures: 1 });
    progress.stop();
    expect(out).not.toContain("\r");
    expect(out).not.toContain("█");
    expect(out.split("\n").filter((l) => l !== "")).toEqual([
      expect.stringMatching(/^create\s+4\/4 \(100%\)/),
      expect.stringMatching(/^membership\s+5\/6 \(83%\).*1 failed$/),
    ]);
  });
});

describe("proxy credentials", () => {
  it("are never part of what --verbose says about the proxy", () => {
    const env = { HTTPS_PROXY: "http://alice:s%40cret-proxy-pw@127.0.0.1:3128" };
    expect(describeProxy(env)).toBe("http://127.0.0.1:3128");
    expect(proxyPassword(env)).toBe("s@cret-proxy-pw");
    expect(proxyPassword({ HTTP_PROXY: "http://127.0.0.1:3128" })).toBeUndefined();
  });
});
