import { ScimValidationError } from "../errors.js";

/**
 * How the client retries. 429 is always retryable (Genesys did not process the request); 502, 503,
 * 504, network errors and timeouts (also while the body is read) only for idempotent methods (GET,
 * HEAD, PUT, DELETE, OPTIONS) unless `retryNonIdempotent` is set.
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /**
   * Longest single wait, in ms. A server that asks for longer (Retry-After or the Genesys body
   * hint) ends retries at once: the caller sees its answer instead of an early re-send into a
   * certain 429. Also the longest client-wide pause one 429 causes. Default 60000.
   */
  maxDelayMs?: number;
  /**
   * Cap on the sum of all waits of one request, in ms. When the next wait would pass it, the client
   * stops retrying and returns the last response. Default 120000.
   */
  maxTotalDelayMs?: number;
  /** First step of the exponential backoff (used when the server gives no hint), in ms. Default 1000. */
  baseDelayMs?: number;
  /**
   * Also retry POST and PATCH after 502/503/504, a network error or a timeout. Off by default: the
   * server may have applied the request already, and a create could then happen twice.
   */
  retryNonIdempotent?: boolean;
}

/** {@link RetryOptions} with every default filled in. */
export type RetryPolicy = Readonly<Required<RetryOptions>>;

/** The retry defaults: 3 retries, waits capped at 60 s each and 120 s in total, backoff from 1 s. */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  maxRetries: 3,
  maxDelayMs: 60_000,
  maxTotalDelayMs: 120_000,
  baseDelayMs: 1_000,
  retryNonIdempotent: false,
});

/** A policy that never retries (what `retry: false` means). */
export const NO_RETRY: RetryPolicy = Object.freeze({ ...DEFAULT_RETRY, maxRetries: 0 });

/**
 * The longest wait setTimeout can do: 2^31-1 ms (~24.8 days). Larger values (Infinity included)
 * are treated as 1 ms by every runtime, which would turn "wait forever" into "retry at once".
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Checks `options` and fills in defaults; throws a {@link ScimValidationError} naming a bad field. */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return NO_RETRY;
  if (options === undefined) return DEFAULT_RETRY;
  if (typeof options !== "object" || options === null) {
    throw new ScimValidationError("retry must be an object of retry options or false");
  }
  const policy = { ...DEFAULT_RETRY };
  for (const key of ["maxRetries", "maxDelayMs", "maxTotalDelayMs", "baseDelayMs"] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (
      typeof value !== "number" ||
      !(value >= 0) ||
      (key === "maxRetries" && !Number.isInteger(value))
    ) {
      throw new ScimValidationError(
        `retry.${key} must be a ${key === "maxRetries" ? "whole " : ""}number >= 0, got ${String(value)}`,
      );
    }
    // maxTotalDelayMs only caps a sum and may be Infinity; the others are handed to setTimeout.
    if ((key === "maxDelayMs" || key === "baseDelayMs") && value > MAX_TIMER_MS) {
      throw new ScimValidationError(
        `retry.${key} must be at most ${MAX_TIMER_MS} ms (the longest wait setTimeout can do), got ${String(value)}`,
      );
    }
    policy[key] = value;
  }
  if (options.retryNonIdempotent !== undefined) {
    if (typeof options.retryNonIdempotent !== "boolean") {
      throw new ScimValidationError("retry.retryNonIdempotent must be a boolean");
    }
    policy.retryNonIdempotent = options.retryNonIdempotent;
  }
  return Object.freeze(policy);
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]);

/** True for methods whose repetition has no further effect (RFC 9110 §9.2.2). */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}
