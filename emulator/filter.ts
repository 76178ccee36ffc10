// SCIM filters: scimmy parses them (RFC 7644 section 3.4.2.2 grammar) into a list of AND-terms
// joined by OR; this module evaluates that structure against stored resources. scimmy's own
// Filter.match compares case-sensitively and cannot follow schema URNs or Genesys's shorthand
// attribute names, so matching lives here.

/** One comparison as scimmy parses it: [op, value] or ["not", op, value]; "pr" has no value. */
type Comparison = readonly unknown[];
/** A comparison, several comparisons on one attribute (all must hold), or sub-attribute filters. */
export type AttributeFilter =
  Comparison | readonly Comparison[] | { readonly [name: string]: AttributeFilter };
export type FilterTerm = { readonly [attribute: string]: AttributeFilter };

// scimmy's tokenizer stops at the first `"` even when escaped (`"a\"b"`), which breaks filters a
// careful client builds. Escapes inside string literals are swapped for private-use characters
// before parsing and swapped back when values are compared.
const ESCAPED_QUOTE = "\uE000";
const ESCAPED_BACKSLASH = "\uE001";

export function protectEscapes(expression: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i];
    if (inString && char === "\\" && i + 1 < expression.length) {
      const next = expression[i + 1];
      if (next === '"' || next === "\\") {
        out += next === '"' ? ESCAPED_QUOTE : ESCAPED_BACKSLASH;
        i++;
        continue;
      }
    }
    if (char === '"') inString = !inString;
    out += char;
  }
  return out;
}

function restoreEscapes(value: string): string {
  return value.replaceAll(ESCAPED_QUOTE, '"').replaceAll(ESCAPED_BACKSLASH, "\\");
}

/**
 * Looks up a top-level attribute of a resource by its (case-insensitive) name, which may carry a
 * schema URN prefix. Returns undefined for attributes the resource does not have.
 */
export type AttributeResolver<T> = (resource: T, name: string) => unknown;

/** True when the attribute at a (lower-cased, dotted) path compares case-sensitively (caseExact). */
export type CaseExact = (path: string) => boolean;

export function matchesFilter<T>(
  terms: readonly FilterTerm[],
  resource: T,
  resolve: AttributeResolver<T>,
  caseExact: CaseExact = () => false,
): boolean {
  return terms.some((term) =>
    Object.entries(term).every(([name, filter]) =>
      matchesAttribute(resolve(resource, name), filter, name.toLowerCase(), caseExact),
    ),
  );
}

/** Case-insensitive property lookup on a plain object. */
export function getAttribute(value: unknown, name: string): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

function isComparison(filter: AttributeFilter): filter is Comparison {
  return Array.isArray(filter) && typeof filter[0] === "string";
}

function matchesAttribute(
  actual: unknown,
  filter: AttributeFilter,
  path: string,
  caseExact: CaseExact,
): boolean {
  const exact = caseExact(path);
  if (isComparison(filter)) return compare(actual, filter, exact);
  if (Array.isArray(filter))
    return (filter as readonly Comparison[]).every((c) => compare(actual, c, exact));
  // Sub-attribute filters apply together to one value (or one element of a multi-valued attribute).
  const values = Array.isArray(actual) ? actual : [actual];
  const entries = Object.entries(filter as { readonly [name: string]: AttributeFilter });
  return values.some((value) =>
    entries.every(([name, sub]) =>
      matchesAttribute(getAttribute(value, name), sub, `${path}.${name.toLowerCase()}`, caseExact),
    ),
  );
}

function compare(actual: unknown, comparison: Comparison, exact: boolean): boolean {
  const negate = String(comparison[0]).toLowerCase() === "not";
  const [op, expected] = (negate ? comparison.slice(1) : comparison) as [unknown, unknown];
  const operator = String(op).toLowerCase();
  let result: boolean;
  if (Array.isArray(actual)) {
    // A multi-valued attribute matches when any of its values does; complex values compare their "value".
    result =
      operator === "pr"
        ? actual.length > 0
        : actual.some((item) =>
            compareScalar(
              isPlainObject(item) ? getAttribute(item, "value") : item,
              operator,
              expected,
              exact,
            ),
          );
  } else if (isPlainObject(actual) && operator !== "pr") {
    // A complex attribute compared directly (e.g. "manager eq ...") compares its "value".
    result = compareScalar(getAttribute(actual, "value"), operator, expected, exact);
  } else {
    result = compareScalar(actual, operator, expected, exact);
  }
  return negate ? !result : result;
}

function compareScalar(
  actual: unknown,
  operator: string,
  rawExpected: unknown,
  exact: boolean,
): boolean {
  const expected = typeof rawExpected === "string" ? restoreEscapes(rawExpected) : rawExpected;
  if (operator === "pr") return actual !== undefined && actual !== null && actual !== "";
  if (actual === undefined || actual === null) {
    if (operator === "eq") return expected === null;
    if (operator === "ne") return expected !== null;
    return false;
  }
  if (typeof actual === "boolean") {
    const wanted = typeof expected === "string" ? expected.toLowerCase() === "true" : expected;
    if (operator === "eq") return actual === wanted;
    if (operator === "ne") return actual !== wanted;
    return false;
  }
  if (typeof actual === "number" && typeof expected === "number") {
    return ordered(actual, expected, operator);
  }
  if (typeof actual === "object") return false;
  // RFC 7643 §2.2: caseExact attributes (id, externalId) compare case-sensitively, others not.
  const a = exact ? String(actual) : String(actual).toLowerCase();
  const e = expected === null ? "" : exact ? String(expected) : String(expected).toLowerCase();
  switch (operator) {
    case "eq":
      return a === e;
    case "ne":
      return a !== e;
    case "co":
      return a.includes(e);
    case "sw":
      return a.startsWith(e);
    case "ew":
      return a.endsWith(e);
    default: {
      const aTime = isoTime(a);
      const eTime = isoTime(e);
      if (aTime !== undefined && eTime !== undefined) return ordered(aTime, eTime, operator);
      return ordered(a, e, operator);
    }
  }
}

function ordered<V extends number | string>(a: V, e: V, operator: string): boolean {
  switch (operator) {
    case "eq":
      return a === e;
    case "ne":
      return a !== e;
    case "gt":
      return a > e;
    case "ge":
      return a >= e;
    case "lt":
      return a < e;
    case "le":
      return a <= e;
    default:
      return false;
  }
}

function isoTime(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const time = Date.parse(value.toUpperCase());
  return Number.isNaN(time) ? undefined : time;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The single `attribute eq "value"` a filter reduces to, if that is all it is (for index lookups).
 */
export function simpleEquality(
  terms: readonly FilterTerm[],
): { attribute: string; value: string } | undefined {
  if (terms.length !== 1) return undefined;
  const entries = Object.entries(terms[0] ?? {});
  if (entries.length !== 1) return undefined;
  const [attribute, filter] = entries[0] as [string, AttributeFilter];
  if (!isComparison(filter) || filter.length !== 2) return undefined;
  const [op, value] = filter;
  if (String(op).toLowerCase() !== "eq" || typeof value !== "string") return undefined;
  return { attribute, value: restoreEscapes(value) };
}
