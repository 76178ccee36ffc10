// Plan and journal files. They hold personal data, so they are created readable by the owner only
// (0600) and never contain a token or secret (a plan holds none to begin with). node:fs works in
// Node, Bun and Deno.
/// <reference types="node" />
import { randomBytes } from "node:crypto";
import { chmod, open, readFile, rename, writeFile } from "node:fs/promises";
import type { SyncJournal, SyncPlan } from "./types.js";
import { SyncPlanError } from "./types.js";

const OWNER_ONLY = 0o600;
const KINDS = new Set([
  "groupCreate",
  "create",
  "update",
  "reactivate",
  "deactivate",
  "delete",
  "membership",
]);

/** Writes the plan atomically (temp file + rename), mode 0600. */
export async function writePlanFile(path: string, plan: SyncPlan): Promise<void> {
  checkPlan(plan, "writePlanFile");
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, `${JSON.stringify(plan, null, 1)}\n`, { mode: OWNER_ONLY, flag: "wx" });
  await chmod(temp, OWNER_ONLY);
  await rename(temp, path);
}

/** Reads a plan file and checks its version and shape. */
export async function readPlanFile(path: string): Promise<SyncPlan> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new SyncPlanError(`${path} is not a readable plan file: ${(error as Error).message}`);
  }
  checkPlan(parsed, path);
  return parsed;
}

/** Throws a SyncPlanError unless `plan` looks like a SyncPlan this version can apply. */
export function checkPlan(plan: unknown, where: string): asserts plan is SyncPlan {
  const p = plan as Partial<SyncPlan> | null;
  const fail = (what: string) => {
    throw new SyncPlanError(`${where}: not a valid sync plan (${what})`);
  };
  if (p === null || typeof p !== "object") fail("not an object");
  if (p!.version !== 1) fail(`version ${JSON.stringify(p!.version)}, expected 1`);
  if (typeof p!.planId !== "string" || p!.planId === "") fail("no planId");
  if (typeof p!.target?.baseUrl !== "string" || typeof p!.target?.fingerprint !== "string")
    fail("no target");
  if (!Array.isArray(p!.items)) fail("no items");
  if (p!.options === undefined || typeof p!.options !== "object") fail("no options");
  const ids = new Set<string>();
  for (const item of p!.items!) {
    if (typeof item?.id !== "string" || !KINDS.has(item.kind))
      fail(`item ${JSON.stringify(item?.id)} of kind ${JSON.stringify(item?.kind)}`);
    if (ids.has(item.id)) fail(`item ${item.id} appears twice`);
    ids.add(item.id);
  }
}

/**
 * A JSONL journal: one entry a line, each fsynced before `append` resolves, so an entry that was
 * acknowledged survives a crash (SIGKILL, power loss). A torn last line (the crash hit the write)
 * is dropped on load (and ended by the next append): that write was not acknowledged, and If-Match/409 convergence absorbs it.
 */
export function createFileJournal(path: string): SyncJournal {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let queue: Promise<void> = Promise.resolve();
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return [];
        throw error;
      }
      const entries: unknown[] = [];
      for (const line of text.split("\n")) {
        if (line.trim() === "") continue;
        try {
          entries.push(JSON.parse(line));
        } catch {
          // A torn line: the crash hit its write, so it was never acknowledged.
        }
      }
      return entries;
    },
    append(entry) {
      const run = queue.then(async () => {
        let prefix = "";
        if (handle === undefined) {
          handle = await open(path, "a", OWNER_ONLY);
          await chmod(path, OWNER_ONLY);
          // Ends a torn line a crash may have left, so it cannot swallow this entry.
          prefix = "\n";
        }
        await handle.write(`${prefix}${JSON.stringify(entry)}\n`);
        await handle.sync();
      });
      queue = run.catch(() => {});
      return run;
    },
    async close() {
      await queue;
      await handle?.close();
      handle = undefined;
    },
  };
}
