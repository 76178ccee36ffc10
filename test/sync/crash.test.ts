// SIGKILLs the applying process at random points, several times, then lets it finish: the final
// state must equal the desired state, with no duplicate users or groups and the out-of-scope user
// untouched. The kill points come from a logged seed: CRASH_SEED=<seed> replays a failure.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScimClient, type ScimClient } from "../../src/index.js";
import { apply, plan, writePlanFile, type DesiredUser } from "../../src/sync/index.js";
import { expectState, shuffled } from "./expect-state.js";
import { company } from "./fixtures.js";
import { snapshot } from "./harness.js";

const SEED = Number(process.env["CRASH_SEED"] ?? Date.now() % 1_000_000);
const KILLS = 5;
const GROUPS = ["Team 0", "Team 1", "Team 2", "Team 3", "Team 4", "Team 5"];
const here = import.meta.dirname;

/** mulberry32: a small seeded generator, so the kill points replay from the seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tsx(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(here, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(line));
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before writing a line`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
  });
}

let emulator: ChildProcess;
let env: Record<string, string>;
let client: ScimClient;
let dir: string;

beforeAll(async () => {
  console.log(`crash test seed ${SEED} (replay with CRASH_SEED=${SEED})`);
  dir = await mkdtemp(join(tmpdir(), "sync-crash-"));
  emulator = tsx("crash-emulator.ts", [], { CRASH_RATE: "400" });
  const info = JSON.parse(await firstLine(emulator)) as {
    url: string;
    clientId: string;
    clientSecret: string;
  };
  env = {
    CRASH_URL: info.url,
    CRASH_CLIENT_ID: info.clientId,
    CRASH_CLIENT_SECRET: info.clientSecret,
  };
  client = createScimClient({
    baseUrl: info.url,
    auth: { clientId: info.clientId, clientSecret: info.clientSecret },
    retry: { maxRetries: 10 },
  });
}, 60_000);

afterAll(async () => {
  if (emulator.pid !== undefined && emulator.exitCode === null) {
    process.kill(emulator.pid, "SIGTERM");
    await exited(emulator);
  }
  await rm(dir, { recursive: true, force: true });
});

/** A state with everything to do: creates (with managers), updates, leavers, removals, memberships. */
async function scenario(): Promise<DesiredUser[]> {
  expect((await apply(client, await plan(client, { users: company(150) }))).failed).toEqual([]);
  const users = company(450, { groups: 6 });
  for (let i = 0; i < 150; i += 10) users[i]!.title = "Changed";
  for (let i = 5; i < 150; i += 25) users[i]!.active = false;
  for (let i = 11; i < 150; i += 20) users[i]!.groups = ["Team 5"];
  return shuffled(
    users.filter((_, i) => i % 50 !== 49),
    SEED,
  );
}

describe("crash safety", { timeout: 300_000 }, () => {
  it(`survives ${KILLS} SIGKILLs during apply and converges exactly (seed ${SEED})`, async () => {
    const outsider = await client.users.create({
      userName: "admin@example.com",
      displayName: "Admin",
    });
    const users = await scenario();
    const planned = await plan(client, { users });
    const planPath = join(dir, "plan.json");
    const journalPath = join(dir, "journal.jsonl");
    await writePlanFile(planPath, planned);
    const next = random(SEED);
    const kills: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const child = tsx("crash-apply.ts", [planPath, journalPath], env);
      expect(await firstLine(child)).toBe("ready");
      const delay = Math.floor(50 + next() * 600);
      kills.push(delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill("SIGKILL");
      await exited(child);
    }
    const journaled = (await readFile(journalPath, "utf8"))
      .split("\n")
      .filter((l) => l.includes('"item"')).length;
    console.log(
      `seed ${SEED}: killed after ${kills.join(", ")} ms; ${journaled} of ${planned.items.length} items journaled`,
    );

    const last = tsx("crash-apply.ts", [planPath, journalPath], env);
    const lines: string[] = [];
    createInterface({ input: last.stdout! }).on("line", (line) => lines.push(line));
    expect(await exited(last), `final apply (seed ${SEED})`).toBe(0);
    const report = JSON.parse(lines.at(-1)!) as { failed: unknown[] };
    expect(report.failed, `seed ${SEED}`).toEqual([]);

    const state = await snapshot(client, GROUPS);
    expectState(state, users);
    expect(state.groupCount, "no duplicate groups").toBe(GROUPS.length);
    const names = state.users.filter((u) => u.active).map((u) => u.userName!.toLowerCase());
    expect(new Set(names).size, "no duplicate active userNames").toBe(names.length);
    const after = await client.users.get(outsider.id!);
    expect(after.meta?.version, "out-of-scope user untouched").toBe(outsider.meta?.version);
    expect((await plan(client, { users })).items, `converged (seed ${SEED})`).toEqual([]);
  });

  it("converges with a fresh plan after a crash, without the journal", async () => {
    const users = company(600, { groups: 6 }).map((u) => ({ ...u, title: "Fresh" }));
    const planned = await plan(client, { users });
    const planPath = join(dir, "plan2.json");
    await writePlanFile(planPath, planned);
    const child = tsx("crash-apply.ts", [planPath, join(dir, "journal2.jsonl")], env);
    expect(await firstLine(child)).toBe("ready");
    await new Promise((resolve) => setTimeout(resolve, Math.floor(100 + random(SEED + 1)() * 400)));
    child.kill("SIGKILL");
    await exited(child);
    const fresh = await plan(client, { users });
    expect((await apply(client, fresh, { concurrency: 6 })).failed).toEqual([]);
    const state = await snapshot(client, GROUPS);
    expectState(state, users);
    expect(state.groupCount).toBe(GROUPS.length);
  });
});
