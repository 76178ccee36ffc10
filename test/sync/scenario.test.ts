// The 2,000-employee scenario of issue 12, as a user writes it: rows from an HR export through
// mapRows, plan, apply; then a re-run, 50 title changes, 30 leavers and 20 removed rows.
import { afterAll, beforeAll, expect, it } from "vitest";
import { apply, mapRows, plan } from "../../src/sync/index.js";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

function hrExport(): Record<string, string>[] {
  return Array.from({ length: 2000 }, (_, i) => ({
    externalId: `HR${1000 + i}`,
    userName: `employee${i}@example.com`,
    displayName: `Employee ${i}`,
    title: i % 10 === 0 ? "Supervisor" : "Agent",
    department: ["Sales", "Support", "Billing"][i % 3]!,
    email: `employee${i}@example.com`,
    manager: i % 10 === 0 ? "" : `HR${1000 + i - (i % 10)}`,
    groups: ["Sales", "Support", "Billing"][i % 3]!,
    active: "true",
  }));
}

it(
  "initial, re-run, 50 title changes, 30 leavers, 20 removed rows",
  { timeout: 300_000 },
  async () => {
    const client = h.client;
    let rows = hrExport();
    const sync = async () => {
      const { desired, problems } = mapRows(rows);
      expect(problems).toEqual([]);
      const planned = await plan(client, desired);
      h.reset();
      const report = await apply(client, planned, { concurrency: 8 });
      expect(report.failed).toEqual([]);
      return { counts: planned.counts, writes: h.writes() };
    };

    const initial = await sync();
    expect(initial.counts).toMatchObject({ create: 2000, groupCreate: 3, memberAdd: 2000 });

    const rerun = await sync();
    expect(rerun).toMatchObject({ writes: 0, counts: { unchanged: 2000 } });

    for (const row of rows.slice(100, 150)) row.title = "Senior Agent";
    const titles = await sync();
    expect(titles).toMatchObject({ writes: 50, counts: { update: 50 } });

    for (const row of rows.slice(200, 230)) row.active = "false";
    rows = rows.filter((_, i) => i < 1500 || i >= 1520);
    const leavers = await sync();
    expect(leavers).toMatchObject({ writes: 50, counts: { deactivate: 50, update: 0, create: 0 } });
  },
);
