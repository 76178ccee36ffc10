import { afterAll, describe, expect, it } from "vitest";
import { PATCH_OP, startTestEmulator, stopAll } from "./helpers.js";

afterAll(stopAll);

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

describe("groups", () => {
  it("creates a group (201, generated externalId), reads, lists and deletes it (204, then 404)", async () => {
    const { request, emulator } = await startTestEmulator();
    const created = await request("POST", "/groups", { body: { displayName: "Support Team" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      id: expect.any(String),
      displayName: "Support Team",
      externalId: expect.any(String),
      members: [],
      meta: {
        resourceType: "Group",
        version: '"1"',
        location: `${emulator.scimUrls.v2}/groups/${created.body.id}`,
      },
    });
    expect(created.headers.get("location")).toBe(created.body.meta.location);

    const kept = await request("POST", "/groups", {
      body: { displayName: "Kept", externalId: "hr-kept" },
    });
    expect(kept.body.externalId).toBe("hr-kept");
    const list = await request("GET", "/groups");
    expect(list.body.totalResults).toBe(2);
    const byName = await request(
      "GET",
      `/groups?filter=${encodeURIComponent('displayName eq "support team"')}`,
    );
    expect(byName.body.Resources.map((g: any) => g.id)).toEqual([created.body.id]);

    expect((await request("DELETE", `/groups/${created.body.id}`)).status).toBe(204);
    expect((await request("GET", `/groups/${created.body.id}`)).status).toBe(404);
    expect((await request("DELETE", `/groups/${created.body.id}`)).status).toBe(404);
    expect((await request("GET", "/groups")).body.totalResults).toBe(1);
  });

  it("refuses a second group with the same displayName, and a group without one", async () => {
    const { request } = await startTestEmulator();
    await request("POST", "/groups", { body: { displayName: "Sales" } });
    const duplicate = await request("POST", "/groups", { body: { displayName: "SALES" } });
    expect([duplicate.status, duplicate.body.scimType]).toEqual([409, "uniqueness"]);
    const nameless = await request("POST", "/groups", { body: { externalId: "x" } });
    expect(nameless.status).toBe(400);
    expect(nameless.body.detail).toMatch(/displayName/);
  });

  it("manages membership with PATCH add/remove and PUT, reflected in each user's groups", async () => {
    const { request, createUser } = await startTestEmulator();
    const ann = await createUser();
    const bob = await createUser();
    const group = (
      await request("POST", "/groups", {
        body: { displayName: "Escalations", members: [{ value: ann.id }] },
      })
    ).body;
    expect(group.members).toEqual([
      { value: ann.id, type: "User", $ref: expect.stringMatching(new RegExp(`/users/${ann.id}$`)) },
    ]);

    const added = await request("PATCH", `/groups/${group.id}`, {
      headers: { "if-match": '"1"' },
      body: patch({ op: "add", path: "members", value: [{ value: bob.id }] }),
    });
    expect(added.status).toBe(200);
    expect(added.body.members.map((m: any) => m.value)).toEqual([ann.id, bob.id]);
    expect(added.body.meta.version).toBe('"2"');

    const bobNow = await request("GET", `/users/${bob.id}`);
    expect(bobNow.body.groups).toEqual([
      { value: group.id, $ref: expect.stringMatching(new RegExp(`/groups/${group.id}$`)) },
    ]);
    // Bob's representation changed, so his version did too.
    expect(bobNow.body.meta.version).toBe('"2"');
    const byGroup = await request(
      "GET",
      `/users?filter=${encodeURIComponent(`groups.value eq "${group.id}"`)}`,
    );
    expect(byGroup.body.Resources.map((u: any) => u.id)).toEqual([ann.id, bob.id]);

    const removed = await request("PATCH", `/groups/${group.id}`, {
      body: patch({ op: "remove", path: `members[value eq "${ann.id}"]` }),
    });
    expect(removed.body.members.map((m: any) => m.value)).toEqual([bob.id]);
    expect((await request("GET", `/users/${ann.id}`)).body).not.toHaveProperty("groups");

    const replaced = await request("PUT", `/groups/${group.id}`, {
      body: { displayName: "Escalations", members: [{ value: ann.id }] },
    });
    expect(replaced.body.members.map((m: any) => m.value)).toEqual([ann.id]);
    expect(replaced.body.externalId).toBe(group.externalId);

    await request("DELETE", `/groups/${group.id}`);
    expect((await request("GET", `/users/${ann.id}`)).body).not.toHaveProperty("groups");
  });

  it("refuses members that are not users", async () => {
    const { request } = await startTestEmulator();
    const response = await request("POST", "/groups", {
      body: { displayName: "Ghosts", members: [{ value: "no-such-user" }] },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      scimType: "invalidValue",
      detail: expect.stringContaining("no-such-user"),
    });
  });

  it("spreads seeded users over seeded groups", async () => {
    const { request } = await startTestEmulator({ seedUsers: 10, seedGroups: 3 });
    const groups = await request("GET", "/groups");
    expect(groups.body.totalResults).toBe(3);
    const sizes = groups.body.Resources.map((g: any) => g.members.length);
    expect(sizes).toEqual([4, 3, 3]);
  });
});
