import { ScimError } from "../errors.js";
import type { Redactor } from "../redact.js";
import type { Emit } from "./emitter.js";
import { decideRetry, type AttemptOutcome } from "./retry-decision.js";
import type { RetryPolicy } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import type { CallState, OutgoingRequest, Received, Send } from "./types.js";

/** The whole pipeline as its callers see it: a request in, a complete response out. */
export type SendRequest = (request: OutgoingRequest) => Promise<Received>;

/**
 * The top layer: sends `request` through `next` until {@link decideRetry} says stop, waiting
 * between attempts (the wait ends at once when the caller aborts). When retries run out, the last
 * response is returned as it came and the last failure is thrown.
 */
export function withRetries(
  next: Send,
  policy: RetryPolicy,
  emit: Emit | undefined,
  redactor: Redactor,
): SendRequest {
  return async function sendWithRetries(request: OutgoingRequest): Promise<Received> {
    const { method, url, signal } = request;
    const call: CallState = { attempt: 0, authorization: undefined, reauthenticated: false };
    let retries = 0;
    let totalWaitMs = 0;
    for (;;) {
      call.attempt++;
      let outcome: AttemptOutcome;
      try {
        outcome = { received: await next(request, call) };
      } catch (failure) {
        if (signal?.aborted) throw signal.reason;
        outcome = { failure };
      }
      const decision = decideRetry(outcome, { method, retries, totalWaitMs }, policy);
      if (decision === undefined) {
        if ("failure" in outcome) throw outcome.failure;
        return outcome.received;
      }
      if (emit) {
        emit({
          type: "retry",
          method,
          url,
          attempt: call.attempt,
          reason: decision.reason,
          ...("received" in outcome
            ? { status: outcome.received.response.status }
            : { error: redactor.text(errorMessage(outcome.failure)) }),
          delaySource: decision.delaySource,
          delayMs: decision.delayMs,
          waitMs: decision.waitMs,
        });
      }
      retries++;
      totalWaitMs += decision.waitMs;
      await sleep(decision.waitMs, signal);
    }
  };
}

function errorMessage(error: unknown): string {
  return error instanceof ScimError || error instanceof Error ? error.message : String(error);
}
