import { ScimError } from "../errors.js";
import type { Pace } from "./gcra.js";
import type { RateBudget, SharedBudget } from "./types.js";

/** What {@link createClientBudget} needs (checked and defaulted by `resolveRateLimit`). */
export interface ClientBudgetConfig {
  /** Most API attempts in flight at once (`Infinity`: no cap). */
  maxConcurrency: number;
  /** A known pace, ms between requests (`60000 / requestsPerMinute`); without it the pace is learned from 429s. */
  intervalMs?: number | undefined;
  /** Longest a request waits in the queue, never sent, before it fails. */
  maxQueueMs: number;
  /** Longest client-wide pause one 429 can cause (the retry policy's `maxDelayMs`). */
  maxPauseMs: number;
  /** A budget shared with other processes; it then does the pacing. */
  shared?: SharedBudget | undefined;
  /** Monotonic clock in ms. */
  now?: () => number;
}

/**
 * The client-wide budget: a FIFO queue in front of the network with three gates.
 *
 * - **Pause.** A 429 holds every new attempt of the client until the moment the server named.
 * - **Cap.** At most `maxConcurrency` attempts in flight, so a burst cannot flood the API before
 *   the first 429 comes back: the overshoot is at most `maxConcurrency - 1` requests.
 * - **Pace.** After the pause the queue is released one request per interval (GCRA), not all at
 *   once. The interval is `rateLimit.requestsPerMinute` when given, else learned: the successes
 *   of the cycle that ended in the 429, spread over that cycle including its pause, are what the
 *   server granted, so releasing at that pace fills the next window without re-triggering it.
 *   A learned pace is forgotten when the client stays idle for one learned cycle. When a 429 comes
 *   before any success (nothing to learn from), the queue goes one request at a time until one
 *   succeeds.
 */
export function createClientBudget(config: ClientBudgetConfig): RateBudget {
  const { maxConcurrency, maxQueueMs, maxPauseMs, shared } = config;
  const now = config.now ?? (() => performance.now());
  const queue: { settle(error?: unknown): void }[] = [];
  const pace: Pace = { tat: 0 };
  let inFlight = 0;
  let pausedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Learning: successes since the cycle began, and the pace learned so far.
  let cycleStart: number | undefined;
  let successes = 0;
  let lastDone = now();
  let learnedMs: number | undefined;
  let cycleMs = 0;
  let probing = false;

  /** 0 when an attempt may start now (it then holds a slot), else how long until it may. */
  function admit(at: number): number {
    if (pausedUntil > at) return pausedUntil - at;
    if (inFlight >= maxConcurrency || (probing && inFlight > 0)) return Infinity;
    const interval = shared ? undefined : (config.intervalMs ?? learnedMs);
    if (interval !== undefined) {
      // GCRA (gcra.ts): late timers catch up by up to 2 intervals; an idle pacer restarts now.
      if (pace.tat > at) return pace.tat - at;
      pace.tat = (pace.tat < at - 2 * interval ? at : pace.tat) + interval;
    }
    inFlight++;
    // The cycle starts with its first request, not when the client was made or the token came:
    // the server's window opened then (measured: counting from client creation learned 0.84 R).
    if (cycleStart === undefined) cycleStart = at;
    return 0;
  }

  function pump(): void {
    while (queue.length > 0) {
      const at = now();
      const wait = admit(at);
      if (wait === Infinity) return; // the next release pumps again
      if (wait > 0) {
        clearTimeout(timer);
        timer = setTimeout(pump, wait);
        return;
      }
      queue[0]!.settle();
    }
  }

  /** With a shared budget, its slot comes last; an attempt that will not be sent gives its slot back. */
  const viaShared = (signal: AbortSignal | undefined): Promise<void> | undefined =>
    shared?.reserve(signal).catch((error: unknown) => {
      inFlight--;
      pump();
      throw error;
    });

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const at = now();
      if (queue.length === 0) {
        // Idle for a second (or a learned cycle): earlier requests say nothing about now.
        if (inFlight === 0 && at - lastDone > Math.max(1000, cycleMs)) {
          cycleStart = undefined;
          successes = 0;
          learnedMs = undefined;
        }
        if (admit(at) === 0) return viaShared(signal);
      }
      return new Promise<void>((resolve, reject) => {
        const waiter = {
          settle(error?: unknown) {
            queue.splice(queue.indexOf(waiter), 1);
            clearTimeout(deadline);
            signal?.removeEventListener("abort", onAbort);
            if (error === undefined) resolve();
            else {
              reject(error);
              pump();
            }
          },
        };
        const onAbort = () => waiter.settle(signal!.reason);
        // (setTimeout holds at most 2^31-1 ms, about 24 days: "never" for a queue.)
        const deadline = setTimeout(
          () =>
            waiter.settle(
              new ScimError(
                `not sent after ${maxQueueMs} ms in the rate-limit queue (rateLimit.maxQueueMs)`,
              ),
            ),
          Math.min(maxQueueMs, 2 ** 31 - 1),
        );
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(waiter);
        if (queue.length === 1) pump();
      }).then(() => viaShared(signal));
    },

    release({ status, retryAfterMs }) {
      inFlight--;
      const at = now();
      if (status === 429) {
        // Without a hint (the retry layer passes its backoff, so only a raw caller's 429 lacks
        // one) a second; never longer than maxPauseMs, so a "daily" limit cannot stall the client.
        const wait = Math.min(Math.max(0, retryAfterMs ?? 1000), maxPauseMs);
        const until = at + wait;
        if (at >= pausedUntil && config.intervalMs === undefined && !shared) {
          // The first 429 of a cycle: learn from it.
          if (successes === 0) probing = true;
          else {
            // What the server granted: the successes of the cycle over the cycle and its pause.
            // Never more than 10 % slower than before: one late 429 would halve it (Retry-After
            // rounds up to whole seconds), and processes that share the limit without a shared
            // budget would ratchet each other down 429 by 429.
            const start = cycleStart ?? at;
            const estimate = (until - start) / successes;
            learnedMs = learnedMs === undefined ? estimate : Math.min(estimate, learnedMs * 1.1);
            cycleMs = until - start;
          }
          cycleStart = until;
          successes = 0;
        }
        // During a pause nothing new is sent, so a 429 arriving then answers a request sent before
        // the pause began, in the same window: it says nothing new unless it asks for much longer
        // (another limit). Extending by each straggler's own "1 s from now" left the window idle.
        if (at >= pausedUntil || until > pausedUntil + 1000) pausedUntil = until;
        if (pace.tat < pausedUntil) pace.tat = pausedUntil;
        shared?.pause(wait);
      } else if (status !== undefined) {
        successes++;
        probing = false;
        // Each cycle of successes speeds a learned pace up by 1 %, so it creeps back up after
        // others stopped sharing the limit, too slowly to overshoot a window by much.
        if (learnedMs !== undefined) learnedMs -= (0.01 * learnedMs ** 2) / cycleMs;
      }
      lastDone = at;
      if (queue.length > 0) pump();
    },
  };
}
