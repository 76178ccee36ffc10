import { ScimValidationError } from "./errors.js";

// Both CR and LF end a header line on the wire: a value holding either could smuggle a second
// header or a second request. fetch() would throw a TypeError that quotes the value (maybe a token),
// or silently trim them at the ends, so refuse them ourselves first.
const LINE_BREAK = /[\r\n]/;

/**
 * Throws a {@link ScimValidationError} naming `name` when `value` contains CR or LF. The message
 * never repeats the value: it may be a token.
 */
export function assertHeaderValue(name: string, value: string): void {
  if (LINE_BREAK.test(value)) {
    throw new ScimValidationError(
      `Header "${name}" was refused: its value contains a CR or LF character (the request was not sent)`,
    );
  }
  if (LINE_BREAK.test(name)) {
    throw new ScimValidationError(
      `A header name contains a CR or LF character (the request was not sent)`,
    );
  }
}

/**
 * Checks every value of a headers argument as openapi-fetch accepts it (a `Headers`, an array of
 * pairs, or a record whose values may be arrays, `null` or `undefined`).
 */
export function assertHeaders(headers: unknown): void {
  if (headers === undefined || headers === null || typeof headers !== "object") return;
  if (headers instanceof Headers) {
    // A Headers object has already rejected CR/LF itself; nothing can be smuggled through it.
    return;
  }
  if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (Array.isArray(pair) && pair.length === 2)
        assertHeaderValue(String(pair[0]), String(pair[1]));
    }
    return;
  }
  for (const name in headers) {
    const value = (headers as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) assertHeaderValue(name, String(item));
    } else {
      assertHeaderValue(name, String(value));
    }
  }
}
