import { afterAll, describe, expect, it } from "vitest";
import { FixedWindowRateLimiter } from "../../emulator/rate-limit.js";
import { manualClock, startTestEmulator, stopAll } from "./helpers.js";

afterAll(stopAll);

describe("FixedWindowRateLimiter", () => {
  it("lets `limit` requests through per window and computes Retry-After from the window's end", () => {
    const clock = manualClock();
    const limiter = new FixedWindowRateLimiter({ limit: 2, windowMs: 10_000 }, clock.now);
    expect(limiter.take("a")).toMatchObject({ allowed: true, used: 1, resetSeconds: 10 });
    clock.advance(1_000);
    expect(limiter.take("a")).toMatchObject({ allowed: true, used: 2, resetSeconds: 9 });
    clock.advance(1);
    // 8 999 ms left: a whole-seconds wait must not land inside the window, so round up.
    expect(limiter.take("a")).toEqual({
      allowed: false,
      used: 2,
      limit: 2,
      resetSeconds: 9,
      retryAfterSeconds: 9,
    });
    clock.advance(8_998);
    expect(limiter.take("a")).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1);
    expect(limiter.take("a")).toMatchObject({ allowed: true, used: 1, resetSeconds: 10 });
  });

  it("keeps clients apart, and never answers a Retry-After below one second", () => {
    const clock = manualClock();
    const limiter = new FixedWindowRateLimiter({ limit: 1, windowMs: 200 }, clock.now);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("b").allowed).toBe(true);
    expect(limiter.take("a")).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    limiter.reset();
    expect(limiter.take("a").allowed).toBe(true);
  });
});

describe("rate limit over HTTP", () => {
  it("answers 429 with Retry-After, inin-correlation-id and the Genesys body once a client exceeds its limit", async () => {
    const clock = manualClock();
    const { request } = await startTestEmulator({
      rateLimit: { limit: 3, windowMs: 60_000 },
      now: clock.now,
    });
    for (let i = 1; i <= 3; i++) {
      const ok = await request("GET", "/users");
      expect(ok.status).toBe(200);
      // Like Genesys since 2021: no inin-ratelimit-* headers, a 429 is the only signal.
      expect([...ok.headers.keys()].filter((name) => name.startsWith("inin-ratelimit"))).toEqual(
        [],
      );
    }
    clock.advance(15_500);
    const limited = await request("GET", "/users");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("45");
    expect(limited.headers.get("content-type")).toMatch(/^application\/json/);
    const correlationId = limited.headers.get("inin-correlation-id");
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(limited.body).toEqual({
      message: "Rate limit exceeded the maximum. Retry the request in [45] seconds",
      code: "too.many.requests.retry.after",
      status: 429,
      messageWithParams: "Rate limit exceeded the maximum. Retry the request in [{0}] seconds",
      messageParams: { "0": "45" },
      limit: { key: "requests.per.window", namespace: "oauth.client", value: 3 },
      contextId: correlationId,
      details: [],
      errors: [],
    });
    // Refused requests don't use up the next window; after Retry-After the client is served again.
    clock.advance(45_000);
    expect((await request("GET", "/users")).status).toBe(200);
  });

  it("limits each OAuth client separately, whatever token it uses", async () => {
    const clock = manualClock();
    const { emulator, request } = await startTestEmulator({
      rateLimit: { limit: 2, windowMs: 1_000 },
      now: clock.now,
      clients: [
        { clientId: "hr-sync", clientSecret: "one" },
        { clientId: "reporting", clientSecret: "two" },
      ],
    });
    const secondToken = emulator.issueToken("hr-sync");
    expect((await request("GET", "/groups")).status).toBe(200);
    expect((await request("GET", "/groups", { token: secondToken })).status).toBe(200);
    expect((await request("GET", "/groups")).status).toBe(429);
    expect(
      (await request("GET", "/groups", { token: emulator.issueToken("reporting") })).status,
    ).toBe(200);
  });

  it("does not count unauthenticated requests against a client", async () => {
    const clock = manualClock();
    const { request } = await startTestEmulator({
      rateLimit: { limit: 1, windowMs: 1_000 },
      now: clock.now,
    });
    expect((await request("GET", "/users", { token: "bogus" })).status).toBe(401);
    expect((await request("GET", "/users")).status).toBe(200);
  });

  it("serves a burst at exactly the limit per window in real time, and the wait it asks for is enough", async () => {
    const { request, emulator } = await startTestEmulator({
      rateLimit: { limit: 5, windowMs: 1_000 },
    });
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => request("GET", "/serviceproviderconfig")),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const retryAfter = Number(burst.find((r) => r.status === 429)?.headers.get("retry-after"));
    expect(retryAfter).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await request("GET", "/serviceproviderconfig")).status).toBe(200);
    expect(emulator.stats().byStatus["429"]).toBe(3);
  });

  it("with a daily limit, answers its 429 with a Retry-After of the rest of the day", async () => {
    const clock = manualClock();
    const { request } = await startTestEmulator({
      rateLimit: { limit: 100, windowMs: 60_000 },
      dailyLimit: { limit: 2 },
      tokenTtlSeconds: 7 * 86_400,
      now: clock.now,
    });
    expect((await request("GET", "/users")).status).toBe(200);
    clock.advance(3_600_000);
    expect((await request("GET", "/users")).status).toBe(200);
    const limited = await request("GET", "/users");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe(String(23 * 3600));
    expect(limited.body).toMatchObject({
      message: `Daily rate limit exceeded the maximum. Retry the request in [${23 * 3600}] seconds`,
      code: "too.many.requests.retry.after",
      limit: { key: "requests.per.day", namespace: "oauth.client", value: 2 },
    });
    clock.advance(23 * 3_600_000);
    expect((await request("GET", "/users")).status).toBe(200);
  });
});
