import { afterEach, describe, expect, it } from "vitest";
import { createScimClient, ScimApiError, type ScimClientOptions } from "../../src/index.js";
import { startServer, user, withTokenEndpoint, type ScriptedServer } from "./server.js";

// The client-wide rate budget, black-box: real requests to a scripted node:http server.

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (url: string, options: Partial<ScimClientOptions> = {}) =>
  createScimClient({ baseUrl: url, auth: { accessToken: "static-token" }, ...options });

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server that answers every API request with a user after `delayMs`, counting those in flight. */
async function slowServer(delayMs: number) {
  const state = { inFlight: 0, maxInFlight: 0, arrivals: [] as number[] };
  server = await startServer(async (request) => {
    state.arrivals.push(performance.now());
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await later(delayMs);
    state.inFlight--;
    return { body: user(request.path.split("/").pop()!) };
  });
  return state;
}

describe("client-wide rate budget", () => {
  it("caps requests in flight at 10 by default, at maxConcurrency when given, not at all with false", async () => {
    const state = await slowServer(50);
    const run = async (options: Partial<ScimClientOptions>) => {
      state.maxInFlight = 0;
      const client = clientFor(server!.url, options);
      await Promise.all(Array.from({ length: 30 }, (_, i) => client.users.get(`u${i}`)));
      return state.maxInFlight;
    };
    expect(await run({})).toBe(10);
    expect(await run({ rateLimit: { maxConcurrency: 3 } })).toBe(3);
    expect(await run({ rateLimit: false })).toBe(30);
  });

  it("a 429 holds every request of the client until the Retry-After moment", async () => {
    const arrivals: number[] = [];
    let limitedAt = 0;
    server = await startServer((request) => {
      arrivals.push(performance.now());
      if (arrivals.length === 1) {
        limitedAt = performance.now();
        return { status: 429, headers: { "Retry-After": "1" } };
      }
      return { body: user(request.path.split("/").pop()!) };
    });
    const client = clientFor(server.url);
    const first = client.users.get("u0");
    await later(100); // the 429 has arrived; the client is paused
    const others = await Promise.all(["u1", "u2", "u3"].map((id) => client.users.get(id)));
    await first;
    expect(others.map((u) => u.id)).toEqual(["u1", "u2", "u3"]);
    expect(arrivals).toHaveLength(5);
    // Nothing reached the server during the second it asked for (timers may fire a little early).
    for (const at of arrivals.slice(1)) expect(at - limitedAt).toBeGreaterThan(950);
  });

  it("queue time uses up neither maxRetries nor maxTotalDelayMs", async () => {
    const state = await slowServer(40);
    const client = clientFor(server!.url, {
      retry: { maxRetries: 0, maxTotalDelayMs: 0 },
      rateLimit: { maxConcurrency: 1 },
    });
    const users = await Promise.all(Array.from({ length: 6 }, (_, i) => client.users.get(`u${i}`)));
    expect(users).toHaveLength(6);
    expect(state.maxInFlight).toBe(1);
  });

  it("an AbortSignal cancels a queued call at once, and it is never sent", async () => {
    const state = await slowServer(2000);
    const client = clientFor(server!.url, { rateLimit: { maxConcurrency: 1 } });
    const first = client.users.get("u0");
    const controller = new AbortController();
    const queued = client.users.get("u1", { signal: controller.signal }).catch((e: unknown) => e);
    await later(20);
    const abortedAt = performance.now();
    controller.abort(new Error("no longer needed"));
    expect(await queued).toEqual(new Error("no longer needed"));
    expect(performance.now() - abortedAt).toBeLessThan(1000); // long before the first call ends
    await first;
    expect(state.arrivals).toHaveLength(1);
  });

  it("a call that waits longer than maxQueueMs in the queue fails naming the bound", async () => {
    await slowServer(400);
    const client = clientFor(server!.url, { rateLimit: { maxConcurrency: 1, maxQueueMs: 50 } });
    const first = client.users.get("u0");
    await expect(client.users.get("u1")).rejects.toThrow(
      /not sent after 50 ms in the rate-limit queue \(rateLimit.maxQueueMs\)/,
    );
    await first;
  });

  it("paces to requestsPerMinute; token requests are neither counted nor paced", async () => {
    const arrivals: { path: string; at: number }[] = [];
    server = await startServer(
      withTokenEndpoint((request) => ({ body: user(request.path.split("/").pop()!) })),
    );
    const record = server.requests;
    const client = createScimClient({
      baseUrl: server.url,
      auth: { clientId: "id", clientSecret: "secret" },
      rateLimit: { requestsPerMinute: 300 }, // 200 ms apart
      onEvent: (event) => {
        if (event.type === "request") {
          const path = event.url.includes("/oauth/token") ? "token" : "request";
          arrivals.push({ path, at: performance.now() });
        }
      },
    });
    await Promise.all(["u1", "u2", "u3"].map((id) => client.users.get(id)));
    const api = arrivals.filter((a) => a.path === "request").map((a) => a.at);
    expect(api).toHaveLength(3);
    for (const gap of api.slice(1).map((t, i) => t - api[i]!)) expect(gap).toBeGreaterThan(180);
    expect(record.filter((r) => r.path === "/oauth/token")).toHaveLength(1);
    // The token request did not take the first slot: the first API request went right after it.
    const token = arrivals.find((a) => a.path === "token")!.at;
    expect(api[0]! - token).toBeLessThan(150);
  });

  it("a Retry-After longer than maxDelayMs ends retries at once, and pauses no longer than maxDelayMs", async () => {
    const arrivals: number[] = [];
    server = await startServer((request) => {
      arrivals.push(performance.now());
      return arrivals.length <= 2
        ? { status: 429, headers: { "Retry-After": "3600" }, body: "daily limit" }
        : { body: user(request.path.split("/").pop()!) };
    });
    const client = clientFor(server.url, { retry: { maxDelayMs: 300 } });
    const error = await client.users.get("u1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimApiError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
    expect(String(error)).toMatch(/Retry-After 3600 s/);
    expect(arrivals).toHaveLength(1);
    const raw = await client.GET("/api/v2/scim/v2/users/{userId}", {
      params: { path: { userId: "u1" } },
    });
    expect(raw.response.status).toBe(429);
    expect(arrivals).toHaveLength(2);
    // The client-wide pause is capped at maxDelayMs, not an hour.
    expect((await client.users.get("u2")).id).toBe("u2");
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThan(250);
  });
});
