import { spawn } from "node:child_process";
import { createServer } from "node:http";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index.js";
import { startRedis, type RedisServer } from "./redis-server.js";

// Four worker processes (test/redis/worker.ts), one OAuth client, one budget in a real
// redis-server. No timing thresholds: the checks are lower bounds that a slow machine only
// makes easier to meet, or counts.

const WORKER = path.join(import.meta.dirname, "worker.ts");

interface WorkerReport {
  name: string;
  ok: number;
  errors: string[];
  statuses: Record<string, number>;
}

function runWorker(config: Record<string, unknown>): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
      env: { ...process.env, WORKER: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`worker exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split("\n").pop()!) as WorkerReport);
    });
  });
}

let redis: RedisServer;
let emulator: RunningEmulator;
let userIds: string[];
beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ rateLimit: false, seedUsers: 5 });
  const token = emulator.issueToken();
  const list = await fetch(`${emulator.scimUrls.v2}/users`, {
    headers: { authorization: `Bearer ${token}` },
  });
  userIds = ((await list.json()) as { Resources: { id: string }[] }).Resources.map((u) => u.id);
});
afterAll(async () => {
  await emulator?.close();
  await redis?.kill();
});

const workers = (count: number, config: Record<string, unknown>) => {
  // Started together, however long each process takes to boot.
  const startAt = Date.now() + 8000;
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      runWorker({
        baseUrl: emulator.url,
        auth: { clientId: emulator.clientId, clientSecret: emulator.clientSecret },
        name: `worker-${i}`,
        redisPort: redis.port,
        userIds,
        startAt,
        ...config,
      }),
    ),
  );
};

describe("one budget shared by 4 processes through Redis", () => {
  it("together they never go faster than the shared budget", async () => {
    // 1200/min = one request per 50 ms for all four together; alone each would need far less.
    const start = performance.now() + 8000; // the workers' common start
    const reports = await workers(4, { requestsPerMinute: 1200, calls: 25 });
    const elapsed = performance.now() - start;
    expect(reports.map((r) => [r.ok, r.errors])).toEqual(Array(4).fill([25, []]));
    // 100 slots, one interval apart on the Redis clock: at least 99 intervals from first to last.
    expect(elapsed).toBeGreaterThan(99 * 50);
    const key = `genesys-cloud-scim:budget:${emulator.clientId}`;
    const client = new Redis({ host: "127.0.0.1", port: redis.port });
    try {
      expect(await client.exists(key)).toBe(1);
    } finally {
      client.disconnect();
    }
  }, 120_000);

  it("keeps working while Redis is killed and restarted mid-run, and uses it again afterwards", async () => {
    const run = workers(4, { requestsPerMinute: 1200, calls: 40 });
    await new Promise((resolve) => setTimeout(resolve, 8000 + 1500));
    const port = redis.port;
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    redis = await startRedis(port); // empty: no persistence
    const reports = await run;
    expect(reports.map((r) => [r.ok, r.errors])).toEqual(Array(4).fill([40, []]));
    // The restarted server holds the budget again: the workers came back to it.
    const client = new Redis({ host: "127.0.0.1", port });
    try {
      expect(await client.exists(`genesys-cloud-scim:budget:${emulator.clientId}`)).toBe(1);
    } finally {
      client.disconnect();
    }
  }, 120_000);

  it("a 429 seen by one worker pauses the others until its Retry-After", async () => {
    const arrivals: { at: number; worker: string }[] = [];
    let limited: { at: number; worker: string } | undefined;
    const api = createServer((req, res) => {
      const hit = { at: performance.now(), worker: String(req.headers["user-agent"]) };
      arrivals.push(hit);
      if (arrivals.length === 12) {
        limited = hit;
        res.writeHead(429, { "Retry-After": "5", "Content-Type": "application/json" });
        res.end(JSON.stringify({ message: "Rate limit exceeded", status: 429 }));
        return;
      }
      res.writeHead(200, { "Content-Type": "application/scim+json" });
      res.end(JSON.stringify({ id: req.url!.split("/").pop(), userName: "x" }));
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const { port } = api.address() as { port: number };
    try {
      const reports = await workers(4, {
        baseUrl: `http://127.0.0.1:${port}`,
        auth: { accessToken: "test-token" },
        key: `test:pause:${process.pid}`,
        requestsPerMinute: 600,
        calls: 8,
      });
      expect(reports.map((r) => [r.ok, r.errors])).toEqual(Array(4).fill([8, []]));
      expect(limited).toBeDefined();
      // Slots are reserved at most 4 intervals (400 ms) ahead, so apart from those the others
      // held still for the 5 s the server asked for. The margins only allow for late timers.
      const during = arrivals.filter((a) => a.at > limited!.at + 1500 && a.at < limited!.at + 4500);
      expect(during).toEqual([]);
      expect(new Set(arrivals.filter((a) => a.at > limited!.at).map((a) => a.worker)).size).toBe(4);
    } finally {
      await new Promise<void>((resolve) => api.close(() => resolve()));
    }
  }, 120_000);
});
