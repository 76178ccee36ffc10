import { ScimError } from "../errors.js";
import type { Pace } from "./gcra.js";
import type { RateBudget, SharedBudget } from "./types.js";

/** What {@link createClientBudget} needs (checked and defaulted by `resolveRateLimit`). */
export interface ClientBudgetConfig {
  /** Most API attempts in flight at once (`Infinity`: no cap). */
  maxConcurrency: number;
  /** A known pace, ms between requests (`60000 / requestsPerMinute`); without it, no pacing. */
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
 * - **Pace.** With `rateLimit.requestsPerMinute`, one request per interval (GCRA), so 429s
 *   become rare. Without it there is no pacing: after a pause the cap releases at most
 *   `maxConcurrency` requests at once, never the whole queue. (A pace learned from 429s was tried
 *   and dropped: a process sharing the limit with others learned a few successes per 10 s window,
 *   i.e. one request every few seconds, and kept that pace long after the others had finished.)
 *   When a 429 comes before any success since the last pause, the queue goes one request at a
 *   time until one succeeds.
 */
export function createClientBudget(config: ClientBudgetConfig): RateBudget {
  const { maxConcurrency, maxQueueMs, maxPauseMs, shared } = config;
  const now = config.now ?? (() => performance.now());
  const queue: { settle(error?: unknown): void }[] = [];
  const pace: Pace = { tat: 0 };
  let inFlight = 0;
  let pausedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Successes since the last pause began; none before a 429 means probing one request at a time.
  let successes = 0;
  let probing = false;

  /** 0 when an attempt may start now (it then holds a slot), else how long until it may. */
  function admit(at: number): number {
    if (pausedUntil > at) return pausedUntil - at;
    if (inFlight >= maxConcurrency || (probing && inFlight > 0)) return Infinity;
    const interval = shared ? undefined : config.intervalMs;
    if (interval !== undefined) {
      // GCRA (gcra.ts): late timers catch up by up to 2 intervals; an idle pacer restarts now.
      if (pace.tat > at) return pace.tat - at;
      pace.tat = (pace.tat < at - 2 * interval ? at : pace.tat) + interval;
    }
    inFlight++;
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
        if (at >= pausedUntil) {
          // The first 429 of a cycle: with no success since the last pause, probe.
          probing = successes === 0;
          successes = 0;
        }
        if (until > pausedUntil) pausedUntil = until;
        if (pace.tat < pausedUntil) pace.tat = pausedUntil;
        shared?.pause(wait);
      } else if (status !== undefined) {
        successes++;
        probing = false;
      }
      if (queue.length > 0) pump();
    },
  };
}
