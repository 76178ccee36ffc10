/**
 * genesys-cloud-scim: a typed client for the Genesys Cloud SCIM API with OAuth, retry on 429
 * honouring Retry-After, typed errors, and helpers for paging, filters, PATCH and ETags.
 *
 * @packageDocumentation
 */
export { createScimClient } from "./client.js";
export type { ScimClient, ScimClientOptions, ScimRawClient } from "./client.js";
export type {
  AccessTokenAuth,
  ClientCredentialsAuth,
  ScimAuthOptions,
  TokenCallbackAuth,
} from "./auth.js";
export type { RetryOptions, RetryPolicy } from "./transport/retry-policy.js";
export type { FetchLike } from "./transport/types.js";
export { DEFAULT_RETRY } from "./transport/retry-policy.js";
export type { RateLimitOptions } from "./budget/options.js";
export type { SharedBudget, SharedBudgetStore } from "./budget/types.js";
export type {
  ScimDelaySource,
  ScimEvent,
  ScimEventHandler,
  ScimRequestEvent,
  ScimResponseEvent,
  ScimRetryEvent,
  ScimRetryReason,
  ScimTokenEvent,
} from "./events.js";
export {
  ScimApiError,
  ScimAuthError,
  ScimError,
  ScimNetworkError,
  ScimResponseError,
  ScimTimeoutError,
  ScimValidationError,
} from "./errors.js";
export type { ScimApiErrorInit } from "./errors.js";
export { filter, isAttributePath, ScimFilter } from "./filter.js";
export type { ScimFilterValue, ScimOrderedValue } from "./filter.js";
export { patch, PATCH_OP_SCHEMA } from "./patch.js";
export type {
  AddOrReplace,
  PatchAttributes,
  PatchOperation,
  PatchRequest,
  PatchValue,
} from "./patch.js";
export { ScimList } from "./paging.js";
export type { PageOptions, ScimListPage } from "./paging.js";
export { regions, DEFAULT_REGION } from "./regions.js";
export type { Region, RegionDomain } from "./regions.js";
export { isNotModified } from "./helper-result.js";
export type { ScimNotModified } from "./helper-result.js";
export type { ScimConfigClient } from "./config-client.js";
export type {
  CallOptions,
  GetOptions,
  ListQuery,
  ScimCreateUser,
  ScimGroup,
  ScimGroupList,
  ScimResourceClient,
  ScimResourceType,
  ScimResourceTypeName,
  ScimSchemaDefinition,
  ScimSchemaId,
  ScimServiceProviderConfig,
  ScimUser,
  ScimUserList,
  WriteOptions,
} from "./resources.js";
/**
 * The types generated from the OpenAPI spec by openapi-typescript: `paths` (every endpoint with its
 * parameters and responses), `components` (`components["schemas"]["ScimV2User"]` and the other
 * models) and `operations` (the same, keyed by operationId such as `getScimV2Users`).
 */
export type { components, operations, paths } from "../generated/schema.js";
// Issue 10: response types, short model names, URNs, typed filter paths, finders, membership, update.
export {
  ENTERPRISE_USER_SCHEMA,
  GENESYS_USER_SCHEMA,
  GROUP_SCHEMA,
  USER_SCHEMA,
} from "./models.js";
export type {
  ScimEmail,
  ScimEnterpriseUser,
  ScimErrorType,
  ScimExternalId,
  ScimGenesysUser,
  ScimGroupBody,
  ScimGroupReference,
  ScimManager,
  ScimMemberReference,
  ScimMeta,
  ScimPhoneNumber,
  ScimReplaceUser,
  ScimRoutingLanguage,
  ScimRoutingSkill,
  ScimUserRole,
} from "./models.js";
export type {
  ScimAnyFilterPath,
  ScimFilterPath,
  ScimFilterPaths,
  ScimUncheckedPath,
} from "./filter.js";
export { ScimAmbiguousMatchError } from "./finders.js";
export { MEMBER_BATCH } from "./membership.js";
export type { MembershipOptions } from "./membership.js";
export { DEFAULT_UPDATE_ATTEMPTS, isVersionConflict } from "./update.js";
export type { UpdateBuilder, UpdateOptions } from "./update.js";
export type { ScimUsersClient, UserListQuery } from "./users.js";
export type { GroupListQuery, ScimGroupsClient } from "./groups.js";
