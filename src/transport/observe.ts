import { REDACTED, type Redactor } from "../redact.js";
import type { Emit } from "./emitter.js";
import type { Send } from "./types.js";

/**
 * Reports each attempt as it is sent (`request`) and when it is complete (`response`), with
 * credentials redacted. Only stacked when `onEvent` is set, so unobserved clients pay nothing.
 */
export function withEvents(next: Send, emit: Emit, redactor: Redactor): Send {
  return async (request, call) => {
    const { method, url } = request;
    const headers = redactor.headers(new Headers(request.headers as HeadersInit));
    if (call.authorization !== undefined) headers.authorization = REDACTED;
    emit({ type: "request", method, url, attempt: call.attempt, headers });
    const started = performance.now();
    const received = await next(request, call);
    const { response } = received;
    emit({
      type: "response",
      method,
      url,
      attempt: call.attempt,
      status: response.status,
      durationMs: performance.now() - started,
      headers: redactor.headers(response.headers),
    });
    return received;
  };
}
