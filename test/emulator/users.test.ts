import { afterAll, describe, expect, it } from "vitest";
import {
  ENTERPRISE_EXTENSION,
  GENESYS_EXTENSION,
  PATCH_OP,
  startTestEmulator,
  stopAll,
} from "./helpers.js";

afterAll(stopAll);

const filter = (expression: string) => `?filter=${encodeURIComponent(expression)}`;

describe("creating users", () => {
  it("answers 201 with the user, a Location header and the Genesys extensions round-tripped", async () => {
    const { request, emulator } = await startTestEmulator();
    const body = {
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        ENTERPRISE_EXTENSION,
        GENESYS_EXTENSION,
      ],
      userName: "ada@example.com",
      displayName: "Ada Lovelace",
      password: "never-returned",
      title: "Analyst",
      emails: [{ value: "ada@example.com", type: "work", primary: true }],
      phoneNumbers: [{ value: "+1 555 0100", type: "work2" }],
      roles: [{ value: "employee" }],
      externalId: "hr-1",
      [ENTERPRISE_EXTENSION]: {
        division: "Home",
        department: "R&D",
        employeeNumber: "1",
        dateHire: "2020-02-01",
      },
      [GENESYS_EXTENSION]: {
        routingSkills: [
          { name: "Math", proficiency: 5 },
          { name: "Poetry", proficiency: 2.5 },
        ],
        routingLanguages: [{ name: "English", proficiency: 4 }],
        externalIds: [{ authority: "hr", value: "A-1" }],
      },
    };
    const created = await request("POST", "/users", { body });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const { password: _password, schemas: _schemas, ...expected } = body;
    expect(created.body).toMatchObject({ ...expected, active: true, id: expect.any(String) });
    expect(created.body).not.toHaveProperty("password");
    expect(created.body.schemas).toEqual(expect.arrayContaining(body.schemas));
    const location = `${emulator.scimUrls.v2}/users/${created.body.id}`;
    expect(created.body.meta).toEqual({
      resourceType: "User",
      lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      location,
      version: '"1"',
    });
    expect(created.headers.get("location")).toBe(location);
    const fetched = await request("GET", `/users/${created.body.id}`);
    expect(fetched.body).toEqual(created.body);
  });

  it("refuses a duplicate userName (case-insensitively) with 409 uniqueness", async () => {
    const { request, createUser } = await startTestEmulator();
    await createUser({ userName: "Dup@Example.com" });
    const duplicate = await request("POST", "/users", {
      body: { userName: "dup@example.COM", displayName: "Again" },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "409",
      scimType: "uniqueness",
      detail: "User name already in use by non-deleted user.",
    });
  });

  it("also refuses renaming a user onto a taken userName", async () => {
    const { request, createUser } = await startTestEmulator();
    const first = await createUser();
    const second = await createUser();
    const rename = await request("PATCH", `/users/${second.id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: "userName", value: first.userName }],
      },
    });
    expect([rename.status, rename.body.scimType]).toEqual([409, "uniqueness"]);
  });

  it("explains what is wrong with an invalid user", async () => {
    const { request, createUser } = await startTestEmulator();
    const cases: [unknown, RegExp][] = [
      [{ displayName: "No userName" }, /userName/],
      [{ userName: "x@example.com" }, /displayName/],
      [{ userName: "x@example.com", displayName: "X", active: "yes" }, /active/],
      [
        { userName: "x@example.com", displayName: "X", emails: [{ value: "x", type: "home" }] },
        /type/,
      ],
      [
        {
          userName: "x@example.com",
          displayName: "X",
          [ENTERPRISE_EXTENSION]: { manager: { value: "ghost" } },
        },
        /[Mm]anager/,
      ],
      [
        {
          userName: "x@example.com",
          displayName: "X",
          [GENESYS_EXTENSION]: { routingSkills: [{ proficiency: 1 }] },
        },
        /name/,
      ],
      ["[1,2]", /single complex value/],
    ];
    for (const [body, detail] of cases) {
      const response = await request("POST", "/users", { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.detail).toMatch(detail);
    }
    const malformed = await request("POST", "/users", { body: '{"userName": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const manager = await createUser();
    const managed = await request("POST", "/users", {
      body: {
        userName: "m@example.com",
        displayName: "M",
        [ENTERPRISE_EXTENSION]: { manager: { value: manager.id } },
      },
    });
    expect(managed.body[ENTERPRISE_EXTENSION].manager).toEqual({
      value: manager.id,
      $ref: expect.stringMatching(new RegExp(`/api/v2/scim/v2/users/${manager.id}$`)),
    });
  });
});

describe("soft delete", () => {
  it("deactivates the user: 204, hidden from the unfiltered list, still readable by id and by filter", async () => {
    const { request, createUser } = await startTestEmulator();
    const keep = await createUser();
    const gone = await createUser();
    const deleted = await request("DELETE", `/users/${gone.id}`);
    expect([deleted.status, deleted.body]).toEqual([204, undefined]);

    const list = await request("GET", "/users");
    expect(list.body.totalResults).toBe(1);
    expect(list.body.Resources.map((u: any) => u.id)).toEqual([keep.id]);

    const byId = await request("GET", `/users/${gone.id}`);
    expect([byId.status, byId.body.active, byId.body.meta.version]).toEqual([200, false, '"2"']);
    const inactive = await request("GET", `/users${filter("active eq false")}`);
    expect(inactive.body.Resources.map((u: any) => u.id)).toEqual([gone.id]);
    const byName = await request("GET", `/users${filter(`userName eq "${gone.userName}"`)}`);
    expect(byName.body.totalResults).toBe(1);
    // Deleting again changes nothing.
    expect((await request("DELETE", `/users/${gone.id}`)).status).toBe(204);
    expect((await request("GET", `/users/${gone.id}`)).body.meta.version).toBe('"2"');
  });

  it("frees the userName for a new user, and refuses to reactivate the old one while the name is taken", async () => {
    const { request, createUser } = await startTestEmulator();
    const old = await createUser({ userName: "reused@example.com" });
    await request("DELETE", `/users/${old.id}`);
    const successor = await createUser({ userName: "reused@example.com" });
    expect(successor.id).not.toBe(old.id);
    const reactivate = {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "active", value: true }],
    };
    const refused = await request("PATCH", `/users/${old.id}`, { body: reactivate });
    expect([refused.status, refused.body.scimType]).toEqual([409, "uniqueness"]);
    await request("DELETE", `/users/${successor.id}`);
    const reactivated = await request("PATCH", `/users/${old.id}`, { body: reactivate });
    expect([reactivated.status, reactivated.body.active]).toEqual([200, true]);
    expect((await request("GET", "/users")).body.Resources.map((u: any) => u.id)).toEqual([old.id]);
  });

  it("answers 404 for a user that never existed", async () => {
    const { request } = await startTestEmulator();
    const missing = await request("DELETE", "/users/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(/not found/);
  });
});

describe("listing users", () => {
  it("pages with startIndex and count, defaulting to 25 per page", async () => {
    const { request } = await startTestEmulator({ seedUsers: 60 });
    const first = await request("GET", "/users");
    expect(first.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 60,
      startIndex: 1,
      itemsPerPage: 25,
    });
    expect(first.body.Resources).toHaveLength(25);

    const seen: string[] = [];
    for (let startIndex = 1; startIndex <= 60; startIndex += 7) {
      const page = await request("GET", `/users?startIndex=${startIndex}&count=7`);
      expect(page.body.startIndex).toBe(startIndex);
      expect(page.body.itemsPerPage).toBe(page.body.Resources.length);
      seen.push(...page.body.Resources.map((u: any) => u.userName));
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen[0]).toBe("user00001@example.com");
    expect(seen[59]).toBe("user00060@example.com");

    const countOnly = await request("GET", "/users?count=0");
    expect([countOnly.body.totalResults, countOnly.body.Resources]).toEqual([60, []]);
    const past = await request("GET", "/users?startIndex=61");
    expect([past.body.totalResults, past.body.Resources.length, past.body.startIndex]).toEqual([
      60, 0, 61,
    ]);
    const belowOne = await request("GET", "/users?startIndex=0&count=1");
    expect(belowOne.body.startIndex).toBe(1);
  });

  it("cuts counts above maxPageSize, and rejects non-integer paging parameters", async () => {
    const { request } = await startTestEmulator({ seedUsers: 30, maxPageSize: 10 });
    const big = await request("GET", "/users?count=500");
    expect([big.body.itemsPerPage, big.body.totalResults]).toEqual([10, 30]);
    for (const query of ["count=ten", "startIndex=1.5", "count="]) {
      const bad = await request("GET", `/users?${query}`);
      expect([bad.status, bad.body.scimType]).toEqual([400, "invalidValue"]);
    }
  });

  it("filters with the SCIM grammar, case-insensitively, including Genesys's shorthand attributes", async () => {
    const { request, createUser } = await startTestEmulator();
    const manager = await createUser({ userName: "boss@example.com", title: "Manager" });
    const ada = await createUser({
      userName: "Ada@Example.com",
      emails: [{ value: "ada@work.example", type: "work" }],
      externalId: "E-1",
      [ENTERPRISE_EXTENSION]: {
        employeeNumber: "9876543210",
        division: "Home",
        manager: { value: manager.id },
      },
      [GENESYS_EXTENSION]: { routingSkills: [{ name: "Billing", proficiency: 3 }] },
    });
    const quoted = await createUser({ userName: 'quote"back\\slash@example.com' });
    const cases: [string, string[]][] = [
      ['userName eq "ada@example.com"', [ada.id]],
      [`id eq "${ada.id}"`, [ada.id]],
      ['email eq "ADA@work.example"', [ada.id]],
      ['emails[type eq "work" and value ew "@work.example"]', [ada.id]],
      [`manager eq "${manager.id}"`, [ada.id]],
      ['division eq "home"', [ada.id]],
      ['employeeNumber eq "9876543210"', [ada.id]],
      [`${ENTERPRISE_EXTENSION}:employeeNumber sw "98"`, [ada.id]],
      [`${GENESYS_EXTENSION}:routingSkills.name eq "billing"`, [ada.id]],
      ['externalId eq "E-1"', [ada.id]],
      ['title eq "Manager" or userName sw "ada"', [manager.id, ada.id]],
      ['not (userName eq "boss@example.com") and userName ew "example.com"', [ada.id, quoted.id]],
      ['userName eq "quote\\"back\\\\slash@example.com"', [quoted.id]],
      ['userName eq "nobody@example.com"', []],
    ];
    for (const [expression, ids] of cases) {
      const response = await request("GET", `/users${filter(expression)}`);
      expect(response.status, expression).toBe(200);
      expect(
        response.body.Resources.map((u: any) => u.id),
        expression,
      ).toEqual(ids);
      expect(response.body.totalResults).toBe(ids.length);
    }
    const invalid = await request("GET", `/users${filter('userName zz "x"')}`);
    expect([invalid.status, invalid.body.scimType]).toEqual([400, "invalidFilter"]);
  });

  it("always returns id, userName, active and meta, whatever attributes or excludedAttributes say", async () => {
    const { request, createUser } = await startTestEmulator();
    const user = await createUser({ title: "Engineer", externalId: "x-1" });
    const only = await request("GET", `/users?attributes=title`);
    expect(Object.keys(only.body.Resources[0]).sort()).toEqual([
      "active",
      "id",
      "meta",
      "schemas",
      "title",
      "userName",
    ]);
    const repeated = await request(
      "GET",
      `/users/${user.id}?attributes=title&attributes=externalId`,
    );
    expect(repeated.body).toMatchObject({ title: "Engineer", externalId: "x-1" });
    expect(repeated.body).not.toHaveProperty("displayName");
    const excluded = await request(
      "GET",
      `/users/${user.id}?excludedAttributes=title,userName,meta,active`,
    );
    expect(excluded.body).not.toHaveProperty("title");
    expect(excluded.body).toMatchObject({
      userName: user.userName,
      active: true,
      meta: { version: '"1"' },
    });
  });
});
