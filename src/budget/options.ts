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
   * become rare. Genesys Cloud allows about 300 per OAuth client. Default: none; the client then
   * paces nothing and relies on the 429 pause and the in-flight cap.
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

/**
 * Checks `rateLimit` and builds the client's budget; throws a {@link ScimValidationError} naming a
 * bad field. `false` turns the pause and the cap off.
 */
export function resolveRateLimit(
  options: RateLimitOptions | false | undefined,
  context: { maxPauseMs: number; clientId?: string | undefined },
): RateBudget | undefined {
  if (options === false) return undefined;
  if (options === null || (options !== undefined && typeof options !== "object")) {
    throw new ScimValidationError("rateLimit must be an object or false");
  }
  const { requestsPerMinute, maxConcurrency, maxQueueMs, shared } = options ?? {};
  for (const [name, value] of Object.entries({ requestsPerMinute, maxConcurrency, maxQueueMs })) {
    if (value !== undefined && !(typeof value === "number" && value > 0)) {
      throw new ScimValidationError(`rateLimit.${name} must be a number > 0, got ${String(value)}`);
    }
  }
  if (shared !== undefined && typeof shared?.open !== "function") {
    throw new ScimValidationError("rateLimit.shared must be a shared budget store");
  }
  return createClientBudget({
    maxConcurrency: maxConcurrency ?? 10, // see RateLimitOptions for both defaults
    intervalMs: requestsPerMinute && 60_000 / requestsPerMinute,
    maxQueueMs: maxQueueMs ?? 900_000,
    maxPauseMs: context.maxPauseMs,
    shared: shared?.open({ clientId: context.clientId }),
  });
}
