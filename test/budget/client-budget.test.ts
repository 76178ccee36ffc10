import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createClientBudget, type ClientBudgetConfig } from "../../src/budget/client-budget.js";
import { trySlot } from "../../src/budget/gcra.js";
import { resolveRateLimit } from "../../src/budget/options.js";
import type { RateBudget } from "../../src/budget/types.js";
import { ScimError, ScimValidationError } from "../../src/errors.js";

// The budget's clock and timers are faked: these tests check which attempts go when, exactly.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const budget = (config: Partial<ClientBudgetConfig> = {}) =>
  createClientBudget({
    maxConcurrency: 10,
    maxQueueMs: 60_000,
    maxPauseMs: 60_000,
    now: () => Date.now(),
    ...config,
  });

/** Starts `n` acquires and records the fake time at which each was let through. */
function queueUp(b: RateBudget, n: number, signal?: AbortSignal) {
  const sentAt: number[] = [];
  const errors: unknown[] = [];
  const start = Date.now();
  for (let i = 0; i < n; i++) {
    const gate = b.acquire(signal);
    if (gate === undefined) sentAt[i] = 0;
    else
      gate.then(
        () => (sentAt[i] = Date.now() - start),
        (error: unknown) => errors.push(error),
      );
  }
  return { sentAt, errors };
}

describe("GCRA pacer", () => {
  it("spaces reservations one interval apart and takes none beyond its horizon", () => {
    const near = { tat: 0 };
    expect([0, 0, 0].map(() => trySlot(near, 1000, 100, 100))).toEqual([
      { reserved: true, waitMs: 0 },
      { reserved: true, waitMs: 100 },
      { reserved: false, waitMs: 100 },
    ]);
    expect(near.tat).toBe(1200);
    // A busy pacer whose timer fired late catches up (up to 2 intervals)...
    const late = { tat: 1000 };
    expect(trySlot(late, 1150, 100, 0)).toEqual({ reserved: true, waitMs: 0 });
    expect(trySlot(late, 1150, 100, 0)).toEqual({ reserved: true, waitMs: 0 });
    expect(trySlot(late, 1150, 100, 0)).toEqual({ reserved: false, waitMs: 50 });
    // ...while an idle one restarts at "now": idleness never turns into a burst.
    const idle = { tat: 1000 };
    expect(trySlot(idle, 10_000, 100, 0)).toEqual({ reserved: true, waitMs: 0 });
    expect(trySlot(idle, 10_000, 100, 0)).toEqual({ reserved: false, waitMs: 100 });
  });
});

describe("client budget", () => {
  it("lets an attempt through synchronously when nothing limits it", () => {
    const b = budget();
    expect(b.acquire(undefined)).toBeUndefined();
    b.release({ status: 200 });
  });

  it("caps attempts in flight and lets the next one go on each release, in order", async () => {
    const b = budget({ maxConcurrency: 2 });
    const { sentAt } = queueUp(b, 5);
    await vi.advanceTimersByTimeAsync(0);
    expect(sentAt.filter((t) => t !== undefined)).toHaveLength(2);
    b.release({ status: 200 });
    await vi.advanceTimersByTimeAsync(0);
    expect(sentAt[2]).toBe(0);
    expect(sentAt[3]).toBeUndefined();
  });

  it("pauses the whole client until the Retry-After moment after a 429", async () => {
    const b = budget();
    b.acquire(undefined);
    b.release({ status: 429, retryAfterMs: 3000 });
    const { sentAt } = queueUp(b, 1);
    await vi.advanceTimersByTimeAsync(2999);
    expect(sentAt[0]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(sentAt[0]).toBe(3000);
  });

  it("releases at most maxConcurrency after a pause, the rest as slots free up (no herd)", async () => {
    const b = budget({ maxConcurrency: 3 });
    for (let i = 0; i < 20; i++) {
      b.acquire(undefined);
      b.release({ status: 200 });
    }
    b.acquire(undefined);
    b.release({ status: 429, retryAfterMs: 1000 });
    const { sentAt } = queueUp(b, 5);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sentAt.filter((t) => t !== undefined)).toEqual([1000, 1000, 1000]);
    b.release({ status: 200 });
    b.release({ status: 200 });
    await vi.advanceTimersByTimeAsync(0);
    expect(sentAt).toHaveLength(5);
    expect(sentAt.slice(3)).toEqual([5000, 5000]);
  });

  it("keeps no pace learned from a cycle with few successes (a limit shared with others)", async () => {
    const b = budget();
    b.acquire(undefined);
    b.release({ status: 200 });
    b.acquire(undefined);
    b.release({ status: 429, retryAfterMs: 10_000 }); // one success per 10 s window
    const { sentAt } = queueUp(b, 10);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sentAt).toEqual(Array(10).fill(10_000));
  });

  it("releases one request at a time after a 429 that came before any success", async () => {
    const b = budget();
    b.acquire(undefined);
    b.release({ status: 429, retryAfterMs: 100 });
    const { sentAt } = queueUp(b, 3);
    await vi.advanceTimersByTimeAsync(500);
    expect(sentAt.filter((t) => t !== undefined)).toEqual([100]);
    b.release({ status: 200 });
    await vi.advanceTimersByTimeAsync(0);
    expect(sentAt.filter((t) => t !== undefined)).toHaveLength(3);
  });

  it("paces to a configured requests-per-minute", async () => {
    const b = budget({ intervalMs: 60_000 / 600 });
    const { sentAt } = queueUp(b, 4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sentAt).toEqual([0, 100, 200, 300]);
  });

  it("without Retry-After pauses for the default second, never longer than maxPauseMs", async () => {
    const b = budget({ maxPauseMs: 250 });
    b.acquire(undefined);
    b.release({ status: 429, retryAfterMs: 3_600_000 });
    const { sentAt } = queueUp(b, 1);
    await vi.advanceTimersByTimeAsync(300);
    expect(sentAt[0]).toBe(250);
    const c = budget();
    c.acquire(undefined);
    c.release({ status: 429 });
    const other = queueUp(c, 1);
    await vi.advanceTimersByTimeAsync(1500);
    expect(other.sentAt[0]).toBe(1000);
  });

  it("an abort rejects a queued attempt at once with the signal's reason and frees its place", async () => {
    const b = budget({ maxConcurrency: 1 });
    b.acquire(undefined);
    const controller = new AbortController();
    const aborted = queueUp(b, 1, controller.signal);
    const next = queueUp(b, 1);
    controller.abort(new Error("stop"));
    await vi.advanceTimersByTimeAsync(0);
    expect(aborted.errors).toEqual([new Error("stop")]);
    b.release({ status: 200 });
    await vi.advanceTimersByTimeAsync(0);
    expect(next.sentAt[0]).toBe(0);
    await expect(b.acquire(AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });

  it("fails a request that waited maxQueueMs in the queue", async () => {
    const b = budget({ maxConcurrency: 1, maxQueueMs: 5000 });
    b.acquire(undefined);
    const { errors } = queueUp(b, 1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ScimError);
    expect(String(errors[0])).toMatch(
      /not sent after 5000 ms in the rate-limit queue \(rateLimit.maxQueueMs\)/,
    );
  });

  it("with a shared budget waits the slot it reserved and reports 429s to it", async () => {
    const pauses: number[] = [];
    const b = budget({
      shared: {
        reserve: () => new Promise((resolve) => setTimeout(resolve, 200)),
        pause: (ms) => pauses.push(ms),
      },
    });
    const { sentAt } = queueUp(b, 1);
    await vi.advanceTimersByTimeAsync(199);
    expect(sentAt[0]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(sentAt[0]).toBe(200);
    b.release({ status: 429, retryAfterMs: 700 });
    expect(pauses).toEqual([700]);
  });

  it("gives the in-flight slot back when an attempt is aborted while waiting for its shared slot", async () => {
    const b = budget({
      maxConcurrency: 1,
      shared: {
        reserve: (signal) =>
          new Promise((resolve, reject) => {
            const timer = setTimeout(resolve, 1000);
            signal?.addEventListener("abort", () => {
              clearTimeout(timer);
              reject(signal.reason);
            });
          }),
        pause: () => {},
      },
    });
    const controller = new AbortController();
    const first = queueUp(b, 1, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error("gone"));
    await vi.advanceTimersByTimeAsync(0);
    expect(first.errors).toEqual([new Error("gone")]);
    const second = queueUp(b, 1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(second.sentAt[0]).toBe(1000);
  });
});

describe("rateLimit options", () => {
  const context = { maxPauseMs: 60_000 };
  it("false turns the pause and the cap off", () => {
    expect(resolveRateLimit(false, context)).toBeUndefined();
  });
  it.each([
    [null, /rateLimit must be an object or false/],
    [{ requestsPerMinute: 0 }, /rateLimit.requestsPerMinute must be a number > 0, got 0/],
    [{ maxConcurrency: "10" }, /rateLimit.maxConcurrency must be a number > 0, got 10/],
    [{ maxQueueMs: -1 }, /rateLimit.maxQueueMs must be a number > 0/],
    [{ shared: {} }, /rateLimit.shared must be a shared budget store/],
  ])("refuses %j", (options, message) => {
    expect(() => resolveRateLimit(options as never, context)).toThrow(ScimValidationError);
    expect(() => resolveRateLimit(options as never, context)).toThrow(message);
  });
  it("passes the OAuth client id to the shared store", () => {
    const scopes: unknown[] = [];
    resolveRateLimit(
      {
        shared: {
          open: (scope) => (scopes.push(scope), { reserve: async () => {}, pause() {} }),
        },
      },
      { maxPauseMs: 1, clientId: "abc" },
    );
    expect(scopes).toEqual([{ clientId: "abc" }]);
  });
});
