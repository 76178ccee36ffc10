// One process of the shared-budget figure: `calls` concurrent users.get calls from a default
// client (optionally on the shared Redis budget), reported to the parent over IPC. Settings and
// the OAuth secret come in the BENCH_CHILD environment variable, never argv (`ps` shows argv).
import { Redis } from "ioredis";
import { createScimClient } from "../src/index.js";
import { redisBudget } from "../src/redis/index.js";

interface ChildConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  userIds: string[];
  calls: number;
  /** Share the budget through the redis-server on this port; absent: each process on its own. */
  redisPort?: number;
  requestsPerMinute: number;
  workers: number;
}

const config = JSON.parse(process.env.BENCH_CHILD ?? "{}") as ChildConfig;
const redis =
  config.redisPort === undefined
    ? undefined
    : new Redis({ host: "127.0.0.1", port: config.redisPort });
let sent = 0;
let limited = 0;
const client = createScimClient({
  baseUrl: config.baseUrl,
  auth: { clientId: config.clientId, clientSecret: config.clientSecret },
  ...(redis
    ? {
        rateLimit: {
          shared: redisBudget({
            redis,
            requestsPerMinute: config.requestsPerMinute,
            workers: config.workers,
          }),
        },
      }
    : {}),
  onEvent: (event) => {
    if (event.type !== "response" || event.url.includes("/oauth/")) return;
    sent++;
    if (event.status === 429) limited++;
  },
});

// Wait for the parent's go, so that all processes start their burst together.
process.once("message", async () => {
  let failed = 0;
  let firstFailure: string | undefined;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: config.calls }, (_, i) =>
      client.users.get(config.userIds[i % config.userIds.length]!).catch((error: unknown) => {
        failed++;
        firstFailure ??= String(error).slice(0, 160);
      }),
    ),
  );
  const wallMs = performance.now() - start;
  redis?.disconnect();
  process.send!({ calls: config.calls, failed, sent, limited, wallMs, firstFailure }, () =>
    process.exit(0),
  );
});
process.send!({ ready: true });
