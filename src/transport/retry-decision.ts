import { ScimNetworkError, ScimResponseError, ScimTimeoutError } from "../errors.js";
import type { ScimDelaySource, ScimRetryReason } from "../events.js";
import { backoffDelay } from "./backoff.js";
import { serverDelay } from "./retry-after.js";
import { isIdempotent, type RetryPolicy } from "./retry-policy.js";
import type { Received } from "./types.js";

/** How an attempt ended, as far as retrying is concerned: a complete response or a failure. */
export type AttemptOutcome = { received: Received } | { failure: unknown };

/** Where the call stands: what the decision needs besides the outcome. */
export interface RetryProgress {
  method: string;
  /** Retries already made (0 after the first attempt). */
  retries: number;
  /** Sum of the waits already taken, in ms. */
  totalWaitMs: number;
}

/** Retry after `waitMs`, for `reason`; `delayMs` is what the server or the backoff asked for. */
export interface RetryDecision {
  reason: ScimRetryReason;
  delaySource: ScimDelaySource;
  delayMs: number;
  waitMs: number;
}

const RETRYABLE_SERVER_ERRORS = new Set([502, 503, 504]);

/**
 * Whether and when to send the request again. Pure: the same outcome, progress and policy give
 * the same answer (`random` only jitters the backoff). 429 is retried for every method (Genesys
 * did not process it); 502/503/504, network errors, timeouts and bodies cut off only when
 * repeating the method is harmless or the policy says so. Undefined: stop and report the outcome.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  progress: RetryProgress,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision | undefined {
  if (progress.retries >= policy.maxRetries) return undefined;
  const mayRepeat = policy.retryNonIdempotent || isIdempotent(progress.method);
  let reason: ScimRetryReason;
  let hint: { delayMs: number; source: ScimDelaySource } | undefined;
  if ("failure" in outcome) {
    const { failure } = outcome;
    if (!mayRepeat) return undefined;
    if (failure instanceof ScimTimeoutError) reason = "timeout";
    else if (
      failure instanceof ScimNetworkError ||
      (failure instanceof ScimResponseError && failure.reason === "truncated")
    )
      reason = "network-error";
    else return undefined;
  } else {
    const { response, text } = outcome.received;
    const status = response.status;
    if (status === 429) reason = "rate-limited";
    else if (RETRYABLE_SERVER_ERRORS.has(status) && mayRepeat) reason = "server-error";
    else return undefined;
    hint = serverDelay(status, response.headers, text);
  }
  const delayMs =
    hint?.delayMs ??
    backoffDelay(progress.retries + 1, policy.baseDelayMs, policy.maxDelayMs, random);
  // A server that asks for more than maxDelayMs (a "daily" limit answers with hours) gets no early
  // re-send into a certain 429: retries end here and the caller sees the answer.
  if (delayMs > policy.maxDelayMs) return undefined;
  if (progress.totalWaitMs + delayMs > policy.maxTotalDelayMs) return undefined;
  return { reason, delaySource: hint?.source ?? "backoff", delayMs, waitMs: delayMs };
}
