// The seam between the request pipeline and the rate budget (see the pipeline's retry loop): every
// API attempt, first or retry, asks `acquire` before it is sent and calls `release` when it is
// over. Token requests never pass through it.

/** Permission to send one API attempt. Time spent waiting here does not count against retry budgets. */
export interface RateBudget {
  /**
   * Resolves when one attempt may be sent; rejects with `signal.reason` at once when the signal
   * aborts. Returns `undefined` (synchronously) when no wait is needed, so the common path pays no
   * promise.
   */
  acquire(signal: AbortSignal | undefined): Promise<void> | void;
  /**
   * The attempt is over (response headers arrived, or it failed/aborted/timed out): frees its
   * slot. When the server answered 429, `retryAfterMs` is the wait it asked for (Retry-After /
   * Genesys body hint, else the backoff the request uses).
   */
  release(outcome: { status?: number | undefined; retryAfterMs?: number | undefined }): void;
}

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
