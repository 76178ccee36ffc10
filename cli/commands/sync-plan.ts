import { resolve } from "node:path";
import { renderPlan, writePlanFile } from "../../src/sync/index.js";
import { choiceFlag } from "../args.js";
import { connect, CONNECTION_FLAGS } from "../config.js";
import type { Command } from "../context.js";
import { EXIT_CHANGES_PENDING, EXIT_OK } from "../errors.js";
import { useColor, write } from "../io.js";
import { createProgress } from "../progress.js";
import { hasChanges, PLAN_FLAGS, planFromSource } from "./planning.js";

export const syncPlanCommand: Command = {
  name: ["sync", "plan"],
  args: ["<source>"],
  summary: "read a CSV/JSONL source, compare it with Genesys Cloud and print the plan",
  flags: {
    out: {
      type: "string",
      value: "plan.json",
      description: "save the plan for `sync apply` (mode 0600)",
    },
    "detailed-exitcode": {
      type: "boolean",
      description: "exit 2 when changes are pending, 0 when none (as terraform plan does)",
    },
    format: { type: "string", value: "fmt", description: "text (default) or json" },
    ...PLAN_FLAGS,
    "no-color": { type: "boolean", description: "no colour (NO_COLOR is honoured too)" },
    "no-progress": { type: "boolean", description: "no progress display on stderr" },
    ...CONNECTION_FLAGS,
  },
  notes: [
    "The default mapping reads these columns (any order; absent columns leave the attribute alone):",
    "  externalId, userName, displayName, active, title, department, email, phone, mobile,",
    "  employeeNumber, division, manager (the manager's externalId), groups (names, ';'-separated).",
  ],
  async run({ values, positionals, io }) {
    const format = choiceFlag(values, "format", ["text", "json"] as const) ?? "text";
    const connection = await connect(values, io);
    const color = useColor(io.stdout, io.env, values["no-color"] === true);
    const progress = createProgress(io.stderr, {
      color: useColor(io.stderr, io.env, values["no-color"] === true),
      enabled: values["no-progress"] !== true,
    });
    const { plan } = await planFromSource(positionals[0]!, values, io, connection, progress);
    if (format === "json") await write(io.stdout, `${JSON.stringify(plan, null, 2)}\n`);
    else await write(io.stdout, renderPlan(plan, { color }));
    const out = values.out as string | undefined;
    if (out !== undefined) {
      await writePlanFile(resolve(io.cwd, out), plan);
      const note = `Saved the plan to ${out}. Apply exactly it with: genesys-scim sync apply ${out}\n`;
      await write(format === "json" ? io.stderr : io.stdout, note);
    }
    for (const block of plan.blocked ?? []) {
      await write(
        format === "json" ? io.stderr : io.stdout,
        `Blocked (${block.kind}): apply refuses this plan unless given ${allowFlag(block.kind)}\n`,
      );
    }
    return values["detailed-exitcode"] === true && hasChanges(plan)
      ? EXIT_CHANGES_PENDING
      : EXIT_OK;
  },
};

export function allowFlag(kind: string): string {
  return kind === "empty-source" ? "--allow-empty-source" : "--allow-threshold";
}
