/**
 * Marks filters built by `filter.*`, so the request path can recognise them without importing
 * the builders (an app that never builds a filter then ships without them).
 */
export const BUILT_FILTER: unique symbol = Symbol("genesys-cloud-scim filter");

/** True when `value` was built with `filter.*`. */
export function isBuiltFilter(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { [BUILT_FILTER]?: unknown })[BUILT_FILTER] === true
  );
}

/** The schema URN every PATCH request carries (RFC 7644 §3.5.2). */
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
