// Rows → desired state and back: the mapping, its validation (every problem, by row), and the
// export inverse (toRow) that plans no changes.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAPPING,
  mapRows,
  mappingColumns,
  plan,
  toRow,
  apply,
} from "../../src/sync/index.js";
import { filter } from "../../src/index.js";
import { startHarness } from "./harness.js";

const row = (fields: Record<string, string>) => ({
  externalId: "E1",
  userName: "ada@example.com",
  displayName: "Ada",
  ...fields,
});

describe("mapRows", () => {
  it("maps the default columns, including typed emails and phones, groups and active", () => {
    const { desired, problems } = mapRows([
      row({
        title: "CTO",
        email: "ada@example.com",
        mobile: "+353861234567",
        groups: "Eng; Leads",
        active: "no",
        manager: "",
      }),
    ]);
    expect(problems).toEqual([]);
    expect(desired.users[0]).toEqual({
      externalId: "E1",
      userName: "ada@example.com",
      displayName: "Ada",
      title: "CTO",
      emails: [{ type: "work", value: "ada@example.com" }],
      phoneNumbers: [{ type: "mobile", value: "+353861234567" }],
      groups: ["Eng", "Leads"],
      active: false,
      manager: "",
    });
  });

  it("lists every problem by row and column: duplicates, blanks, bad emails and phones, bad active", () => {
    const { problems } = mapRows([
      row({}),
      row({ userName: "ADA@example.com", externalId: "E2" }),
      row({ externalId: "E1", userName: "b@example.com" }),
      { externalId: "E4", userName: "", displayName: "" },
      row({ externalId: "E5", userName: "e5@example.com", phone: "555 1234", email: "nope" }),
      row({ externalId: "E6", userName: "e6@example.com", active: "maybe" }),
    ]);
    expect(problems.map((p) => `${p.row}:${p.column}`)).toEqual([
      "2:userName",
      "3:externalId",
      "4:userName",
      "4:displayName",
      "5:emails",
      "5:phoneNumbers",
      "6:active",
    ]);
    const duplicates = mapRows([
      row({}),
      row({ userName: "ADA@example.com", externalId: "E2" }),
      row({ userName: "c@example.com" }),
    ]).problems;
    expect(duplicates.map((p) => p.message)).toEqual([
      'duplicate userName "ADA@example.com" (also row 1)',
      'duplicate externalId "E1" (also row 1)',
    ]);
  });

  it("refuses a mapping to an unknown attribute", () => {
    const { problems } = mapRows([row({})], {
      ...DEFAULT_MAPPING,
      salary: "salary",
      fax: "phoneNumbers.fax",
    });
    expect(problems.map((p) => p.column)).toEqual(["salary", "fax"]);
  });
});

describe("toRow", { timeout: 120_000 }, () => {
  it("exports rows that plan no changes when read back", async () => {
    const h = await startHarness();
    try {
      const rows = [
        row({
          title: "CEO",
          email: "ada@example.com",
          phone: "+35311234567",
          groups: "Board",
          department: "Exec",
        }),
        row({
          externalId: "E2",
          userName: "bob@example.com",
          displayName: "Bob",
          manager: "E1",
          groups: "Board;Eng",
          division: "Home",
        }),
      ];
      const { desired } = mapRows(rows);
      expect((await apply(h.client, await plan(h.client, desired))).failed).toEqual([]);
      const users = [];
      for await (const u of h.client.users.list({ filter: filter.pr("externalId") })) users.push(u);
      const keyOf = new Map(users.map((u) => [u.id!, u.externalId!]));
      const groupsOf = new Map<string, string[]>();
      for (const name of ["Board", "Eng"]) {
        for await (const g of h.client.groups.list({ filter: filter.eq("displayName", name) }))
          for (const m of g.members ?? [])
            groupsOf.set(m.value!, [...(groupsOf.get(m.value!) ?? []), name]);
      }
      const exported = users.map((u) =>
        toRow(u, DEFAULT_MAPPING, {
          managerKeyOf: (id) => keyOf.get(id),
          groupsOf: (id) => groupsOf.get(id) ?? [],
        }),
      );
      expect(Object.keys(exported[0]!)).toEqual(mappingColumns());
      const back = mapRows(exported);
      expect(back.problems).toEqual([]);
      const again = await plan(h.client, back.desired);
      expect(again.items).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
