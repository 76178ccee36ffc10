import { withAuthorization, type AuthorizationSource } from "../auth/layer.js";
import { NO_BUDGET, type RateBudget } from "../budget.js";
import type { Redactor } from "../redact.js";
import { createAttempt } from "./attempt.js";
import { withBudget } from "./budget-layer.js";
import type { Emit } from "./emitter.js";
import { withEvents } from "./observe.js";
import { withRetries, type SendRequest } from "./retry-loop.js";
import type { RetryPolicy } from "./retry-policy.js";
import type { FetchLike, Send } from "./types.js";

/** What {@link createPipeline} stacks. */
export interface PipelineConfig {
  fetch: FetchLike;
  retry: RetryPolicy;
  /** Per-attempt deadline (headers and body); undefined for none. */
  timeoutMs: number | undefined;
  maxResponseBytes: number;
  /** Adds `Authorization`; absent for requests that carry their own (token requests). */
  auth?: AuthorizationSource | undefined;
  /** Permission per attempt; absent (or {@link NO_BUDGET}) for none (token requests). */
  budget?: RateBudget | undefined;
  emit?: Emit | undefined;
  redactor: Redactor;
}

/**
 * The one way a request reaches the network. From the caller down:
 *
 *   retry loop  (retry-loop.ts: decision, waits; the call's signal ends a wait)
 *   auth        (auth/layer.ts: Authorization per attempt, one token refresh on 401)
 *   rate budget (budget-layer.ts: permission per API attempt; the seam of budget.ts)
 *   events      (observe.ts: request/response events, only with onEvent)
 *   attempt     (attempt.ts: fetch + body under one AbortController deadline, no redirects)
 *
 * Layers that are not configured are not stacked, so an unused concern costs nothing per call.
 */
export function createPipeline(config: PipelineConfig): SendRequest {
  let send: Send = createAttempt(config);
  if (config.emit) send = withEvents(send, config.emit, config.redactor);
  if (config.budget && config.budget !== NO_BUDGET) send = withBudget(send, config.budget);
  if (config.auth) send = withAuthorization(send, config.auth, config.emit);
  return withRetries(send, config.retry, config.emit, config.redactor);
}
