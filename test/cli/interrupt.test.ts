import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCliEmulator, tempDir, type CliEmulator, type RunOptions } from "./helpers.js";

// Ctrl+C during apply: in-flight writes finish and are journaled, exit 130 with how to resume;
// resuming applies the rest and the org converges.

const PEOPLE = 80;
let t: CliEmulator;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  // 10 requests a second: the apply of 80 creates takes ~8 s, time enough to interrupt it.
  t = await startCliEmulator({ rateLimit: { limit: 10, windowMs: 1_000 } });
  tmp = tempDir();
  const rows = Array.from({ length: PEOPLE }, (_, i) => {
    const n = 100 + i;
    return `hr-${n},person${n}@example.com,Person ${n},Agent,Support`;
  });
  writeFileSync(
    join(tmp.dir, "people.csv"),
    ["externalId,userName,displayName,title,department", ...rows].join("\n") + "\n",
  );
});
afterAll(async () => {
  await t.close();
  tmp.remove();
});

const cli = (args: string[], onSpawn?: RunOptions["onSpawn"]) =>
  runCli([...args, ...t.args], { env: t.env, cwd: tmp.dir, ...(onSpawn ? { onSpawn } : {}) });

describe("Ctrl+C during apply", { timeout: 180_000 }, () => {
  it("stops cleanly with 130, and resuming converges", async () => {
    const planned = await cli(["sync", "plan", "people.csv", "--out", "plan.json"]);
    expect(planned.code).toBe(0);
    let interruptedAt = -1;
    const interrupted = await cli(["sync", "apply", "plan.json"], (child) => {
      void (async () => {
        // Interrupt once some users exist: the apply is under way.
        while (t.emulator.stats().users < 10) await sleep(50);
        interruptedAt = t.emulator.stats().users;
        child.kill("SIGINT");
      })();
    });
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain("Ctrl+C: stopping after the writes in flight finish");
    expect(interrupted.stderr).toMatch(
      /Interrupted: \d+ change\(s\) applied, recorded in .*plan\.json\.journal\./,
    );
    expect(interrupted.stderr).toContain("Resume with: genesys-scim sync apply plan.json");
    const afterStop = t.emulator.stats().users;
    expect(afterStop).toBeGreaterThanOrEqual(interruptedAt);
    expect(afterStop).toBeLessThan(PEOPLE);
    // Nothing more is written once the process has exited.
    await sleep(300);
    expect(t.emulator.stats().users).toBe(afterStop);

    const resumed = await cli(["sync", "apply", "plan.json", "--no-progress"]);
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      /^Resuming from the journal .*plan\.json\.journal \(\d+ entries\)\.\n/,
    );
    expect(resumed.stdout).toContain(
      `Applied ${PEOPLE - afterStop} of ${PEOPLE} planned change(s)`,
    );
    expect(t.emulator.stats().users).toBe(PEOPLE);
    const converged = await cli(["sync", "plan", "people.csv", "--detailed-exitcode"]);
    expect(converged.code).toBe(0);
    expect(converged.stdout).toContain("No changes.");
  });
});
