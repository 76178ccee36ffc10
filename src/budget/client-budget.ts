import { ScimError } from "../errors.js";
import { reserveSlot, type Pace } from "./gcra.js";
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

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
  deadline: ReturnType<typeof setTimeout> | undefined;
}

/** Without Retry-After or a learned pace, a 429 pauses the client this long. */
const DEFAULT_PAUSE_MS = 1000;
/** A client idle this long starts a new learning cycle (its earlier requests say nothing about now). */
const IDLE_RESET_MS = 1000;
/** A learned pace never slows below this fraction of the one before it: one late 429 halving it
 * (Retry-After rounds up to whole seconds) would cost more than the extra 429 a faster pace risks. */
const MAX_SLOWDOWN = 0.8;
/** Each learned cycle of successes without a 429 speeds the learned pace up by this fraction,
 * so it creeps back up after others stopped sharing the budget without overshooting a window. */
const SPEEDUP_PER_CYCLE = 0.005;

/**
 * The client-wide budget: a FIFO queue in front of the network with three gates.
 *
 * - **Pause.** A 429 holds every new attempt of the client until the moment the server named.
 * - **Cap.** At most `maxConcurrency` attempts in flight, so a burst cannot flood the API before
 *   the first 429 comes back: the overshoot is at most `maxConcurrency - 1` requests.
 * - **Pace.** After the pause the queue is released one request per interval (GCRA), not all at
 *   once. The interval is `rateLimit.requestsPerMinute` when given, else learned: the successes
 *   of the cycle that ended in the 429, spread over that cycle including its pause, is what the
 *   server granted, so releasing at that pace fills the next window without re-triggering it.
 *   A learned pace is forgotten when the client goes idle for one learned cycle.
 *
 * When the server's 429 comes before any success (nothing learned), the queue is released one
 * request at a time until one succeeds.
 */
export function createClientBudget(config: ClientBudgetConfig): RateBudget {
  const { maxConcurrency, maxQueueMs, maxPauseMs, shared } = config;
  const now = config.now ?? (() => performance.now());
  const queue: Waiter[] = [];
  const pace: Pace = { tat: 0 };
  let inFlight = 0;
  let pausedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = 0;
  // Learning: successes since the cycle began, and the learned pace.
  let cycleStart = now();
  let successes = 0;
  let idleSince: number | undefined = cycleStart;
  let learnedMs: number | undefined;
  let cycleMs = 0;
  let probing = false;

  const intervalOf = () => (shared ? undefined : (config.intervalMs ?? learnedMs));

  /** Whether an attempt may start now; takes its pacing slot when it may. */
  function admit(at: number): number {
    if (pausedUntil > at) return pausedUntil - at;
    if (inFlight >= maxConcurrency || (probing && inFlight > 0)) return Infinity;
    const interval = intervalOf();
    if (interval !== undefined) {
      if (pace.tat > at) return pace.tat - at;
      reserveSlot(pace, at, interval);
    }
    inFlight++;
    return 0;
  }

  function pump(): void {
    while (queue.length > 0) {
      const at = now();
      const wait = admit(at);
      if (wait === Infinity) return; // a release pumps again
      if (wait > 0) {
        arm(at, wait);
        return;
      }
      const waiter = queue.shift()!;
      clearTimeout(waiter.deadline);
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve();
    }
  }

  function arm(at: number, wait: number): void {
    if (timer !== undefined && timerAt <= at + wait) return;
    if (timer !== undefined) clearTimeout(timer);
    timerAt = at + wait;
    timer = setTimeout(() => {
      timer = undefined;
      pump();
    }, Math.ceil(wait));
  }

  function remove(waiter: Waiter, error: unknown): void {
    const index = queue.indexOf(waiter);
    if (index === -1) return;
    queue.splice(index, 1);
    clearTimeout(waiter.deadline);
    waiter.signal?.removeEventListener("abort", waiter.onAbort);
    waiter.reject(error);
    if (index === 0) pump();
  }

  function viaShared(signal: AbortSignal | undefined): Promise<void> {
    return shared!
      .reserve()
      .then((wait) => {
        if (signal?.aborted) throw signal.reason;
        if (!(wait > 0)) return;
        return new Promise<void>((resolve, reject) => {
          const onAbort = () => {
            clearTimeout(sleeper);
            reject(signal!.reason);
          };
          const sleeper = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          }, wait);
          signal?.addEventListener("abort", onAbort, { once: true });
        });
      })
      .catch((error: unknown) => {
        // The attempt will not be sent: give its slot back.
        inFlight--;
        pump();
        throw error;
      });
  }

  function learn(until: number): void {
    if (config.intervalMs !== undefined || shared) return;
    if (successes === 0) {
      probing = true;
    } else {
      const estimate = (until - cycleStart) / successes;
      learnedMs = learnedMs === undefined ? estimate : Math.min(estimate, learnedMs / MAX_SLOWDOWN);
      cycleMs = until - cycleStart;
    }
    cycleStart = until;
    successes = 0;
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const at = now();
      if (queue.length === 0) {
        if (idleSince !== undefined && inFlight === 0) {
          if (at - idleSince > Math.max(IDLE_RESET_MS, learnedMs === undefined ? 0 : cycleMs)) {
            cycleStart = at;
            successes = 0;
            learnedMs = undefined;
          }
          idleSince = undefined;
        }
        const wait = admit(at);
        if (wait === 0) return shared ? viaShared(signal) : undefined;
      }
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => remove(waiter, signal!.reason),
          deadline:
            maxQueueMs > 2 ** 31 - 1
              ? undefined
              : setTimeout(
                  () =>
                    remove(
                      waiter,
                      new ScimError(
                        `waited ${maxQueueMs} ms in the client's rate-limit queue without being sent (rateLimit.maxQueueMs)`,
                      ),
                    ),
                  maxQueueMs,
                ),
        };
        signal?.addEventListener("abort", waiter.onAbort, { once: true });
        queue.push(waiter);
        if (queue.length === 1) pump();
      }).then(() => (shared ? viaShared(signal) : undefined));
    },

    release(outcome) {
      inFlight--;
      const at = now();
      if (outcome.status === 429) {
        const wait = Math.min(Math.max(0, outcome.retryAfterMs ?? DEFAULT_PAUSE_MS), maxPauseMs);
        const until = at + wait;
        if (at >= pausedUntil) learn(until);
        if (until > pausedUntil) pausedUntil = until;
        if (pace.tat < pausedUntil) pace.tat = pausedUntil;
        shared?.pause(wait);
      } else if (outcome.status !== undefined) {
        successes++;
        probing = false;
        if (learnedMs !== undefined && cycleMs > 0) {
          learnedMs -= (SPEEDUP_PER_CYCLE * learnedMs * learnedMs) / cycleMs;
        }
      }
      if (queue.length > 0) pump();
      else if (inFlight === 0) idleSince = at;
    },
  };
}
