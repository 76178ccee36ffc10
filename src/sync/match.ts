// Which Genesys user a desired user is, and whether the sync may touch it.
import type { ScimUser } from "../index.js";
import { matchValue } from "./attributes.js";
import type { DesiredUser } from "./types.js";
import type { MatchKey } from "./validate.js";

export interface TargetIndex {
  byId: Map<string, ScimUser>;
  byKey: Map<string, ScimUser[]>;
  byUserName: Map<string, ScimUser[]>;
}

function push(map: Map<string, ScimUser[]>, key: string, user: ScimUser): void {
  if (key === "") return;
  const list = map.get(key);
  if (list === undefined) map.set(key, [user]);
  else list.push(user);
}

export function indexTarget(users: readonly ScimUser[], matchKey: MatchKey): TargetIndex {
  const index: TargetIndex = { byId: new Map(), byKey: new Map(), byUserName: new Map() };
  for (const user of users) {
    if (user.id === undefined) continue;
    index.byId.set(user.id, user);
    if (matchKey !== "userName") push(index.byKey, matchValue(user, matchKey), user);
    push(index.byUserName, (user.userName ?? "").toLowerCase(), user);
  }
  return index;
}

/** Active users first: a rehire whose old account was soft-deleted matches the live one. */
function preferred(candidates: readonly ScimUser[] | undefined): ScimUser | undefined {
  if (candidates === undefined) return undefined;
  return candidates.find((u) => u.active === true) ?? candidates[0];
}

export type Match =
  | { kind: "none" }
  | { kind: "user"; user: ScimUser; by: "key" | "userName" }
  | { kind: "conflict"; user: ScimUser; reason: string };

/**
 * Match on the key (externalId by default), then on userName, case-insensitively as Genesys does.
 * A userName match that carries a different key is another person (e.g. a departed employee
 * whose address was reused): a conflict, never an update.
 */
export function findMatch(index: TargetIndex, desired: DesiredUser, matchKey: MatchKey): Match {
  const key = matchKey === "userName" ? undefined : desired[matchKey];
  if (key) {
    const user = preferred(index.byKey.get(key));
    if (user !== undefined) return { kind: "user", user, by: "key" };
  }
  const user = preferred(index.byUserName.get(desired.userName.toLowerCase()));
  if (user === undefined) return { kind: "none" };
  if (matchKey !== "userName") {
    const theirs = matchValue(user, matchKey);
    if (theirs !== "" && key && theirs !== key) {
      // An inactive holder is most likely a departed person whose (soft-)deleted account freed the
      // name: plan a create. If the name is in fact still held, the create meets 409 and apply
      // reports it, without touching that account (ssosync #304).
      if (user.active !== true) return { kind: "none" };
      return {
        kind: "conflict",
        user,
        reason: `userName ${desired.userName} belongs to user ${user.id} with ${matchKey} ${JSON.stringify(theirs)}`,
      };
    }
  }
  return { kind: "user", user, by: "userName" };
}

/** Decides whether a Genesys user is the sync's to manage. */
export type ScopeTest = (user: ScimUser) => boolean;

/**
 * The default scope is conservative: users that carry the match key (externalId unless another
 * key is configured), i.e. users a provisioning tool made. Admins made by hand have none.
 */
export function scopeTest(
  matchKey: MatchKey,
  scopeIds: Set<string> | undefined,
  where: ScopeTest | undefined,
): ScopeTest {
  if (scopeIds !== undefined) return (user) => user.id !== undefined && scopeIds.has(user.id);
  if (where !== undefined) return where;
  const attribute = matchKey === "employeeNumber" ? "employeeNumber" : "externalId";
  return (user) => matchValue(user, attribute) !== "";
}
