// plan(): desired state + what Genesys has → a reviewable list of writes. Reads only.
import type { ScimClient, ScimFilter, ScimGroup, ScimUser } from "../index.js";
import { diffUser, type ManagerResolver } from "./attributes.js";
import { assignWaves, countItems, keyOfId, removeItem } from "./plan-items.js";
import { findMatch, indexTarget, scopeTest, type ScopeTest } from "./match.js";
import { membershipItem, wantedGroups, type Member } from "./membership.js";
import { readGroups, readScope, readUsers } from "./read.js";
import { targetOf } from "./target.js";
import { blocksOf, DEFAULT_THRESHOLDS } from "./thresholds.js";
import type {
  CreateItem,
  DesiredState,
  SourceProblem,
  SyncItem,
  SyncPlan,
  SyncProgress,
  UserRef,
} from "./types.js";
import { SyncValidationError } from "./types.js";
import { keyOf, validateDesired, type MatchKey } from "./validate.js";

export interface PlanOptions {
  /** Default externalId (then userName). */
  matchKey?: MatchKey;
  /** Which Genesys users the sync may touch. Default: users that carry the match key. */
  scope?: { filter?: ScimFilter; where?: ScopeTest };
  /** Bring out-of-scope matches into scope (their externalId is set) instead of reporting a conflict. */
  adopt?: boolean;
  /** What happens to in-scope users missing from the source. Default "deactivate". */
  missing?: "deactivate" | "delete" | "ignore";
  /** Create missing groups (default) or require that they exist. */
  groups?: "create" | "require";
  /** Also remove group members the sync does not manage. Default false. */
  exclusiveMembership?: boolean;
  /** Deactivations + deletions above which the plan is blocked. Default 500 and 20 %. */
  thresholds?: { maxRemovals?: number; maxRemovalPercent?: number };
  /** The OAuth client id, when known: part of the target fingerprint (never the secret). */
  clientId?: string;
  onProgress?: (event: SyncProgress) => void;
  signal?: AbortSignal;
}

const CREATE_PREFIX = "create:";

export async function plan(
  client: ScimClient,
  desired: DesiredState,
  options: PlanOptions = {},
): Promise<SyncPlan> {
  const matchKey = options.matchKey ?? "externalId";
  const missing = options.missing ?? "deactivate";
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const problems = validateDesired(desired, matchKey);
  if (problems.length > 0) throw new SyncValidationError(problems);

  const groups = wantedGroups(desired);
  let pages = 0;
  const onPage = () =>
    options.onProgress?.({ phase: "read", done: ++pages, total: 0, failures: 0 });
  const read = { signal: options.signal, onPage };
  const users = await readUsers(client, read);
  const scopeIds = options.scope?.filter
    ? await readScope(client, options.scope.filter, options.signal)
    : undefined;
  const existingGroups = await readGroups(
    client,
    groups.map((g) => g.displayName),
    read,
  );
  const inScope = scopeTest(matchKey, scopeIds, options.scope?.where);
  const index = indexTarget(users, matchKey);

  // Pass 1: who each desired user is in Genesys, so managers can be resolved.
  const conflicts: SyncPlan["conflicts"] = [];
  const refs = new Map<string, UserRef>();
  const matched = desired.users.map((user) => {
    const key = keyOf(user, matchKey);
    let match = findMatch(index, user, matchKey);
    if (match.kind === "user" && !inScope(match.user) && !options.adopt) {
      match = {
        kind: "conflict",
        user: match.user,
        reason: `matches user ${match.user.id} outside the sync's scope (adopt to take it over)`,
      };
    }
    if (match.kind === "conflict") conflicts.push({ key, reason: match.reason });
    if (match.kind !== "none") refs.set(key, { userId: match.user.id! });
    else if (user.active !== false) refs.set(key, { createItem: CREATE_PREFIX + key });
    return { user, key, match };
  });
  const resolveManager: ManagerResolver = (key) => {
    const ref = refs.get(key) ?? refs.get(key.toLowerCase());
    if (ref !== undefined) return ref;
    const existing = findMatch(
      index,
      { userName: key, displayName: key, [matchKey]: key },
      matchKey,
    );
    return existing.kind === "none" ? undefined : { userId: existing.user.id! };
  };
  const managerProblems: SourceProblem[] = [];
  desired.users.forEach((user, i) => {
    if (user.manager && resolveManager(user.manager) === undefined)
      managerProblems.push({
        row: i + 1,
        column: "manager",
        message: `unknown manager ${JSON.stringify(user.manager)}`,
      });
  });
  const missingGroups = groups.filter((g) => !existingGroups.has(g.displayName.toLowerCase()));
  if (options.groups === "require" && missingGroups.length > 0) {
    managerProblems.push({
      row: 0,
      column: "groups",
      message: `groups missing in Genesys: ${missingGroups.map((g) => g.displayName).join(", ")}`,
    });
  }
  if (managerProblems.length > 0) throw new SyncValidationError(managerProblems);

  // Pass 2: the writes.
  const creates: CreateItem[] = [];
  const updates: SyncItem[] = [];
  const removals: SyncItem[] = [];
  const claimed = new Set<string>();
  const members: Member[] = [];
  const managedIds = new Map<string, string>();
  let unchanged = 0;
  for (const { user, key, match } of matched) {
    if (match.kind === "conflict") {
      claimed.add(match.user.id!);
      continue;
    }
    const groupsOf =
      user.groups === undefined ? undefined : new Set(user.groups.map((g) => g.toLowerCase()));
    if (match.kind === "none") {
      if (user.active === false) continue;
      const managerRef = user.manager ? resolveManager(user.manager) : undefined;
      creates.push({
        id: CREATE_PREFIX + key,
        kind: "create",
        key,
        desired: user,
        ...(managerRef ? { managerRef } : {}),
        wave: 0,
      });
      members.push({ key, ref: refs.get(key)!, groups: groupsOf });
      continue;
    }
    const target = match.user;
    const id = target.id!;
    claimed.add(id);
    if (user.active === false) {
      if (target.active === true) removals.push(removeItem("deactivate", key, target, matchKey));
      else unchanged++;
      continue;
    }
    members.push({ key, ref: { userId: id }, groups: groupsOf });
    if (groupsOf !== undefined) managedIds.set(id, key);
    const changes = diffUser(user, target, resolveManager);
    // Reviewers know managers by key, not by Genesys id.
    for (const change of changes) {
      if (change.attribute === "manager" && typeof change.from === "string")
        change.from = keyOfId(index, change.from, matchKey);
    }
    const kind = target.active === true ? "update" : "reactivate";
    if (kind === "update" && changes.length === 0) unchanged++;
    else
      updates.push({
        id: `${kind}:${id}`,
        kind,
        key,
        userId: id,
        etag: target.meta?.version,
        changes,
        desired: user,
      });
  }
  const activeInScope = users.filter((u) => u.active === true && inScope(u));
  if (missing !== "ignore") {
    for (const user of activeInScope) {
      if (!claimed.has(user.id!))
        removals.push(removeItem(missing, user.userName ?? user.id!, user, matchKey));
    }
  }
  assignWaves(creates);

  const groupItems: SyncItem[] = [];
  const membershipItems: SyncItem[] = [];
  for (const group of groups) {
    const existing: ScimGroup | undefined = existingGroups.get(group.displayName.toLowerCase());
    const createId = `group:${group.displayName.toLowerCase()}`;
    if (existing === undefined)
      groupItems.push({ id: createId, kind: "groupCreate", key: group.displayName, group });
    const item = membershipItem(
      group,
      existing,
      createId,
      members,
      managedIds,
      options.exclusiveMembership === true,
    );
    if (item !== undefined) membershipItems.push(item);
  }

  const items = [
    ...groupItems,
    ...creates.sort((a, b) => a.wave - b.wave),
    ...updates,
    ...removals,
    ...membershipItems,
  ];
  const counts = countItems(items);
  counts["conflict"] = conflicts.length;
  counts["unchanged"] = unchanged;
  const blocked = blocksOf(
    desired.users.length,
    (counts["deactivate"] ?? 0) + (counts["delete"] ?? 0),
    activeInScope.length,
    thresholds,
  );
  return {
    version: 1,
    planId: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
    target: await targetOf(client.baseUrl, options.clientId),
    ...(blocked.length > 0 ? { blocked } : {}),
    counts,
    items,
    conflicts,
    options: { matchKey, missing, thresholds },
  };
}
