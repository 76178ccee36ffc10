import { ScimValidationError } from "./errors.js";

// RFC 9110 §5.5: a field value is visible ASCII, obs-text (0x80-0xFF), spaces and tabs. Anything
// else (NUL, DEL, other controls, CR/LF that would end the header line and smuggle a second
// header or request, characters beyond Latin-1 that have no single byte on the wire) is refused
// here, before fetch would throw a TypeError quoting the value (maybe a token) or trim it silently.
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
// §5.1: a field name is a token.
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** True when `value` may be sent as a header value as it is (RFC 9110 field-value). */
export function isFieldValue(value: string): boolean {
  return !NOT_FIELD_VALUE.test(value);
}

/** What is wrong with a header value, for messages that must not repeat it. */
export function fieldValueProblem(value: string): string {
  const bad = NOT_FIELD_VALUE.exec(value)![0];
  return bad === "\r" || bad === "\n"
    ? "a CR or LF character"
    : bad.charCodeAt(0) > 0xff
      ? "a character outside Latin-1"
      : `the control character U+${bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Throws a {@link ScimValidationError} naming `name` when `value` is not a valid header value, or
 * `name` not a valid header name. The message never repeats the value: it may be a token.
 */
export function assertHeaderValue(name: string, value: string): void {
  if (!FIELD_NAME.test(name)) {
    throw new ScimValidationError(
      `A header name is not an RFC 9110 token (the request was not sent)`,
    );
  }
  if (NOT_FIELD_VALUE.test(value)) {
    throw new ScimValidationError(
      `Header "${name}" was refused: its value contains ${fieldValueProblem(value)} (the request was not sent)`,
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
    // A Headers object has already refused what fetch would refuse; check the rest of the grammar.
    headers.forEach((value, name) => assertHeaderValue(name, value));
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
