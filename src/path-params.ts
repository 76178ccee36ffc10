import { ScimValidationError } from "./errors.js";

const PLACEHOLDER = /\{([^{}]+)\}/g;

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
  // ":" and "@" are legal in a path segment (RFC 3986 pchar) and read better in schema URNs
  // (/schemas/urn:ietf:params:scim:schemas:core:2.0:User); everything else reserved is encoded.
  return encodeURIComponent(text).replace(/%3A/g, ":").replace(/%40/g, "@");
}

/**
 * An openapi-fetch `pathSerializer`: fills every `{name}` in `pathname` with its encoded value
 * (see {@link encodePathParam}) and refuses a missing one instead of sending `{name}` literally.
 */
export function serializePathParams(pathname: string, params: Record<string, unknown>): string {
  return pathname.replace(PLACEHOLDER, (_, name: string) => {
    if (!params || !(name in params)) {
      throw new ScimValidationError(`Path parameter "${name}" is missing`);
    }
    return encodePathParam(name, params[name]);
  });
}
