// A fixed-window limiter per OAuth client, like the Genesys Cloud per-client limit (about 300
// requests a minute). Each client's window opens with its first request; within it the first
// `limit` requests pass and the rest are refused with the whole seconds left until it closes, so a
// client that waits Retry-After always lands in a fresh window.

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
    };

interface Window {
  start: number;
  used: number;
}

export class FixedWindowRateLimiter {
  readonly #windows = new Map<string, Window>();

  constructor(
    readonly rateLimit: RateLimit,
    private readonly now: () => number,
  ) {}

  take(key: string): RateDecision {
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
  }
}
