// One worker process of the shared-budget tests: a client on the shared Redis budget makes
// `calls` concurrent users.get calls and prints one JSON line of what happened. Its settings
// come in the WORKER environment variable (never argv: the secret would show in `ps`).
import { Redis } from "ioredis";
import { createScimClient } from "../../src/index.js";
import { redisBudget } from "../../src/redis/index.js";

interface WorkerConfig {
  baseUrl: string;
  auth: { clientId: string; clientSecret: string } | { accessToken: string };
  name: string;
  redisPort: number;
  key?: string;
  requestsPerMinute: number;
  calls: number;
  userIds: string[];
  /** Epoch ms at which all workers start together (their startup times differ a lot under load). */
  startAt: number;
}

const config = JSON.parse(process.env.WORKER ?? "{}") as WorkerConfig;
const redis = new Redis({ host: "127.0.0.1", port: config.redisPort, retryStrategy: () => 100 });
redis.on("error", () => {}); // down on purpose in one test: the budget falls back locally

const statuses: Record<string, number> = {};
const client = createScimClient({
  baseUrl: config.baseUrl,
  auth: config.auth,
  userAgent: config.name,
  rateLimit: {
    shared: redisBudget({
      redis,
      ...(config.key ? { key: config.key } : {}),
      requestsPerMinute: config.requestsPerMinute,
      workers: 4,
      // Generous: on a loaded machine a slow reply must not count as Redis being down (the
      // kill-and-restart test is what exercises the fallback).
      timeoutMs: 2000,
      retryAfterMs: 300,
    }),
  },
  onEvent: (event) => {
    if (event.type === "response" && !event.url.includes("/oauth/")) {
      statuses[event.status] = (statuses[event.status] ?? 0) + 1;
    }
  },
});

await new Promise((resolve) => setTimeout(resolve, Math.max(0, config.startAt - Date.now())));
const errors: string[] = [];
let ok = 0;
await Promise.all(
  Array.from({ length: config.calls }, (_, i) =>
    client.users.get(config.userIds[i % config.userIds.length]!).then(
      () => ok++,
      (error: unknown) => errors.push(String(error)),
    ),
  ),
);
redis.disconnect();
process.stdout.write(`${JSON.stringify({ name: config.name, ok, errors, statuses })}\n`);
