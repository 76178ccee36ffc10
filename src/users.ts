import { ScimValidationError } from "./errors.js";
import { filter } from "./filter.js";
import { find } from "./finders.js";
import { ScimListChain } from "./list-chain.js";
import type { ScimCreateUser, ScimReplaceUser, ScimUser, ScimUserList } from "./models.js";
import type { ScimList } from "./paging.js";
import type { Redactor } from "./redact.js";
import type { Requester } from "./request.js";
import {
  createResourceClient,
  type CallOptions,
  type ListQuery,
  type ScimResourceClient,
} from "./resources.js";
import { withVersionRetry, type UpdateBuilder, type UpdateOptions } from "./update.js";

/** The query of `users.list`. */
export interface UserListQuery extends ListQuery {
  /**
   * Genesys Cloud lists only active users when there is no filter. With `includeInactive: true`
   * and no filter, the list is the active users followed by the inactive ones (`active eq false`;
   * `startIndex` applies to the active part). With a filter, the filter alone decides and this
   * option changes nothing (`userName eq "…"` may or may not see deactivated users; add
   * `filter.eq("active", false)` to ask for them).
   */
  includeInactive?: boolean;
}

/** `client.users`: the SCIM user operations plus finders and `update`. */
export interface ScimUsersClient extends ScimResourceClient<
  ScimUser,
  ScimCreateUser,
  ScimUserList,
  ScimReplaceUser
> {
  /**
   * Every user matching `query`, across pages. Without a filter Genesys returns active users
   * only; see {@link UserListQuery.includeInactive}.
   */
  list(query?: UserListQuery): ScimList<ScimUser, ScimUserList & { Resources?: ScimUser[] }>;
  /**
   * The user with this userName (compared case-insensitively, as the schema says), active or not,
   * or `undefined`. Two requests (`userName eq` and `… and active eq false`), because Genesys
   * may hide deactivated users. Several matches: the active one; only inactive ones: the most
   * recently modified.
   */
  findByUserName(userName: string, options?: CallOptions): Promise<ScimUser | undefined>;
  /**
   * The user with this externalId (caseExact: `E-1` is not `e-1`), active or not, or `undefined`.
   * More than one active match throws `ScimAmbiguousMatchError`.
   */
  findByExternalId(externalId: string, options?: CallOptions): Promise<ScimUser | undefined>;
  /**
   * Read-modify-write: reads the user, calls `build(current)` for PATCH operations, sends them
   * with `If-Match: current.meta.version`, and on a stale version (400 invalidVers) reads and
   * builds again, `attempts` (default 3) rounds in all. `build` returning `[]` sends nothing.
   */
  update(id: string, build: UpdateBuilder<ScimUser>, options?: UpdateOptions): Promise<ScimUser>;
}

/** Builds `client.users` over `prefix` (e.g. `/api/v2/scim/v2`). */
export function createUsersClient(
  request: Requester,
  redactor: Redactor,
  prefix: string,
): ScimUsersClient {
  const base = createResourceClient<ScimUser, ScimCreateUser, ScimUserList, ScimReplaceUser>(
    request,
    redactor,
    `${prefix}/users`,
    "userId",
  );
  return {
    ...base,
    list: ({ includeInactive, ...query }: UserListQuery = {}) =>
      includeInactive && !query.filter
        ? new ScimListChain([
            base.list(query),
            base.list({ ...query, startIndex: 1, filter: filter.eq("active", false) }),
          ])
        : base.list(query),
    findByUserName: (userName, options) => find(base.list, "userName", userName, options),
    findByExternalId: (externalId, options) => find(base.list, "externalId", externalId, options),
    async update(id, build, options = {}) {
      if (typeof build !== "function") {
        throw new ScimValidationError("update: build must be a function");
      }
      const { signal } = options;
      return withVersionRetry(async () => {
        const current = await base.get(id, { signal });
        const operations = await build(current);
        return operations.length
          ? base.patch(id, operations, { signal, ifMatch: current.meta.version })
          : current;
      }, options.attempts);
    },
  } as ScimUsersClient;
}
