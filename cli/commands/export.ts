import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { filter, type ScimClient, type ScimUser } from "../../src/index.js";
import { DEFAULT_MAPPING, mappingColumns, toRow, type SyncMapping } from "../../src/sync/index.js";
import { choiceFlag } from "../args.js";
import { connect, CONNECTION_FLAGS } from "../config.js";
import type { Command } from "../context.js";
import { EXIT_OK, UsageError } from "../errors.js";
import { write } from "../io.js";
import { listPages } from "../listing.js";
import { readMapping } from "../source.js";
import { valueAt } from "../values.js";

// `export users`: every user as a row of the sync mapping's columns, so the file fed back to
// `sync plan` plans no changes. Memory stays flat in the users' attributes: the stream holds one
// page, plus two small indexes built first: user id → match key (for the manager column) and
// user id → group names (for the groups column).

const MATCH_KEY_PATH = {
  externalId: "externalId",
  userName: "userName",
  employeeNumber: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
} as const;
// Index passes ask only for the key, so Genesys allows pages above 25 (see the GUIDE's facts).
const INDEX_PAGE = 100;

export const exportCommand: Command = {
  name: ["export", "users"],
  args: [],
  summary: "every user as CSV/JSONL rows of the sync mapping (feed it back to `sync plan`)",
  flags: {
    format: { type: "string", value: "fmt", description: "csv (default) or jsonl" },
    out: {
      type: "string",
      value: "file",
      description: "write to a file (mode 0600) instead of stdout",
    },
    mapping: {
      type: "string",
      value: "file.json",
      description: "the columns to write (default: the sync default)",
    },
    "match-key": {
      type: "string",
      value: "attr",
      description: "what the manager column holds: externalId (default), userName, employeeNumber",
    },
    "include-inactive": { type: "boolean", description: "also inactive users (active=false rows)" },
    ...CONNECTION_FLAGS,
  },
  async run({ values, io }) {
    const format = choiceFlag(values, "format", ["csv", "jsonl"] as const) ?? "csv";
    const matchKey =
      choiceFlag(values, "match-key", ["externalId", "userName", "employeeNumber"] as const) ??
      "externalId";
    const mapping: SyncMapping =
      values.mapping === undefined
        ? DEFAULT_MAPPING
        : await readMapping(String(values.mapping), io.cwd);
    const includeInactive = values["include-inactive"] === true;
    const { client } = await connect(values, io);
    const groupsOf = await groupIndex(client);
    const keyOf = await keyIndex(client, MATCH_KEY_PATH[matchKey]);
    const columns = mappingColumns(mapping);
    await toOutput(values.out as string | undefined, io, async (out) => {
      let first = true;
      for await (const page of listPages(client, "users", { includeInactive })) {
        const rows = page.map((user) =>
          toRow(user as ScimUser, mapping, {
            managerKeyOf: (id) => keyOf.get(id),
            groupsOf: (id) => groupsOf.get(id) ?? [],
          }),
        );
        if (format === "jsonl") {
          if (rows.length > 0)
            await write(out, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
        } else {
          await write(
            out,
            stringify(
              rows.map((row) => columns.map((c) => row[c] ?? "")),
              { header: first, columns },
            ),
          );
        }
        first = false;
      }
      if (format === "csv" && first) await write(out, stringify([], { header: true, columns }));
    });
    return EXIT_OK;
  },
};

export const exportGroupsCommand: Command = {
  name: ["export", "groups"],
  args: [],
  summary: "every group (displayName, externalId, id, member count) as CSV/JSONL",
  flags: {
    format: { type: "string", value: "fmt", description: "csv (default) or jsonl" },
    out: {
      type: "string",
      value: "file",
      description: "write to a file (mode 0600) instead of stdout",
    },
    ...CONNECTION_FLAGS,
  },
  async run({ values, io }) {
    const format = choiceFlag(values, "format", ["csv", "jsonl"] as const) ?? "csv";
    const { client } = await connect(values, io);
    const columns = ["displayName", "externalId", "id", "members"];
    await toOutput(values.out as string | undefined, io, async (out) => {
      let first = true;
      for await (const page of listPages(client, "groups", { filter: filter.pr("displayName") })) {
        const rows = page.map((g) => ({
          displayName: String(g.displayName ?? ""),
          externalId: String(g.externalId ?? ""),
          id: String(g.id ?? ""),
          members: String(Array.isArray(g.members) ? g.members.length : 0),
        }));
        if (format === "jsonl") {
          if (rows.length > 0)
            await write(out, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
        } else {
          await write(
            out,
            stringify(
              rows.map((r) => columns.map((c) => r[c as keyof typeof r])),
              { header: first, columns },
            ),
          );
        }
        first = false;
      }
      if (format === "csv" && first) await write(out, stringify([], { header: true, columns }));
    });
    return EXIT_OK;
  },
};

/** user id → the displayNames of the groups they are in. */
async function groupIndex(client: ScimClient): Promise<Map<string, string[]>> {
  const index = new Map<string, string[]>();
  const pages = listPages(client, "groups", {
    filter: filter.pr("displayName"),
    attributes: ["displayName", "members"],
  });
  for await (const page of pages) {
    for (const group of page) {
      for (const member of (group.members ?? []) as { value?: string }[]) {
        if (typeof member.value !== "string") continue;
        const names = index.get(member.value) ?? [];
        names.push(String(group.displayName));
        index.set(member.value, names);
      }
    }
  }
  return index;
}

/** user id → match-key value, for every user (managers may be inactive). */
async function keyIndex(client: ScimClient, path: string): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  for await (const page of listPages(client, "users", {
    attributes: [path],
    includeInactive: true,
    count: INDEX_PAGE,
  })) {
    for (const user of page) {
      const key = valueAt(user, path);
      if (typeof user.id === "string" && typeof key === "string" && key !== "")
        index.set(user.id, key);
    }
  }
  return index;
}

async function toOutput(
  path: string | undefined,
  io: { stdout: Writable; cwd: string },
  body: (out: Writable) => Promise<void>,
): Promise<void> {
  if (path === undefined) return body(io.stdout);
  if (path === "") throw new UsageError("--out needs a file name");
  const stream = createWriteStream(resolve(io.cwd, path), { mode: 0o600 });
  await new Promise<void>((done, fail) => {
    stream.once("open", () => done());
    stream.once("error", fail);
  });
  try {
    await body(stream);
  } finally {
    await new Promise<void>((done) => stream.end(done));
  }
}
