import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScimValidationError } from "../../src/errors.js";
import { redisBudget } from "../../src/redis/index.js";
import { BUDGET_SCRIPT, BUDGET_SCRIPT_SHA } from "../../src/redis/script.js";
import { freePort, startRedis, type RedisServer } from "./redis-server.js";

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis();
  redis = new Redis({ host: "127.0.0.1", port: server.port, lazyConnect: false });
});
afterAll(async () => {
  redis?.disconnect();
  await server?.kill();
});

let keys = 0;
const freshKey = () => `test:${process.pid}:${++keys}`;

/** Reserves `n` slots from `budget` and returns the moments (local ms) they came. */
async function sendMoments(budget: ReturnType<ReturnType<typeof redisBudget>["open"]>, n: number) {
  return Promise.all(
    Array.from({ length: n }, () => budget.reserve(undefined).then(() => performance.now())),
  );
}

describe("redisBudget on a real redis-server", () => {
  it("ships the SHA-1 of its script, for EVALSHA", () => {
    expect(createHash("sha1").update(BUDGET_SCRIPT).digest("hex")).toBe(BUDGET_SCRIPT_SHA);
  });

  it("spaces the slots of two processes' budgets on one key one interval apart", async () => {
    const key = freshKey();
    const store = redisBudget({ redis, key, requestsPerMinute: 600 }); // 100 ms apart
    const [a, b] = [store.open({}), store.open({})];
    const moments = (await Promise.all([sendMoments(a, 4), sendMoments(b, 4)])).flat();
    moments.sort((x, y) => x - y);
    const gaps = moments.slice(1).map((t, i) => t - moments[i]!);
    // Each slot is one interval after the previous one on the Redis clock; the local clock sees
    // the same gaps give or take the round trips.
    for (const gap of gaps) expect(gap).toBeGreaterThan(70);
    expect(Number(await redis.hget(key, "tat"))).toBeGreaterThan(0);
  });

  it("a pause asked for by one holds the other until it ends", async () => {
    const key = freshKey();
    const store = redisBudget({ redis, key, requestsPerMinute: 6000 });
    const [a, b] = [store.open({}), store.open({})];
    await a.reserve(undefined);
    const start = performance.now();
    a.pause(1500);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the pause reaches Redis
    const [moment] = await sendMoments(b, 1);
    expect(moment! - start).toBeGreaterThan(1400);
    expect(Number(await redis.hget(key, "paused"))).toBeGreaterThan(0);
  });

  it("derives the key from the OAuth client id, and requires one without it", async () => {
    const store = redisBudget({ redis, requestsPerMinute: 60 });
    const clientId = `client-${process.pid}-${Date.now()}`;
    await store.open({ clientId }).reserve(undefined);
    expect(await redis.exists(`genesys-cloud-scim:budget:${clientId}`)).toBe(1);
    // Another client id has its own budget: its first slot is free at once, not a second later.
    const start = performance.now();
    await store.open({ clientId: `${clientId}-other` }).reserve(undefined);
    expect(performance.now() - start).toBeLessThan(900);
    expect(() => store.open({})).toThrow(/key is required unless auth is client credentials/);
  });

  it("reloads its script after the server lost it (as after a restart)", async () => {
    await redis.script("FLUSH");
    const key = freshKey();
    await redisBudget({ redis, key }).open({}).reserve(undefined);
    expect(await redis.exists(key)).toBe(1);
  });

  it("works with a node-redis client as with ioredis", async () => {
    const nodeRedis = createClient({ socket: { host: "127.0.0.1", port: server.port } });
    await nodeRedis.connect();
    try {
      const key = freshKey();
      const budget = redisBudget({ redis: nodeRedis, key, requestsPerMinute: 600 }).open({});
      const moments = await sendMoments(budget, 3);
      for (const gap of moments.slice(1).map((t, i) => t - moments[i]!)) {
        expect(gap).toBeGreaterThan(70);
      }
      expect(await nodeRedis.exists(key)).toBe(1);
    } finally {
      await nodeRedis.quit();
    }
  });

  it("accepts a command function and refuses what is not a Redis client", async () => {
    const commands: string[][] = [];
    const budget = redisBudget({
      redis: (args) => (commands.push(args), redis.call(args[0]!, ...args.slice(1))),
      key: freshKey(),
    }).open({});
    await budget.reserve(undefined);
    expect(commands[0]![0]).toBe("EVALSHA");
    expect(() => redisBudget({ redis: {} as never })).toThrow(ScimValidationError);
    expect(() => redisBudget({ redis, workers: 0 })).toThrow(/workers must be a finite number > 0/);
  });

  it("an abort ends the wait for a slot at once", async () => {
    const budget = redisBudget({ redis, key: freshKey(), requestsPerMinute: 1 }).open({});
    await budget.reserve(undefined); // the next slot is a minute away
    const controller = new AbortController();
    const waiting = budget.reserve(controller.signal).catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error("cancelled")), 50);
    expect(await waiting).toEqual(new Error("cancelled"));
  });

  it("keeps answering on a local budget while Redis is down, and uses Redis again when it returns", async () => {
    const port = await freePort();
    const offline = new Redis({ host: "127.0.0.1", port, retryStrategy: () => 50 });
    offline.on("error", () => {});
    const key = freshKey();
    // 600/min over 2 workers: 300/min each, 200 ms apart, while Redis is down.
    const budget = redisBudget({
      redis: offline,
      key,
      requestsPerMinute: 600,
      workers: 2,
      timeoutMs: 200,
      retryAfterMs: 300,
    }).open({});
    try {
      const down = await sendMoments(budget, 3);
      const gaps = down.slice(1).map((t, i) => t - down[i]!);
      for (const gap of gaps) expect(gap).toBeGreaterThan(170);
      const revived = await startRedis(port);
      try {
        await new Promise((resolve) => setTimeout(resolve, 800)); // reconnect + retryAfterMs
        await sendMoments(budget, 2);
        expect(await offline.exists(key)).toBe(1);
      } finally {
        await revived.kill();
      }
    } finally {
      offline.disconnect();
    }
  }, 30_000);
});
