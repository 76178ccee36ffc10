import type { components } from "../generated/schema.js";

// Short names for the generated models a provisioning script touches. The resources are interfaces
// (not aliases) so compiler messages say `ScimUser` instead of expanding the whole object.

type Schemas = components["schemas"];
type UserResponse = Schemas["ScimV2UserResponse"];
type GroupResponse = Schemas["ScimV2GroupResponse"];

/** The core User schema URN (RFC 7643 §4.1). */
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
/** The core Group schema URN (RFC 7643 §4.2). */
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
/** The enterprise user extension URN (RFC 7643 §4.3): department, manager, employeeNumber, … */
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** The Genesys Cloud user extension URN: routing skills, routing languages, external IDs. */
export const GENESYS_USER_SCHEMA =
  "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";

/**
 * A SCIM user as the API returns it (generated `ScimV2UserResponse`): `id`, `schemas`, `userName`,
 * `active` and `meta` (with `version`, the ETag) are always present.
 */
export interface ScimUser extends UserResponse {}
/**
 * The body of a create-user request (generated `ScimV2CreateUser`): `userName`, `displayName`
 * required. Without `groups`: the API refuses it (spec/DECISIONS.md §29); use `groups.addMembers`.
 */
export type ScimCreateUser = Omit<Schemas["ScimV2CreateUser"], "groups">;
/** The body of a replace-user request (PUT, generated `ScimV2User`): nothing required. */
export type ScimReplaceUser = Schemas["ScimV2User"];
/**
 * A SCIM group as the API returns it (generated `ScimV2GroupResponse`): `id`, `schemas`,
 * `displayName` and `meta` (with `version`) are always present.
 */
export interface ScimGroup extends GroupResponse {}
/** The body of a create- or replace-group request (generated `ScimV2Group`): `displayName` required. */
export type ScimGroupBody = Schemas["ScimV2Group"];
/** A page of users (generated `ScimUserListResponse`). */
export type ScimUserList = Schemas["ScimUserListResponse"];
/** A page of groups (generated `ScimGroupListResponse`). */
export type ScimGroupList = Schemas["ScimGroupListResponse"];

/** The metadata of a user or group; `version` is the ETag to pass as `ifMatch`/`ifNoneMatch`. */
export type ScimMeta = Schemas["ScimResourceMetadata"];
/** An email address of a user. */
export type ScimEmail = Schemas["ScimEmail"];
/** A phone number of a user. */
export type ScimPhoneNumber = Schemas["ScimPhoneNumber"];
/** A role of a user. */
export type ScimUserRole = Schemas["ScimUserRole"];
/** A user's reference to a group it is in (`user.groups`). */
export type ScimGroupReference = Schemas["ScimV2GroupReference"];
/** A group's reference to a member (`group.members`). */
export type ScimMemberReference = Schemas["ScimV2MemberReference"];
/** The enterprise extension of a user (`user[ENTERPRISE_USER_SCHEMA]`). */
export type ScimEnterpriseUser = Schemas["ScimV2EnterpriseUser"];
/** A user's manager in the enterprise extension. */
export type ScimManager = Schemas["Manager"];
/** The Genesys Cloud extension of a user (`user[GENESYS_USER_SCHEMA]`). */
export type ScimGenesysUser = Schemas["ScimUserExtensions"];
/** A routing skill in the Genesys Cloud extension. */
export type ScimRoutingSkill = Schemas["ScimUserRoutingSkill"];
/** A routing language in the Genesys Cloud extension. */
export type ScimRoutingLanguage = Schemas["ScimUserRoutingLanguage"];
/** An external identifier in the Genesys Cloud extension. */
export type ScimExternalId = Schemas["ScimGenesysUserExternalId"];
/** The `scimType` values the spec enumerates (RFC 7644 §3.12), e.g. `"invalidVers"`. */
export type ScimErrorType = NonNullable<Schemas["ScimError"]["scimType"]>;
