// Type-level tests of generated/schema.ts. `npm run typecheck` (tsc) checks every assertion and every
// expected-error directive below; the vitest run only proves the file loads.
import createClient from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import type { components, operations, paths } from "../../generated/schema.js";

type Schemas = components["schemas"];
type User = Schemas["ScimV2User"];
type CreateUser = Schemas["ScimV2CreateUser"];
type Group = Schemas["ScimV2Group"];
type UserResponse = Schemas["ScimV2UserResponse"];
type GroupResponse = Schemas["ScimV2GroupResponse"];
type PatchRequest = Schemas["ScimV2PatchRequest"];

describe("generated model types", () => {
  it("require what the API requires", () => {
    expectTypeOf<CreateUser>().toHaveProperty("userName").toEqualTypeOf<string>();
    expectTypeOf<CreateUser>().toHaveProperty("displayName").toEqualTypeOf<string>();
    expectTypeOf<Group>().toHaveProperty("displayName").toEqualTypeOf<string>();
    expectTypeOf<PatchRequest>().toHaveProperty("schemas").toEqualTypeOf<string[]>();
    expectTypeOf<Schemas["ScimV2PatchOperation"]["op"]>().toEqualTypeOf<
      "add" | "replace" | "remove"
    >();

    // @ts-expect-error displayName is required
    const noDisplayName: CreateUser = { userName: "a@example.com" };
    // @ts-expect-error userName is required
    const noUserName: CreateUser = { displayName: "A" };
    // @ts-expect-error displayName is required on groups
    const unnamedGroup: Group = { members: [] };
    // @ts-expect-error schemas is required on PATCH requests
    const noSchemas: PatchRequest = { Operations: [] };
    // @ts-expect-error op is required on PATCH operations
    const noOp: Schemas["ScimV2PatchOperation"] = { path: "active", value: false };
    void [noDisplayName, noUserName, unnamedGroup, noSchemas, noOp];
  });

  it("reject wrong field types and unknown values", () => {
    const base = { userName: "a@example.com", displayName: "A" } satisfies CreateUser;
    // @ts-expect-error active is a boolean
    const wrongActive: CreateUser = { ...base, active: "yes" };
    // @ts-expect-error email types are "work" or "other"
    const homeEmail: CreateUser = { ...base, emails: [{ value: "a@b.c", type: "home" }] };
    // @ts-expect-error phone types are an enum
    const faxPhone: CreateUser = { ...base, phoneNumbers: [{ value: "+1", type: "fax" }] };
    // @ts-expect-error unknown properties are not part of a create-user body
    const extra: CreateUser = { ...base, nickName: "x" };
    // @ts-expect-error there is no "move" PATCH operation
    const move: Schemas["ScimV2PatchOperation"] = { op: "move" };
    // @ts-expect-error routing skills need a name
    const skill: Schemas["ScimUserRoutingSkill"] = { proficiency: 3 };
    void [wrongActive, homeEmail, faxPhone, extra, move, skill];
  });

  it("type the extensions and the error bodies", () => {
    expectTypeOf<
      User["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]
    >().toEqualTypeOf<Schemas["ScimV2EnterpriseUser"] | undefined>();
    expectTypeOf<
      User["urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User"]
    >().toEqualTypeOf<Schemas["ScimUserExtensions"] | undefined>();
    expectTypeOf<Schemas["ErrorResponse"]>().toEqualTypeOf<
      Schemas["ScimError"] | Schemas["ErrorBody"]
    >();
    expectTypeOf<Schemas["ScimError"]["status"]>().toEqualTypeOf<string>();
    expectTypeOf<Schemas["ErrorBody"]["status"]>().toEqualTypeOf<number>();
  });
});

describe("generated response types", () => {
  it("require what Genesys always returns, and only in responses", () => {
    expectTypeOf<UserResponse["id"]>().toEqualTypeOf<string>();
    expectTypeOf<UserResponse["userName"]>().toEqualTypeOf<string>();
    expectTypeOf<UserResponse["active"]>().toEqualTypeOf<boolean>();
    expectTypeOf<UserResponse["schemas"]>().toEqualTypeOf<string[]>();
    expectTypeOf<UserResponse["meta"]["version"]>().toEqualTypeOf<string>();
    expectTypeOf<GroupResponse["id"]>().toEqualTypeOf<string>();
    expectTypeOf<GroupResponse["meta"]["version"]>().toEqualTypeOf<string>();
    expectTypeOf<Schemas["ScimUserListResponse"]["totalResults"]>().toEqualTypeOf<number>();
    expectTypeOf<Schemas["ScimGroupListResponse"]["schemas"]>().toEqualTypeOf<string[]>();
    expectTypeOf<Schemas["ScimUserListResponse"]["Resources"]>().toEqualTypeOf<
      UserResponse[] | undefined
    >();
    // The request bodies keep exactly the API's required fields.
    type PutBody = NonNullable<
      operations["putScimV2User"]["requestBody"]
    >["content"]["application/scim+json"];
    expectTypeOf<PutBody>().toEqualTypeOf<User>();
    const emptyPut: PutBody = {};
    const group: NonNullable<
      operations["postScimV2Groups"]["requestBody"]
    >["content"]["application/json"] = { displayName: "Sales" };
    void [emptyPut, group];
  });
});

describe("generated operation types", () => {
  it("type parameters as documented", () => {
    type ListGroupsV2 = operations["getScimV2Groups"]["parameters"]["query"];
    type ListUsersV2 = NonNullable<operations["getScimV2Users"]["parameters"]["query"]>;
    expectTypeOf<ListGroupsV2["filter"]>().toEqualTypeOf<string>();
    expectTypeOf<ListUsersV2["filter"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ListUsersV2["attributes"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<ListUsersV2["count"]>().toEqualTypeOf<number | undefined>();
    type PutHeaders = NonNullable<operations["putScimV2User"]["parameters"]["header"]>;
    expectTypeOf<PutHeaders["If-Match"]>().toEqualTypeOf<string | undefined>();
  });

  it("type success bodies under both media types and no 200 on create or delete", () => {
    type Created = operations["postScimV2Users"]["responses"][201]["content"];
    expectTypeOf<Created["application/scim+json"]>().toEqualTypeOf<UserResponse>();
    expectTypeOf<Created["application/json"]>().toEqualTypeOf<UserResponse>();
    // No body: openapi-typescript types a missing content as `content?: never`.
    expectTypeOf<
      operations["deleteScimV2Group"]["responses"][204]["content"]
    >().toEqualTypeOf<undefined>();
    // @ts-expect-error create answers 201, not 200
    type NoOk = operations["postScimV2Users"]["responses"][200];
    // @ts-expect-error delete answers 204, not 200
    type NoDeleteOk = operations["deleteScimV2User"]["responses"][200];
    expectTypeOf<
      operations["getScimV2User"]["responses"][304]["content"]
    >().toEqualTypeOf<undefined>();
  });

  it("make openapi-fetch reject wrong requests", () => {
    const client = createClient<paths>({ baseUrl: "http://127.0.0.1:1" });
    // Never called: only the compiler looks at these requests.
    const requests = () => [
      client.POST("/api/v2/scim/v2/users", {
        body: { userName: "a@example.com", displayName: "A" },
      }),
      // @ts-expect-error displayName is missing from the body
      client.POST("/api/v2/scim/v2/users", { body: { userName: "a@example.com" } }),
      // @ts-expect-error the v2 group list requires a filter
      client.GET("/api/v2/scim/v2/groups", {}),
      client.GET("/api/v2/scim/v2/groups", {
        params: { query: { filter: "displayName eq Sales" } },
      }),
      client.PATCH("/api/v2/scim/v2/users/{userId}", {
        params: { path: { userId: "u1" }, header: { "If-Match": '"42"' } },
        body: {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", path: "active", value: false }],
        },
      }),
      client.PATCH("/api/v2/scim/v2/users/{userId}", {
        params: { path: { userId: "u1" } },
        // @ts-expect-error a PATCH body is a PatchOp message, not a user
        body: { userName: "a@example.com" },
      }),
      // @ts-expect-error the path has no such operation
      client.POST("/api/v2/scim/v2/serviceproviderconfig", {}),
    ];
    expectTypeOf(requests).toBeFunction();
  });
});
