import type { components } from "../generated/schema.js";
import { ScimValidationError } from "./errors.js";
import { assertAttributePath, isAttributePath, ScimFilter } from "./filter.js";
import { PATCH_OP_SCHEMA } from "./markers.js";

type Schemas = components["schemas"];

/** One PATCH operation (`op`, `path`, `value`), as the generated `ScimV2PatchOperation`. */
export type PatchOperation = Schemas["ScimV2PatchOperation"];

/** A PATCH request body, as the generated `ScimV2PatchRequest`. */
export type PatchRequest = Schemas["ScimV2PatchRequest"];

export { PATCH_OP_SCHEMA };

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";

type Writable<T> = {
  -readonly [K in keyof T as K extends "id" | "meta" | "schemas" | "groups" ? never : K]: T[K];
};
type WritableUser = Writable<Schemas["ScimV2User"]>;
type WritableGroup = Writable<Schemas["ScimV2Group"]>;

/**
 * The value types of the attribute paths the generated User and Group schemas know: top-level
 * attributes and the attributes of the enterprise and Genesys extensions.
 */
export type KnownPatchPaths = WritableUser & Omit<WritableGroup, keyof WritableUser>;
type ExtensionPaths = {
  [
    K in keyof Schemas["ScimV2EnterpriseUser"] as `${typeof ENTERPRISE}:${K & string}`
  ]: Schemas["ScimV2EnterpriseUser"][K];
} & {
  [
    K in keyof Schemas["ScimUserExtensions"] as `${typeof GENESYS}:${K & string}`
  ]: Schemas["ScimUserExtensions"][K];
};

/**
 * The value a PATCH of `path` takes: the attribute's generated type when the path is a known User
 * or Group attribute (so `patch.replace("active", "yes")` does not compile), otherwise `unknown`
 * (value paths such as `emails[type eq "work"].value`).
 */
export type PatchValue<P extends string> = P extends keyof KnownPatchPaths
  ? NonNullable<KnownPatchPaths[P]>
  : P extends keyof ExtensionPaths
    ? NonNullable<ExtensionPaths[P]>
    : unknown;

/** The attributes a path-less `add`/`replace` may set: a partial writable User or Group. */
export type PatchAttributes = Partial<WritableUser> | Partial<WritableGroup>;

const SUB_ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Throws a {@link ScimValidationError} unless `path` is a SCIM PATCH path: an attribute path, or a
 * value path `attr[filter]` optionally followed by `.subAttribute` (RFC 7644 §3.5.2).
 */
export function assertPatchPath(path: unknown, op: string): asserts path is string {
  if (isAttributePath(path)) return;
  if (typeof path === "string") {
    const open = path.indexOf("[");
    const close = path.lastIndexOf("]");
    if (open > 0 && close > open && !/[\r\n]/.test(path)) {
      const rest = path.slice(close + 1);
      if (
        isAttributePath(path.slice(0, open)) &&
        path.slice(open + 1, close).trim() !== "" &&
        (rest === "" || (rest.startsWith(".") && SUB_ATTRIBUTE.test(rest.slice(1))))
      ) {
        return;
      }
    }
  }
  throw new ScimValidationError(
    `patch.${op}: ${JSON.stringify(path)} is not a SCIM PATCH path ` +
      `(expected e.g. title, name.familyName or emails[type eq "work"].value)`,
  );
}

/**
 * Builds a value path `attr[filter]` or `attr[filter].subAttribute` from a filter made with
 * `filter.*`, for operations on one element of a multi-valued attribute.
 *
 * @example
 * ```ts
 * patch.replace(patch.path("emails", filter.eq("type", "work"), "value"), "new@example.com");
 * ```
 */
function valuePath(attributePath: string, where: ScimFilter, subAttribute?: string): string {
  assertAttributePath(attributePath, "patch.path");
  if (!(where instanceof ScimFilter)) {
    throw new ScimValidationError("patch.path: the filter must be built with filter.*");
  }
  if (subAttribute !== undefined && !SUB_ATTRIBUTE.test(subAttribute)) {
    throw new ScimValidationError(
      `patch.path: ${JSON.stringify(subAttribute)} is not a sub-attribute name`,
    );
  }
  return `${attributePath}[${String(where)}]${subAttribute === undefined ? "" : `.${subAttribute}`}`;
}

function withValue(
  op: "add" | "replace",
  pathOrValue: unknown,
  value: unknown,
  arity: number,
): PatchOperation {
  if (arity < 2) {
    if (pathOrValue === null || typeof pathOrValue !== "object" || Array.isArray(pathOrValue)) {
      throw new ScimValidationError(
        `patch.${op}: without a path, the value must be an object of attributes`,
      );
    }
    return { op, value: pathOrValue };
  }
  assertPatchPath(pathOrValue, op);
  if (value === undefined) throw new ScimValidationError(`patch.${op}: a value is required`);
  return { op, path: pathOrValue, value };
}

/**
 * Builders for SCIM PATCH operations (RFC 7644 §3.5.2). Paths are validated; values of known
 * attributes are type-checked against the generated schemas. `client.users.patch(id, ops)` wraps
 * them in a PatchOp request; {@link patch.request} does it by hand.
 *
 * @example
 * ```ts
 * await client.users.patch(id, [patch.replace("title", "Engineer"), patch.remove("phoneNumbers")], {
 *   ifMatch: user.meta?.version,
 * });
 * ```
 */
export const patch = Object.freeze({
  /** `add` the attributes of an object (no path), or a value at `path`. */
  add: addOrReplace("add"),
  /** `replace` the attributes of an object (no path), or the value at `path`. */
  replace: addOrReplace("replace"),
  /** `remove` the value at `path` (a path is required for remove). */
  remove: (path: string): PatchOperation => {
    assertPatchPath(path, "remove");
    return { op: "remove", path };
  },
  /** Builds a value path such as `emails[type eq "work"].value` from a `filter.*` filter. */
  path: valuePath,
  /** Wraps operations in a PatchOp request body (`schemas: [PatchOp URN]`). */
  request: (operations: readonly PatchOperation[]): PatchRequest => {
    if (!Array.isArray(operations) || operations.length === 0) {
      throw new ScimValidationError("a PATCH request needs at least one operation");
    }
    return { schemas: [PATCH_OP_SCHEMA], Operations: [...operations] };
  },
});

/** The signature of {@link patch.add} and {@link patch.replace}. */
export interface AddOrReplace {
  /** Sets the given attributes (a path-less operation). */
  (attributes: PatchAttributes): PatchOperation;
  /** Sets the value at `path`. */
  <P extends string>(path: P, value: PatchValue<P>): PatchOperation;
}

function addOrReplace(op: "add" | "replace"): AddOrReplace {
  return function (this: unknown, pathOrValue: unknown, value?: unknown): PatchOperation {
    return withValue(op, pathOrValue, value, arguments.length);
  } as AddOrReplace;
}
