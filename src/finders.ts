import { ScimError, ScimValidationError } from "./errors.js";
import { filter } from "./filter.js";
import type { ScimList } from "./paging.js";
import type { CallOptions, ListQuery } from "./resources.js";

// Finders that encode Genesys Cloud's rules, built on the resource client's own `list`:
// - an unfiltered user list holds active users only and a filtered one may too, while
//   `active eq false` finds the others: a user finder asks both ways (two requests, sent together),
//   so a sync never misses a deactivated user and re-creates it;
// - matching follows the schemas' caseExact: userName and displayName case-insensitively,
//   externalId exactly. The server is asked with `eq` and every answer is checked again here.

/** More than one active resource matched where at most one may: the finder will not guess. */
export class ScimAmbiguousMatchError extends ScimError {
  override name = "ScimAmbiguousMatchError";

  constructor(
    what: string,
    readonly ids: readonly string[],
  ) {
    super(`${ids.length} active resources match ${what}: ${ids.join(", ")}`);
  }
}

/** What a finder reads of a resource. */
interface Found {
  id: string;
  active?: boolean;
  meta: { lastModified?: string };
}

type Lister<T> = (query: ListQuery) => ScimList<T, { Resources?: T[] }>;

/**
 * The resource whose `attribute` is `value`, or `undefined`. Several matches: the active one; more
 * than one active: {@link ScimAmbiguousMatchError}; only inactive ones: the most recently modified
 * (a userName can be reused after a delete; the newest holder is the one to revive).
 */
export async function find<T extends Found>(
  list: Lister<T>,
  attribute: "userName" | "externalId" | "displayName",
  value: string,
  options: CallOptions = {},
): Promise<T | undefined> {
  if (!value || typeof value !== "string") {
    throw new ScimValidationError(`${attribute} must be a non-empty string`);
  }
  const key = (v: unknown) => (attribute === "externalId" ? v : String(v).toLowerCase());
  const equal = filter.eq(attribute, value);
  const filters =
    attribute === "displayName" ? [equal] : [equal, filter.and(equal, filter.eq("active", false))];
  // 100 matches for one name is not a lookup any more: refuse rather than page on.
  const pages = await Promise.all(
    filters.map((f) => list({ filter: f, signal: options.signal }).toArray({ limit: 100 })),
  );
  const found = new Map<string, T>();
  for (const r of pages.flat()) {
    if (key((r as Record<string, unknown>)[attribute]) === key(value)) found.set(r.id, r);
  }
  const all = [...found.values()];
  const active = all.filter((r) => r.active !== false);
  if (active[1]) {
    throw new ScimAmbiguousMatchError(
      `${attribute} ${JSON.stringify(value)}`,
      active.map((r) => r.id),
    );
  }
  // Only deactivated ones: the most recently modified.
  const newest = (r: T) => r.meta.lastModified ?? "";
  return active[0] ?? all.sort((a, b) => (newest(a) < newest(b) ? 1 : -1))[0];
}
