// Pacing with GCRA (the generic cell rate algorithm). It is a token bucket kept as one number, the
// theoretical arrival time (TAT) of the next request, instead of a token count plus a refill
// clock. Chosen over a counted bucket because (1) a reservation returns the exact moment its
// request may go, so each waiter is released at its own moment, one interval apart, instead of
// everyone polling and waking together when tokens refill (the thundering herd); (2) the same
// two lines run unchanged inside Redis as one atomic Lua script on one key, on the server's
// clock, which is how processes share a budget (src/redis/); (3) a pause is just "TAT is at
// least the end of the pause", so requests released after a 429 come out spaced, not in a burst.

/** The whole state of a pacer: when the next request may go. */
export interface Pace {
  tat: number;
}

/**
 * How far behind "now" the TAT may lag and still count, in intervals. A busy pacer whose timers
 * fire late (a loaded machine: 5 ms late on a 20 ms interval is a fifth of the rate) catches up
 * that lateness, up to this much, instead of losing it on every request. A TAT further behind
 * means the pacer was idle: it restarts at "now", so idleness never turns into a burst.
 */
export const CATCH_UP_INTERVALS = 2;

const startOf = (pace: Pace, now: number, intervalMs: number) =>
  pace.tat >= now - CATCH_UP_INTERVALS * intervalMs ? pace.tat : now;

/**
 * Reserves the next send slot for a pace of one request per `intervalMs`, if it starts within
 * `horizonMs`: then `waitMs` is the wait before sending (0: now) and the TAT moves on by one
 * interval. A later slot is not taken (`reserved: false`) and `waitMs` says when to ask again. Reservations far ahead
 * would still go out after a pause that began later; keeping them within one horizon means a
 * pause set by anyone sharing the budget holds everyone else within that horizon.
 */
export function trySlot(
  pace: Pace,
  now: number,
  intervalMs: number,
  horizonMs: number,
): { reserved: boolean; waitMs: number } {
  const start = startOf(pace, now, intervalMs);
  const waitMs = Math.max(0, start - now);
  if (waitMs > horizonMs) return { reserved: false, waitMs: waitMs - horizonMs };
  pace.tat = start + intervalMs;
  return { reserved: true, waitMs };
}
