// The attributes a sync manages, how a Genesys user is compared with a desired one, and the PATCH
// operations that make it so. Web-standard only: no Node APIs here.
import { patch, type PatchOperation, type ScimUser } from "../index.js";
import type { AttributeChange, DesiredUser, UserRef } from "./types.js";

export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** Single-valued string attributes: where they live on a ScimUser and their PATCH path. */
const STRINGS = {
  externalId: { path: "externalId", enterprise: false },
  userName: { path: "userName", enterprise: false },
  displayName: { path: "displayName", enterprise: false },
  title: { path: "title", enterprise: false },
  department: { path: `${ENTERPRISE}:department`, enterprise: true },
  employeeNumber: { path: `${ENTERPRISE}:employeeNumber`, enterprise: true },
  division: { path: `${ENTERPRISE}:division`, enterprise: true },
} as const;
type StringAttribute = keyof typeof STRINGS;
const STRING_ATTRIBUTES = Object.keys(STRINGS) as StringAttribute[];
const MULTI = ["emails", "phoneNumbers"] as const;

/** What plan lists: the attributes it compares (trimmed pages stay cheap at Genesys). */
export const READ_ATTRIBUTES = [
  "id",
  "userName",
  "displayName",
  "externalId",
  "active",
  "title",
  "emails",
  "phoneNumbers",
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:employeeNumber`,
  `${ENTERPRISE}:division`,
  `${ENTERPRISE}:manager`,
  "meta",
];

type Enterprise = {
  department?: string;
  employeeNumber?: string;
  division?: string;
  manager?: { value?: string };
};

function enterpriseOf(user: ScimUser): Enterprise {
  return ((user as Record<string, unknown>)[ENTERPRISE] ?? {}) as Enterprise;
}

/** A string attribute of a Genesys user ("" when absent). */
export function currentString(user: ScimUser, attribute: StringAttribute): string {
  const value = STRINGS[attribute].enterprise
    ? enterpriseOf(user)[attribute as "department"]
    : (user as Record<string, unknown>)[attribute];
  return typeof value === "string" ? value : "";
}

/** The manager id of a Genesys user, or "". */
export function currentManager(user: ScimUser): string {
  return enterpriseOf(user).manager?.value ?? "";
}

type MultiValue = { value?: string; type?: string; primary?: boolean };

/**
 * A multi-valued attribute as a set, keyed by type: order does not matter, emails compare
 * case-insensitively, and `primary` only counts when the desired side says it.
 */
function canonical(values: readonly MultiValue[], attribute: string, withPrimary: boolean): string {
  return values
    .map((v) => {
      const value = attribute === "emails" ? (v.value ?? "").toLowerCase() : (v.value ?? "");
      return `${v.type ?? ""}\u0000${value}${withPrimary ? `\u0000${v.primary === true}` : ""}`;
    })
    .sort()
    .join("\u0001");
}

/** Resolves the desired manager key to the manager's id (existing) or create item. */
export type ManagerResolver = (key: string) => UserRef | undefined;

/**
 * The changes that make `user` look like `desired` (active excepted: plan decides on that). An
 * attribute left undefined in `desired` is not managed; `""` (or `[]`) asks for it to be absent.
 */
export function diffUser(
  desired: DesiredUser,
  user: ScimUser,
  manager: ManagerResolver,
): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const attribute of STRING_ATTRIBUTES) {
    const want = desired[attribute];
    if (want === undefined) continue;
    const have = currentString(user, attribute);
    if (want !== have) changes.push({ attribute, from: have || undefined, to: want || undefined });
  }
  for (const attribute of MULTI) {
    const want = desired[attribute];
    if (want === undefined) continue;
    const have = (user[attribute] ?? []) as MultiValue[];
    const withPrimary = want.some((v) => v.primary !== undefined);
    if (canonical(want, attribute, withPrimary) !== canonical(have, attribute, withPrimary)) {
      changes.push({
        attribute,
        from: have.length ? have : undefined,
        to: want.length ? want : undefined,
      });
    }
  }
  if (desired.manager !== undefined) {
    const have = currentManager(user);
    if (desired.manager === "") {
      if (have !== "") changes.push({ attribute: "manager", from: have, to: undefined });
    } else {
      const ref = manager(desired.manager);
      if (ref !== undefined && !("userId" in ref && ref.userId === have)) {
        changes.push({
          attribute: "manager",
          from: have || undefined,
          to: desired.manager,
          managerRef: ref,
        });
      }
    }
  }
  return changes;
}

/** The PATCH operations of `changes`; `idOf` turns a manager reference into an id. */
export function operationsFor(
  changes: readonly AttributeChange[],
  idOf: (ref: UserRef) => string | undefined,
): PatchOperation[] {
  const operations: PatchOperation[] = [];
  for (const change of changes) {
    const path =
      change.attribute === "manager"
        ? `${ENTERPRISE}:manager`
        : change.attribute in STRINGS
          ? STRINGS[change.attribute as StringAttribute].path
          : change.attribute;
    if (change.to === undefined) {
      operations.push(patch.remove(path));
    } else if (change.attribute === "manager") {
      const id = change.managerRef === undefined ? undefined : idOf(change.managerRef);
      if (id === undefined) throw new Error(`manager ${String(change.to)} has no id yet`);
      operations.push(patch.replace(path, { value: id }));
    } else {
      operations.push(patch.replace(path, change.to));
    }
  }
  return operations;
}

/** The body of a create: every attribute the desired user sets (empty ones left out). */
export function createBody(
  desired: DesiredUser,
  managerId: string | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = { active: true };
  const enterprise: Record<string, unknown> = {};
  for (const attribute of STRING_ATTRIBUTES) {
    const value = desired[attribute];
    if (value === undefined || value === "") continue;
    if (STRINGS[attribute].enterprise) enterprise[attribute] = value;
    else body[attribute] = value;
  }
  for (const attribute of MULTI) {
    const value = desired[attribute];
    if (value !== undefined && value.length > 0) body[attribute] = value;
  }
  if (managerId !== undefined) enterprise["manager"] = { value: managerId };
  if (Object.keys(enterprise).length > 0) {
    body[ENTERPRISE] = enterprise;
    body["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE];
  }
  return body;
}

/** The value of the match key on a Genesys user ("" when absent). */
export function matchValue(
  user: ScimUser,
  attribute: "externalId" | "userName" | "employeeNumber",
): string {
  return currentString(user, attribute);
}
