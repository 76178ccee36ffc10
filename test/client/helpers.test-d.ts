// Type tests of issue 10's surface (checked by `npm run typecheck`): every `@ts-expect-error` is a
// mistake that must not compile; every expectTypeOf a shape that must hold.
import { expectTypeOf } from "vitest";
import {
  ENTERPRISE_USER_SCHEMA,
  filter,
  GENESYS_USER_SCHEMA,
  GROUP_SCHEMA,
  patch,
  ScimApiError,
  USER_SCHEMA,
  type ScimClient,
  type ScimEmail,
  type ScimEnterpriseUser,
  type ScimErrorType,
  type ScimExternalId,
  type ScimGenesysUser,
  type ScimGroup,
  type ScimGroupReference,
  type ScimManager,
  type ScimMemberReference,
  type ScimMeta,
  type ScimNotModified,
  type ScimPhoneNumber,
  type ScimReplaceUser,
  type ScimRoutingLanguage,
  type ScimRoutingSkill,
  type ScimUser,
  type ScimUserRole,
  type components,
} from "../../src/index.js";
import { SCIM_ERROR_TYPES } from "../../src/errors.js";

declare const client: ScimClient;
declare const id: string;
declare const user: ScimUser;
declare const group: ScimGroup;
type Schemas = components["schemas"];

// --- 1. responses: the always-returned fields need no `!` ----------------------------------------
expectTypeOf(user.id).toEqualTypeOf<string>();
expectTypeOf(user.userName).toEqualTypeOf<string>();
expectTypeOf(user.active).toEqualTypeOf<boolean>();
expectTypeOf(user.schemas).toEqualTypeOf<string[]>();
expectTypeOf(user.meta.version).toEqualTypeOf<string>();
expectTypeOf(user.meta).toMatchTypeOf<ScimMeta>();
expectTypeOf(group.id).toEqualTypeOf<string>();
expectTypeOf(group.meta.version).toEqualTypeOf<string>();
expectTypeOf(user.title).toEqualTypeOf<string | undefined>();
async function lists() {
  for await (const page of client.users.list().pages()) {
    expectTypeOf(page.totalResults).toEqualTypeOf<number>();
    expectTypeOf(page.schemas).toEqualTypeOf<string[]>();
    expectTypeOf(page.Resources).toEqualTypeOf<ScimUser[] | undefined>();
  }
  expectTypeOf(await client.users.list().first()).toEqualTypeOf<ScimUser | undefined>();
  expectTypeOf(await client.users.list().toArray({ limit: 10 })).toEqualTypeOf<ScimUser[]>();
  // @ts-expect-error toArray needs a limit: the cost is the whole list
  await client.users.list().toArray();
  expectTypeOf(
    await client.users.list({ includeInactive: true }).toArray({ limit: Infinity }),
  ).toEqualTypeOf<ScimUser[]>();
  // @ts-expect-error the v2 group list requires a filter, like the raw GET
  client.groups.list({});
  // @ts-expect-error ... and a query
  client.groups.list();
  client.groups.list({ filter: filter.eq("displayName", "Sales") });
}
void lists;

// --- 1. request bodies keep exactly the API's required fields ------------------------------------
void client.users.replace(id, { userName: "a@example.com", displayName: "A" });
void client.users.replace(id, {});
void client.users.replace(id, user); // a full read can be PUT back
expectTypeOf<Parameters<ScimClient["users"]["replace"]>[1]>().toEqualTypeOf<ScimReplaceUser>();
void client.groups.create({ displayName: "Sales" });
// @ts-expect-error a group body still needs displayName
void client.groups.create({ externalId: "x" });
void client.users.create({
  userName: "a",
  displayName: "A",
  // @ts-expect-error groups is refused on create (DECISIONS §29): use groups.addMembers
  groups: [{ value: id }],
});

// --- 4. get: ifNoneMatch may be string | undefined ------------------------------------------------
async function gets(etag: string | undefined) {
  expectTypeOf(await client.users.get(id)).toEqualTypeOf<ScimUser>();
  expectTypeOf(await client.users.get(id, { attributes: ["userName"] })).toEqualTypeOf<ScimUser>();
  expectTypeOf(await client.users.get(id, { ifNoneMatch: undefined })).toEqualTypeOf<ScimUser>();
  expectTypeOf(await client.users.get(id, { ifNoneMatch: etag })).toEqualTypeOf<
    ScimUser | ScimNotModified
  >();
  expectTypeOf(await client.users.get(id, { ifNoneMatch: user.meta.version })).toEqualTypeOf<
    ScimUser | ScimNotModified
  >();
  expectTypeOf(await client.groups.get(id, { ifNoneMatch: group.meta.version })).toEqualTypeOf<
    ScimGroup | ScimNotModified
  >();
}
void gets;

// --- 2. typed filter paths -------------------------------------------------------------------------
void filter.eq("userName", "a@example.com");
void filter.eq("active", false);
void filter.eq("externalId", "E-1");
void filter.eq("emails.type", "work");
void filter.eq("meta.lastModified", new Date());
void filter.gt("meta.lastModified", "2025-01-01T00:00:00Z");
void filter.eq(`${ENTERPRISE_USER_SCHEMA}:department`, "Sales");
void filter.eq(`${ENTERPRISE_USER_SCHEMA}:manager.value`, id);
void filter.eq(`${GENESYS_USER_SCHEMA}:externalIds.value`, "x");
void filter.eq("members.value", id);
void filter.eq("title", null);
void filter.pr("title");
void filter.eq(filter.path("urn:example:ext:1.0:User:badge"), 17);
// @ts-expect-error a misspelt path (it would be sent and match nothing)
void filter.eq("usrName", "a@example.com");
// @ts-expect-error active is a boolean
void filter.eq("active", "false");
// @ts-expect-error emails.type is work | other
void filter.eq("emails.type", "home");
// @ts-expect-error unknown extension attribute
void filter.eq(`${ENTERPRISE_USER_SCHEMA}:costCenter`, "x");
// @ts-expect-error co compares strings
void filter.co("active", "t");
// @ts-expect-error ordering has no booleans
void filter.lt("active", true);
// @ts-expect-error a plain string is not an unchecked path: use filter.path
void filter.pr("x.y" as string);

// --- 3. scimType, URNs, short names ----------------------------------------------------------------
declare const error: ScimApiError;
if (error.scimType === "invalidVers") expectTypeOf(error.scimType).toEqualTypeOf<"invalidVers">();
// @ts-expect-error not a scimType the spec knows (it is "invalidVers")
if (error.scimType === "invalidVersion") void 0;
expectTypeOf(error.unknownScimType).toEqualTypeOf<string | undefined>();
expectTypeOf<ScimErrorType>().toEqualTypeOf<NonNullable<Schemas["ScimError"]["scimType"]>>();
expectTypeOf<(typeof SCIM_ERROR_TYPES)[number]>().toEqualTypeOf<ScimErrorType>();
expectTypeOf<typeof USER_SCHEMA>().toEqualTypeOf<"urn:ietf:params:scim:schemas:core:2.0:User">();
expectTypeOf<typeof GROUP_SCHEMA>().toEqualTypeOf<"urn:ietf:params:scim:schemas:core:2.0:Group">();
expectTypeOf(user[ENTERPRISE_USER_SCHEMA]).toEqualTypeOf<ScimEnterpriseUser | undefined>();
expectTypeOf(user[GENESYS_USER_SCHEMA]).toEqualTypeOf<ScimGenesysUser | undefined>();
expectTypeOf<ScimEmail>().toEqualTypeOf<Schemas["ScimEmail"]>();
expectTypeOf<ScimPhoneNumber>().toEqualTypeOf<Schemas["ScimPhoneNumber"]>();
expectTypeOf<ScimManager>().toEqualTypeOf<Schemas["Manager"]>();
expectTypeOf<ScimMemberReference>().toEqualTypeOf<Schemas["ScimV2MemberReference"]>();
expectTypeOf<ScimGroupReference>().toEqualTypeOf<Schemas["ScimV2GroupReference"]>();
expectTypeOf<ScimUserRole>().toEqualTypeOf<Schemas["ScimUserRole"]>();
expectTypeOf<ScimRoutingSkill>().toEqualTypeOf<Schemas["ScimUserRoutingSkill"]>();
expectTypeOf<ScimRoutingLanguage>().toEqualTypeOf<Schemas["ScimUserRoutingLanguage"]>();
expectTypeOf<ScimExternalId>().toEqualTypeOf<Schemas["ScimGenesysUserExternalId"]>();

// --- 5. finders, membership, update ----------------------------------------------------------------
async function helpers() {
  expectTypeOf(await client.users.findByUserName("a")).toEqualTypeOf<ScimUser | undefined>();
  expectTypeOf(await client.users.findByExternalId("E-1")).toEqualTypeOf<ScimUser | undefined>();
  expectTypeOf(await client.groups.findByName("Sales")).toEqualTypeOf<ScimGroup | undefined>();
  expectTypeOf(await client.groups.setMembers(id, [id])).toEqualTypeOf<ScimGroup>();
  await client.groups.addMembers(id, [id], { ifMatch: group.meta.version });
  // @ts-expect-error user ids are an array
  await client.groups.addMembers(id, id);
  const updated = await client.users.update(id, (current) => [
    patch.replace("title", `${current.displayName ?? current.userName}`),
  ]);
  expectTypeOf(updated).toEqualTypeOf<ScimUser>();
  // @ts-expect-error the builder returns PATCH operations, type-checked like patch.*
  await client.users.update(id, () => [patch.replace("active", "yes")]);
  // @ts-expect-error the builder is a function of the current user
  await client.users.update(id, [patch.replace("title", "x")]);
}
void helpers;
