import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  apply,
  createFileJournal,
  readPlanFile,
  renderPlan,
  SyncPlanError,
  trackRetries,
  writePlanFile,
  type ApplyReport,
  type SyncPlan,
} from "../../src/sync/index.js";
import { integerFlag } from "../args.js";
import { clientIdOf, connect, CONNECTION_FLAGS } from "../config.js";
import type { Command } from "../context.js";
import { CliError, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, UsageError } from "../errors.js";
import { onInterrupt } from "../interrupt.js";
import { useColor, write } from "../io.js";
import { createProgress } from "../progress.js";
import { PLAN_FLAGS, planFromSource } from "./planning.js";
import { allowFlag } from "./sync-plan.js";

export const syncApplyCommand: Command = {
  name: ["sync", "apply"],
  args: ["<plan.json | source>"],
  summary: "execute a saved plan exactly (or plan and apply a source with --auto-approve)",
  flags: {
    "auto-approve": {
      type: "boolean",
      description: "with a source: plan it and apply that plan at once",
    },
    journal: {
      type: "string",
      value: "file",
      description: "progress record to resume from (default for a plan file: <plan>.journal)",
    },
    "allow-empty-source": {
      type: "boolean",
      description: "apply a plan blocked because the source is empty",
    },
    "allow-threshold": {
      type: "boolean",
      description: "apply a plan blocked by the removal thresholds",
    },
    concurrency: {
      type: "string",
      value: "n",
      description: "writes in flight at once (default 4)",
    },
    "max-rate": {
      type: "string",
      value: "n",
      description: "start at most n writes a second (a little under the org's limit avoids 429s)",
    },
    out: {
      type: "string",
      value: "plan.json",
      description: "with --auto-approve: also save the plan",
    },
    ...PLAN_FLAGS,
    "no-color": { type: "boolean", description: "no colour (NO_COLOR is honoured too)" },
    "no-progress": { type: "boolean", description: "no progress display on stderr" },
    ...CONNECTION_FLAGS,
  },
  notes: [
    "Ctrl+C lets the writes in flight finish, saves the journal and exits 130; run the same command",
    "again to resume.",
  ],
  async run({ values, positionals, io }) {
    const target = positionals[0]!;
    const isPlanFile = target.toLowerCase().endsWith(".json");
    if (!isPlanFile && values["auto-approve"] !== true) {
      throw new UsageError(`${target} is a source, not a plan file`, [
        "Review first: genesys-scim sync plan " +
          target +
          " --out plan.json, then sync apply plan.json;",
        "or plan and apply in one go with --auto-approve.",
      ]);
    }
    const concurrency = integerFlag(values, "concurrency", 1, 64);
    const maxRate = integerFlag(values, "max-rate", 1, 10_000);
    const connection = await connect(values, io);
    const noColor = values["no-color"] === true;
    const progress = createProgress(io.stderr, {
      color: useColor(io.stderr, io.env, noColor),
      enabled: values["no-progress"] !== true,
    });
    const retries = trackRetries();
    connection.onEvent((event) => {
      retries.onEvent(event);
      if (event.type === "retry") progress.waiting(event.waitMs);
    });
    const interrupt = onInterrupt((line) => io.stderr.write(`\n${line}\n`));
    try {
      let plan: SyncPlan;
      let planPath: string | undefined;
      if (isPlanFile) {
        planPath = resolve(io.cwd, target);
        plan = await readPlan(planPath, target);
      } else {
        ({ plan } = await planFromSource(
          target,
          values,
          io,
          connection,
          progress,
          interrupt.signal,
        ));
        await write(io.stdout, renderPlan(plan, { color: useColor(io.stdout, io.env, noColor) }));
        if (values.out !== undefined) {
          planPath = resolve(io.cwd, String(values.out));
          await writePlanFile(planPath, plan);
        }
      }
      if (interrupt.signal.aborted) return EXIT_INTERRUPTED;
      checkAllowances(plan, values);
      const journalArg = values.journal as string | undefined;
      const journalPath =
        journalArg !== undefined
          ? resolve(io.cwd, journalArg)
          : planPath === undefined
            ? undefined
            : `${planPath}.journal`;
      const resumed = journalPath === undefined ? 0 : await journalEntries(journalPath);
      if (resumed > 0) {
        await write(io.stdout, `Resuming from the journal ${journalPath} (${resumed} entries).\n`);
      }
      const clientId = clientIdOf(values, io.env);
      const started = Date.now();
      const report = await apply(connection.client, plan, {
        allow: {
          emptySource: values["allow-empty-source"] === true,
          threshold: values["allow-threshold"] === true,
        },
        ...(journalPath === undefined ? {} : { journal: createFileJournal(journalPath) }),
        ...(concurrency === undefined ? {} : { concurrency }),
        ...(maxRate === undefined ? {} : { ratePerSecond: maxRate }),
        ...(clientId === undefined ? {} : { clientId }),
        stopSignal: interrupt.signal,
        onProgress: (event) => progress.update(event),
        retries,
      }).catch((error: unknown) => {
        if (error instanceof SyncPlanError) throw new CliError(error.message);
        throw error;
      });
      progress.stop();
      await write(io.stdout, summary(plan, report, Date.now() - started));
      if (report.interrupted) {
        const resume =
          planPath === undefined
            ? `genesys-scim sync apply ${target} --auto-approve (a fresh plan picks up where this one stopped)`
            : `genesys-scim sync apply ${target}${journalArg === undefined ? "" : ` --journal ${journalArg}`}`;
        io.stderr.write(
          `Interrupted: ${report.applied} change(s) applied${journalPath ? `, recorded in ${journalPath}` : ""}.\n` +
            `Resume with: ${resume}\n`,
        );
        return EXIT_INTERRUPTED;
      }
      if (report.failed.length > 0 || report.stopped !== undefined) {
        for (const failure of report.failed.slice(0, 20))
          io.stderr.write(`  failed ${failure.item}: ${failure.error}\n`);
        if (report.failed.length > 20)
          io.stderr.write(`  … and ${report.failed.length - 20} more\n`);
        if (report.stopped) io.stderr.write(`Stopped early: ${report.stopped}\n`);
        io.stderr.write(`genesys-scim: apply finished with ${report.failed.length} failure(s)\n`);
        return EXIT_ERROR;
      }
      return EXIT_OK;
    } finally {
      progress.stop();
      interrupt.dispose();
    }
  },
};

/** How many entries a journal file holds already (0 when there is none yet). */
async function journalEntries(path: string): Promise<number> {
  try {
    return (await readFile(path, "utf8")).split("\n").filter((line) => line.trim() !== "").length;
  } catch {
    return 0;
  }
}

async function readPlan(path: string, shown: string): Promise<SyncPlan> {
  try {
    return await readPlanFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CliError(`plan ${shown}: no such file`);
    throw new CliError((error as Error).message.replace(path, shown));
  }
}

/** Refuses a blocked plan unless each block's --allow-... flag is given, naming the flags. */
function checkAllowances(plan: SyncPlan, values: Record<string, unknown>): void {
  const missing = (plan.blocked ?? []).filter(
    (block) => values[allowFlag(block.kind).slice(2)] !== true,
  );
  if (missing.length === 0) return;
  throw new CliError(
    `the plan is blocked; nothing was changed`,
    missing.map(
      (block) => `  ${block.kind}: ${block.reason} (to apply it anyway: ${allowFlag(block.kind)})`,
    ),
  );
}

function summary(plan: SyncPlan, report: ApplyReport, ms: number): string {
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");
  const parts = [
    `Applied ${report.applied} of ${plan.items.length} planned change(s) in ${(ms / 1000).toFixed(1)} s`,
    counts === "" ? "" : ` (${counts})`,
    report.replanned > 0 ? `; ${report.replanned} re-planned after a concurrent change` : "",
    report.skipped > 0 ? `; ${report.skipped} already done (journal)` : "",
    `; ${report.failed.length} failed.`,
    report.allowances.length > 0 ? ` Allowances used: ${report.allowances.join(", ")}.` : "",
  ];
  return `${parts.join("")}\n`;
}
