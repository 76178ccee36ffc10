import { afterAll, describe, expect, it } from "vitest";
import { neutralizeBuiltinNames } from "../../emulator/builtin-names.js";
import { startTestEmulator, stopAll } from "./helpers.js";

// Attribute names that are also properties of every JavaScript object used to reach
// Object.prototype inside the SCIM engine and answer 500 with a TypeError. They must behave like
// any attribute the schemas don't have.

afterAll(stopAll);

const FILTERS = [
  'toString eq "x"',
  "constructor pr",
  '__proto__ eq "a"',
  'emails[__proto__ eq "x"]',
  'emails[toString eq "x"]',
  "name.constructor pr",
  'hasOwnProperty eq "x" or valueOf pr',
  'urn:ietf:params:scim:schemas:core:2.0:User:__proto__ eq "a"',
];

describe("built-in JavaScript property names in queries", () => {
  it("answers a filter on one exactly like a filter on an unknown attribute", async () => {
    const { request, createUser } = await startTestEmulator();
    await createUser({ userName: "tostring@example.com" });
    const unknown = await request(
      "GET",
      `/users?filter=${encodeURIComponent('noSuchAttr eq "x"')}`,
    );
    expect(unknown.status).toBe(200);
    for (const expression of FILTERS) {
      const response = await request("GET", `/users?filter=${encodeURIComponent(expression)}`);
      expect({ expression, status: response.status, body: response.body }).toEqual({
        expression,
        status: 200,
        body: unknown.body,
      });
    }
  });

  it('leaves string values alone: userName eq "toString" still compares with that string', async () => {
    const { request, createUser } = await startTestEmulator();
    const user = await createUser({ userName: "toString", displayName: "constructor" });
    const response = await request(
      "GET",
      `/users?filter=${encodeURIComponent('userName eq "toString" and displayName eq "constructor"')}`,
    );
    expect(response.status).toBe(200);
    expect(response.body.Resources.map((u: { id: string }) => u.id)).toEqual([user.id]);
  });

  it("answers attributes and excludedAttributes naming one like an unknown attribute", async () => {
    const { request, createUser } = await startTestEmulator();
    const user = await createUser();
    for (const parameter of ["attributes", "excludedAttributes"]) {
      const unknown = await request("GET", `/users/${user.id}?${parameter}=noSuchAttr`);
      expect(unknown.status).toBe(200);
      for (const name of ["__proto__", "constructor", "toString", "name.__proto__", "valueOf"]) {
        const response = await request("GET", `/users/${user.id}?${parameter}=${name}`);
        expect({ parameter, name, status: response.status, body: response.body }).toEqual({
          parameter,
          name,
          status: 200,
          body: unknown.body,
        });
        const list = await request("GET", `/users?${parameter}=${name}`);
        expect({ parameter, name, status: list.status }).toEqual({ parameter, name, status: 200 });
      }
    }
  });
});

describe("neutralizeBuiltinNames", () => {
  it("renames only built-in names outside string literals", () => {
    expect(neutralizeBuiltinNames('toString eq "toString"')).toBe(
      'unknownAttributetoString eq "toString"',
    );
    expect(neutralizeBuiltinNames('emails[__proto__ eq "a\\"__proto__"]')).toBe(
      'emails[unknownAttributeproto eq "a\\"__proto__"]',
    );
    expect(neutralizeBuiltinNames("userName,name.constructor")).toBe(
      "userName,name.unknownAttributeconstructor",
    );
    expect(neutralizeBuiltinNames('userName eq "x" and title pr')).toBe(
      'userName eq "x" and title pr',
    );
  });
});
