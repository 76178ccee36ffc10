import { afterAll, describe, expect, it } from "vitest";
import { bodyShapeProblem, MAX_BODY_DEPTH } from "../../emulator/json-shape.js";
import { ENTERPRISE_EXTENSION, PATCH_OP, startTestEmulator, stopAll } from "./helpers.js";

// Bodies no SCIM payload can have: nesting thousands of levels deep (which overflowed the engine's
// recursion and came back as 404 "Resource undefined not found") and arrays inside multi-valued
// attributes (which the engine coerced to [{}] and stored). Both are 400 with a SCIM error now.

afterAll(stopAll);

const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

/** A user whose enterprise manager is nested `levels` deep, as raw JSON (JSON.stringify would overflow). */
function deepManagerBody(levels: number): string {
  return (
    `{"schemas":["${USER_SCHEMA}","${ENTERPRISE_EXTENSION}"],"userName":"deep${levels}@example.com",` +
    `"displayName":"Deep","${ENTERPRISE_EXTENSION}":{"manager":${'{"value":'.repeat(levels)}"x"${"}".repeat(levels)}}}`
  );
}

describe("request bodies with impossible shapes", () => {
  it("refuses a manager nested 40, 5,000, 10,000 and 100,000 levels deep with 400 invalidSyntax", async () => {
    const { request } = await startTestEmulator();
    for (const levels of [40, 5_000, 10_000, 100_000]) {
      const response = await request("POST", "/users", { body: deepManagerBody(levels) });
      expect({ levels, status: response.status }).toEqual({ levels, status: 400 });
      expect(response.headers.get("content-type")).toMatch(/^application\/scim\+json/);
      expect(response.body).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "400",
        scimType: "invalidSyntax",
        detail: expect.stringContaining(`more than ${MAX_BODY_DEPTH} levels`),
      });
    }
    const users = await request("GET", "/users");
    expect(users.body.totalResults).toBe(0);
  });

  it('refuses emails: [["x"]] on create, replace and PATCH, and stores nothing', async () => {
    const { request, createUser } = await startTestEmulator();
    const created = await request("POST", "/users", {
      body: { userName: "nested@example.com", displayName: "Nested", emails: [["x"]] },
    });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({
      status: "400",
      scimType: "invalidSyntax",
      detail: expect.stringContaining("emails[0] is an array"),
    });
    const user = await createUser();
    const replaced = await request("PUT", `/users/${user.id}`, {
      body: { ...user, emails: [["x"]] },
    });
    expect(replaced.status).toBe(400);
    const patched = await request("PATCH", `/users/${user.id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: "add", path: "emails", value: [["x"]] }] },
    });
    expect(patched.status).toBe(400);
    const after = await request("GET", `/users/${user.id}`);
    expect(after.body.emails).toEqual(user.emails);
    expect(after.body.meta.version).toBe(user.meta.version);
  });

  it("still accepts a manager and a PATCH of the manager at their real depth", async () => {
    const { request, createUser } = await startTestEmulator();
    const boss = await createUser();
    const user = await createUser({ [ENTERPRISE_EXTENSION]: { manager: { value: boss.id } } });
    expect(user[ENTERPRISE_EXTENSION].manager.value).toBe(boss.id);
    const patched = await request("PATCH", `/users/${user.id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: "replace", value: { [ENTERPRISE_EXTENSION]: { manager: { value: boss.id } } } },
        ],
      },
    });
    expect(patched.status).toBe(200);
  });

  it("keeps the SCIM error for JSON that does not parse", async () => {
    const { request } = await startTestEmulator();
    const response = await request("POST", "/users", { body: "{bad" });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    });
  });
});

describe("bodyShapeProblem", () => {
  it("names where the problem is", () => {
    expect(bodyShapeProblem({ a: [1, { b: [[2]] }] })).toBe(
      "a[1].b[0] is an array: a multi-valued attribute holds values or objects, not arrays",
    );
    expect(bodyShapeProblem({ userName: "x", emails: [{ value: "a@b" }] })).toBeUndefined();
    expect(bodyShapeProblem(null)).toBeUndefined();
  });
});
