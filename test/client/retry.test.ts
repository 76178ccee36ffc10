import { afterEach, describe, expect, it } from "vitest";
import {
  createScimClient,
  ScimApiError,
  ScimNetworkError,
  type ScimEvent,
  type ScimRetryEvent,
} from "../../src/index.js";
import { backoffDelay } from "../../src/transport/backoff.js";
import { parseGenesysRetryHint, parseRetryAfter } from "../../src/transport/retry-after.js";
import { resolveRetryPolicy } from "../../src/transport/retry-policy.js";
import { rateLimitBody, sequence, startServer, user, type ScriptedServer } from "./server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function clientFor(
  url: string,
  events: ScimEvent[],
  retry: Parameters<typeof createScimClient>[0]["retry"] = { maxDelayMs: 5 },
) {
  return createScimClient({
    baseUrl: url,
    auth: { accessToken: "static-token" },
    retry,
    onEvent: (event) => events.push(event),
  });
}

const retries = (events: ScimEvent[]) =>
  events.filter((e): e is ScimRetryEvent => e.type === "retry");

const newUser = { userName: "jane@example.com", displayName: "Jane Doe", title: "Ünïcødé ✓" };

describe("retry on 429", () => {
  it("retries twice after 429 + Retry-After, replaying the identical body, then succeeds", async () => {
    server = await startServer(
      sequence(
        { status: 429, headers: { "Retry-After": "1" }, body: rateLimitBody(1) },
        { status: 429, headers: { "Retry-After": "0" }, body: rateLimitBody(0) },
        { status: 201, body: user("u1", newUser) },
      ),
    );
    const events: ScimEvent[] = [];
    const created = await clientFor(server.url, events, { maxDelayMs: 1000 }).users.create(newUser);

    expect(created.id).toBe("u1");
    expect(server.requests).toHaveLength(3);
    const bodies = server.requests.map((r) => r.body);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!)).toEqual(newUser);
    expect(
      server.requests.every((r) => r.headers["content-type"] === "application/scim+json"),
    ).toBe(true);

    const waits = retries(events);
    expect(waits.map((e) => [e.attempt, e.status, e.reason, e.delaySource, e.delayMs])).toEqual([
      [1, 429, "rate-limited", "retry-after", 1000],
      [2, 429, "rate-limited", "retry-after", 0],
    ]);
    expect(waits.map((e) => e.waitMs)).toEqual([1000, 0]);
    expect(
      events.filter((e) => e.type === "request").map((e) => (e as { attempt: number }).attempt),
    ).toEqual([1, 2, 3]);
  });

  it("honours a Retry-After given as an HTTP-date", async () => {
    server = await startServer(
      sequence(
        () => ({
          status: 429,
          headers: { "Retry-After": new Date(Date.now() + 3000).toUTCString() },
        }),
        { body: user("u1") },
      ),
    );
    const events: ScimEvent[] = [];
    await clientFor(server.url, events, { maxDelayMs: 3000 }).users.get("u1");
    const [wait] = retries(events);
    expect(wait?.delaySource).toBe("retry-after");
    // An HTTP-date has whole-second precision: the date lies 2 to 3 s ahead when it is sent.
    expect(wait!.delayMs).toBeGreaterThan(1000);
    expect(wait!.delayMs).toBeLessThanOrEqual(3000);
    expect(server.requests).toHaveLength(2);
  });

  it("without Retry-After, waits as the Genesys body says", async () => {
    server = await startServer(
      sequence({ status: 429, body: rateLimitBody(0.05) }, { body: user("u1") }),
    );
    const events: ScimEvent[] = [];
    await clientFor(server.url, events, { maxDelayMs: 100 }).users.get("u1");
    const [wait] = retries(events);
    expect(wait).toMatchObject({ delaySource: "genesys-body", delayMs: 50, waitMs: 50 });
  });

  it("with no hint at all, backs off exponentially with jitter below the cap", async () => {
    server = await startServer(sequence({ status: 429, body: "slow down" }, { body: user("u1") }));
    const events: ScimEvent[] = [];
    await clientFor(server.url, events, { baseDelayMs: 4, maxDelayMs: 50 }).users.get("u1");
    const [wait] = retries(events);
    expect(wait?.delaySource).toBe("backoff");
    expect(wait!.delayMs).toBeGreaterThanOrEqual(0);
    expect(wait!.delayMs).toBeLessThan(4);
  });

  it("when retries run out, the caller sees the last 429 (raw) or a ScimApiError (helpers)", async () => {
    let n = 0;
    server = await startServer(() => ({
      status: 429,
      headers: { "Retry-After": "0", "inin-correlation-id": `corr-${++n}` },
      body: rateLimitBody(0),
    }));
    const events: ScimEvent[] = [];
    const client = clientFor(server.url, events, { maxRetries: 2, maxDelayMs: 5 });

    const raw = await client.GET("/api/v2/scim/v2/users/{userId}", {
      params: { path: { userId: "u1" } },
    });
    expect(raw.response.status).toBe(429);
    expect(raw.response.headers.get("inin-correlation-id")).toBe("corr-3");
    expect(raw.error).toMatchObject({ code: "too.many.requests.retry.after" });
    expect(server.requests).toHaveLength(3);

    const error = await client.users.get("u1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimApiError);
    expect(error).toMatchObject({
      status: 429,
      code: "too.many.requests.retry.after",
      correlationId: "corr-6",
    });
    expect(server.requests).toHaveLength(6);
  });

  it("keeps the body of the last 429 intact after reading it for a hint", async () => {
    server = await startServer(() => ({ status: 429, body: rateLimitBody(0) }));
    const client = clientFor(server.url, [], { maxRetries: 1, maxDelayMs: 1 });
    const raw = await client.GET("/api/v2/scim/v2/users/{userId}", {
      params: { path: { userId: "u1" } },
    });
    expect(raw.error).toEqual(rateLimitBody(0));
    expect(raw.response.url).toBe(`${server.url}/api/v2/scim/v2/users/u1`);
  });

  it("stops retrying when the total wait would pass maxTotalDelayMs", async () => {
    server = await startServer(() => ({ status: 429, body: rateLimitBody(0.004) }));
    const events: ScimEvent[] = [];
    const client = clientFor(server.url, events, {
      maxRetries: 10,
      maxDelayMs: 4,
      maxTotalDelayMs: 10,
    });
    const raw = await client.GET("/api/v2/scim/v2/users/{userId}", {
      params: { path: { userId: "u1" } },
    });
    expect(raw.response.status).toBe(429);
    // Waits of 4 ms each: 4 + 4 fit in 10, a third would not.
    expect(retries(events)).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
  });

  it("an AbortSignal cancels a retry wait at once", async () => {
    server = await startServer(() => ({ status: 429, headers: { "Retry-After": "30" } }));
    const controller = new AbortController();
    const client = createScimClient({
      baseUrl: server.url,
      auth: { accessToken: "static-token" },
      // No cap below 30 s: without the abort this test would time out.
      onEvent: (event) => {
        if (event.type === "retry") controller.abort();
      },
    });
    const error = await client.users
      .get("u1", { signal: controller.signal })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(server.requests).toHaveLength(1);
  });

  it("retry: false never retries", async () => {
    server = await startServer(() => ({ status: 429, headers: { "Retry-After": "0" } }));
    const client = clientFor(server.url, [], false);
    const raw = await client.GET("/api/v2/scim/v2/users/{userId}", {
      params: { path: { userId: "u1" } },
    });
    expect(raw.response.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });
});

describe("retry on 502/503/504 and network errors", () => {
  it("retries a 503 on GET", async () => {
    server = await startServer(sequence({ status: 503 }, { status: 504 }, { body: user("u1") }));
    const events: ScimEvent[] = [];
    const got = await clientFor(server.url, events).users.get("u1");
    expect(got.id).toBe("u1");
    expect(retries(events).map((e) => [e.status, e.reason])).toEqual([
      [503, "server-error"],
      [504, "server-error"],
    ]);
  });

  it("does not retry a 503 on POST", async () => {
    server = await startServer(
      sequence({ status: 503, body: { message: "down" } }, { status: 201, body: user("u1") }),
    );
    const error = await clientFor(server.url, [])
      .users.create(newUser)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimApiError);
    expect((error as ScimApiError).status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a 502 on POST when retryNonIdempotent is set", async () => {
    server = await startServer(sequence({ status: 502 }, { status: 201, body: user("u1") }));
    const created = await clientFor(server.url, [], {
      maxDelayMs: 5,
      retryNonIdempotent: true,
    }).users.create(newUser);
    expect(created.id).toBe("u1");
    expect(server.requests.map((r) => r.body)).toEqual([
      JSON.stringify(newUser),
      JSON.stringify(newUser),
    ]);
  });

  it("retries a reset connection on GET, then succeeds", async () => {
    let n = 0;
    server = await startServer((_request, res) => {
      if (++n === 1) {
        res.socket?.destroy();
        return;
      }
      return { body: user("u1") };
    });
    const events: ScimEvent[] = [];
    const got = await clientFor(server.url, events).users.get("u1");
    expect(got.id).toBe("u1");
    expect(retries(events).map((e) => e.reason)).toEqual(["network-error"]);
  });

  it("does not retry a reset connection on POST: ScimNetworkError", async () => {
    server = await startServer((_request, res) => {
      res.socket?.destroy();
    });
    const error = await clientFor(server.url, [])
      .users.create(newUser)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimNetworkError);
    expect((error as ScimNetworkError).attempts).toBe(1);
    expect((error as ScimNetworkError).message).toContain(
      `POST ${server.url}/api/v2/scim/v2/users failed`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("gives up on a GET after maxRetries network errors with a ScimNetworkError", async () => {
    server = await startServer((_request, res) => {
      res.socket?.destroy();
    });
    const error = await clientFor(server.url, [], { maxRetries: 2, maxDelayMs: 2 })
      .users.get("u1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimNetworkError);
    expect(error).toMatchObject({ attempts: 3, method: "GET" });
    expect((error as Error).message).toMatch(/after 3 attempts/);
    expect(server.requests).toHaveLength(3);
  });
});

describe("retry helpers", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it("parseRetryAfter reads delta-seconds and HTTP-dates", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("Wednesday, 01-Jan-25 00:00:02 GMT", now)).toBe(2000);
    expect(parseRetryAfter("Wed Jan  1 00:00:09 2025", now)).toBe(9000);
    for (const bad of [null, undefined, "", "-1", "1.5", "soon", "abc 12"]) {
      expect(parseRetryAfter(bad, now)).toBeUndefined();
    }
  });

  it("parseGenesysRetryHint reads the Genesys 429 message", () => {
    expect(parseGenesysRetryHint(JSON.stringify(rateLimitBody(12)))).toBe(12000);
    expect(parseGenesysRetryHint("Retry the request in 3 seconds")).toBe(3000);
    expect(parseGenesysRetryHint('{"message":"Too many requests"}')).toBeUndefined();
  });

  it("backoffDelay grows exponentially under the cap", () => {
    const max = () => 0.999999;
    expect(backoffDelay(1, 100, 10_000, max)).toBe(99);
    expect(backoffDelay(3, 100, 10_000, max)).toBe(399);
    expect(backoffDelay(20, 100, 10_000, max)).toBe(9999);
    expect(backoffDelay(5, 100, 10_000, () => 0)).toBe(0);
  });

  it("resolveRetryPolicy refuses bad options with a clear error", () => {
    expect(() => resolveRetryPolicy({ maxRetries: -1 })).toThrow(
      /retry.maxRetries must be a whole number >= 0/,
    );
    expect(() => resolveRetryPolicy({ maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(() => resolveRetryPolicy({ maxDelayMs: Number.NaN })).toThrow(/retry.maxDelayMs/);
    expect(resolveRetryPolicy(false).maxRetries).toBe(0);
    expect(resolveRetryPolicy({}).maxRetries).toBe(3);
  });
});
