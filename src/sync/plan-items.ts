// The pieces plan() assembles items from: removal items, manager waves, counts, key lookups.
import type { ScimUser } from "../index.js";
import { matchValue } from "./attributes.js";
import type { indexTarget } from "./match.js";
import type { CreateItem, SyncItem } from "./types.js";
import type { MatchKey } from "./validate.js";

export function keyOfId(
  index: ReturnType<typeof indexTarget>,
  id: string,
  matchKey: MatchKey,
): string {
  const user = index.byId.get(id);
  if (user === undefined) return id;
  const key = matchKey === "userName" ? "" : matchValue(user, matchKey);
  return key || (user.userName ?? id);
}

export function removeItem(
  kind: "deactivate" | "delete",
  key: string,
  user: ScimUser,
  matchKey: MatchKey,
): SyncItem {
  const attribute =
    matchKey === "employeeNumber"
      ? "employeeNumber"
      : matchKey === "userName"
        ? "userName"
        : "externalId";
  const value =
    attribute === "userName"
      ? (user.userName ?? "")
      : (((user as Record<string, unknown>)[attribute] as string | undefined) ?? "");
  return {
    id: `${kind}:${user.id}`,
    kind,
    key,
    userId: user.id!,
    etag: user.meta?.version,
    match: { attribute, value },
  };
}

/** Managers are created before their reports: a create's wave is one more than its manager's. */
export function assignWaves(creates: CreateItem[]): void {
  const byId = new Map(creates.map((c) => [c.id, c]));
  const waveOf = (item: CreateItem): number => {
    const ref = item.managerRef;
    if (ref === undefined || !("createItem" in ref)) return 0;
    const manager = byId.get(ref.createItem);
    return manager === undefined ? 0 : waveOf(manager) + 1;
  };
  for (const item of creates) item.wave = waveOf(item);
}

export function countItems(items: readonly SyncItem[]): Record<string, number> {
  const counts: Record<string, number> = {
    create: 0,
    update: 0,
    reactivate: 0,
    deactivate: 0,
    delete: 0,
    groupCreate: 0,
    memberAdd: 0,
    memberRemove: 0,
  };
  for (const item of items) {
    if (item.kind === "membership") {
      counts["memberAdd"]! += item.add.length;
      counts["memberRemove"]! += item.remove.length;
    } else counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  }
  return counts;
}
