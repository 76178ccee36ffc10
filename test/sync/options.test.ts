// Plan options beyond the defaults (missing: "delete", exclusive membership, another match key)
// and a create that meets 409 because the user appeared between plan and apply.
import { afterEach, describe, expect, it } from "vitest";
import { filter } from "../../src/index.js";
import { apply, plan, renderPlan } from "../../src/sync/index.js";
import { company } from "./fixtures.js";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
afterEach(() => h?.close());

describe("plan options", { timeout: 120_000 }, () => {
  it('missing: "delete" deletes (Genesys: soft delete, userName freed) instead of deactivating', async () => {
    h = await startHarness();
    expect((await apply(h.client, await plan(h.client, { users: company(6) }))).failed).toEqual([]);
    const planned = await plan(h.client, { users: company(5) }, { missing: "delete" });
    expect(planned.counts).toMatchObject({ delete: 1, deactivate: 0 });
    expect(renderPlan(planned)).toContain("- delete user5@example.com");
    h.reset();
    expect((await apply(h.client, planned)).failed).toEqual([]);
    expect(h.sent["DELETE"]).toBe(1);
    // The freed userName can be taken by a new person.
    const newcomer = { ...company(6)[5]!, externalId: "NEW1", manager: "E00000" };
    const again = await plan(h.client, { users: [...company(5), newcomer] });
    expect(again.counts).toMatchObject({ create: 1, conflict: 0 });
    expect((await apply(h.client, again)).failed).toEqual([]);
  });

  it("exclusiveMembership removes members the sync does not manage; the default leaves them", async () => {
    h = await startHarness();
    expect((await apply(h.client, await plan(h.client, { users: company(3) }))).failed).toEqual([]);
    const outsider = await h.client.users.create({
      userName: "outsider@example.com",
      displayName: "Outsider",
    });
    const [team] = await collect(
      h.client.groups.list({ filter: filter.eq("displayName", "Team 0") }),
    );
    await h.client.groups.patch(team!.id!, [
      { op: "add", path: "members", value: [{ value: outsider.id }] },
    ]);
    expect((await plan(h.client, { users: company(3) })).items).toEqual([]);
    const exclusive = await plan(h.client, { users: company(3) }, { exclusiveMembership: true });
    expect(exclusive.counts).toMatchObject({ memberRemove: 1, memberAdd: 0 });
    expect((await apply(h.client, exclusive)).failed).toEqual([]);
    const after = await h.client.groups.get(team!.id!);
    expect((after.members ?? []).map((m) => m.value)).not.toContain(outsider.id);
  });

  it("matches on employeeNumber when asked", async () => {
    h = await startHarness();
    const users = company(3).map(({ externalId: _unused, manager: _m, ...u }) => u);
    expect(
      (await apply(h.client, await plan(h.client, { users }, { matchKey: "employeeNumber" })))
        .failed,
    ).toEqual([]);
    users[1]!.userName = "renamed@example.com";
    const renamed = await plan(h.client, { users }, { matchKey: "employeeNumber" });
    expect(renamed.counts).toMatchObject({ update: 1, create: 0, deactivate: 0 });
    expect(renderPlan(renamed)).toContain(
      '~ update 1001 userName "user1@example.com" → "renamed@example.com"',
    );
  });
});

describe("apply converges", { timeout: 120_000 }, () => {
  it("a create that meets 409 (the user appeared meanwhile) converges on that user", async () => {
    h = await startHarness();
    const users = company(2);
    const planned = await plan(h.client, { users });
    // The same person appears between plan and apply (another tool, an earlier interrupted run).
    const appeared = await h.client.users.create({
      userName: "user1@example.com",
      displayName: "User 1",
      externalId: "E00001",
      title: "Old",
    });
    const report = await apply(h.client, planned);
    expect(report.failed).toEqual([]);
    expect(report.replanned).toBe(1);
    const all = await collect(h.client.users.list({ filter: filter.eq("externalId", "E00001") }));
    expect(all.map((u) => u.id)).toEqual([appeared.id]);
    expect(all[0]!.title).toBe(users[1]!.title);
    expect((await plan(h.client, { users })).items).toEqual([]);
  });

  it("a create that meets 409 from another person is a failure, not an overwrite", async () => {
    h = await startHarness();
    const users = company(2);
    const planned = await plan(h.client, { users });
    const other = await h.client.users.create({
      userName: "user1@example.com",
      displayName: "Someone Else",
      externalId: "X9",
    });
    const report = await apply(h.client, planned);
    expect(report.failed).toEqual([{ item: "create:E00001", error: expect.stringMatching(/409/) }]);
    expect((await h.client.users.get(other.id!)).displayName).toBe("Someone Else");
  });
});
