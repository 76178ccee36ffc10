import { ScimValidationError } from "./errors.js";
import { find } from "./finders.js";
import type { ScimFilter } from "./filter.js";
import { changeMembers, type MembershipOptions } from "./membership.js";
import type { ScimGroup, ScimGroupBody, ScimGroupList } from "./models.js";
import type { ScimList } from "./paging.js";
import type { Redactor } from "./redact.js";
import type { Requester } from "./request.js";
import {
  createResourceClient,
  type CallOptions,
  type ListQuery,
  type ScimResourceClient,
} from "./resources.js";

/** The query of `groups.list`: Genesys Cloud requires a filter to list groups (v2 family). */
export interface GroupListQuery extends ListQuery {
  /** Required, as the spec and the raw `GET /api/v2/scim/v2/groups` require it. */
  filter: ScimFilter;
}

/** `client.groups`: the SCIM group operations plus `findByName` and membership helpers. */
export interface ScimGroupsClient extends ScimResourceClient<
  ScimGroup,
  ScimGroupBody,
  ScimGroupList
> {
  /** Every group matching `query.filter` (required), across pages. */
  list(query: GroupListQuery): ScimList<ScimGroup, ScimGroupList & { Resources?: ScimGroup[] }>;
  /** The group with this displayName (case-insensitively), or `undefined`. */
  findByName(displayName: string, options?: CallOptions): Promise<ScimGroup | undefined>;
  /**
   * Adds the users to the group: reads it, PATCHes only those not yet members (at most 100 per
   * request, each If-Match the version before it), re-reading on a concurrent change. Returns the
   * group as stored.
   */
  addMembers(
    id: string,
    userIds: readonly string[],
    options?: MembershipOptions,
  ): Promise<ScimGroup>;
  /** Removes the users that are members (others are ignored); batched and guarded like `addMembers`. */
  removeMembers(
    id: string,
    userIds: readonly string[],
    options?: MembershipOptions,
  ): Promise<ScimGroup>;
  /**
   * Makes the members exactly `userIds`: the PATCH is computed from the current members (adds and
   * removes only what differs), batched and guarded like `addMembers`. `[]` empties the group.
   */
  setMembers(
    id: string,
    userIds: readonly string[],
    options?: MembershipOptions,
  ): Promise<ScimGroup>;
}

/** Builds `client.groups` over `prefix` (e.g. `/api/v2/scim/v2`). */
export function createGroupsClient(
  request: Requester,
  redactor: Redactor,
  prefix: string,
  requireFilter: boolean,
): ScimGroupsClient {
  const base = createResourceClient<ScimGroup, ScimGroupBody, ScimGroupList>(
    request,
    redactor,
    `${prefix}/groups`,
    "groupId",
  );
  const members =
    (mode: "add" | "remove" | "set") =>
    (id: string, userIds: readonly string[], options?: MembershipOptions) =>
      changeMembers(base, id, userIds, mode, options);
  return {
    ...base,
    list(query: GroupListQuery) {
      if (requireFilter && !query?.filter) {
        throw new ScimValidationError("groups.list: Genesys Cloud requires a filter (v2)");
      }
      return base.list(query);
    },
    findByName: (displayName, options) => find(base.list, "displayName", displayName, options),
    addMembers: members("add"),
    removeMembers: members("remove"),
    setMembers: members("set"),
  } as ScimGroupsClient;
}
