/**
 * Exponential backoff with full jitter: a random wait in `[0, min(cap, base * 2^(retry-1)))`.
 * The jitter spreads clients that were throttled together so they do not come back together
 * (with base 1 s: up to 1 s, 2 s, 4 s... before the first, second, third retry).
 */
export function backoffDelay(
  retry: number,
  baseDelayMs: number,
  capMs: number,
  random = Math.random,
): number {
  return Math.floor(random() * Math.min(capMs, baseDelayMs * 2 ** Math.max(0, retry - 1)));
}
