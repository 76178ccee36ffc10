import type { PatchOperation } from "../index.js";

/** One person as the source of truth wants them. */
export interface DesiredUser {
  /** Required (Genesys: an email address). Matched case-insensitively. */
  userName: string;
  /** Required. */
  displayName: string;
  /** The default match key (caseExact, as Genesys treats it). */
  externalId?: string;
  /** Default true. `false` makes an existing user a leaver (deactivated) and creates nobody. */
  active?: boolean;
  /** `""` clears the attribute; `undefined` leaves it as it is in Genesys. The same for the others. */
  title?: string;
  department?: string;
  emails?: { value: string; type?: string; primary?: boolean }[];
  phoneNumbers?: { value: string; type?: string; primary?: boolean }[];
  /** Enterprise extension. */
  employeeNumber?: string;
  /** Enterprise extension (a division name). */
  division?: string;
  /** The manager's match-key value (e.g. their externalId), resolved to an id by plan; `""` clears. */
  manager?: string;
  /** Group displayNames this user should be a member of. */
  groups?: string[];
}

/** A group the desired state wants to exist. */
export interface DesiredGroup {
  displayName: string;
  externalId?: string;
}

/** The whole desired state. Groups named by users are wanted too. */
export interface DesiredState {
  users: DesiredUser[];
  groups?: DesiredGroup[];
}

/** A problem with the source, by 1-based data row. */
export interface SourceProblem {
  row: number;
  column?: string;
  message: string;
}

/** Thrown by `plan` (and `mapRows` users who want it) when the desired state is invalid. */
export class SyncValidationError extends Error {
  readonly problems: SourceProblem[];
  constructor(problems: SourceProblem[]) {
    const shown = problems
      .slice(0, 20)
      .map((p) => `  row ${p.row}${p.column ? ` (${p.column})` : ""}: ${p.message}`);
    const more = problems.length > 20 ? [`  … and ${problems.length - 20} more`] : [];
    super(
      `the desired state has ${problems.length} problem(s); nothing was planned:\n${[...shown, ...more].join("\n")}`,
    );
    this.name = "SyncValidationError";
    this.problems = problems;
  }
}

/** Thrown by `apply`/`readPlanFile` for a plan that must not be applied here. */
export class SyncPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SyncPlanError";
  }
}

/** How a planned write names a user: an existing id, or the create item that will make it. */
export type UserRef = { userId: string } | { createItem: string };

/** One attribute change of an update, as planned (`to: undefined` removes the attribute). */
export interface AttributeChange {
  attribute: string;
  from?: unknown;
  to?: unknown;
  /** For `manager`: who the new manager is. */
  managerRef?: UserRef;
}

interface ItemBase {
  /** Stable within the plan: the journal records items by it. */
  id: string;
  /** The match-key value (users) or displayName (groups), for humans. */
  key: string;
}

export interface GroupCreateItem extends ItemBase {
  kind: "groupCreate";
  group: DesiredGroup;
}
export interface CreateItem extends ItemBase {
  kind: "create";
  desired: DesiredUser;
  /** Manager created in this run (or existing): resolved at apply time. */
  managerRef?: UserRef;
  /** 0 for users whose manager is not created in this run; managers are created before reports. */
  wave: number;
}
export interface UpdateItem extends ItemBase {
  kind: "update" | "reactivate";
  userId: string;
  etag: string | undefined;
  changes: AttributeChange[];
  /** The desired state of this user, for re-diffing when the ETag is stale. */
  desired: DesiredUser;
  /** Who `desired.manager` resolved to at plan time. */
  managerRef?: UserRef;
}
export interface RemoveItem extends ItemBase {
  kind: "deactivate" | "delete";
  userId: string;
  etag: string | undefined;
  /** The match-key attribute and value the user had, re-checked before a replanned write. */
  match: { attribute: string; value: string };
}
export interface MembershipItem extends ItemBase {
  kind: "membership";
  /** The group's id, or the groupCreate item that makes it. */
  group: { groupId: string } | { createItem: string };
  etag: string | undefined;
  add: { ref: UserRef; key: string }[];
  remove: { userId: string; key: string }[];
}

/** One planned write. */
export type SyncItem = GroupCreateItem | CreateItem | UpdateItem | RemoveItem | MembershipItem;

/** What a plan is for: compared by `apply` with the client it is given. */
export interface SyncTarget {
  baseUrl: string;
  /** SHA-256 (hex) of baseUrl and the client id when known: never a secret. */
  fingerprint: string;
}

/** Why a plan must not be applied without an allowance. */
export interface SyncBlock {
  kind: "empty-source" | "threshold";
  reason: string;
}

/** A saved, reviewable plan: plain JSON, versioned. */
export interface SyncPlan {
  version: 1;
  /** A random id: a journal belongs to exactly one plan. */
  planId: string;
  createdAt: string;
  target: SyncTarget;
  blocked?: SyncBlock[];
  counts: Record<string, number>;
  items: SyncItem[];
  conflicts: { key: string; reason: string }[];
  /** What the plan was made with, so a replanned item follows the same rules. */
  options: {
    matchKey: "externalId" | "userName" | "employeeNumber";
    missing: "deactivate" | "delete" | "ignore";
    thresholds: { maxRemovals: number; maxRemovalPercent: number };
  };
}

/** Progress of `plan` and `apply`. */
export interface SyncProgress {
  phase: string;
  done: number;
  total: number;
  failures: number;
  ratePerSecond?: number;
  /** The wait on a 429 in progress, when a retry tracker is given. */
  waitingMs?: number;
}

/** Apply's progress record. */
export interface SyncJournal {
  load(): Promise<unknown[]>;
  append(entry: unknown): Promise<void>;
  /** Releases the file; apply calls it when it finishes. */
  close?(): Promise<void>;
}

export type { PatchOperation };
