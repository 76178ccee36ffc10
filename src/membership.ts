import { ScimValidationError } from "./errors.js";
import { filter } from "./filter.js";
import { patch, type PatchOperation } from "./patch.js";
import type { CallOptions, WriteOptions } from "./resources.js";
import { withVersionRetry, type UpdateOptions } from "./update.js";

// Group membership as a diff: read the group, compute which user ids to add and remove, send the
// changes as PATCHes of at most MEMBER_BATCH member changes, each conditional (If-Match) on the
// version the previous step left, and start over from a fresh read when another writer got in
// between. Only real changes are sent, so adding a member twice or removing a non-member is not
// an error (a remove that matches nothing would be a 400 noTarget, RFC 7644 §3.5.2.2).

/**
 * Member changes per PATCH request. 100 is the smallest per-PATCH membership limit among SCIM
 * services provisioning tools meet (AWS IAM Identity Center refuses more, idp-scim-sync #62) and
 * Genesys documents none; a batch is then ~6 kB of adds or ~9 kB of removes, and 2,000 members
 * take 20 requests instead of 2,000.
 */
export const MEMBER_BATCH = 100;

/** Options of `groups.addMembers`, `removeMembers` and `setMembers`. */
export interface MembershipOptions extends UpdateOptions {
  /**
   * Change the group only while it is at this version (its `meta.version`); a concurrent change is
   * then thrown as a `ScimApiError` (invalidVers) instead of being retried from a fresh read.
   */
  ifMatch?: string | undefined;
}

interface Group {
  meta: { version: string };
  members?: { value?: string }[];
}

type Plan = (members: Set<string>) => { add: string[]; remove: string[] };

function userIds(ids: unknown, where: string): string[] {
  if (!Array.isArray(ids)) throw new ScimValidationError(`${where}: userIds must be an array`);
  for (const id of ids) {
    if (typeof id !== "string" || id === "") {
      throw new ScimValidationError(`${where}: every user id must be a non-empty string`);
    }
  }
  return [...new Set(ids as string[])];
}

/** The PATCH operations for one batch of changes (adds as one operation, removes one each). */
function batchOperations(add: string[], remove: string[]): PatchOperation[] {
  const operations: PatchOperation[] = [];
  if (add.length)
    operations.push(
      patch.add(
        "members",
        add.map((value) => ({ value })),
      ),
    );
  for (const value of remove) {
    operations.push(patch.remove(patch.path("members", filter.eq("value", value))));
  }
  return operations;
}

/** Applies `plan` to the group's current members; see the module comment. */
export async function changeMembers<T extends Group>(
  get: (id: string, options: CallOptions) => Promise<T>,
  send: (id: string, operations: readonly PatchOperation[], options: WriteOptions) => Promise<T>,
  groupId: string,
  plan: Plan,
  options: MembershipOptions = {},
): Promise<T> {
  const { signal, ifMatch } = options;
  return withVersionRetry(
    async () => {
      let group = await get(groupId, { signal });
      const current = new Set(group.members?.map((m) => m.value ?? "") ?? []);
      const { add, remove } = plan(current);
      const changes = [
        ...add.map((id) => [id, true] as const),
        ...remove.map((id) => [id, false] as const),
      ];
      let version = ifMatch ?? group.meta.version;
      for (let start = 0; start < changes.length; start += MEMBER_BATCH) {
        const batch = changes.slice(start, start + MEMBER_BATCH);
        group = await send(
          groupId,
          batchOperations(
            batch.filter(([, adding]) => adding).map(([id]) => id),
            batch.filter(([, adding]) => !adding).map(([id]) => id),
          ),
          { signal, ifMatch: version },
        );
        version = group.meta.version;
      }
      return group;
    },
    // A pinned version must not be replaced by a fresh read's.
    ifMatch === undefined ? options.attempts : 1,
  );
}

/** The plans behind `addMembers`, `removeMembers` and `setMembers`. */
export const membershipPlans = {
  add: (ids: unknown): Plan => {
    const wanted = userIds(ids, "addMembers");
    return (current) => ({ add: wanted.filter((id) => !current.has(id)), remove: [] });
  },
  remove: (ids: unknown): Plan => {
    const unwanted = userIds(ids, "removeMembers");
    return (current) => ({ add: [], remove: unwanted.filter((id) => current.has(id)) });
  },
  set: (ids: unknown): Plan => {
    const wanted = new Set(userIds(ids, "setMembers"));
    return (current) => ({
      add: [...wanted].filter((id) => !current.has(id)),
      remove: [...current].filter((id) => !wanted.has(id)),
    });
  },
};
