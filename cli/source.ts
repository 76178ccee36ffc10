import { parse } from "csv-parse/sync";
import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { CliError, UsageError } from "./errors.js";

// Reading a sync source: CSV (RFC 4180, with a header row; csv-parse does the parsing) or JSONL
// (one JSON object a line). Either way every value becomes a string, as mapRows expects, and each
// data row remembers its line in the file so problems can name it.

export type SourceFormat = "csv" | "jsonl";

export interface SourceRows {
  rows: Record<string, string>[];
  columns: string[];
  /** The file line of 1-based data row `row`. */
  lineOf(row: number): number;
}

/** The format from `--source-format` or the file extension. */
export function sourceFormat(path: string, flag: string | undefined): SourceFormat {
  if (flag === "csv" || flag === "jsonl") return flag;
  if (flag !== undefined)
    throw new UsageError(`--source-format must be csv or jsonl, got "${flag}"`);
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  throw new UsageError(
    `${path}: cannot tell the format from the extension "${ext}"; name it .csv or .jsonl, or give --source-format`,
  );
}

export async function readText(path: string, cwd: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "is a directory"
            : (code ?? "unreadable");
    throw new CliError(`${what} ${path}: ${reason}`);
  }
}

export async function readSource(
  path: string,
  format: SourceFormat,
  cwd: string,
): Promise<SourceRows> {
  const text = await readText(path, cwd, "source");
  return format === "csv" ? csvRows(path, text) : jsonlRows(path, text);
}

function csvRows(path: string, text: string): SourceRows {
  let header: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (names: string[]) => {
        header = checkHeader(path, names);
        return header;
      },
      skip_empty_lines: true,
      info: true,
    }) as typeof records;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const e = error as Error & { lines?: number; code?: string };
    throw new CliError(`${path}: line ${e.lines ?? "?"}: ${csvReason(e)}`);
  }
  const lines = records.map((r) => r.info.lines);
  return {
    rows: records.map((r) => r.record),
    columns: header,
    lineOf: (row) => lines[row - 1] ?? 0,
  };
}

/** csv-parse's message in the user's terms (its own ends with "at line N", said already). */
function csvReason(error: Error & { code?: string }): string {
  const message = error.message
    .replace(/^Invalid Record Length: /, "")
    .replace(/,? (on|at) line \d+\.?$/, "");
  return error.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" ||
    error.code === "CSV_RECORD_INCONSISTENT_COLUMNS"
    ? `the row has a different number of fields than the header (${message})`
    : message;
}

function checkHeader(path: string, names: string[]): string[] {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name.trim() === "") throw new CliError(`${path}: line 1: column ${i + 1} has no name`);
    if (seen.has(name)) throw new CliError(`${path}: line 1: column "${name}" appears twice`);
    seen.add(name);
  });
  return names;
}

function jsonlRows(path: string, text: string): SourceRows {
  const rows: Record<string, string>[] = [];
  const lines: number[] = [];
  const columns = new Set<string>();
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const where = `${path}: line ${index + 1}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new CliError(`${where}: not JSON (${(error as Error).message})`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new CliError(`${where}: expected a JSON object, one per line`);
    }
    const row: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) {
      row[key] = flatValue(value, `${where}, field "${key}"`);
      columns.add(key);
    }
    rows.push(row);
    lines.push(index + 1);
  });
  return { rows, columns: [...columns], lineOf: (row) => lines[row - 1] ?? 0 };
}

/** Strings as they are; numbers and booleans as text; null as ""; a list of strings ";"-joined (groups). */
function flatValue(value: unknown, where: string): string {
  if (typeof value === "string") return value;
  if (value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(";");
  throw new CliError(`${where}: nested values are not supported; use a string`);
}

/** A mapping file: a JSON object of column name → attribute. */
export async function readMapping(path: string, cwd: string): Promise<Record<string, string>> {
  const text = await readText(path, cwd, "--mapping");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--mapping ${path}: not JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new CliError(`--mapping ${path}: expected a JSON object of column name → attribute`);
  }
  for (const [column, attribute] of Object.entries(parsed)) {
    if (typeof attribute !== "string") {
      throw new CliError(
        `--mapping ${path}: column "${column}" must map to an attribute name (a string)`,
      );
    }
  }
  return parsed as Record<string, string>;
}
