// Initial sync of a few thousand users with groups and managers, a no-op re-sync, then every kind
// of change a source produces, against the emulator over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apply, plan, renderPlan, type DesiredUser } from "../../src/sync/index.js";
import { company } from "./fixtures.js";
import { snapshot, startHarness, type Harness } from "./harness.js";
import { expectState, shuffled } from "./expect-state.js";

const N = 1200;
const GROUPS = ["Team 0", "Team 1", "Team 2", "Team 3", "Team 4", "Team 9"];
let h: Harness;
let users: DesiredUser[];
beforeAll(async () => {
  h = await startHarness();
  users = shuffled(company(N));
});
afterAll(() => h.close());

describe("sync lifecycle", { timeout: 300_000 }, () => {
  it("creates everyone, managers before reports, with groups", async () => {
    const initial = await plan(h.client, { users });
    expect(initial.counts).toMatchObject({
      create: N,
      groupCreate: 5,
      memberAdd: N,
      deactivate: 0,
    });
    expect(initial.blocked).toBeUndefined();
    const report = await apply(h.client, initial, { concurrency: 8 });
    expect(report.failed).toEqual([]);
    expect(report.applied).toBe(initial.items.length);
    expectState(await snapshot(h.client, GROUPS), users);
  });

  it("re-syncs an unchanged source with reads only: no writes", async () => {
    h.reset();
    const again = await plan(h.client, { users });
    expect(again.items).toEqual([]);
    expect(renderPlan(again)).toContain("No changes.");
    const report = await apply(h.client, again);
    expect(report.applied).toBe(0);
    expect(h.writes()).toBe(0);
    // Two user lists (active, then inactive) of 100 a page, one group lookup.
    expect(h.sent["GET"]).toBe(Math.ceil(N / 100) + 1 + 1);
  });

  it("applies titles, leavers, removed rows, a rename, a rehire, manager and membership changes", async () => {
    const byKey = new Map(users.map((u) => [u.externalId!, u]));
    const at = (i: number) => byKey.get(`E${String(i).padStart(5, "0")}`)!;
    at(100).title = "Team Lead";
    at(101).active = false; // a leaver
    const removed = at(102);
    users = users.filter((u) => u !== removed); // a removed row
    at(103).userName = "renamed.103@example.com"; // same externalId: an update, not create + deactivate
    at(104).manager = "E00002";
    at(105).groups = ["Team 9", "Team 1"];
    at(105).title = "Moved"; // an update and membership changes of one user: neither invalidates the other's ETag
    const changed = await plan(h.client, { users });
    expect(changed.counts).toMatchObject({
      create: 0,
      update: 4,
      deactivate: 2,
      groupCreate: 1,
      memberAdd: 2,
      memberRemove: 1,
    });
    const text = renderPlan(changed);
    expect(text).toContain(`~ update E00100 title "Agent" → "Team Lead"`);
    expect(text).toContain(
      `~ update E00103 userName "user103@example.com" → "renamed.103@example.com"`,
    );
    expect(text).toContain(`~ update E00104 manager "E00020" → "E00002"`);
    expect(text).toMatch(/- deactivate E00101/);
    expect(text).toMatch(/- deactivate user102@example.com/);
    h.reset();
    const report = await apply(h.client, changed);
    expect(report.failed).toEqual([]);
    expect(report.replanned).toBe(0);
    expect(h.writes()).toBe(changed.items.length);
    expectState(await snapshot(h.client, GROUPS), users);

    // The rehire: back in the source, reactivated (not re-created, no 409), attributes restored.
    users.push({ ...removed, title: "Rehired" });
    at(101).active = true;
    const rehire = await plan(h.client, { users });
    expect(rehire.counts).toMatchObject({ create: 0, reactivate: 2 });
    expect((await apply(h.client, rehire)).failed).toEqual([]);
    expectState(await snapshot(h.client, GROUPS), users);
    expect((await plan(h.client, { users })).items).toEqual([]);
  });
});
