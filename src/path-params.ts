import { ScimValidationError } from "./errors.js";

// Characters that never need encoding in a path segment (RFC 3986 unreserved).
const UNRESERVED = /^[A-Za-z0-9_.~-]+$/;

/**
 * Percent-encodes one path parameter so that it always stays one path segment. Refuses values that
 * no encoding can keep in place: empty, `"."` and `".."` (URL parsing treats those as dot segments
 * and would move the request to another resource, and `encodeURIComponent("..")` is still `".."`).
 */
export function encodePathParam(name: string, value: unknown): string {
  if (typeof value !== "string" && typeof value !== "number") {
    throw new ScimValidationError(
      `Path parameter "${name}" must be a string, got ${value === null ? "null" : typeof value}`,
    );
  }
  const text = String(value);
  if (text === "" || text === "." || text === "..") {
    throw new ScimValidationError(
      `Path parameter "${name}" must not be ${text === "" ? "empty" : `"${text}"`}: it would change the request path`,
    );
  }
  if (UNRESERVED.test(text)) return text;
  if (!isWellFormed(text)) {
    throw new ScimValidationError(
      `Path parameter "${name}" contains a lone surrogate (broken UTF-16), which no URL can carry`,
    );
  }
  // ":" and "@" are legal in a path segment (RFC 3986 pchar) and read better in schema URNs
  // (/schemas/urn:ietf:params:scim:schemas:core:2.0:User); everything else reserved is encoded.
  return encodeURIComponent(text).replace(/%3A/g, ":").replace(/%40/g, "@");
}

/**
 * An openapi-fetch `pathSerializer`: fills every `{name}` in `pathname` with its encoded value
 * (see {@link encodePathParam}) and refuses a missing one instead of sending `{name}` literally.
 */
export function serializePathParams(pathname: string, params: Record<string, unknown>): string {
  let result = "";
  let from = 0;
  for (let open = pathname.indexOf("{"); open !== -1; open = pathname.indexOf("{", from)) {
    const close = pathname.indexOf("}", open);
    if (close === -1) break;
    const name = pathname.slice(open + 1, close);
    if (!params || !(name in params)) {
      throw new ScimValidationError(`Path parameter "${name}" is missing`);
    }
    result += pathname.slice(from, open) + encodePathParam(name, params[name]);
    from = close + 1;
  }
  return from === 0 ? pathname : result + pathname.slice(from);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `String.prototype.isWellFormed` (ES2024), spelled out for runtimes without it. */
function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
