// One planned write, executed exactly: If-Match is the planned ETag. A stale ETag re-reads that one
// resource and re-diffs it against the desired state the plan recorded (a "replanned" item); a
// create that meets 409 converges by looking the user up. Nothing here writes what the plan's
// desired state does not ask for.
import { filter, patch, type PatchOperation, type ScimClient, type ScimUser } from "../index.js";
import { createBody, diffUser, operationsFor, READ_ATTRIBUTES, matchValue } from "./attributes.js";
import { findByUserName, findGroup } from "./read.js";
import type {
  CreateItem,
  GroupCreateItem,
  MembershipItem,
  RemoveItem,
  SyncItem,
  UpdateItem,
  UserRef,
} from "./types.js";

/** What apply knows while it runs: ids of what this plan created so far. */
export interface ApplyState {
  users: Map<string, string>;
  groups: Map<string, { id: string; etag: string | undefined }>;
}

export interface Outcome {
  status: "applied" | "replanned" | "skipped";
  userId?: string;
  groupId?: string;
  etag?: string;
  note?: string;
}

/** Members added or removed per PATCH: SCIM services cap operations per request (idp-scim-sync #62: 100). */
export const MEMBERS_PER_PATCH = 100;

export function isStale(error: unknown): boolean {
  const e = error as { status?: number; scimType?: string };
  return e?.status === 412 || (e?.status === 400 && e?.scimType === "invalidVers");
}
function isConflict(error: unknown): boolean {
  return (error as { status?: number })?.status === 409;
}
function isNotFound(error: unknown): boolean {
  return (error as { status?: number })?.status === 404;
}

export function idOf(ref: UserRef, state: ApplyState): string | undefined {
  return "userId" in ref ? ref.userId : state.users.get(ref.createItem);
}

export async function execute(
  client: ScimClient,
  item: SyncItem,
  state: ApplyState,
): Promise<Outcome> {
  switch (item.kind) {
    case "groupCreate":
      return createGroup(client, item);
    case "create":
      return createUser(client, item, state);
    case "update":
    case "reactivate":
      return updateUser(client, item, state);
    case "deactivate":
    case "delete":
      return removeUser(client, item);
    case "membership":
      return changeMembers(client, item, state);
  }
}

async function createGroup(client: ScimClient, item: GroupCreateItem): Promise<Outcome> {
  // The create body type, not ScimGroup: response types may mark id and meta as required.
  const body = {
    displayName: item.group.displayName,
    ...(item.group.externalId ? { externalId: item.group.externalId } : {}),
  } as Parameters<ScimClient["groups"]["create"]>[0];
  try {
    const group = await client.groups.create(body);
    return { status: "applied", groupId: group.id!, etag: group.meta?.version };
  } catch (error) {
    if (!isConflict(error)) throw error;
    // Created by an earlier, interrupted run of this plan (or by someone else: same name, same group).
    const group = await findGroup(client, item.group.displayName);
    if (group?.id === undefined) throw error;
    return { status: "replanned", groupId: group.id, etag: group.meta?.version, note: "existed" };
  }
}

async function createUser(
  client: ScimClient,
  item: CreateItem,
  state: ApplyState,
): Promise<Outcome> {
  const managerId = item.managerRef === undefined ? undefined : idOf(item.managerRef, state);
  if (item.managerRef !== undefined && managerId === undefined)
    throw new Error(`manager ${item.desired.manager} was not created`);
  try {
    const user = await client.users.create(
      createBody(item.desired, managerId) as Parameters<ScimClient["users"]["create"]>[0],
    );
    return { status: "applied", userId: user.id! };
  } catch (error) {
    if (!isConflict(error)) throw error;
    // The user appeared meanwhile, or an interrupted run created it before journaling: converge on it,
    // but only when it is the same person (same externalId, or none where the desired user has none).
    const candidates = await findByUserName(client, item.desired.userName);
    const want = item.desired.externalId ?? "";
    const same = candidates.find((u) => u.active === true && matchValue(u, "externalId") === want);
    if (same?.id === undefined) throw error;
    const resolver = () => item.managerRef;
    const operations = operationsFor(diffUser(item.desired, same, resolver), (ref) =>
      idOf(ref, state),
    );
    if (operations.length > 0)
      await client.users.patch(same.id, operations, { ifMatch: same.meta?.version });
    return { status: "replanned", userId: same.id, note: "existed" };
  }
}

function updateOperations(
  item: UpdateItem,
  user: ScimUser | undefined,
  state: ApplyState,
): PatchOperation[] {
  const changes =
    user === undefined ? item.changes : diffUser(item.desired, user, () => item.managerRef);
  const operations = operationsFor(changes, (ref) => idOf(ref, state));
  if (item.kind === "reactivate" && (user === undefined || user.active !== true))
    operations.push(patch.replace("active", true));
  return operations;
}

async function updateUser(
  client: ScimClient,
  item: UpdateItem,
  state: ApplyState,
): Promise<Outcome> {
  try {
    await client.users.patch(item.userId, updateOperations(item, undefined, state), {
      ifMatch: item.etag,
    });
    return { status: "applied", userId: item.userId };
  } catch (error) {
    if (!isStale(error)) throw error;
  }
  const user = await client.users.get(item.userId, { attributes: READ_ATTRIBUTES });
  const key = item.desired.externalId;
  if (key && matchValue(user, "externalId") !== key && matchValue(user, "externalId") !== "") {
    throw new Error(`user ${item.userId} now has another externalId; not updated`);
  }
  const operations = updateOperations(item, user, state);
  if (operations.length === 0)
    return { status: "replanned", userId: item.userId, note: "already as desired" };
  await client.users.patch(item.userId, operations, { ifMatch: user.meta?.version });
  return { status: "replanned", userId: item.userId };
}

async function removeUser(client: ScimClient, item: RemoveItem): Promise<Outcome> {
  const write = (etag: string | undefined) =>
    item.kind === "delete"
      ? client.users.delete(item.userId, { ifMatch: etag })
      : client.users.patch(item.userId, [patch.replace("active", false)], { ifMatch: etag });
  try {
    await write(item.etag);
    return { status: "applied" };
  } catch (error) {
    if (isNotFound(error)) return { status: "skipped", note: "already gone" };
    if (!isStale(error)) throw error;
  }
  let user: ScimUser;
  try {
    user = await client.users.get(item.userId, { attributes: READ_ATTRIBUTES });
  } catch (error) {
    if (isNotFound(error)) return { status: "skipped", note: "already gone" };
    throw error;
  }
  const value =
    item.match.attribute === "userName"
      ? (user.userName ?? "")
      : matchValue(user, item.match.attribute as "externalId");
  if (value !== item.match.value)
    throw new Error(`user ${item.userId} changed its ${item.match.attribute}; not removed`);
  if (item.kind === "deactivate" && user.active !== true)
    return { status: "replanned", note: "already inactive" };
  await write(user.meta?.version);
  return { status: "replanned" };
}

async function changeMembers(
  client: ScimClient,
  item: MembershipItem,
  state: ApplyState,
): Promise<Outcome> {
  const created = "createItem" in item.group ? state.groups.get(item.group.createItem) : undefined;
  const groupId = "groupId" in item.group ? item.group.groupId : created?.id;
  if (groupId === undefined) throw new Error(`group ${item.key} was not created`);
  let etag = "groupId" in item.group ? item.etag : created?.etag;
  let adds = item.add.map((a) => idOf(a.ref, state)).filter((id): id is string => id !== undefined);
  let removes = item.remove.map((r) => r.userId);
  let status: Outcome["status"] = "applied";
  let rereads = 0;
  while (adds.length + removes.length > 0) {
    const addNow = adds.slice(0, MEMBERS_PER_PATCH);
    const removeNow = removes.slice(0, MEMBERS_PER_PATCH - addNow.length);
    const operations: PatchOperation[] = removeNow.map((id) =>
      patch.remove(patch.path("members", filter.eq("value", id))),
    );
    if (addNow.length > 0)
      operations.push(
        patch.add(
          "members",
          addNow.map((value) => ({ value })),
        ),
      );
    try {
      const group = await client.groups.patch(groupId, operations, { ifMatch: etag });
      etag = group.meta?.version;
      adds = adds.slice(addNow.length);
      removes = removes.slice(removeNow.length);
    } catch (error) {
      if (!isStale(error) || ++rereads > 3) throw error;
      // Someone (or an interrupted run of this plan) changed the group: do only what is still missing.
      const group = await client.groups.get(groupId);
      const current = new Set((group.members ?? []).map((m) => m.value));
      adds = adds.filter((id) => !current.has(id));
      removes = removes.filter((id) => current.has(id));
      etag = group.meta?.version;
      status = "replanned";
    }
  }
  return { status, groupId, ...(etag !== undefined ? { etag } : {}) };
}
