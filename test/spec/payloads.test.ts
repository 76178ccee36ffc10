// Validates realistic SCIM payloads against the bundled schemas with the validator Prism uses (ajv),
// so the spec neither rejects legitimate traffic nor accepts malformed requests.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { spec } from "./bundled-spec.js";

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: "spec", components: spec.components });

function validate(name: string, payload: unknown): string[] {
  const check = ajv.getSchema(`spec#/components/schemas/${name}`);
  if (!check) throw new Error(`No schema ${name}`);
  return check(payload) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const patchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const user = {
  schemas: [
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User",
  ],
  id: "857449b0-d9e7-4cd0-acbf-a6adfb9ef1e9",
  userName: "ada@example.com",
  displayName: "Ada Lovelace",
  active: true,
  title: "Engineer",
  externalId: "167844",
  emails: [{ value: "ada@example.com", type: "work", primary: true }],
  phoneNumbers: [{ value: "tel:+13175550123;ext=4321", type: "work", primary: true }],
  roles: [{ value: "employee" }],
  groups: [
    { type: "Group", value: "5f4bc742-a019-4e38-8e2a-d39d5bc0b0f3", $ref: "https://x/groups/5f4b" },
  ],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
    division: "Home",
    department: "Research",
    employeeNumber: "9876543210",
    manager: { value: "16e10e2f-1136-43fe-bb84-eac073168a49", $ref: "https://x/users/16e1" },
  },
  "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User": {
    routingSkills: [{ name: "Billing", proficiency: 4.5 }],
    routingLanguages: [{ name: "English", proficiency: 5 }],
    externalIds: [{ authority: "hr", value: "E-1" }],
  },
  meta: {
    resourceType: "User",
    lastModified: "2025-04-24T15:04:25.428Z",
    location: "https://api.mypurecloud.com/api/v2/scim/v2/users/857449b0",
    version: "42",
  },
};

describe("responses the API sends are accepted", () => {
  it.each([
    ["ScimV2UserResponse", user],
    ["ScimV2UserResponse", { ...user, nickName: "Ada", "urn:example:extension": { x: 1 } }],
    [
      "ScimV2UserResponse",
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        id: "u1",
        userName: "min@example.com",
        active: false,
        meta: { resourceType: "User", version: "1" },
      },
    ],
    [
      "ScimV2GroupResponse",
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        id: "g1",
        displayName: "Sales",
        externalId: "ext-1",
        members: [{ type: "User", value: "u1", $ref: "https://x/users/u1" }],
        meta: { resourceType: "Group", version: "7" },
      },
    ],
    [
      "ScimUserListResponse",
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        totalResults: 1,
        startIndex: 1,
        itemsPerPage: 1,
        Resources: [user],
      },
    ],
    [
      "ScimUserListResponse",
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        totalResults: 80,
        startIndex: 1,
        itemsPerPage: 0,
      },
    ],
    [
      "ScimServiceProviderConfig",
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        documentationUri: "https://help.mypurecloud.com",
        patch: { supported: true },
        filter: { supported: true, maxResults: 25 },
        etag: { supported: true },
        sort: { supported: false },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        changePassword: { supported: true },
        authenticationSchemes: [
          {
            name: "OAuth Bearer Token",
            description: "OAuth 2.0",
            type: "oauthbearertoken",
            primary: true,
          },
        ],
        meta: {
          resourceType: "ServiceProviderConfig",
          location: "https://x/serviceproviderconfig",
        },
      },
    ],
    [
      "ScimV2SchemaDefinition",
      {
        id: "urn:ietf:params:scim:schemas:core:2.0:User",
        name: "User",
        attributes: [
          {
            name: "emails",
            type: "complex",
            multiValued: true,
            mutability: "readWrite",
            returned: "default",
            uniqueness: "none",
            subAttributes: [
              { name: "value", type: "string", caseExact: false, returned: "default" },
            ],
          },
          { name: "manager", type: "reference", referenceTypes: ["User"], mutability: "readWrite" },
        ],
        meta: { resourceType: "Schema", location: "https://x/schemas/urn" },
      },
    ],
    [
      "ScimConfigResourceType",
      {
        id: "User",
        name: "User",
        endpoint: "/Users",
        schema: "urn:ietf:params:scim:schemas:core:2.0:User",
        schemaExtensions: [
          { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false },
        ],
      },
    ],
    [
      "ErrorResponse",
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "404",
        detail: "Not found",
      },
    ],
    [
      "ErrorResponse",
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "400",
        scimType: "invalidVers",
        detail: "Version does not match",
      },
    ],
    [
      "ErrorResponse",
      {
        message: "Rate limit exceeded the maximum. Retry the request in [3] seconds",
        code: "too.many.requests",
        status: 429,
        contextId: "c0ffee",
        details: [],
        errors: [],
        limit: { key: "requests.per.minute", namespace: "scim", value: 300 },
      },
    ],
  ])("%s #%#", (name, payload) => {
    expect(validate(name, payload)).toEqual([]);
  });
});

describe("requests the API rejects are rejected", () => {
  it.each([
    [
      "ScimV2CreateUser",
      { userName: "a@example.com" },
      "must have required property 'displayName'",
    ],
    ["ScimV2CreateUser", { displayName: "A" }, "must have required property 'userName'"],
    [
      "ScimV2CreateUser",
      { userName: "a@example.com", displayName: "A", nickName: "x" },
      "must NOT have additional properties",
    ],
    [
      "ScimV2CreateUser",
      { userName: "a@example.com", displayName: "A", emails: [{ value: "a@b.c", type: "home" }] },
      "must be equal to one of the allowed values",
    ],
    ["ScimV2Group", { members: [] }, "must have required property 'displayName'"],
    // Responses always carry what Genesys always returns (spec/DECISIONS.md §28).
    ["ScimV2UserResponse", { ...user, id: undefined }, "must have required property 'id'"],
    ["ScimV2UserResponse", { ...user, active: undefined }, "must have required property 'active'"],
    [
      "ScimV2UserResponse",
      { ...user, meta: { resourceType: "User" } },
      "must have required property 'version'",
    ],
    [
      "ScimV2GroupResponse",
      { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], id: "g1", displayName: "S" },
      "must have required property 'meta'",
    ],
    [
      "ScimUserListResponse",
      { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"] },
      "must have required property 'totalResults'",
    ],
    ["ScimV2PatchRequest", { Operations: [] }, "must have required property 'schemas'"],
    [
      "ScimV2PatchRequest",
      { schemas: ["urn:x"], Operations: [] },
      "must contain at least 1 valid item(s)",
    ],
    [
      "ScimV2PatchRequest",
      { schemas: [patchOp], Operations: [{ op: "move", path: "active" }] },
      "must be equal to one of the allowed values",
    ],
    [
      "ScimV2PatchRequest",
      { schemas: [patchOp], Operations: [{ path: "active", value: true }] },
      "must have required property 'op'",
    ],
    [
      "ScimV2PatchRequest",
      { schemas: [patchOp], Operations: [{ op: "add", from: "x" }] },
      "must NOT have additional properties",
    ],
    ["ErrorResponse", { status: true }, "must be string"],
  ])("%s #%#", (name, payload, message) => {
    expect(validate(name, payload).join("\n")).toContain(message);
  });

  it("accepts a PATCH value of any JSON type", () => {
    const values = [false, "x", 3, ["a"], { active: false }, null];
    for (const value of values) {
      const body = { schemas: [patchOp], Operations: [{ op: "replace", path: "p", value }] };
      expect(validate("ScimV2PatchRequest", body), JSON.stringify(value)).toEqual([]);
    }
  });
});
