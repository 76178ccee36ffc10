// Group memberships: which groups the desired state names, and the adds and removes for each.
import type { ScimGroup } from "../index.js";
import type { DesiredGroup, DesiredState, MembershipItem, UserRef } from "./types.js";

/** Every group the desired state names (its groups list and users' groups), first spelling wins. */
export function wantedGroups(desired: DesiredState): DesiredGroup[] {
  const groups = new Map<string, DesiredGroup>();
  for (const group of desired.groups ?? []) {
    if (!groups.has(group.displayName.toLowerCase()))
      groups.set(group.displayName.toLowerCase(), group);
  }
  for (const user of desired.users) {
    for (const name of user.groups ?? []) {
      if (!groups.has(name.toLowerCase())) groups.set(name.toLowerCase(), { displayName: name });
    }
  }
  return [...groups.values()];
}

/** A desired user as membership sees them. */
export interface Member {
  key: string;
  ref: UserRef;
  /** Lower-cased group names, or undefined when this user's groups are not managed. */
  groups: Set<string> | undefined;
}

/**
 * The membership change of one group. Members are only removed when the sync manages them: a
 * desired user whose groups list omits this group, or with `exclusive`, anyone not desired.
 */
export function membershipItem(
  group: DesiredGroup,
  existing: ScimGroup | undefined,
  groupCreateItem: string | undefined,
  members: readonly Member[],
  managedIds: ReadonlyMap<string, string>,
  exclusive: boolean,
): MembershipItem | undefined {
  const name = group.displayName.toLowerCase();
  const current = new Set(
    (existing?.members ?? []).map((m) => m.value).filter((v): v is string => !!v),
  );
  const wanted = new Set<string>();
  const add: MembershipItem["add"] = [];
  for (const member of members) {
    if (member.groups === undefined) continue;
    if (!member.groups.has(name)) continue;
    if ("userId" in member.ref) {
      wanted.add(member.ref.userId);
      if (current.has(member.ref.userId)) continue;
    }
    add.push({ ref: member.ref, key: member.key });
  }
  const remove: MembershipItem["remove"] = [];
  for (const id of current) {
    if (wanted.has(id)) continue;
    const key = managedIds.get(id);
    if (key !== undefined || exclusive) remove.push({ userId: id, key: key ?? id });
  }
  if (add.length === 0 && remove.length === 0) return undefined;
  return {
    id: `members:${name}`,
    kind: "membership",
    key: group.displayName,
    group: existing?.id !== undefined ? { groupId: existing.id } : { createItem: groupCreateItem! },
    etag: existing?.meta?.version,
    add,
    remove,
  };
}
