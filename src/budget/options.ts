import { ScimValidationError } from "../errors.js";
import { createClientBudget } from "./client-budget.js";
import type { RateBudget, SharedBudgetStore } from "./types.js";

/**
 * The client-wide rate budget (`rateLimit` of `createScimClient`). Without any option the client
 * already pauses on a 429 and caps requests in flight; these options add a known pace and a budget
 * shared with other processes.
 */
export interface RateLimitOptions {
  /**
   * Pace the client to this many API requests per minute (GCRA: evenly spaced, no bursts), so 429s
   * become rare. Genesys Cloud allows about 300 per OAuth client. Default: none; the pace is then
   * learned from the 429s the server sends.
   */
  requestsPerMinute?: number;
  /**
   * Most API requests in flight at once. Default 10: at a 100 ms round trip that is 100 requests/s,
   * twenty times Genesys' 300/minute, so it never slows a client down, while a burst that meets
   * the limit overshoots by at most 9 requests before the first 429 pauses the client.
   */
  maxConcurrency?: number;
  /**
   * Longest a request waits in the client's queue without being sent before it fails with a
   * `ScimError`, in ms. Queue time is not retry time: it does not use up `maxRetries` or
   * `maxTotalDelayMs`. Default 900000 (15 minutes: a burst of 4,500 calls drains at 300/minute).
   */
  maxQueueMs?: number;
  /** A budget shared with other processes, e.g. `redisBudget({ redis })` from `genesys-cloud-scim/redis`. */
  shared?: SharedBudgetStore;
}

/** 10 in flight: see {@link RateLimitOptions.maxConcurrency}. */
export const DEFAULT_MAX_CONCURRENCY = 10;
const DEFAULT_MAX_QUEUE_MS = 900_000;

/** A budget that lets everything through at once (`rateLimit: false`). */
export const NO_BUDGET: RateBudget = Object.freeze({ acquire() {}, release() {} });

/**
 * Checks `rateLimit` and builds the client's budget; throws a {@link ScimValidationError} naming a
 * bad field. `false` turns the pause and the cap off.
 */
export function resolveRateLimit(
  options: RateLimitOptions | false | undefined,
  context: { maxPauseMs: number; clientId?: string | undefined },
): RateBudget {
  if (options === false) return NO_BUDGET;
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new ScimValidationError("rateLimit must be an object of rate-limit options or false");
  }
  const { requestsPerMinute, maxConcurrency, maxQueueMs, shared } = options ?? {};
  const positive = (name: string, value: unknown, whole: boolean) => {
    if (
      typeof value !== "number" ||
      !(value > 0) ||
      (whole && value !== Infinity && !Number.isInteger(value))
    ) {
      throw new ScimValidationError(
        `rateLimit.${name} must be a ${whole ? "whole " : ""}number > 0, got ${String(value)}`,
      );
    }
    return value;
  };
  if (requestsPerMinute !== undefined) positive("requestsPerMinute", requestsPerMinute, false);
  if (shared !== undefined && typeof shared?.open !== "function") {
    throw new ScimValidationError("rateLimit.shared must be a shared budget store (with open())");
  }
  return createClientBudget({
    maxConcurrency:
      maxConcurrency === undefined
        ? DEFAULT_MAX_CONCURRENCY
        : positive("maxConcurrency", maxConcurrency, true),
    intervalMs:
      requestsPerMinute === undefined || requestsPerMinute === Infinity
        ? undefined
        : 60_000 / requestsPerMinute,
    maxQueueMs:
      maxQueueMs === undefined ? DEFAULT_MAX_QUEUE_MS : positive("maxQueueMs", maxQueueMs, false),
    maxPauseMs: context.maxPauseMs,
    shared: shared?.open({ clientId: context.clientId }),
  });
}
