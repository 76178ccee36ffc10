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

/** Pages read at once after the first (which tells how many there are). */
const PARALLEL_PAGES = 4;

/**
 * Every page of a user list: the first tells totalResults, the rest are read PARALLEL_PAGES at a
 * time (a 5,000-user org is 50 pages; one after another they cost 50 round trips of latency).
 */
async function readAllPages(
  client: ScimClient,
  query: Parameters<ScimClient["users"]["list"]>[0] & object,
  onPage: () => void,
): Promise<ScimUser[]> {
  const firstPage = async (startIndex: number) => {
    for await (const page of client.users.list({ ...query, startIndex }).pages()) return page;
    return undefined;
  };
  const first = await firstPage(1);
  onPage();
  const users = [...(first?.Resources ?? [])];
  const total = first?.totalResults ?? 0;
  const starts: number[] = [];
  for (let start = 1 + users.length; users.length > 0 && start <= total; start += PAGE_SIZE)
    starts.push(start);
  const pages: ScimUser[][] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL_PAGES, starts.length) }, async () => {
      while (next < starts.length) {
        const index = next++;
        pages[index] = (await firstPage(starts[index]!))?.Resources ?? [];
        onPage();
      }
    }),
  );
  for (const page of pages) users.push(...page);
  // A list that moved while it was read may have shifted users past a page boundary; the caller
  // dedupes by id, and a user it missed is one plan creates and apply then converges on (409).
  return users;
}

/** Every user: an unfiltered list returns only active ones, so inactive ones are listed as well. */
export async function readUsers(
  client: ScimClient,
  options: { signal?: AbortSignal; onPage?: () => void } = {},
): Promise<ScimUser[]> {
  const query = { count: PAGE_SIZE, attributes: READ_ATTRIBUTES, signal: options.signal };
  const onPage = options.onPage ?? (() => {});
  const [active, inactive] = await Promise.all([
    readAllPages(client, query, onPage),
    readAllPages(client, { ...query, filter: filter.eq("active", false) }, onPage),
  ]);
  // A user who changed state between the two lists appears twice; the inactive copy wins.
  const byId = new Map<string, ScimUser>();
  for (const user of [...active, ...inactive]) if (user.id !== undefined) byId.set(user.id, user);
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
