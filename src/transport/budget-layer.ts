import type { RateBudget } from "../budget.js";
import { serverDelay } from "./retry-after.js";
import type { Send } from "./types.js";

/**
 * Asks `budget` before every API attempt (retries and 401 replays included) and tells it how the
 * attempt ended. Stacked below the retry loop and auth, above the attempt's deadline: waiting for
 * permission never counts against `timeoutMs`, and the caller's abort ends the wait at once.
 */
export function withBudget(next: Send, budget: RateBudget): Send {
  return async (request, call) => {
    const wait = budget.acquire(request.signal);
    if (wait !== undefined) await wait;
    let received;
    try {
      received = await next(request, call);
    } catch (error) {
      budget.release({ status: undefined, retryAfterMs: undefined });
      throw error;
    }
    const { response, text } = received;
    const status = response.status;
    budget.release({
      status,
      retryAfterMs:
        status === 429 ? serverDelay(status, response.headers, text)?.delayMs : undefined,
    });
    return received;
  };
}
