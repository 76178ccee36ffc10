import type { ScimEvent } from "../index.js";

/**
 * Follows the client's retry events so apply's progress can say how long it is waiting on a 429:
 * `createScimClient({ onEvent: tracker.onEvent })`, then `apply(client, plan, { retries: tracker })`.
 */
export function trackRetries(): { onEvent(event: ScimEvent): void; waitingMs(): number } {
  let until = 0;
  return {
    onEvent(event) {
      if (event.type === "retry") until = Math.max(until, Date.now() + event.waitMs);
    },
    waitingMs: () => Math.max(0, until - Date.now()),
  };
}
