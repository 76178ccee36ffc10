// A fixed-window limiter per OAuth client, like the Genesys Cloud per-client limit (about 300
// requests a minute). Each client's window opens with its first request; within it the first
// `limit` requests pass and the rest are refused with the whole seconds left until it closes, so a
// client that waits Retry-After always lands in a fresh window. An optional second, long "daily"
// window (Genesys has daily maxima that answer with a Retry-After of hours) is checked after it.
// Like Genesys since 2021, the emulator sends no inin-ratelimit-* headers: a 429 with
// Retry-After is the only signal.

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

export type RateDecision =
  | { allowed: true; used: number; limit: number; resetSeconds: number }
  | {
      allowed: false;
      used: number;
      limit: number;
      resetSeconds: number;
      retryAfterSeconds: number;
      /** Set when the long "daily" limit refused the request. */
      daily?: true;
    };

interface Window {
  start: number;
  used: number;
}

export class FixedWindowRateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #daily: FixedWindowRateLimiter | undefined;

  constructor(
    readonly rateLimit: RateLimit,
    private readonly now: () => number,
    daily?: RateLimit | false,
  ) {
    this.#daily = daily ? new FixedWindowRateLimiter(daily, now) : undefined;
  }

  take(key: string): RateDecision {
    const decision = this.#take(key);
    if (!decision.allowed || this.#daily === undefined) return decision;
    const daily = this.#daily.take(key);
    return daily.allowed ? decision : { ...daily, daily: true };
  }

  #take(key: string): RateDecision {
    const now = this.now();
    let window = this.#windows.get(key);
    if (window === undefined || now >= window.start + this.rateLimit.windowMs) {
      window = { start: now, used: 0 };
      this.#windows.set(key, window);
    }
    const resetSeconds = Math.max(
      1,
      Math.ceil((window.start + this.rateLimit.windowMs - now) / 1000),
    );
    if (window.used >= this.rateLimit.limit) {
      return {
        allowed: false,
        used: window.used,
        limit: this.rateLimit.limit,
        resetSeconds,
        retryAfterSeconds: resetSeconds,
      };
    }
    window.used++;
    return { allowed: true, used: window.used, limit: this.rateLimit.limit, resetSeconds };
  }

  reset(): void {
    this.#windows.clear();
    this.#daily?.reset();
  }
}
