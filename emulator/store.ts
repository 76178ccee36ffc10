import { randomUUID } from "node:crypto";
import SCIMMY from "scimmy";
import { etagMatches, formatETag } from "./etag.js";
import { getAttribute, matchesFilter, simpleEquality, type FilterTerm } from "./filter.js";
import { ENTERPRISE_USER_SCHEMA, GENESYS_USER_SCHEMA } from "./schemas.js";

// The in-memory database behind the emulator. Everything here is synchronous, so a version check
// and the write it guards can never interleave with another request.

export type ScimObject = Record<string, unknown>;

export interface UserRecord {
  readonly id: string;
  readonly seq: number;
  version: number;
  lastModified: string;
  /** Soft-deleted through DELETE: inactive, and its userName is free for a new user. */
  deleted: boolean;
  /** SCIM attributes as coerced by scimmy, without id, meta, groups or password. */
  attributes: ScimObject;
}

export interface GroupRecord {
  readonly id: string;
  readonly seq: number;
  version: number;
  lastModified: string;
  /** displayName, externalId and members ([{value}]) */
  attributes: ScimObject;
}

export interface Page<T> {
  total: number;
  items: T[];
}

/** What a stale If-Match is answered with; see emulator/README section and spec/DECISIONS.md. */
export const STALE_VERSION = { status: 400, scimType: "invalidVers" } as const;

export function scimError(status: number, scimType: string | undefined, message: string): Error {
  return new SCIMMY.Types.Error(status, scimType as string, message);
}

const CORE_USER_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:user:";
const CORE_GROUP_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:group:";
const USER_EXTENSIONS = [ENTERPRISE_USER_SCHEMA, GENESYS_USER_SCHEMA];
// Genesys accepts these shorthand names in user filters ("email eq ...", "manager eq ...").
const USER_FILTER_ALIASES: Record<string, (attributes: ScimObject) => unknown> = {
  email: (a) => a["emails"],
  manager: (a) => getAttribute(a[ENTERPRISE_USER_SCHEMA], "manager"),
  division: (a) => getAttribute(a[ENTERPRISE_USER_SCHEMA], "division"),
  department: (a) => getAttribute(a[ENTERPRISE_USER_SCHEMA], "department"),
  employeenumber: (a) => getAttribute(a[ENTERPRISE_USER_SCHEMA], "employeeNumber"),
};

export class ScimStore {
  readonly #users = new Map<string, UserRecord>();
  /** Every user in creation order. */
  readonly #allUsers: UserRecord[] = [];
  /** Active users in creation order: an unfiltered list is a slice of this. */
  readonly #activeUsers: UserRecord[] = [];
  /** Lower-cased userName to the ids of every user (deleted ones too) that has it. */
  readonly #userNames = new Map<string, Set<string>>();
  readonly #groups = new Map<string, GroupRecord>();
  readonly #groupOrder: GroupRecord[] = [];
  readonly #groupNames = new Map<string, string>();
  /** userId to the ids of the groups it is a member of. */
  readonly #memberships = new Map<string, Set<string>>();
  #seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly newId: () => string = randomUUID,
  ) {}

  get userCount(): number {
    return this.#users.size;
  }

  get groupCount(): number {
    return this.#groups.size;
  }

  // ---- users ------------------------------------------------------------------------------

  getUser(id: string): UserRecord | undefined {
    return this.#users.get(id);
  }

  requireUser(id: string): UserRecord {
    const user = this.#users.get(id);
    if (user === undefined) throw scimError(404, undefined, `User ${id} not found`);
    return user;
  }

  groupIdsOf(userId: string): string[] {
    return [...(this.#memberships.get(userId) ?? [])];
  }

  createUser(attributes: ScimObject, id: string = this.newId(), lastModified?: string): UserRecord {
    const stored = { ...attributes, active: attributes["active"] ?? true };
    this.#checkUserName(stored, undefined);
    this.#checkManager(stored, id);
    if (this.#users.has(id))
      throw scimError(409, "uniqueness", `A user with id ${id} already exists`);
    const user: UserRecord = {
      id,
      seq: ++this.#seq,
      version: 1,
      lastModified: lastModified ?? this.#timestamp(),
      deleted: false,
      attributes: stored,
    };
    this.#users.set(id, user);
    this.#allUsers.push(user);
    if (stored["active"] === true) this.#activeUsers.push(user);
    this.#indexUserName(user);
    return user;
  }

  replaceUser(id: string, attributes: ScimObject, ifMatch: string | undefined): UserRecord {
    const user = this.requireUser(id);
    checkVersion(user.version, ifMatch);
    // PUT without "active" keeps the current state rather than deactivating the user.
    const stored = { ...attributes, active: attributes["active"] ?? user.attributes["active"] };
    const reactivated = user.deleted && stored["active"] === true;
    this.#checkUserName(stored, user, reactivated);
    this.#checkManager(stored, id);
    if (!reactivated && sameJson(user.attributes, stored)) return user;

    this.#unindexUserName(user);
    const wasActive = user.attributes["active"] === true;
    user.attributes = stored;
    if (reactivated) user.deleted = false;
    this.#indexUserName(user);
    const isActive = stored["active"] === true;
    if (wasActive !== isActive) this.#setListedAsActive(user, isActive);
    this.#touch(user);
    return user;
  }

  /** DELETE on a user: Genesys soft-deletes (deactivates) rather than removing it. */
  softDeleteUser(id: string, ifMatch: string | undefined): void {
    const user = this.requireUser(id);
    checkVersion(user.version, ifMatch);
    if (user.deleted) return;
    user.deleted = true;
    if (user.attributes["active"] === true) {
      user.attributes = { ...user.attributes, active: false };
      this.#setListedAsActive(user, false);
    }
    this.#touch(user);
  }

  listUsers(
    filter: readonly FilterTerm[] | undefined,
    startIndex: number,
    count: number,
  ): Page<UserRecord> {
    if (filter === undefined) {
      return { total: this.#activeUsers.length, items: page(this.#activeUsers, startIndex, count) };
    }
    const candidates = this.#userCandidates(filter) ?? this.#allUsers;
    const matches = candidates.filter((user) =>
      matchesFilter(filter, user, this.#resolveUserAttribute, isCaseExact),
    );
    return { total: matches.length, items: page(matches, startIndex, count) };
  }

  // ---- groups -----------------------------------------------------------------------------

  getGroup(id: string): GroupRecord | undefined {
    return this.#groups.get(id);
  }

  requireGroup(id: string): GroupRecord {
    const group = this.#groups.get(id);
    if (group === undefined) throw scimError(404, undefined, `Group ${id} not found`);
    return group;
  }

  createGroup(
    attributes: ScimObject,
    id: string = this.newId(),
    lastModified?: string,
  ): GroupRecord {
    const stored: ScimObject = {
      ...attributes,
      // Genesys generates an external ID when the request has none.
      externalId: attributes["externalId"] ?? this.newId(),
      members: this.#checkMembers(attributes["members"]),
    };
    this.#checkGroupName(stored, undefined);
    const group: GroupRecord = {
      id,
      seq: ++this.#seq,
      version: 1,
      lastModified: lastModified ?? this.#timestamp(),
      attributes: stored,
    };
    this.#groups.set(id, group);
    this.#groupOrder.push(group);
    this.#groupNames.set(groupNameKey(stored), id);
    this.#applyMembership(group.id, [], memberIds(stored), group.lastModified);
    return group;
  }

  replaceGroup(id: string, attributes: ScimObject, ifMatch: string | undefined): GroupRecord {
    const group = this.requireGroup(id);
    checkVersion(group.version, ifMatch);
    const stored: ScimObject = {
      ...attributes,
      // The external ID decides whether SCIM may delete the group, so a PUT without one keeps it.
      externalId: attributes["externalId"] ?? group.attributes["externalId"],
      members: this.#checkMembers(attributes["members"]),
    };
    this.#checkGroupName(stored, group);
    if (sameJson(group.attributes, stored)) return group;
    const before = memberIds(group.attributes);
    this.#groupNames.delete(groupNameKey(group.attributes));
    group.attributes = stored;
    this.#groupNames.set(groupNameKey(stored), id);
    this.#touch(group);
    this.#applyMembership(id, before, memberIds(stored), group.lastModified);
    return group;
  }

  deleteGroup(id: string, ifMatch: string | undefined): void {
    const group = this.requireGroup(id);
    checkVersion(group.version, ifMatch);
    this.#applyMembership(id, memberIds(group.attributes), [], this.#timestamp());
    this.#groups.delete(id);
    this.#groupNames.delete(groupNameKey(group.attributes));
    const index = this.#groupOrder.indexOf(group);
    if (index >= 0) this.#groupOrder.splice(index, 1);
  }

  listGroups(
    filter: readonly FilterTerm[] | undefined,
    startIndex: number,
    count: number,
  ): Page<GroupRecord> {
    if (filter === undefined) {
      return { total: this.#groupOrder.length, items: page(this.#groupOrder, startIndex, count) };
    }
    const matches = this.#groupOrder.filter((group) =>
      matchesFilter(filter, group, this.#resolveGroupAttribute, isCaseExact),
    );
    return { total: matches.length, items: page(matches, startIndex, count) };
  }

  // ---- internals --------------------------------------------------------------------------

  #timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  #touch(record: UserRecord | GroupRecord, at: string = this.#timestamp()): void {
    record.version++;
    record.lastModified = at;
  }

  #checkUserName(attributes: ScimObject, self: UserRecord | undefined, reactivating = false): void {
    const userName = attributes["userName"];
    if (typeof userName !== "string" || userName.trim() === "") {
      throw scimError(400, "invalidValue", "userName is required");
    }
    // A deleted user keeps its name but does not hold it, unless it is being reactivated.
    if (self?.deleted === true && !reactivating) return;
    for (const otherId of this.#userNames.get(userName.toLowerCase()) ?? []) {
      if (otherId === self?.id) continue;
      if (this.#users.get(otherId)?.deleted === false) {
        throw scimError(409, "uniqueness", "User name already in use by non-deleted user.");
      }
    }
  }

  #checkManager(attributes: ScimObject, selfId: string): void {
    const enterprise = attributes[ENTERPRISE_USER_SCHEMA];
    const manager = getAttribute(enterprise, "manager");
    if (manager === undefined) return;
    const managerId = getAttribute(manager, "value");
    if (typeof managerId !== "string" || (managerId !== selfId && !this.#users.has(managerId))) {
      throw scimError(400, "invalidValue", `Manager ${String(managerId)} is not a known user`);
    }
    // $ref is derived from the value on the way out; don't keep what the client sent.
    (enterprise as ScimObject)["manager"] = { value: managerId };
  }

  #checkGroupName(attributes: ScimObject, self: GroupRecord | undefined): void {
    const holder = this.#groupNames.get(groupNameKey(attributes));
    if (holder !== undefined && holder !== self?.id) {
      throw scimError(409, "uniqueness", "A group with this displayName already exists.");
    }
  }

  #checkMembers(members: unknown): { value: string }[] {
    if (members === undefined || members === null) return [];
    if (!Array.isArray(members)) throw scimError(400, "invalidValue", "members must be an array");
    const seen = new Set<string>();
    for (const member of members) {
      const value = getAttribute(member, "value");
      if (typeof value !== "string" || !this.#users.has(value)) {
        throw scimError(400, "invalidValue", `Group member ${String(value)} is not a known user`);
      }
      seen.add(value);
    }
    return [...seen].map((value) => ({ value }));
  }

  #applyMembership(groupId: string, before: string[], after: string[], at: string): void {
    const previous = new Set(before);
    const next = new Set(after);
    for (const userId of previous) {
      if (next.has(userId)) continue;
      this.#memberships.get(userId)?.delete(groupId);
      this.#touchMember(userId, at);
    }
    for (const userId of next) {
      if (previous.has(userId)) continue;
      let groups = this.#memberships.get(userId);
      if (groups === undefined) this.#memberships.set(userId, (groups = new Set()));
      groups.add(groupId);
      this.#touchMember(userId, at);
    }
  }

  // A user's representation lists its groups, so a membership change is a new version of it.
  #touchMember(userId: string, at: string): void {
    const user = this.#users.get(userId);
    if (user !== undefined) this.#touch(user, at);
  }

  #indexUserName(user: UserRecord): void {
    const key = String(user.attributes["userName"]).toLowerCase();
    let ids = this.#userNames.get(key);
    if (ids === undefined) this.#userNames.set(key, (ids = new Set()));
    ids.add(user.id);
  }

  #unindexUserName(user: UserRecord): void {
    const key = String(user.attributes["userName"]).toLowerCase();
    const ids = this.#userNames.get(key);
    ids?.delete(user.id);
    if (ids?.size === 0) this.#userNames.delete(key);
  }

  #setListedAsActive(user: UserRecord, active: boolean): void {
    const index = lowerBound(this.#activeUsers, user.seq);
    if (active) this.#activeUsers.splice(index, 0, user);
    else if (this.#activeUsers[index] === user) this.#activeUsers.splice(index, 1);
  }

  /** Index lookups for `id eq` and `userName eq`, the filters provisioning tools send most. */
  #userCandidates(filter: readonly FilterTerm[]): UserRecord[] | undefined {
    const equality = simpleEquality(filter);
    if (equality === undefined) return undefined;
    const attribute = equality.attribute.toLowerCase().replace(CORE_USER_PREFIX, "");
    if (attribute === "id") {
      const user = this.#users.get(equality.value);
      return user === undefined ? [] : [user];
    }
    if (attribute === "username") {
      const ids = [...(this.#userNames.get(equality.value.toLowerCase()) ?? [])];
      return ids
        .map((id) => this.#users.get(id))
        .filter((user): user is UserRecord => user !== undefined)
        .sort((a, b) => a.seq - b.seq);
    }
    return undefined;
  }

  readonly #resolveUserAttribute = (user: UserRecord, name: string): unknown => {
    let lower = name.toLowerCase();
    if (lower.startsWith(CORE_USER_PREFIX)) lower = lower.slice(CORE_USER_PREFIX.length);
    for (const schema of USER_EXTENSIONS) {
      const prefix = schema.toLowerCase();
      if (lower === prefix) return user.attributes[schema];
      if (lower.startsWith(`${prefix}:`)) {
        return getAttribute(user.attributes[schema], lower.slice(prefix.length + 1));
      }
    }
    if (lower === "id") return user.id;
    if (lower === "meta") return meta("User", user);
    if (lower === "groups")
      return this.groupIdsOf(user.id).map((value) => ({ value, type: "Group" }));
    const direct = getAttribute(user.attributes, lower);
    if (direct !== undefined) return direct;
    return USER_FILTER_ALIASES[lower]?.(user.attributes);
  };

  readonly #resolveGroupAttribute = (group: GroupRecord, name: string): unknown => {
    let lower = name.toLowerCase();
    if (lower.startsWith(CORE_GROUP_PREFIX)) lower = lower.slice(CORE_GROUP_PREFIX.length);
    if (lower === "id") return group.id;
    if (lower === "meta") return meta("Group", group);
    return getAttribute(group.attributes, lower);
  };
}

// The caseExact attributes of the Genesys User and Group schemas (spec: "caseExact"): ids and
// external ids. userName, displayName and the rest compare case-insensitively.
const CASE_EXACT = /(?:^|:)(?:id|externalid|externalids\.value)$/;

function isCaseExact(path: string): boolean {
  return CASE_EXACT.test(path);
}

function meta(resourceType: string, record: UserRecord | GroupRecord): ScimObject {
  return { resourceType, lastModified: record.lastModified, version: formatETag(record.version) };
}

export function checkVersion(version: number, ifMatch: string | undefined): void {
  if (ifMatch === undefined || etagMatches(ifMatch, version)) return;
  throw scimError(
    STALE_VERSION.status,
    STALE_VERSION.scimType,
    `If-Match does not match the current version ${formatETag(version)} of the resource`,
  );
}

function page<T>(items: readonly T[], startIndex: number, count: number): T[] {
  return items.slice(startIndex - 1, startIndex - 1 + count);
}

function memberIds(attributes: ScimObject): string[] {
  const members = attributes["members"];
  return Array.isArray(members) ? members.map((m) => String(getAttribute(m, "value"))) : [];
}

function groupNameKey(attributes: ScimObject): string {
  return String(attributes["displayName"] ?? "").toLowerCase();
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Index of the first user whose seq is >= `seq` in a seq-ordered list. */
function lowerBound(users: readonly UserRecord[], seq: number): number {
  let low = 0;
  let high = users.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((users[mid] as UserRecord).seq < seq) low = mid + 1;
    else high = mid;
  }
  return low;
}
