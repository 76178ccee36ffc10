// Reads what Genesys has: every user (active and inactive, in large trimmed pages) and the groups
// the desired state names (with their members).
import {
  filter,
  type ScimClient,
  type ScimFilter,
  type ScimGroup,
  type ScimUser,
} from "../index.js";
import { READ_ATTRIBUTES } from "./attributes.js";

/**
 * 100 users a page: Genesys may answer 429 to a count over 25 unless `attributes` trims the page,
 * which READ_ATTRIBUTES does; the emulator caps pages at 100 by default too. 5,000 users are then
 * 50 reads instead of 200.
 */
export const PAGE_SIZE = 100;
/** Group names per `displayName eq … or …` lookup (Genesys requires a filter to list groups). */
const GROUPS_PER_LOOKUP = 10;

export interface ReadProgress {
  (done: number): void;
}

async function collect<T>(
  list: AsyncIterable<T> & { pages(): AsyncIterable<{ Resources?: T[] }> },
  into: T[],
  onPage: () => void,
): Promise<void> {
  for await (const page of list.pages()) {
    into.push(...(page.Resources ?? []));
    onPage();
  }
}

/** Every user: an unfiltered list returns only active ones, so inactive ones are listed as well. */
export async function readUsers(
  client: ScimClient,
  options: { signal?: AbortSignal; onPage?: () => void } = {},
): Promise<ScimUser[]> {
  const users: ScimUser[] = [];
  const query = { count: PAGE_SIZE, attributes: READ_ATTRIBUTES, signal: options.signal };
  const onPage = options.onPage ?? (() => {});
  await collect(client.users.list(query), users, onPage);
  await collect(client.users.list({ ...query, filter: filter.eq("active", false) }), users, onPage);
  // A user who changed state between the two lists appears twice; the later (inactive) copy wins.
  const byId = new Map<string, ScimUser>();
  for (const user of users) if (user.id !== undefined) byId.set(user.id, user);
  return [...byId.values()];
}

/** The ids of the users a scope filter selects. */
export async function readScope(
  client: ScimClient,
  scope: ScimFilter,
  signal: AbortSignal | undefined,
): Promise<Set<string>> {
  const ids = new Set<string>();
  const list = client.users.list({ filter: scope, count: PAGE_SIZE, attributes: ["id"], signal });
  for await (const user of list) if (user.id !== undefined) ids.add(user.id);
  return ids;
}

/** The groups named in `names` that exist, by lower-cased displayName. */
export async function readGroups(
  client: ScimClient,
  names: readonly string[],
  options: { signal?: AbortSignal; onPage?: () => void } = {},
): Promise<Map<string, ScimGroup>> {
  const found = new Map<string, ScimGroup>();
  for (let i = 0; i < names.length; i += GROUPS_PER_LOOKUP) {
    const chunk = names
      .slice(i, i + GROUPS_PER_LOOKUP)
      .map((name) => filter.eq("displayName", name));
    const where =
      chunk.length === 1 ? chunk[0]! : filter.or(...(chunk as [ScimFilter, ...ScimFilter[]]));
    const list = client.groups.list({ filter: where, count: PAGE_SIZE, signal: options.signal });
    for await (const page of list.pages()) {
      for (const group of page.Resources ?? []) {
        if (typeof group.displayName === "string")
          found.set(group.displayName.toLowerCase(), group);
      }
      options.onPage?.();
    }
  }
  return found;
}

/** One user by userName (case-insensitive at Genesys), active or not: the 409 convergence lookup. */
export async function findByUserName(client: ScimClient, userName: string): Promise<ScimUser[]> {
  const users: ScimUser[] = [];
  for await (const user of client.users.list({
    filter: filter.eq("userName", userName),
    attributes: READ_ATTRIBUTES,
  })) {
    users.push(user);
  }
  return users;
}

/** One group by displayName: the 409 convergence lookup for group creates. */
export async function findGroup(
  client: ScimClient,
  displayName: string,
): Promise<ScimGroup | undefined> {
  for await (const group of client.groups.list({ filter: filter.eq("displayName", displayName) })) {
    if (group.displayName?.toLowerCase() === displayName.toLowerCase()) return group;
  }
  return undefined;
}
