import { ScimValidationError } from "./errors.js";
import type {
  ScimAnyFilterPath,
  ScimOrderedPath,
  ScimOrderedPathValue,
  ScimPathValue,
  ScimStringPath,
  ScimUncheckedPath,
} from "./filter-paths.js";
import { BUILT_FILTER } from "./markers.js";

export type {
  ScimAnyFilterPath,
  ScimFilterPath,
  ScimFilterPaths,
  ScimFilterValue,
  ScimOrderedValue,
  ScimUncheckedPath,
} from "./filter-paths.js";

// RFC 7644 §3.4.2.2: attrPath = [URI ":"] ATTRNAME *1subAttr; ATTRNAME = ALPHA *(nameChar);
// nameChar = "-" / "_" / DIGIT / ALPHA. The URI part is a schema URN in practice
// (urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value).
const ATTRIBUTE_PATH =
  /^(?:urn:[A-Za-z0-9][A-Za-z0-9._:-]*:)?[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z][A-Za-z0-9_-]*)?$/;

// Attribute names that read as filter keywords: parsers (servers' included) take "not eq ..." for
// the start of a negation, so no schema uses them and neither do we.
const KEYWORDS = new Set(["and", "or", "not"]);

/** True when `path` is a valid SCIM attribute path (`userName`, `name.familyName`, `urn:…:User:division`). */
export function isAttributePath(path: unknown): path is string {
  return typeof path === "string" && ATTRIBUTE_PATH.test(path) && !KEYWORDS.has(path.toLowerCase());
}

/** Throws a {@link ScimValidationError} unless `path` is a valid SCIM attribute path. */
export function assertAttributePath(path: unknown, where = "filter"): asserts path is string {
  if (!isAttributePath(path)) {
    throw new ScimValidationError(
      `${where}: ${JSON.stringify(path)} is not a SCIM attribute path ` +
        `(expected e.g. userName, name.familyName or urn:…:User:department)`,
    );
  }
}

type Kind = "comparison" | "and" | "or" | "not";

// Module-private access to ScimFilter's constructor and fields: only the builders below can make
// one, so every ScimFilter went through attribute-path validation and value encoding.
let createFilter: (text: string, kind: Kind) => ScimFilter;
let kindOf: (f: ScimFilter) => Kind;
const BUILDER = Symbol("ScimFilter builder");

/**
 * A SCIM filter expression built with {@link filter}. `String(f)` (or a template literal) gives the
 * RFC 7644 text; the client's `list({ filter })` takes the object itself.
 */
export class ScimFilter {
  /** Marks the filter as built by `filter.*`. */
  readonly [BUILT_FILTER] = true;
  readonly #text: string;
  readonly #kind: Kind;

  private constructor(token: typeof BUILDER, text: string, kind: Kind) {
    // Also enforced at runtime, for callers that cast the private constructor away.
    if (token !== BUILDER)
      throw new TypeError("ScimFilter: build filters with filter.eq(), filter.and(), ...");
    this.#text = text;
    this.#kind = kind;
  }

  static {
    createFilter = (text, kind) => new ScimFilter(BUILDER, text, kind);
    kindOf = (f) => f.#kind;
  }

  /** The filter as RFC 7644 text, e.g. `userName eq "a\"b"`. */
  toString(): string {
    return this.#text;
  }

  /** Serializes as the filter text. */
  toJSON(): string {
    return this.#text;
  }
}

/** The text of an operand of `parent`, parenthesized unless a comparison or the same operator. */
function operand(f: ScimFilter, parent: "and" | "or"): string {
  if (!(f instanceof ScimFilter)) {
    throw new ScimValidationError(
      `filter.${parent}: every operand must be a filter built with filter.*, got ${typeof f}`,
    );
  }
  const kind = kindOf(f);
  // `not (…)` carries its own parentheses and binds tightest, so it needs none more: scimmy (the
  // emulator's engine) refuses `a and (not (b))` while it takes `a and not (b)`.
  return kind === "comparison" || kind === "not" || kind === parent ? String(f) : `(${String(f)})`;
}

/** The JSON text (RFC 7159, as RFC 7644 requires for compValue) of a comparison value. */
function encodeValue(op: string, value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ScimValidationError(`filter.${op}: invalid Date`);
    return JSON.stringify(value.toISOString());
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new ScimValidationError(`filter.${op}: ${value} is not a finite number`);
  }
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  ) {
    // JSON string escaping covers `"` and `\` (and control characters), so no value can end the
    // string early and become filter syntax.
    return JSON.stringify(value);
  }
  throw new ScimValidationError(
    `filter.${op}: the value must be a string, number, boolean, null or Date, got ${typeof value}`,
  );
}

function comparison(
  op: string,
  attributePath: string,
  value: unknown,
  allowed: (v: unknown) => boolean,
): ScimFilter {
  assertAttributePath(attributePath, `filter.${op}`);
  if (!allowed(value)) {
    throw new ScimValidationError(
      `filter.${op}: unsupported value of type ${value === null ? "null" : typeof value}`,
    );
  }
  return createFilter(`${attributePath} ${op} ${encodeValue(op, value)}`, "comparison");
}

const anyValue = () => true;
const stringValue = (v: unknown) => typeof v === "string";
const orderedValue = (v: unknown) =>
  typeof v === "string" || typeof v === "number" || v instanceof Date;

function logical(op: "and" | "or", filters: ScimFilter[]): ScimFilter {
  if (filters.length === 0) throw new ScimValidationError(`filter.${op} needs at least one filter`);
  if (filters.length === 1) {
    operand(filters[0]!, op);
    return filters[0]!;
  }
  return createFilter(filters.map((f) => operand(f, op)).join(` ${op} `), op);
}

/**
 * Builders for SCIM filters (RFC 7644 §3.4.2.2). Attribute paths are validated and values are
 * encoded as JSON strings (`"` and `\` escaped), so user input can never change the filter's
 * structure: there is no string concatenation involved.
 *
 * @example
 * ```ts
 * const f = filter.and(filter.eq("userName", input), filter.not(filter.pr("title")));
 * String(f); // userName eq "…" and not (title pr)
 * ```
 */
export const filter = Object.freeze({
  /** `attr eq value`: equal. */
  eq: <P extends ScimAnyFilterPath>(attributePath: P, value: ScimPathValue<P>): ScimFilter =>
    comparison("eq", attributePath, value, anyValue),
  /** `attr ne value`: not equal. */
  ne: <P extends ScimAnyFilterPath>(attributePath: P, value: ScimPathValue<P>): ScimFilter =>
    comparison("ne", attributePath, value, anyValue),
  /** `attr co "text"`: contains. */
  co: (attributePath: ScimStringPath, value: string): ScimFilter =>
    comparison("co", attributePath, value, stringValue),
  /** `attr sw "text"`: starts with. */
  sw: (attributePath: ScimStringPath, value: string): ScimFilter =>
    comparison("sw", attributePath, value, stringValue),
  /** `attr ew "text"`: ends with. */
  ew: (attributePath: ScimStringPath, value: string): ScimFilter =>
    comparison("ew", attributePath, value, stringValue),
  /** `attr gt value`: greater than. */
  gt: <P extends ScimOrderedPath>(attributePath: P, value: ScimOrderedPathValue<P>): ScimFilter =>
    comparison("gt", attributePath, value, orderedValue),
  /** `attr ge value`: greater than or equal. */
  ge: <P extends ScimOrderedPath>(attributePath: P, value: ScimOrderedPathValue<P>): ScimFilter =>
    comparison("ge", attributePath, value, orderedValue),
  /** `attr lt value`: less than. */
  lt: <P extends ScimOrderedPath>(attributePath: P, value: ScimOrderedPathValue<P>): ScimFilter =>
    comparison("lt", attributePath, value, orderedValue),
  /** `attr le value`: less than or equal. */
  le: <P extends ScimOrderedPath>(attributePath: P, value: ScimOrderedPathValue<P>): ScimFilter =>
    comparison("le", attributePath, value, orderedValue),
  /** `attr pr`: present (has a non-empty value). */
  pr: (attributePath: ScimAnyFilterPath): ScimFilter => {
    assertAttributePath(attributePath, "filter.pr");
    return createFilter(`${attributePath} pr`, "comparison");
  },
  /** A path the spec does not know, e.g. `filter.path("urn:x:1.0:User:badge")`; value untyped. */
  path: (attributePath: string): ScimUncheckedPath => {
    assertAttributePath(attributePath, "filter.path");
    return attributePath as ScimUncheckedPath;
  },
  /** All of `filters` (nested `or`s are parenthesized). */
  and: (...filters: [ScimFilter, ...ScimFilter[]]): ScimFilter => logical("and", filters),
  /** Any of `filters` (nested `and`s are parenthesized). */
  or: (...filters: [ScimFilter, ...ScimFilter[]]): ScimFilter => logical("or", filters),
  /** `not (f)`: the negation of `f`. */
  not: (f: ScimFilter): ScimFilter => {
    if (!(f instanceof ScimFilter)) {
      throw new ScimValidationError("filter.not: the operand must be a filter built with filter.*");
    }
    return createFilter(`not (${String(f)})`, "not");
  },
});
