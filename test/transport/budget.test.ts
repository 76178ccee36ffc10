// The rate-budget seam: every API attempt asks the budget first and reports how it ended.
import { afterEach, describe, expect, it } from "vitest";
import type { BudgetOutcome, RateBudget } from "../../src/budget.js";
import { Redactor } from "../../src/redact.js";
import { createPipeline } from "../../src/transport/pipeline.js";
import { resolveRetryPolicy } from "../../src/transport/retry-policy.js";
import {
  rateLimitBody,
  sequence,
  startServer,
  user,
  type ScriptedServer,
} from "../client/server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function recordingBudget(wait?: (signal: AbortSignal | undefined) => Promise<void>) {
  const log: (string | BudgetOutcome)[] = [];
  const budget: RateBudget = {
    acquire(signal) {
      log.push("acquire");
      return wait?.(signal);
    },
    release(outcome) {
      log.push(outcome);
    },
  };
  return { budget, log };
}

function pipeline(budget: RateBudget, timeoutMs?: number) {
  return createPipeline({
    fetch: (input, init) => fetch(input, init),
    retry: resolveRetryPolicy({ maxDelayMs: 1, baseDelayMs: 1 }),
    timeoutMs,
    maxResponseBytes: 1 << 20,
    auth: { authorization: () => "Bearer t", refreshable: false, invalidate() {} },
    budget,
    redactor: new Redactor(),
  });
}

describe("rate-budget seam", () => {
  it("every attempt, retries included, acquires once and releases once with its outcome", async () => {
    server = await startServer(
      sequence(
        { status: 429, headers: { "Retry-After": "0" } },
        { status: 429, body: rateLimitBody(0) },
        (_request, res) => {
          res.socket?.destroy();
        },
        { body: user("u1") },
      ),
    );
    const { budget, log } = recordingBudget();
    const { response } = await pipeline(budget)({
      method: "GET",
      url: `${server.url}/api/v2/scim/v2/users/u1`,
      headers: {},
    });
    expect(response.status).toBe(200);
    expect(log).toEqual([
      "acquire",
      { status: 429, retryAfterMs: 0 },
      "acquire",
      { status: 429, retryAfterMs: 0 },
      "acquire",
      { status: undefined, retryAfterMs: undefined },
      "acquire",
      { status: 200, retryAfterMs: undefined },
    ]);
    expect(server.requests).toHaveLength(4);
  });

  it("waiting for permission is not part of the attempt's timeout, and an abort ends the wait", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const slow = recordingBudget(() => new Promise((resolve) => setTimeout(resolve, 150)));
    const { response } = await pipeline(
      slow.budget,
      100,
    )({
      method: "GET",
      url: `${server.url}/x`,
      headers: {},
    });
    expect(response.status).toBe(200);

    const never = recordingBudget(
      (signal) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true }),
        ),
    );
    const controller = new AbortController();
    const pending = pipeline(never.budget)({
      method: "GET",
      url: `${server.url}/x`,
      headers: {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("stop")), 20);
    await expect(pending).rejects.toThrow("stop");
    expect(server.requests).toHaveLength(1);
  });
});
