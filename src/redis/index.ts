/**
 * genesys-cloud-scim/redis: one rate budget shared by every process that uses the same OAuth
 * client, kept in the caller's own Redis.
 *
 * @example
 * ```ts
 * import Redis from "ioredis";
 * import { createScimClient } from "genesys-cloud-scim";
 * import { redisBudget } from "genesys-cloud-scim/redis";
 *
 * const client = createScimClient({
 *   region: "mypurecloud.ie",
 *   auth: { clientId, clientSecret },
 *   rateLimit: { shared: redisBudget({ redis: new Redis(process.env.REDIS_URL!) }) },
 * });
 * ```
 *
 * @packageDocumentation
 */
import { trySlot, type Pace } from "../budget/gcra.js";
import type { SharedBudget, SharedBudgetStore } from "../budget/types.js";
import { ScimValidationError } from "../index.js";
import { redisCommand, type RedisClientLike, type RedisCommand } from "./command.js";
import { BUDGET_SCRIPT, BUDGET_SCRIPT_SHA } from "./script.js";

export type { RedisClientLike, RedisCommand } from "./command.js";
export type { SharedBudget, SharedBudgetStore } from "../budget/types.js";

/** Options of {@link redisBudget}. */
export interface RedisBudgetOptions {
  /** Your Redis client (ioredis or node-redis), or a function sending one command. */
  redis: RedisClientLike;
  /**
   * The Redis key of the budget. Default `genesys-cloud-scim:budget:<OAuth client id>`, so every
   * process with the same client id shares one budget; required with other kinds of auth.
   */
  key?: string;
  /** The budget all processes share, in requests per minute. Default 300 (Genesys' per-client limit). */
  requestsPerMinute?: number;
  /**
   * How many processes are expected to share the budget: while Redis is unreachable each process
   * paces itself to `requestsPerMinute / workers` on its own. Default 4.
   */
  workers?: number;
  /** Longest a Redis call may take before the local fallback answers instead, in ms. Default 500. */
  timeoutMs?: number;
  /** After Redis failed, how long the local fallback serves before Redis is tried again, in ms. Default 1000. */
  retryAfterMs?: number;
}

/**
 * A {@link SharedBudgetStore} on Redis, for `createScimClient({ rateLimit: { shared } })`. Every
 * request reserves its slot in one atomic Lua script on the Redis server's clock (GCRA: the
 * processes together send at most `requestsPerMinute`, evenly spaced), and a 429 seen by any
 * process pauses all of them until the moment the server named. When Redis cannot be reached,
 * requests go on under a local budget of `requestsPerMinute / workers`, and the shared budget is
 * used again once Redis answers; a request never fails because Redis is down.
 */
export function redisBudget(options: RedisBudgetOptions): SharedBudgetStore {
  if (!options || typeof options !== "object") {
    throw new ScimValidationError("redisBudget needs an options object with at least redis");
  }
  const send = redisCommand(options.redis);
  const number = (name: keyof RedisBudgetOptions, fallback: number) => {
    const value = options[name] ?? fallback;
    if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
      throw new ScimValidationError(
        `redisBudget: ${name} must be a finite number > 0, got ${String(value)}`,
      );
    }
    return value;
  };
  const intervalMs = 60_000 / number("requestsPerMinute", 300);
  const workers = number("workers", 4);
  const timeoutMs = number("timeoutMs", 500);
  const retryAfterMs = number("retryAfterMs", 1000);
  if (options.key !== undefined && (typeof options.key !== "string" || options.key === "")) {
    throw new ScimValidationError("redisBudget: key must be a non-empty string");
  }
  return {
    open({ clientId }) {
      const key = options.key ?? (clientId ? `genesys-cloud-scim:budget:${clientId}` : undefined);
      if (key === undefined) {
        throw new ScimValidationError(
          "redisBudget: key is required unless auth is client credentials (the key defaults to the client id)",
        );
      }
      return sharedBudget(send, key, { intervalMs, workers, timeoutMs, retryAfterMs });
    },
  };
}

interface Tuning {
  intervalMs: number;
  workers: number;
  timeoutMs: number;
  retryAfterMs: number;
}

function sharedBudget(send: RedisCommand, key: string, tuning: Tuning): SharedBudget {
  const { intervalMs, workers, timeoutMs, retryAfterMs } = tuning;
  // A reservation is taken at most 4 intervals (and at most 1 s) ahead (see trySlot): a pause set
  // by another process then holds this one within that horizon, while a Redis round trip that
  // the machine's load stretches still finds a slot to take rather than asking twice.
  const horizonMs = Math.min(4 * intervalMs, 1000);
  const local: Pace = { tat: 0 };
  let downUntil = 0;
  // One reservation at a time per process: the others queue behind it here rather than all
  // asking Redis at once.
  let chain: Promise<unknown> = Promise.resolve();

  async function script(pauseMs: number): Promise<[number, number]> {
    const args = [String(intervalMs), String(horizonMs), String(Math.ceil(pauseMs))];
    try {
      return (await send(["EVALSHA", BUDGET_SCRIPT_SHA, "1", key, ...args])) as [number, number];
    } catch (error) {
      // After a Redis restart (or on a new server) the script cache is empty: EVAL loads it.
      if (!String((error as Error)?.message ?? error).includes("NOSCRIPT")) throw error;
      return (await send(["EVAL", BUDGET_SCRIPT, "1", key, ...args])) as [number, number];
    }
  }

  /** The script's answer, or undefined when Redis failed or was too slow (then: local for a while). */
  async function shared(pauseMs: number): Promise<[number, number] | undefined> {
    if (performance.now() < downUntil) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const reply = await Promise.race([script(pauseMs).catch(() => undefined), late]);
    clearTimeout(timer);
    if (!Array.isArray(reply)) {
      downUntil = performance.now() + retryAfterMs;
      return undefined;
    }
    return [Number(reply[0]), Number(reply[1])];
  }

  /** Waits its turn for a slot and returns how long until it comes; an aborted wait takes none. */
  async function reserve(signal: AbortSignal | undefined): Promise<number> {
    for (;;) {
      if (signal?.aborted) return 0;
      const reply = await shared(0);
      const { reserved, waitMs } =
        reply === undefined
          ? trySlot(local, performance.now(), intervalMs * workers, horizonMs)
          : { reserved: reply[0] === 1, waitMs: reply[1] };
      if (reserved) return waitMs;
      await abortable(sleep(Math.max(1, waitMs)), signal).catch(() => undefined);
    }
  }

  return {
    reserve(signal) {
      const slot = chain.then(() => reserve(signal));
      chain = slot.catch(() => undefined);
      return abortable(
        slot.catch(() => 0).then((waitMs) => abortable(sleep(waitMs), signal)),
        signal,
      );
    },
    pause(ms) {
      const until = performance.now() + ms;
      if (local.tat < until) local.tat = until;
      void shared(ms);
    },
  };
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : resolve()));

/** `promise`, or a rejection with `signal.reason` as soon as the signal aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
