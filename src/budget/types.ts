export type { BudgetOutcome, RateBudget } from "../budget.js";

// The seam between the request pipeline and the rate budget (see the pipeline's retry loop): every
// API attempt, first or retry, asks `acquire` before it is sent and calls `release` when it is
// over. Token requests never pass through it.

/**
 * A budget shared with other processes (see `genesys-cloud-scim/redis`). The client-wide budget
 * asks it for a send slot after its own pause and cap let an attempt through, and tells it about
 * every 429 so that everyone sharing it pauses together.
 */
export interface SharedBudget {
  /**
   * Resolves when the next shared slot has come (it waits for it); rejects with `signal.reason` at
   * once when the signal aborts, and never otherwise (Redis down is not a reason to fail).
   */
  reserve(signal: AbortSignal | undefined): Promise<void>;
  /** A 429 asked for `ms` of quiet: everyone sharing the budget holds that long. Never throws. */
  pause(ms: number): void;
}

/** Makes the {@link SharedBudget} of one client; `clientId` is the OAuth client id, when there is one. */
export interface SharedBudgetStore {
  open(scope: { clientId?: string | undefined }): SharedBudget;
}
