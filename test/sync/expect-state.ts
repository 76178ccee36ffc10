import { expect } from "vitest";
import type { DesiredUser } from "../../src/sync/index.js";
import type { Snapshot } from "./harness.js";

/** Genesys holds exactly the desired users (by externalId), with their attributes, managers and groups. */
export function expectState(state: Snapshot, desired: readonly DesiredUser[]): void {
  const wanted = new Map(desired.map((u) => [u.externalId!, u]));
  const externalIds = state.users.filter((u) => u.externalId).map((u) => u.externalId!);
  expect(new Set(externalIds).size, "no duplicate users").toBe(externalIds.length);
  for (const user of desired) {
    const actual = state.byExternalId.get(user.externalId!);
    expect(actual, `user ${user.externalId}`).toBeDefined();
    expect(actual!.active, `${user.externalId} active`).toBe(user.active !== false);
    if (user.active === false) continue;
    expect(actual!.userName).toBe(user.userName);
    expect(actual!.title ?? "").toBe(user.title ?? "");
    expect(state.managerKey(actual!) ?? "").toBe(user.manager ?? "");
  }
  for (const user of state.users) {
    if (user.externalId && !wanted.has(user.externalId))
      expect(user.active, `${user.externalId} left`).toBe(false);
  }
  const members = new Map<string, string[]>();
  for (const user of desired) {
    if (user.active === false) continue;
    for (const g of user.groups ?? [])
      members.set(g, [...(members.get(g) ?? []), user.externalId!]);
  }
  for (const [group, keys] of members) {
    const actual = (state.groups.get(group) ?? []).filter(
      (k) => wanted.get(k)?.active !== false && wanted.has(k),
    );
    expect([...actual].sort(), `members of ${group}`).toEqual([...keys].sort());
  }
}

/** A deterministic shuffle (so reports can come before their managers in the source). */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
