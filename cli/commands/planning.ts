import {
  DEFAULT_MAPPING,
  mapRows,
  plan,
  SyncValidationError,
  type PlanOptions,
  type SourceProblem,
  type SyncMapping,
  type SyncPlan,
} from "../../src/sync/index.js";
import { choiceFlag, integerFlag, type FlagSpecs, type FlagValues } from "../args.js";
import { clientIdOf, type Connection } from "../config.js";
import { CliError } from "../errors.js";
import type { CliIo } from "../io.js";
import type { Progress } from "../progress.js";
import { readMapping, readSource, sourceFormat, type SourceRows } from "../source.js";

/** Flags that shape a plan (sync plan, and sync apply <source> --auto-approve). */
export const PLAN_FLAGS: FlagSpecs = {
  mapping: {
    type: "string",
    value: "file.json",
    description: "column → attribute mapping (default: the documented HR columns)",
  },
  "source-format": {
    type: "string",
    value: "fmt",
    description: "csv or jsonl (default: from the extension)",
  },
  "match-key": {
    type: "string",
    value: "attr",
    description: "externalId (default), userName or employeeNumber",
  },
  missing: {
    type: "string",
    value: "what",
    description: "users missing from the source: deactivate (default), delete or ignore",
  },
  groups: {
    type: "string",
    value: "mode",
    description: "create (default) or require missing groups",
  },
  "exclusive-membership": {
    type: "boolean",
    description: "also remove group members the source does not list",
  },
  adopt: { type: "boolean", description: "bring matching users without the match key into scope" },
  "max-removals": {
    type: "string",
    value: "n",
    description: "block the plan above this many deactivations + deletions (default 500)",
  },
  "max-removal-percent": {
    type: "string",
    value: "p",
    description: "block the plan above this share of the users in scope (default 20)",
  },
};

export interface SourcePlan {
  plan: SyncPlan;
  rows: number;
}

/** Reads and maps the source (refusing it, with every problem by line, before any request), then plans. */
export async function planFromSource(
  path: string,
  values: FlagValues,
  io: CliIo,
  connection: Connection,
  progress: Progress,
  signal?: AbortSignal,
): Promise<SourcePlan> {
  const mapping: SyncMapping =
    values.mapping === undefined
      ? DEFAULT_MAPPING
      : await readMapping(String(values.mapping), io.cwd);
  const format = sourceFormat(path, values["source-format"] as string | undefined);
  const source = await readSource(path, format, io.cwd);
  warnAboutColumns(source, mapping, path, io);
  const { desired, problems } = mapRows(source.rows, mapping);
  if (problems.length > 0) throw problemsError(path, source, problems);
  const options = planOptions(values);
  options.onProgress = (event) => progress.update(event);
  if (signal !== undefined) options.signal = signal;
  const clientId = clientIdOf(values, io.env);
  if (clientId !== undefined) options.clientId = clientId;
  try {
    return { plan: await plan(connection.client, desired, options), rows: source.rows.length };
  } catch (error) {
    if (error instanceof SyncValidationError) throw problemsError(path, source, error.problems);
    throw error;
  } finally {
    progress.stop();
  }
}

export function planOptions(values: FlagValues): PlanOptions {
  const options: PlanOptions = {};
  const matchKey = choiceFlag(values, "match-key", [
    "externalId",
    "userName",
    "employeeNumber",
  ] as const);
  if (matchKey !== undefined) options.matchKey = matchKey;
  const missing = choiceFlag(values, "missing", ["deactivate", "delete", "ignore"] as const);
  if (missing !== undefined) options.missing = missing;
  const groups = choiceFlag(values, "groups", ["create", "require"] as const);
  if (groups !== undefined) options.groups = groups;
  if (values["exclusive-membership"] === true) options.exclusiveMembership = true;
  if (values.adopt === true) options.adopt = true;
  const maxRemovals = integerFlag(values, "max-removals", 0, 10_000_000);
  const maxRemovalPercent = integerFlag(values, "max-removal-percent", 0, 100);
  if (maxRemovals !== undefined || maxRemovalPercent !== undefined) {
    options.thresholds = {};
    if (maxRemovals !== undefined) options.thresholds.maxRemovals = maxRemovals;
    if (maxRemovalPercent !== undefined) options.thresholds.maxRemovalPercent = maxRemovalPercent;
  }
  return options;
}

/** Columns the mapping ignores, and mapped columns the source lacks, said once on stderr. */
function warnAboutColumns(source: SourceRows, mapping: SyncMapping, path: string, io: CliIo): void {
  if (source.rows.length === 0) return;
  const ignored = source.columns.filter((c) => !(c in mapping));
  if (ignored.length > 0) {
    io.stderr.write(
      `note: ${path}: column(s) not in the mapping, ignored: ${ignored.join(", ")}\n`,
    );
  }
}

const SHOWN_PROBLEMS = 20;

function problemsError(path: string, source: SourceRows, problems: SourceProblem[]): CliError {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map((p) => {
    const where = p.row > 0 ? `line ${source.lineOf(p.row)} (row ${p.row})` : "mapping";
    return `  ${path}: ${where}${p.column ? `, column ${p.column}` : ""}: ${p.message}`;
  });
  if (problems.length > SHOWN_PROBLEMS)
    lines.push(`  … and ${problems.length - SHOWN_PROBLEMS} more`);
  return new CliError(
    `${path}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the source; nothing was planned or changed`,
    lines,
  );
}

/** True when the plan has writes to make. */
export function hasChanges(p: SyncPlan): boolean {
  return p.items.length > 0;
}
