// Item 3 of issue 9: an AbortSignal cancels everything at once — an attempt in flight, a retry
// wait, a token request in flight or waiting out a 429 — with the signal's reason.
import { afterEach, describe, expect, it } from "vitest";
import { createScimClient } from "../../src/index.js";
import { startHostileServer, type HostileServer } from "./hostile-server.js";

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(handler: Parameters<typeof startHostileServer>[0]) {
  const started = await startHostileServer(handler);
  servers.push(started);
  return started;
}

const credentials = { clientId: "cid", clientSecret: "abort-test-secret" };

function abortSoon(ms = 50) {
  const controller = new AbortController();
  const reason = new Error("caller gave up");
  setTimeout(() => controller.abort(reason), ms);
  return { signal: controller.signal, reason };
}

describe("AbortSignal", () => {
  it("ends a token request in flight with the abort reason and closes its connection", async () => {
    const tokens = await server(() => {
      // the token endpoint never answers
    });
    const client = createScimClient({
      baseUrl: tokens.url,
      auth: { ...credentials, tokenUrl: `${tokens.url}/oauth/token` },
    });
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const pending = client.users.get("u1", { signal: controller.signal });
    while (tokens.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(tokens.openSockets()).toBe(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await tokens.allClosed();
    expect(tokens.requests.map((r) => r.url)).toEqual(["/oauth/token"]);
  });

  it("ends the wait out of a 429 from the token endpoint at once", async () => {
    const tokens = await server((_req, res) => {
      res.writeHead(429, { "Retry-After": "30", "Content-Type": "application/json" });
      res.end("{}");
    });
    const client = createScimClient({
      baseUrl: tokens.url,
      auth: { ...credentials, tokenUrl: `${tokens.url}/oauth/token` },
    });
    const { signal, reason } = abortSoon(100);
    const started = Date.now();
    await expect(client.users.get("u1", { signal })).rejects.toBe(reason);
    // Not the 30 s Retry-After: the test's own 5 s limit would fail first.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(tokens.requests).toHaveLength(1);
  });

  it("a caller that aborts does not cancel the token request others still wait for", async () => {
    let answer: (() => void) | undefined;
    const api = await server((req, res) => {
      if (req.url === "/oauth/token") {
        answer = () => {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ access_token: "tok-1", token_type: "bearer", expires_in: 60 }));
        };
        return;
      }
      res.writeHead(200, { "Content-Type": "application/scim+json" });
      res.end(JSON.stringify({ id: "u1" }));
    });
    const client = createScimClient({ baseUrl: api.url, auth: credentials });
    const { signal, reason } = abortSoon(30);
    const leaving = client.users.get("u1", { signal });
    const staying = client.users.get("u1");
    await expect(leaving).rejects.toBe(reason);
    while (!answer) await new Promise((r) => setTimeout(r, 5));
    answer();
    expect((await staying).id).toBe("u1");
    expect(api.requests.filter((r) => r.url === "/oauth/token")).toHaveLength(1);
  });

  it("ends a hanging getAccessToken wait", async () => {
    const api = await server(() => {});
    const client = createScimClient({
      baseUrl: api.url,
      auth: { getAccessToken: () => new Promise<string>(() => {}) },
    });
    const { signal, reason } = abortSoon();
    await expect(client.users.get("u1", { signal })).rejects.toBe(reason);
    expect(api.requests).toHaveLength(0);
  });

  it("ends an API attempt in flight and closes its connection (helpers and raw)", async () => {
    const api = await server(() => {
      // never answers
    });
    const client = createScimClient({ baseUrl: api.url, auth: { accessToken: "t0k3n" } });
    const first = abortSoon();
    await expect(client.users.get("u1", { signal: first.signal })).rejects.toBe(first.reason);
    const second = abortSoon();
    await expect(
      client.GET("/api/v2/scim/v2/users/{userId}", {
        params: { path: { userId: "u1" } },
        signal: second.signal,
      }),
    ).rejects.toBe(second.reason);
    await api.allClosed();
  });

  it("ends a retry wait after an API 429", async () => {
    const api = await server((_req, res) => {
      res.writeHead(429, { "Retry-After": "30" });
      res.end();
    });
    const client = createScimClient({ baseUrl: api.url, auth: { accessToken: "t0k3n" } });
    const { signal, reason } = abortSoon(100);
    await expect(client.users.get("u1", { signal })).rejects.toBe(reason);
    expect(api.requests).toHaveLength(1);
  });
});
