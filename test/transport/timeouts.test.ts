// Item 2 of issue 9: a per-attempt timeout frees everything — no more bytes read, the connection
// closed, retries for body-phase failures of idempotent requests, and maxResponseBytes.
import { afterEach, describe, expect, it } from "vitest";
import {
  createScimClient,
  ScimResponseError,
  ScimTimeoutError,
  type ScimEvent,
} from "../../src/index.js";
import { dripBody, endlessBody, startHostileServer, type HostileServer } from "./hostile-server.js";

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const auth = { accessToken: "test-token" };
const USER = JSON.stringify({ id: "u1", userName: "u1@example.com" });

describe("a timeout during the body", () => {
  it("of an endless body stops the read and closes the connection", async () => {
    const written = { bytes: 0 };
    server = await startHostileServer(endlessBody(written));
    const client = createScimClient({ baseUrl: server.url, auth, timeoutMs: 200, retry: false });
    await expect(client.users.get("u1")).rejects.toBeInstanceOf(ScimTimeoutError);
    await server.allClosed();
    const after = written.bytes;
    await new Promise((r) => setTimeout(r, 100));
    expect(written.bytes).toBe(after);
  });

  it("of 50 GETs against a 1 byte/s server leaves no connection open", async () => {
    server = await startHostileServer(dripBody());
    const client = createScimClient({ baseUrl: server.url, auth, timeoutMs: 300, retry: false });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.users.get(`u${i}`).catch((e: unknown) => e)),
    );
    for (const result of results) expect(result).toBeInstanceOf(ScimTimeoutError);
    await server.allClosed();
    expect(server.openSockets()).toBe(0);
  });

  it("of a raw call closes the connection too", async () => {
    server = await startHostileServer(dripBody());
    const client = createScimClient({ baseUrl: server.url, auth, timeoutMs: 200, retry: false });
    await expect(
      client.GET("/api/v2/scim/v2/users/{userId}", { params: { path: { userId: "u1" } } }),
    ).rejects.toBeInstanceOf(ScimTimeoutError);
    await server.allClosed();
  });

  it("with middleware that supplies its own Request: same timeout, connection closed", async () => {
    server = await startHostileServer(dripBody());
    const client = createScimClient({ baseUrl: server.url, auth, timeoutMs: 200, retry: false });
    client.use({
      onRequest: ({ request }) => new Request(request, { headers: { "x-from": "middleware" } }),
    });
    await expect(client.users.get("u1")).rejects.toBeInstanceOf(ScimTimeoutError);
    await expect(
      client.GET("/api/v2/scim/v2/users/{userId}", { params: { path: { userId: "u1" } } }),
    ).rejects.toBeInstanceOf(ScimTimeoutError);
    expect(server.requests.map((r) => r.headers["x-from"])).toEqual(["middleware", "middleware"]);
    await server.allClosed();
  });

  it("before the headers closes the connection as well", async () => {
    server = await startHostileServer(() => {
      // never answer
    });
    const client = createScimClient({ baseUrl: server.url, auth, timeoutMs: 200, retry: false });
    await expect(client.users.get("u1")).rejects.toBeInstanceOf(ScimTimeoutError);
    await server.allClosed();
  });
});

describe("body-phase failures are retried like network failures", () => {
  it("a GET whose body is reset is retried, and succeeds", async () => {
    let n = 0;
    server = await startHostileServer((_req, res) => {
      if (++n === 1) {
        res.writeHead(200, { "Content-Type": "application/scim+json", "Content-Length": "500" });
        res.write('{"id":"u1"');
        setTimeout(() => res.socket?.destroy(), 10);
      } else {
        res.writeHead(200, { "Content-Type": "application/scim+json" });
        res.end(USER);
      }
    });
    const events: ScimEvent[] = [];
    const client = createScimClient({
      baseUrl: server.url,
      auth,
      retry: { baseDelayMs: 1 },
      onEvent: (e) => events.push(e),
    });
    expect((await client.users.get("u1")).id).toBe("u1");
    expect(server.requests).toHaveLength(2);
    expect(events.filter((e) => e.type === "retry")).toMatchObject([
      { reason: "network-error", attempt: 1 },
    ]);
  });

  it("a GET whose body times out is retried with a fresh deadline", async () => {
    let n = 0;
    const drip = dripBody();
    server = await startHostileServer((req, res, body) => {
      if (++n === 1) return drip(req, res, body);
      res.writeHead(200, { "Content-Type": "application/scim+json" });
      res.end(USER);
    });
    const events: ScimEvent[] = [];
    const client = createScimClient({
      baseUrl: server.url,
      auth,
      timeoutMs: 200,
      retry: { baseDelayMs: 1 },
      onEvent: (e) => events.push(e),
    });
    const result = await client.GET("/api/v2/scim/v2/users/{userId}", {
      params: { path: { userId: "u1" } },
    });
    expect(result.data?.id).toBe("u1");
    expect(events.filter((e) => e.type === "retry")).toMatchObject([{ reason: "timeout" }]);
  });

  it("a POST whose body is reset is not retried (it may have been applied)", async () => {
    server = await startHostileServer((_req, res) => {
      res.writeHead(201, { "Content-Type": "application/scim+json", "Content-Length": "500" });
      res.write('{"id":"u1"');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const client = createScimClient({ baseUrl: server.url, auth, retry: { baseDelayMs: 1 } });
    await expect(
      client.users.create({ userName: "a@example.com", displayName: "A" } as never),
    ).rejects.toMatchObject({ name: "ScimResponseError", reason: "truncated", status: 201 });
    expect(server.requests).toHaveLength(1);
  });
});

describe("maxResponseBytes", () => {
  it("refuses a body whose Content-Length is larger, without reading it", async () => {
    server = await startHostileServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/scim+json", "Content-Length": "5000000" });
      res.write("{");
    });
    const client = createScimClient({ baseUrl: server.url, auth, maxResponseBytes: 1_000_000 });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimResponseError;
    expect(error).toBeInstanceOf(ScimResponseError);
    expect(error.reason).toBe("too-large");
    expect(error.message).toContain("larger than maxResponseBytes (1000000 bytes)");
    expect(server.requests).toHaveLength(1);
    await server.allClosed();
  });

  it("stops an endless chunked body at the limit even without a timeout", async () => {
    const written = { bytes: 0 };
    server = await startHostileServer(endlessBody(written));
    const client = createScimClient({
      baseUrl: server.url,
      auth,
      timeoutMs: Infinity,
      maxResponseBytes: 1_000_000,
    });
    await expect(
      client.GET("/api/v2/scim/v2/users/{userId}", { params: { path: { userId: "u1" } } }),
    ).rejects.toMatchObject({ name: "ScimResponseError", reason: "too-large" });
    await server.allClosed();
  });

  it("is checked at createScimClient", () => {
    expect(() => createScimClient({ auth, maxResponseBytes: 0 })).toThrow(
      /maxResponseBytes must be a whole number >= 1/,
    );
  });
});
