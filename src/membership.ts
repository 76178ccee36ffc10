import { ScimValidationError } from "./errors.js";
import { filter } from "./filter.js";
import { patch, type PatchOperation } from "./patch.js";
import type { ScimGroup } from "./models.js";
import type { ScimResourceClient } from "./resources.js";
import { withVersionRetry, type UpdateOptions } from "./update.js";

// Group membership as a diff: read the group, work out which user ids to add and remove, send the
// changes in PATCHes of at most MEMBER_BATCH member changes, each conditional (If-Match) on the
// version the previous step left, and start over from a fresh read when another writer got in
// between. Only real changes are sent, so adding a member twice or removing a non-member is no
// error (a remove that matches nothing would be a 400 noTarget, RFC 7644 §3.5.2.2).

/**
 * Member changes per PATCH request. 100 is the smallest per-PATCH membership limit among SCIM
 * services provisioning tools meet (AWS IAM Identity Center refuses more, idp-scim-sync #62) and
 * Genesys documents none; a full batch is a 5.0 kB body of adds or an 8.5 kB body of removes (UUID
 * ids), and 2,000 members take 20 requests instead of 2,000.
 */
export const MEMBER_BATCH = 100;

/** Options of `groups.addMembers`, `removeMembers` and `setMembers`. */
export interface MembershipOptions extends UpdateOptions {
  /**
   * Change the group only while it is at this version (its `meta.version`): a concurrent change is
   * then thrown as a `ScimApiError` (invalidVers) instead of being retried from a fresh read.
   */
  ifMatch?: string | undefined;
}

/**
 * `groups.addMembers` ("add"), `removeMembers` ("remove") and `setMembers` ("set"). With `ifMatch`
 * there is one round only: a pinned version must not be swapped for a fresh read's.
 */
export async function changeMembers(
  groups: Pick<ScimResourceClient<ScimGroup, unknown, unknown>, "get" | "patch">,
  id: string,
  userIds: readonly string[],
  mode: "add" | "remove" | "set",
  options: MembershipOptions = {},
): Promise<ScimGroup> {
  if (!Array.isArray(userIds) || userIds.some((u) => typeof u !== "string" || !u)) {
    throw new ScimValidationError("userIds must be an array of non-empty strings");
  }
  const wanted = new Set(userIds);
  const { signal, ifMatch } = options;
  return withVersionRetry(
    async () => {
      let group = await groups.get(id, { signal });
      const current = new Set(group.members?.flatMap((m) => m.value ?? []));
      // Adds as { value } objects, removes as ids, in one list cut into batches.
      const changes = [
        ...(mode === "remove" ? [] : [...wanted].filter((u) => !current.has(u))).map((value) => ({
          value,
        })),
        ...[...current].filter((u) => mode !== "add" && wanted.has(u) === (mode === "remove")),
      ];
      let version = ifMatch ?? group.meta.version;
      for (let i = 0; i < changes.length; i += MEMBER_BATCH) {
        const batch = changes.slice(i, i + MEMBER_BATCH);
        const adds = batch.filter((c) => typeof c === "object");
        const operations: PatchOperation[] = batch
          .filter((c) => typeof c === "string")
          .map((u) => patch.remove(patch.path("members", filter.eq("value", u))));
        if (adds.length) operations.unshift(patch.add("members", adds));
        group = await groups.patch(id, operations, { signal, ifMatch: version });
        version = group.meta.version;
      }
      return group;
    },
    ifMatch === undefined ? options.attempts : 1,
  );
}
