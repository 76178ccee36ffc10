// Type tests of the client's public surface, checked by `npm run typecheck` (tsc --noEmit over
// test/): every `@ts-expect-error` below must be a compile error, or tsc fails the build.
import { expectTypeOf } from "vitest";
import {
  createScimClient,
  filter,
  patch,
  type PatchOperation,
  type ScimClient,
  type ScimGroup,
  type ScimNotModified,
  type ScimUser,
} from "../../src/index.js";

declare const client: ScimClient;
declare const id: string;

// --- users.create / replace: bodies are the generated ScimV2CreateUser / ScimV2User -------------
void client.users.create({ userName: "a@example.com", displayName: "A" });
void client.users.create({
  userName: "a@example.com",
  displayName: "A",
  emails: [{ value: "a@example.com", type: "work", primary: true }],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Sales" },
});
// @ts-expect-error displayName is required
void client.users.create({ userName: "a@example.com" });
// @ts-expect-error userName must be a string
void client.users.create({ userName: 1, displayName: "A" });
// @ts-expect-error unknown field
void client.users.create({ userName: "a@example.com", displayName: "A", nickname: "x" });
void client.users.create({
  userName: "a",
  displayName: "A",
  // @ts-expect-error email type is an enum (work | other)
  emails: [{ value: "a", type: "home" }],
});
// @ts-expect-error active is a boolean
void client.users.replace(id, { userName: "a", displayName: "A", active: "yes" });
// @ts-expect-error displayName is required on groups
void client.groups.create({ members: [] });
// @ts-expect-error unknown field on a group
void client.groups.replace(id, { displayName: "G", owner: "me" });

// --- results -------------------------------------------------------------------------------------
expectTypeOf(client.users.get(id)).resolves.toEqualTypeOf<ScimUser>();
expectTypeOf(client.users.get(id, { ifNoneMatch: '"1"' })).resolves.toEqualTypeOf<
  ScimUser | ScimNotModified
>();
expectTypeOf(client.groups.get(id)).resolves.toEqualTypeOf<ScimGroup>();
expectTypeOf(client.users.delete(id)).resolves.toEqualTypeOf<void>();
for await (const user of client.users.list()) expectTypeOf(user).toEqualTypeOf<ScimUser>();

// --- patch: operations are the generated ScimV2PatchOperation; known paths type their values -----
expectTypeOf(patch.replace("active", false)).toEqualTypeOf<PatchOperation>();
void patch.replace("title", "Lead");
void patch.add("emails", [{ value: "a@example.com", type: "work" }]);
void patch.replace(
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
  "Sales",
);
void patch.replace('emails[type eq "work"].value', "b@example.com");
void patch.replace({ title: "Lead", active: true });
// @ts-expect-error active takes a boolean
void patch.replace("active", "yes");
// @ts-expect-error title takes a string
void patch.replace("title", 5);
// @ts-expect-error email type is an enum
void patch.add("emails", [{ value: "a@example.com", type: "home" }]);
// @ts-expect-error department is a string
void patch.replace("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", 1);
// @ts-expect-error unknown attribute in a path-less replace
void patch.replace({ nickname: "x" });
// @ts-expect-error remove takes a path only
void patch.remove("title", "x");
void client.users.patch(id, [patch.remove("title")], { ifMatch: '"2"' });
// @ts-expect-error "move" is not a PATCH op
void client.users.patch(id, [{ op: "move", path: "title" }]);
// @ts-expect-error operations, not a bare object
void client.users.patch(id, { op: "remove", path: "title" });

// --- filter: values by operator; list takes built filters only -----------------------------------
void client.users.list({
  filter: filter.and(filter.eq("active", true), filter.sw("userName", "a")),
});
// @ts-expect-error co compares strings
void filter.co("userName", 5);
// @ts-expect-error ordering has no booleans
void filter.gt("active", true);
// @ts-expect-error objects are not filter values
void filter.eq("userName", { a: 1 });
// @ts-expect-error a string is not a filter: build it, don't concatenate it
void client.users.list({ filter: 'userName eq "x"' });
// @ts-expect-error and takes filters
void filter.and("a", "b");

// --- raw typed methods over the spec paths --------------------------------------------------------
async function raw() {
  const { data } = await client.GET("/api/v2/scim/v2/users/{userId}", {
    params: { path: { userId: id } },
  });
  // The raw body is the generated response type (through openapi-fetch's Readable), the same
  // shape as the helpers' ScimUser: always-returned fields need no `!`.
  if (data) {
    const user: ScimUser = data;
    expectTypeOf(data.id).toEqualTypeOf<string>();
    expectTypeOf(data.meta.version).toEqualTypeOf<string>();
    void user;
  }
  // @ts-expect-error paths are lowercase, as in the spec
  await client.GET("/api/v2/scim/v2/Users", {});
  // @ts-expect-error the path parameter is required
  await client.GET("/api/v2/scim/v2/users/{userId}", { params: {} });
  // @ts-expect-error filter is required on the v2 group list (per the spec)
  await client.GET("/api/v2/scim/v2/groups", { params: { query: {} } });
}
void raw;

// --- options -------------------------------------------------------------------------------------
createScimClient({ region: "mypurecloud.ie", auth: { clientId: "a", clientSecret: "b" } });
createScimClient({ baseUrl: "http://127.0.0.1:8080", auth: { getAccessToken: async () => "t" } });
// @ts-expect-error not a Genesys Cloud region
createScimClient({ region: "mypurecloud.xx", auth: { accessToken: "t" } });
// @ts-expect-error auth is required
createScimClient({ region: "mypurecloud.ie" });
// @ts-expect-error one auth mode at a time
createScimClient({ auth: { accessToken: "t", clientId: "a", clientSecret: "b" } });
// @ts-expect-error client credentials need the secret
createScimClient({ auth: { clientId: "a" } });
