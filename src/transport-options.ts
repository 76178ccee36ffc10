import { ScimValidationError } from "./errors.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./transport/read-body.js";
import { MAX_TIMER_MS } from "./transport/retry-policy.js";
import type { FetchLike } from "./transport/types.js";

// Checks of the createScimClient options that configure the transport (timeout, body limit,
// fetch); each throws a ScimValidationError naming the option.

const DEFAULT_TIMEOUT_MS = 60_000;

/** `timeoutMs` as the attempt layer takes it: a number of ms, or undefined for none (`Infinity`). */
export function resolveTimeout(timeoutMs: unknown): number | undefined {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (timeoutMs === Infinity) return undefined;
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new ScimValidationError(
      `timeoutMs must be a number > 0 (or Infinity), got ${String(timeoutMs)}`,
    );
  }
  if (timeoutMs > MAX_TIMER_MS) {
    throw new ScimValidationError(
      `timeoutMs must be at most ${MAX_TIMER_MS} ms (the longest wait setTimeout can do), or Infinity`,
    );
  }
  return timeoutMs;
}

/** `maxResponseBytes`, default 64 MiB. */
export function resolveMaxResponseBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new ScimValidationError(
      `maxResponseBytes must be a whole number >= 1, got ${String(value)}`,
    );
  }
  return value;
}

/** The fetch to send with: `options.fetch`, else the global one, looked up per call. */
export function resolveFetch(custom: unknown): FetchLike {
  if (custom === undefined) {
    if (typeof globalThis.fetch !== "function") {
      throw new ScimValidationError("no global fetch available; pass the fetch option");
    }
    // Late-bound so tools that replace globalThis.fetch after import still take effect.
    return (input, init) => globalThis.fetch(input, init);
  }
  if (typeof custom !== "function") throw new ScimValidationError("fetch must be a function");
  return custom as FetchLike;
}
