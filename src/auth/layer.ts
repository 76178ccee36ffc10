import type { Emit } from "../transport/emitter.js";
import type { Send } from "../transport/types.js";

/** Where the auth layer gets the `Authorization` value of each attempt. */
export interface AuthorizationSource {
  /**
   * The header value (`"Bearer …"`), from cache when possible. A token request it starts or joins
   * is abandoned when `signal` aborts (rejecting with its reason).
   */
  authorization(signal?: AbortSignal): string | Promise<string>;
  /** Whether a 401 can be cured by fetching a new token. */
  readonly refreshable: boolean;
  /** Forgets `authorization` (it was refused) so the next attempt gets a new token. */
  invalidate(authorization: string): void;
}

/**
 * Adds `Authorization` to every attempt (asking `source` each time, so a refreshed token is used
 * from the next attempt on) and cures a 401 once per call: the refused token is forgotten and the
 * request replayed with a new one. A second 401 in the same call is returned as it came.
 */
export function withAuthorization(
  next: Send,
  source: AuthorizationSource,
  emit: Emit | undefined,
): Send {
  return async function authorized(request, call) {
    for (;;) {
      const value = source.authorization(request.signal);
      call.authorization = typeof value === "string" ? value : await value;
      const received = await next(request, call);
      if (received.response.status !== 401 || !source.refreshable || call.reauthenticated) {
        return received;
      }
      call.reauthenticated = true;
      source.invalidate(call.authorization);
      emit?.({
        type: "retry",
        method: request.method,
        url: request.url,
        attempt: call.attempt,
        reason: "unauthorized",
        status: 401,
        delaySource: "none",
        delayMs: 0,
        waitMs: 0,
      });
      call.attempt++;
    }
  };
}
