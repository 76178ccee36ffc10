import { ScimError, ScimValidationError } from "./errors.js";
import { filter, type ScimFilter } from "./filter.js";
import type { ScimList } from "./paging.js";
import type { CallOptions, ListQuery } from "./resources.js";

// Finders that encode Genesys Cloud's rules, built on the resource client's own `list`:
// - an unfiltered user list holds active users only; `active eq false` finds the others, so a
//   finder asks both ways (two requests, sent together) and a sync never misses a deactivated user;
// - matching follows the schema's caseExact: userName and group displayName case-insensitively,
//   externalId exactly (the server is asked with `eq`, and the answer is checked again here).

/** More than one resource matched where at most one may: the finder will not guess. */
export class ScimAmbiguousMatchError extends ScimError {
  override name = "ScimAmbiguousMatchError";
  /** The ids of the resources that matched. */
  readonly ids: readonly string[];

  /** @param what - the search, e.g. `externalId "E-17"`. */
  constructor(what: string, ids: readonly string[]) {
    super(`${ids.length} active resources match ${what} (ids ${ids.join(", ")}); expected one`);
    this.ids = ids;
  }
}

/** What the finders read of a resource. */
interface Found {
  id: string;
  active?: boolean;
  meta: { lastModified?: string };
}

type Lister<T> = (query: ListQuery) => ScimList<T, { Resources?: T[] }>;

/** More matches than this for one name or id is not a lookup any more: refuse rather than page. */
const MAX_MATCHES = 100;

async function matching<T extends Found>(
  list: Lister<T>,
  where: ScimFilter,
  same: (resource: T) => boolean,
  options: CallOptions,
): Promise<T[]> {
  const found = await list({ filter: where, signal: options.signal }).toArray({
    limit: MAX_MATCHES,
  });
  return found.filter(same);
}

/**
 * The one user whose `attribute` is `value`, active or not, or `undefined`. Several matches: the
 * active one; more than one active: {@link ScimAmbiguousMatchError}; only inactive ones: the most
 * recently modified.
 */
export async function findUser<T extends Found & Record<string, unknown>>(
  list: Lister<T>,
  attribute: "userName" | "externalId",
  value: string,
  options: CallOptions = {},
): Promise<T | undefined> {
  if (typeof value !== "string" || value === "") {
    throw new ScimValidationError(
      `findBy${attribute[0]!.toUpperCase()}${attribute.slice(1)}: the ${attribute} must be a non-empty string`,
    );
  }
  const caseExact = attribute === "externalId";
  const wanted = caseExact ? value : value.toLowerCase();
  const same = (user: T) => {
    const actual = user[attribute];
    return typeof actual === "string" && (caseExact ? actual : actual.toLowerCase()) === wanted;
  };
  const equal = filter.eq(attribute, value);
  const [listed, inactive] = await Promise.all([
    matching(list, equal, same, options),
    matching(list, filter.and(equal, filter.eq("active", false)), same, options),
  ]);
  return pick([...listed, ...inactive], `${attribute} ${JSON.stringify(value)}`);
}

/** The group named `displayName` (case-insensitively, as Genesys compares it), or `undefined`. */
export async function findGroup<T extends Found & { displayName: string }>(
  list: Lister<T>,
  displayName: string,
  options: CallOptions = {},
): Promise<T | undefined> {
  if (typeof displayName !== "string" || displayName === "") {
    throw new ScimValidationError("findByName: the displayName must be a non-empty string");
  }
  const wanted = displayName.toLowerCase();
  const found = await matching(
    list,
    filter.eq("displayName", displayName),
    (group) => group.displayName.toLowerCase() === wanted,
    options,
  );
  return pick(found, `displayName ${JSON.stringify(displayName)}`);
}

function pick<T extends Found>(found: T[], what: string): T | undefined {
  const unique = [...new Map(found.map((resource) => [resource.id, resource])).values()];
  const active = unique.filter((resource) => resource.active !== false);
  if (active.length > 1)
    throw new ScimAmbiguousMatchError(
      what,
      active.map((r) => r.id),
    );
  if (active.length === 1) return active[0];
  // Only deactivated ones (a userName can be reused after a delete): the newest is the one to revive.
  return unique.sort((a, b) =>
    (b.meta.lastModified ?? "").localeCompare(a.meta.lastModified ?? ""),
  )[0];
}

/**
 * An unfiltered user list with `includeInactive`: the active users (all an unfiltered Genesys list
 * returns), then the `active eq false` ones. With a filter the filter alone decides.
 */
export function withInactive<T>(
  list: Lister<T>,
  query: ListQuery,
): ScimList<T, { Resources?: T[] }> {
  const inactive = list({ ...query, startIndex: 1, filter: filter.eq("active", false) });
  return list(query).followedBy(inactive);
}
