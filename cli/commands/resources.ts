import { filter, isAttributePath, type ScimClient, type ScimFilter } from "../../src/index.js";
import { choiceFlag, integerFlag, type FlagSpecs, type FlagValues } from "../args.js";
import { connect, CONNECTION_FLAGS } from "../config.js";
import type { Command } from "../context.js";
import { EXIT_OK, UsageError } from "../errors.js";
import { FilterSyntaxError, filterErrorLines, parseFilter } from "../filter-parser.js";
import { listPages, type ResourceKind } from "../listing.js";
import { createWriter, FORMATS } from "../output.js";

const DEFAULT_COLUMNS: Record<ResourceKind, string[]> = {
  users: ["id", "userName", "displayName", "active", "title"],
  groups: ["id", "displayName", "externalId", "members#"],
};

const OUTPUT_FLAGS: FlagSpecs = {
  attributes: {
    type: "string",
    value: "a,b",
    description: "only these attributes (comma-separated; also the table/CSV columns)",
  },
  format: { type: "string", value: "fmt", description: "table, json, jsonl or csv" },
  "no-color": { type: "boolean", description: "no colour (NO_COLOR is honoured too)" },
};

/** --filter parsed into the builders; an invalid one is refused with its position. */
export function filterFlag(values: FlagValues): ScimFilter | undefined {
  const text = values.filter as string | undefined;
  if (text === undefined) return undefined;
  try {
    return parseFilter(text);
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    throw new UsageError(
      `invalid --filter at column ${error.index + 1}: ${error.message}`,
      filterErrorLines(text, error),
    );
  }
}

function attributesFlag(values: FlagValues): string[] | undefined {
  const raw = values.attributes as string | undefined;
  if (raw === undefined) return undefined;
  const names = raw
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  for (const name of names) {
    if (!isAttributePath(name)) {
      throw new UsageError(`--attributes: "${name}" is not a SCIM attribute path`);
    }
  }
  if (names.length === 0) throw new UsageError("--attributes needs at least one attribute name");
  return names;
}

function listCommand(kind: ResourceKind): Command {
  return {
    name: [kind, "list"],
    args: [],
    summary: `list ${kind}, streamed page by page`,
    flags: {
      filter: {
        type: "string",
        value: "expr",
        description: "a SCIM filter, e.g. 'userName sw \"a\" and active eq true'",
      },
      ...(kind === "users"
        ? {
            "include-inactive": {
              type: "boolean",
              description: "also inactive users (an unfiltered list returns active ones only)",
            },
          }
        : {}),
      "page-size": {
        type: "string",
        value: "n",
        description: "resources per request (default: the server's, 25)",
      },
      ...OUTPUT_FLAGS,
      ...CONNECTION_FLAGS,
    },
    async run({ values, io }) {
      const format = choiceFlag(values, "format", FORMATS) ?? "table";
      const attributes = attributesFlag(values);
      // Genesys requires a filter on v2 group lists; every group has a displayName.
      const where =
        filterFlag(values) ?? (kind === "groups" ? filter.pr("displayName") : undefined);
      const count = integerFlag(values, "page-size", 1, 1000);
      const { client } = await connect(values, io);
      const columns =
        attributes === undefined
          ? DEFAULT_COLUMNS[kind]
          : ["id", ...attributes.filter((a) => a !== "id")];
      const writer = createWriter(io.stdout, format, columns);
      const request = {
        ...(where === undefined ? {} : { filter: where }),
        ...(attributes === undefined ? {} : { attributes }),
        ...(count === undefined ? {} : { count }),
        includeInactive: values["include-inactive"] === true,
      };
      for await (const page of listPages(client, kind, request)) await writer.page(page);
      await writer.end();
      return EXIT_OK;
    },
  };
}

function getCommand(kind: ResourceKind): Command {
  return {
    name: [kind, "get"],
    args: [kind === "users" ? "<id | userName>" : "<id | displayName>"],
    summary: `show one ${kind === "users" ? "user" : "group"}`,
    flags: { ...OUTPUT_FLAGS, ...CONNECTION_FLAGS },
    async run({ values, positionals, io }) {
      const format = choiceFlag(values, "format", FORMATS) ?? "json";
      const attributes = attributesFlag(values);
      const [key] = positionals as [string];
      const { client } = await connect(values, io);
      const resource = await findOne(client, kind, key, attributes);
      const columns = attributes === undefined ? DEFAULT_COLUMNS[kind] : ["id", ...attributes];
      const writer = createWriter(io.stdout, format === "json" ? "jsonl" : format, columns);
      if (format === "json") io.stdout.write(`${JSON.stringify(resource, null, 2)}\n`);
      else {
        await writer.page([resource]);
        await writer.end();
      }
      return EXIT_OK;
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** By id when `key` looks like one, else by userName / displayName (exactly one match). */
async function findOne(
  client: ScimClient,
  kind: ResourceKind,
  key: string,
  attributes: string[] | undefined,
): Promise<Record<string, unknown>> {
  const options = attributes === undefined ? {} : { attributes };
  if (UUID.test(key)) {
    const found =
      kind === "users"
        ? await client.users.get(key, options)
        : await client.groups.get(key, options);
    return found as Record<string, unknown>;
  }
  const by = filter.eq(kind === "users" ? "userName" : "displayName", key);
  const matches: Record<string, unknown>[] = [];
  for await (const page of listPages(client, kind, {
    filter: by,
    ...(attributes ? { attributes } : {}),
  })) {
    matches.push(...page);
  }
  if (matches.length !== 1) {
    const what = kind === "users" ? "user with userName" : "group with displayName";
    throw new UsageError(
      matches.length === 0
        ? `no ${what} "${key}"`
        : `${matches.length} matches for ${what} "${key}"; give the id`,
    );
  }
  return matches[0]!;
}

export const resourceCommands: Command[] = [
  listCommand("users"),
  getCommand("users"),
  listCommand("groups"),
  getCommand("groups"),
];
