import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATCH_OP, startTestEmulator, type TestEmulator } from "./helpers.js";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.emulator.close();
});

const list = async (expression: string) =>
  (await t.request("GET", `/users?filter=${encodeURIComponent(expression)}`)).body as {
    totalResults: number;
    Resources?: { id: string }[];
  };

describe("groups in a create-user body (spec/DECISIONS.md §29)", () => {
  it.each(["v2", "v1"] as const)(
    "is refused with 400 mutability, nothing created (%s)",
    async (family) => {
      const group = await t.request("POST", "/groups", {
        body: { displayName: `G-${family}` },
        family,
      });
      const userName = `placed-${family}@example.com`;
      const created = await t.request("POST", "/users", {
        body: { userName, displayName: "P", groups: [{ value: group.body.id }] },
        family,
      });
      expect(created.status).toBe(400);
      expect(created.body).toMatchObject({ scimType: "mutability" });
      expect(created.body.detail).toMatch(/groups is read-only/);
      expect((await list(`userName eq "${userName}"`)).totalResults).toBe(0);
    },
  );

  it("still accepts a create body without groups", async () => {
    const created = await t.request("POST", "/users", {
      body: { userName: "plain@example.com", displayName: "P" },
    });
    expect(created.status).toBe(201);
  });
});

describe("caseExact in filters", () => {
  it("compares externalId and id case-sensitively, userName not", async () => {
    const a = await t.createUser({ userName: "Case@Example.com", externalId: "Ab-1" });
    expect((await list('externalId eq "Ab-1"')).Resources?.map((u) => u.id)).toEqual([a.id]);
    expect((await list('externalId eq "ab-1"')).totalResults).toBe(0);
    expect((await list('externalId sw "AB"')).totalResults).toBe(0);
    expect((await list(`id eq "${a.id.toUpperCase()}"`)).totalResults).toBe(
      a.id === a.id.toUpperCase() ? 1 : 0,
    );
    expect((await list('userName eq "case@example.COM"')).Resources?.map((u) => u.id)).toEqual([
      a.id,
    ]);
  });
});

describe("member removals in one PATCH", () => {
  it("apply in order, merged or not: runs of removes, an add between, a non-member", async () => {
    const [a, b, c] = [await t.createUser(), await t.createUser(), await t.createUser()];
    const group = await t.request("POST", "/groups", {
      body: { displayName: "Merge", members: [{ value: a.id }, { value: b.id }] },
    });
    const remove = (id: string) => ({ op: "remove", path: `members[value eq "${id}"]` });
    const patched = await t.request("PATCH", `/groups/${group.body.id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          remove(a.id),
          remove("not-a-member"),
          { op: "add", path: "members", value: [{ value: c.id }, { value: a.id }] },
          remove(c.id),
          remove(b.id),
        ],
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.members.map((m: { value: string }) => m.value)).toEqual([a.id]);
  });
});
