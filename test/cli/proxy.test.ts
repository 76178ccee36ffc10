import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createProxy, type ProxyServer } from "proxy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCliEmulator, type CliEmulator } from "./helpers.js";

// HTTP(S)_PROXY and NO_PROXY, honoured through undici's EnvHttpProxyAgent: a real forward proxy
// (the `proxy` package) on 127.0.0.1 counts what passes through it.

let t: CliEmulator;
let proxy: ProxyServer;
let proxyUrl: string;
const seen: string[] = [];
beforeAll(async () => {
  t = await startCliEmulator({ seedUsers: 2 });
  proxy = createProxy(createServer());
  // undici tunnels through the proxy with CONNECT (its default, http: targets too).
  proxy.on("request", (request) => seen.push(`${request.method} ${request.url}`));
  proxy.on("connect", (request) => seen.push(`CONNECT ${request.url}`));
  await new Promise<void>((done) => proxy.listen(0, "127.0.0.1", done));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
  await new Promise((done) => proxy.close(done));
});

describe("proxies", { timeout: 120_000 }, () => {
  it("sends the token request and the API requests through HTTP_PROXY", async () => {
    seen.length = 0;
    const result = await runCli(["users", "list", ...t.args, "--verbose"], {
      env: { ...t.env, HTTP_PROXY: proxyUrl },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("user00001@example.com");
    expect(result.stderr).toContain(`sending through proxy ${proxyUrl}`);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((line) => line === `CONNECT ${new URL(t.emulator.url).host}`)).toBe(true);
    // The emulator saw the token request and the list, so they went through the tunnel.
    expect(t.emulator.stats().requests).toBeGreaterThanOrEqual(2);
  });

  it("goes direct for hosts in NO_PROXY, and without proxy variables", async () => {
    seen.length = 0;
    const bypassed = await runCli(["users", "list", ...t.args], {
      env: { ...t.env, HTTP_PROXY: proxyUrl, NO_PROXY: "127.0.0.1" },
    });
    expect(bypassed.code).toBe(0);
    const direct = await runCli(["users", "list", ...t.args], { env: t.env });
    expect(direct.code).toBe(0);
    expect(seen).toEqual([]);
  });

  it("fails clearly when the proxy is down, its password never shown", async () => {
    const result = await runCli(["users", "list", ...t.args, "--verbose"], {
      env: { ...t.env, HTTP_PROXY: "http://proxyuser:proxy-pw-7c1e@127.0.0.1:9" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("sending through proxy http://127.0.0.1:9");
    expect(result.stderr).not.toContain("proxy-pw-7c1e");
    expect(result.stderr).toMatch(/genesys-scim: .*(network|ECONNREFUSED|fetch failed)/i);
  });
});
