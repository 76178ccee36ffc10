// The pure retry decision (item 1 of issue 9): outcome, progress, policy in; a decision out.
import { describe, expect, it } from "vitest";
import { ScimNetworkError, ScimResponseError, ScimTimeoutError } from "../../src/errors.js";
import { decideRetry } from "../../src/transport/retry-decision.js";
import { resolveRetryPolicy } from "../../src/transport/retry-policy.js";

const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, maxTotalDelayMs: 1500 });
const start = { method: "GET", retries: 0, totalWaitMs: 0 };
const received = (status: number, headers: Record<string, string> = {}, text = "") => ({
  received: { response: new Response(null, { status, headers }), text },
});
const half = () => 0.5;
const where = { method: "GET", url: "http://127.0.0.1/x", attempts: 1 };

describe("decideRetry", () => {
  it("429: Retry-After, else the Genesys body hint, else backoff; a longer wait than maxDelayMs ends retries", () => {
    expect(decideRetry(received(429, { "Retry-After": "0" }), start, policy)).toEqual({
      reason: "rate-limited",
      delaySource: "retry-after",
      delayMs: 0,
      waitMs: 0,
    });
    expect(
      decideRetry(received(429, {}, "Retry the request in [0.5] seconds"), start, policy),
    ).toMatchObject({ delaySource: "genesys-body", delayMs: 500, waitMs: 500 });
    // More than maxDelayMs (1 s here): no early re-send into a certain 429, the caller sees it.
    expect(
      decideRetry(received(429, {}, "Retry the request in [2] seconds"), start, policy),
    ).toBeUndefined();
    expect(decideRetry(received(429, { "Retry-After": "3600" }), start, policy)).toBeUndefined();
    expect(decideRetry(received(429), start, policy, half)).toMatchObject({
      delaySource: "backoff",
      delayMs: 50,
    });
    expect(decideRetry(received(429), { ...start, method: "POST" }, policy)).toBeDefined();
  });

  it("5xx and failures only for idempotent methods unless the policy says so", () => {
    expect(decideRetry(received(503), start, policy)).toMatchObject({ reason: "server-error" });
    expect(decideRetry(received(503), { ...start, method: "POST" }, policy)).toBeUndefined();
    expect(decideRetry(received(500), start, policy)).toBeUndefined();
    const reset = { failure: new ScimNetworkError("reset", where) };
    const timeout = { failure: new ScimTimeoutError(10, where) };
    const cut = {
      failure: new ScimResponseError({ reason: "truncated", method: "GET", url: "x", status: 200 }),
    };
    expect(decideRetry(reset, start, policy)).toMatchObject({ reason: "network-error" });
    expect(decideRetry(timeout, start, policy)).toMatchObject({ reason: "timeout" });
    expect(decideRetry(cut, start, policy)).toMatchObject({ reason: "network-error" });
    expect(decideRetry(cut, { ...start, method: "PATCH" }, policy)).toBeUndefined();
    const eager = resolveRetryPolicy({ retryNonIdempotent: true });
    expect(decideRetry(cut, { ...start, method: "PATCH" }, eager)).toBeDefined();
  });

  it("never retries what repeating cannot fix", () => {
    const tooLarge = {
      failure: new ScimResponseError({ reason: "too-large", method: "GET", url: "x", maxBytes: 1 }),
    };
    expect(decideRetry(tooLarge, start, policy)).toBeUndefined();
    expect(decideRetry({ failure: new TypeError("x") }, start, policy)).toBeUndefined();
    expect(decideRetry(received(200), start, policy)).toBeUndefined();
    expect(decideRetry(received(404), start, policy)).toBeUndefined();
  });

  it("stops at maxRetries and before passing maxTotalDelayMs", () => {
    expect(decideRetry(received(429), { ...start, retries: 3 }, policy)).toBeUndefined();
    expect(
      decideRetry(received(429, { "Retry-After": "1" }), { ...start, totalWaitMs: 600 }, policy),
    ).toBeUndefined();
    expect(
      decideRetry(received(429, { "Retry-After": "1" }), { ...start, totalWaitMs: 500 }, policy),
    ).toMatchObject({ waitMs: 1000 });
  });
});
