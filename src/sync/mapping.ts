// Flat rows (CSV or JSONL records, every value a string) ⇄ desired users.
import type { ScimUser } from "../index.js";
import { currentManager, currentString } from "./attributes.js";
import type { DesiredState, DesiredUser, SourceProblem } from "./types.js";
import { validateDesired } from "./validate.js";

/** Column name → DesiredUser attribute (`"title"`, `"emails.work"`, `"phoneNumbers.mobile"`, ...). */
export type SyncMapping = Record<string, string>;

/** The default columns: one per attribute, named like it, plus email/phone/mobile. */
export const DEFAULT_MAPPING: SyncMapping = Object.freeze({
  externalId: "externalId",
  userName: "userName",
  displayName: "displayName",
  active: "active",
  title: "title",
  department: "department",
  email: "emails.work",
  phone: "phoneNumbers.work",
  mobile: "phoneNumbers.mobile",
  employeeNumber: "employeeNumber",
  division: "division",
  manager: "manager",
  groups: "groups",
}) as SyncMapping;

const STRING_ATTRIBUTES = [
  "externalId",
  "userName",
  "displayName",
  "title",
  "department",
  "employeeNumber",
  "division",
  "manager",
] as const;
const EMAIL_TYPES = ["work", "other"];
const PHONE_TYPES = [
  "work",
  "work2",
  "work3",
  "work4",
  "home",
  "mobile",
  "other",
  "microsoftteams",
  "zoomphone",
  "eightbyeight",
];
const TRUE = new Set(["true", "yes", "y", "1", "active"]);
const FALSE = new Set(["false", "no", "n", "0", "inactive"]);
/** Groups in one cell are separated by semicolons. */
const GROUP_SEPARATOR = ";";

function checkMapping(mapping: SyncMapping): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const [column, attribute] of Object.entries(mapping)) {
    const [base, type, ...rest] = String(attribute).split(".");
    const ok =
      rest.length === 0 &&
      ((type === undefined &&
        ([...STRING_ATTRIBUTES, "active", "groups"] as string[]).includes(base!)) ||
        (base === "emails" && EMAIL_TYPES.includes(type!)) ||
        (base === "phoneNumbers" && PHONE_TYPES.includes(type!)));
    if (!ok)
      problems.push({
        row: 0,
        column,
        message: `mapping: unknown attribute ${JSON.stringify(attribute)} for column ${JSON.stringify(column)}`,
      });
  }
  return problems;
}

/** Turns rows into desired state; `problems` lists every bad row (nothing should be applied then). */
export function mapRows(
  rows: readonly Readonly<Record<string, string | undefined>>[],
  mapping: SyncMapping = DEFAULT_MAPPING,
): { desired: DesiredState; problems: SourceProblem[] } {
  const problems = checkMapping(mapping);
  if (problems.length > 0) return { desired: { users: [] }, problems };
  const users: DesiredUser[] = [];
  rows.forEach((row, index) => {
    const rowNumber = index + 1;
    const user: Record<string, unknown> = {};
    for (const [column, attribute] of Object.entries(mapping)) {
      if (!Object.prototype.hasOwnProperty.call(row, column)) continue;
      const raw = row[column];
      if (raw === undefined) continue;
      if (typeof raw !== "string") {
        problems.push({ row: rowNumber, column, message: "value is not text" });
        continue;
      }
      const value = raw.trim();
      const [base, type] = attribute.split(".") as [string, string | undefined];
      if (type !== undefined) {
        const list = (user[base] ??= []) as { value: string; type: string }[];
        if (value !== "") list.push({ value, type });
      } else if (base === "active") {
        if (value === "") continue;
        if (TRUE.has(value.toLowerCase())) user["active"] = true;
        else if (FALSE.has(value.toLowerCase())) user["active"] = false;
        else
          problems.push({
            row: rowNumber,
            column,
            message: `active must be true or false, got ${JSON.stringify(value)}`,
          });
      } else if (base === "groups") {
        user["groups"] = value
          .split(GROUP_SEPARATOR)
          .map((g) => g.trim())
          .filter((g) => g !== "");
      } else {
        user[base] = value;
      }
    }
    users.push(user as unknown as DesiredUser);
  });
  const desired: DesiredState = { users };
  problems.push(...validateDesired(desired, "externalId"));
  // Every problem of a row together, rows in source order.
  problems.sort((a, b) => a.row - b.row);
  return { desired, problems };
}

/** The export columns, in order. */
export function mappingColumns(mapping: SyncMapping = DEFAULT_MAPPING): string[] {
  return Object.keys(mapping);
}

/** One export row for `user`, so that mapRows of the export plans no changes. */
export function toRow(
  user: ScimUser,
  mapping: SyncMapping = DEFAULT_MAPPING,
  context: { managerKeyOf?(id: string): string | undefined; groupsOf?(id: string): string[] } = {},
): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [column, attribute] of Object.entries(mapping)) {
    const [base, type] = attribute.split(".") as [string, string | undefined];
    if (type !== undefined) {
      const list = (base === "emails" ? user.emails : user.phoneNumbers) ?? [];
      row[column] = list.find((v) => v.type === type)?.value ?? "";
    } else if (base === "active") row[column] = user.active === false ? "false" : "true";
    else if (base === "groups")
      row[column] = user.id ? (context.groupsOf?.(user.id) ?? []).join(GROUP_SEPARATOR) : "";
    else if (base === "manager") {
      const id = currentManager(user);
      row[column] = id === "" ? "" : (context.managerKeyOf?.(id) ?? "");
    } else row[column] = currentString(user, base as (typeof STRING_ATTRIBUTES)[number] & "title");
  }
  return row;
}
