/**
 * The rate-budget seam: every API attempt (first attempts and retries, not token requests) asks
 * the client's {@link RateBudget} for permission before it is sent and reports back when it is
 * over. The layer sits below the retry loop and auth and above the per-attempt timeout, so time
 * spent waiting for permission never eats into an attempt's `timeoutMs`.
 */
export interface RateBudget {
  /**
   * Resolves when one attempt may be sent; rejects with `signal.reason` at once when the signal
   * aborts. May return `undefined` synchronously when no wait is needed, so the common path pays
   * no promise.
   */
  acquire(signal: AbortSignal | undefined): Promise<void> | void;
  /**
   * The attempt is over: its response headers arrived, or it failed, aborted or timed out. Frees
   * its slot. When the server answered 429, `retryAfterMs` is the wait it asked for (Retry-After
   * or the Genesys body hint), else undefined. Called exactly once per successful `acquire`.
   */
  release(outcome: BudgetOutcome): void;
}

/** What {@link RateBudget.release} learns about the attempt that just ended. */
export interface BudgetOutcome {
  /** The response status; undefined when the attempt got no response (network error, timeout, abort). */
  status?: number | undefined;
  /** For a 429: the wait the server asked for, in ms, when it said. */
  retryAfterMs?: number | undefined;
}

/** The default budget until a real one is configured: never waits, costs nothing. */
export const NO_BUDGET: RateBudget = Object.freeze({
  acquire(): void {},
  release(): void {},
});

/**
 * The budget a new client gets from its options: one per client, shared by all its calls. Today
 * always {@link NO_BUDGET} (the pipeline then skips the layer); options that configure a real
 * budget (a client-wide 429 pause, a concurrency cap, pacing) plug in here.
 */
export function resolveRateBudget(_options: object): RateBudget {
  return NO_BUDGET;
}
