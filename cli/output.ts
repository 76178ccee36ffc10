import { stringify } from "csv-stringify/sync";
import type { Writable } from "node:stream";
import { write } from "./io.js";
import { cellText, valueAt } from "./values.js";

export const FORMATS = ["table", "json", "jsonl", "csv"] as const;
export type Format = (typeof FORMATS)[number];

/**
 * Writes resources as they arrive, page by page, in one format: memory holds one page. A table
 * takes its column widths from the first page (capped), later cells are cut to fit.
 */
export interface ResourceWriter {
  page(resources: readonly Record<string, unknown>[]): Promise<void>;
  end(): Promise<void>;
}

const MAX_CELL = 40;

export function createWriter(
  out: Writable,
  format: Format,
  columns: readonly string[],
): ResourceWriter {
  let first = true;
  let widths: number[] = [];
  const rowsOf = (resources: readonly Record<string, unknown>[]) =>
    resources.map((r) => columns.map((c) => cellText(valueAt(r, c))));
  return {
    async page(resources) {
      switch (format) {
        case "jsonl":
          if (resources.length > 0)
            await write(out, resources.map((r) => JSON.stringify(r)).join("\n") + "\n");
          break;
        case "json":
          for (const resource of resources) {
            const text = JSON.stringify(resource, null, 2).replace(/^/gm, "  ");
            await write(out, `${first ? "[\n" : ",\n"}${text}`);
            first = false;
          }
          break;
        case "csv":
          await write(
            out,
            stringify(rowsOf(resources), { header: first, columns: columns.map(shortHeader) }),
          );
          first = false;
          break;
        case "table": {
          const rows = rowsOf(resources);
          if (first) {
            widths = columns.map((c, i) =>
              Math.min(
                MAX_CELL,
                Math.max(shortHeader(c).length, ...rows.map((row) => row[i]!.length)),
              ),
            );
            await write(out, line(columns.map(shortHeader), widths));
            first = false;
          }
          if (rows.length > 0) await write(out, rows.map((row) => line(row, widths)).join(""));
          break;
        }
      }
    },
    async end() {
      if (format === "json") await write(out, first ? "[]\n" : "\n]\n");
      if (format === "csv" && first)
        await write(out, stringify([], { header: true, columns: columns.map(shortHeader) }));
      if (format === "table" && first)
        await write(
          out,
          line(
            columns.map(shortHeader),
            columns.map((c) => shortHeader(c).length),
          ),
        );
    },
  };
}

/** `urn:…:User:department` is shown as `department` in a table header. */
function shortHeader(column: string): string {
  const name = column.endsWith("#") ? column.slice(0, -1) : column;
  return name.startsWith("urn:") ? name.slice(name.lastIndexOf(":") + 1) : name;
}

function line(cells: readonly string[], widths: readonly number[]): string {
  return (
    cells
      .map((cell, i) => {
        const width = widths[i]!;
        const fitted = cell.length > width ? `${cell.slice(0, width - 1)}…` : cell;
        return i === cells.length - 1 ? fitted : fitted.padEnd(width);
      })
      .join("  ")
      .trimEnd() + "\n"
  );
}
