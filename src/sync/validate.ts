// Checks the whole desired state before anything is read or written, and lists every problem by
// row (1-based, the order of desired.users, which is the order of the source rows).
import type { DesiredState, DesiredUser, SourceProblem } from "./types.js";

export type MatchKey = "externalId" | "userName" | "employeeNumber";

// Deliberately loose: Genesys decides what an address is; this catches blanks, spaces and typos
// such as a missing "@" or domain, which would otherwise fail one by one during apply.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Genesys takes phone numbers as E.164 (+ and up to 15 digits) or a tel: URI.
const E164 = /^\+[1-9]\d{1,14}$/;
const TEL_URI = /^tel:\+?[0-9A-Za-z;=.\-()]+$/;

/** The value the desired user is known by under `matchKey` (falls back to userName). */
export function keyOf(user: DesiredUser, matchKey: MatchKey): string {
  const value = matchKey === "userName" ? undefined : user[matchKey];
  return value !== undefined && value !== "" ? value : user.userName.toLowerCase();
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function checkUser(user: DesiredUser, row: number, problems: SourceProblem[]): void {
  const problem = (column: string, message: string) => problems.push({ row, column, message });
  if (user === null || typeof user !== "object") {
    problems.push({ row, message: "not an object" });
    return;
  }
  if (!isText(user.userName)) problem("userName", "userName is required");
  else if (!EMAIL.test(user.userName))
    problem("userName", `userName ${JSON.stringify(user.userName)} is not an email address`);
  if (!isText(user.displayName)) problem("displayName", "displayName is required");
  for (const attribute of [
    "externalId",
    "title",
    "department",
    "employeeNumber",
    "division",
    "manager",
  ] as const) {
    const value = user[attribute];
    if (value !== undefined && typeof value !== "string")
      problem(attribute, `${attribute} must be a string`);
  }
  if (user.active !== undefined && typeof user.active !== "boolean")
    problem("active", "active must be true or false");
  for (const email of user.emails ?? []) {
    if (!isText(email?.value) || !EMAIL.test(email.value))
      problem("emails", `email ${JSON.stringify(email?.value)} is not an email address`);
  }
  for (const phone of user.phoneNumbers ?? []) {
    const value = phone?.value;
    if (!isText(value) || !(E164.test(value) || TEL_URI.test(value)))
      problem(
        "phoneNumbers",
        `phone ${JSON.stringify(value)} is neither E.164 (e.g. +3531234567) nor a tel: URI`,
      );
  }
  if (user.groups !== undefined && (!Array.isArray(user.groups) || !user.groups.every(isText)))
    problem("groups", "groups must be a list of group names");
}

/** Every problem of `desired`, by row; empty when it can be planned. */
export function validateDesired(desired: DesiredState, matchKey: MatchKey): SourceProblem[] {
  const problems: SourceProblem[] = [];
  if (desired === null || typeof desired !== "object" || !Array.isArray(desired.users)) {
    return [{ row: 0, message: "the desired state must be { users: [...] }" }];
  }
  desired.users.forEach((user, index) => checkUser(user, index + 1, problems));
  // Duplicates and cycles are checked among the rows that are usable at all.
  const usable = new Set(desired.users.map((u, i) => (u && isText(u.userName) ? i : -1)));
  const byKey = new Map<string, number>();
  const byName = new Map<string, number>();
  desired.users.forEach((user, index) => {
    const row = index + 1;
    if (!usable.has(index)) return;
    const key = keyOf(user, matchKey);
    const seen = byKey.get(key);
    if (seen !== undefined)
      problems.push({
        row,
        column: matchKey,
        message: `duplicate ${matchKey} ${JSON.stringify(key)} (also row ${seen})`,
      });
    else byKey.set(key, row);
    const name = user.userName.toLowerCase();
    const seenName = byName.get(name);
    if (seenName !== undefined)
      problems.push({
        row,
        column: "userName",
        message: `duplicate userName ${JSON.stringify(user.userName)} (also row ${seenName})`,
      });
    else byName.set(name, row);
  });
  if (problems.length === 0) problems.push(...managerCycles(desired.users, matchKey));
  for (const [index, group] of (desired.groups ?? []).entries()) {
    if (!isText(group?.displayName))
      problems.push({
        row: index + 1,
        column: "groups",
        message: `desired.groups[${index}] needs a displayName`,
      });
  }
  return problems;
}

/** A user who is (indirectly) their own manager, within the desired state. */
function managerCycles(users: readonly DesiredUser[], matchKey: MatchKey): SourceProblem[] {
  const rowOf = new Map<string, number>();
  users.forEach((user, index) => rowOf.set(keyOf(user, matchKey), index));
  const state = new Uint8Array(users.length); // 0 new, 1 on the current path, 2 done
  const problems: SourceProblem[] = [];
  for (let start = 0; start < users.length; start++) {
    const path: number[] = [];
    let at: number | undefined = start;
    while (at !== undefined && state[at] === 0) {
      state[at] = 1;
      path.push(at);
      const manager: string | undefined = users[at]!.manager;
      at = manager ? rowOf.get(manager) : undefined;
    }
    if (at !== undefined && state[at] === 1) {
      const cycle = path.slice(path.indexOf(at)).map((i) => keyOf(users[i]!, matchKey));
      problems.push({
        row: at + 1,
        column: "manager",
        message: `manager cycle: ${[...cycle, cycle[0]].join(" → ")}`,
      });
    }
    for (const i of path) state[i] = 2;
  }
  return problems;
}
