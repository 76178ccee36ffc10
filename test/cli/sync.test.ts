import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, runCli, startCliEmulator, tempDir, type CliEmulator } from "./helpers.js";

// sync plan / sync apply / export as real processes: the human plan on stdout, --out files,
// --detailed-exitcode, exactly-the-plan applies, blocked plans, source errors by line and column,
// and the round trip export → plan with no changes, in CSV and JSONL.

const PEOPLE = join(root, "demo/hr/people.csv");
const EDITED = join(root, "demo/hr/people-edited.csv");
let t: CliEmulator;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  t = await startCliEmulator();
  tmp = tempDir();
});
afterAll(async () => {
  await t.close();
  tmp.remove();
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli([...args, ...t.args, ...(args[0] === "sync" ? ["--no-progress"] : [])], {
    env: { ...t.env, ...env },
    cwd: tmp.dir,
  });
const file = (name: string) => join(tmp.dir, name);

describe(
  "a source that cannot be read refuses everything before any request",
  { timeout: 120_000 },
  () => {
    it("names the file, the line and the column", async () => {
      const before = t.emulator.stats().requests;
      const missing = await cli(["sync", "plan", "nope.csv"]);
      expect(missing).toMatchObject({ code: 1, stdout: "" });
      expect(missing.stderr).toContain("source nope.csv: no such file");

      writeFileSync(
        file("ragged.csv"),
        "externalId,userName,displayName\nhr-1,a@example.com,A\nhr-2,b@example.com\n",
      );
      const ragged = await cli(["sync", "plan", "ragged.csv"]);
      expect(ragged.code).toBe(1);
      expect(ragged.stderr).toContain(
        "ragged.csv: line 3: the row has a different number of fields than the header",
      );

      writeFileSync(
        file("bad.csv"),
        "externalId,userName,displayName,active\nhr-1,a@example.com,A,maybe\nhr-2,b@example.com,B,true\n",
      );
      const bad = await cli(["sync", "plan", "bad.csv"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(
        "bad.csv: 1 problem in the source; nothing was planned or changed",
      );
      expect(bad.stderr).toMatch(
        /bad\.csv: line 2 \(row 1\), column active: active must be true or false/,
      );
      writeFileSync(
        file("quoted.csv"),
        'externalId,userName,displayName\nhr-1,a@example.com,"A\nB"\nhr-2,,B\n',
      );
      const quoted = await cli(["sync", "plan", "quoted.csv"]);
      expect(quoted.code).toBe(1);
      // Row 2 starts on line 4: row 1 spans lines 2-3 (a quoted line break).
      expect(quoted.stderr).toMatch(/quoted\.csv: line 4 \(row 2\).*userName/);

      writeFileSync(
        file("bad.jsonl"),
        '{"externalId":"hr-1","userName":"a@example.com","displayName":"A"}\n{"externalId":\n',
      );
      const jsonl = await cli(["sync", "plan", "bad.jsonl"]);
      expect(jsonl.stderr).toContain("bad.jsonl: line 2: not JSON");
      const ext = await cli(["sync", "plan", "people.txt"]);
      expect(ext.stderr).toContain('cannot tell the format from the extension ".txt"');
      writeFileSync(file("mapping.json"), '{"Employee ID": "externalId", "Name": "nickname"}');
      const mapping = await cli(["sync", "plan", PEOPLE, "--mapping", "mapping.json"]);
      expect(mapping.code).toBe(1);
      expect(mapping.stderr).toContain('unknown attribute "nickname"');
      expect(t.emulator.stats().requests).toBe(before);
    });
  },
);

describe("plan, apply, change, converge", { timeout: 120_000 }, () => {
  it("plans the HR file, saves it 0600 and exits 2 under --detailed-exitcode", async () => {
    const result = await cli(["sync", "plan", PEOPLE, "--out", "day1.json", "--detailed-exitcode"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("+ create hr-1001 (priya.adeyemi@example.com");
    expect(result.stdout).toContain('+ create group "Support"');
    expect(result.stdout).toMatch(/create 300,.*groupCreate 7/);
    expect(result.stdout).toContain("Saved the plan to day1.json");
    expect(statSync(file("day1.json")).mode & 0o777).toBe(0o600);
    expect(readFileSync(file("day1.json"), "utf8")).not.toContain(
      t.env.GENESYSCLOUD_OAUTHCLIENT_SECRET,
    );
    const plain = await cli(["sync", "plan", PEOPLE]);
    expect(plain.code).toBe(0);
  });

  it("refuses a source without --auto-approve, applies the saved plan exactly", async () => {
    const refused = await cli(["sync", "apply", PEOPLE]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is a source, not a plan file");
    const applied = await cli(["sync", "apply", "day1.json"]);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(
      /^Applied 314 of 314 planned change\(s\) in [\d.]+ s \(groupCreate 7, create 300, membership 7\); 0 failed\.\n$/,
    );
    expect(t.emulator.stats().users).toBe(300);
    const again = await cli(["sync", "plan", PEOPLE, "--detailed-exitcode"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes.");
  });

  // Without the demo's inactive former employee in Genesys, the rehire is a new hire here.
  it("the edited export plans exactly its edits; --auto-approve applies them; then no changes", async () => {
    const plan = await cli(["sync", "plan", EDITED, "--format", "json"]);
    expect(plan.code).toBe(0);
    const parsed = JSON.parse(plan.stdout) as { counts: Record<string, number> };
    expect(parsed.counts).toMatchObject({
      create: 1,
      update: 5,
      reactivate: 0,
      deactivate: 3,
      memberAdd: 3,
      memberRemove: 1,
    });
    const applied = await cli(["sync", "apply", EDITED, "--auto-approve"]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("- deactivate");
    expect(applied.stdout).toMatch(/Applied \d+ of \d+ planned change\(s\)/);
    const converged = await cli(["sync", "plan", EDITED, "--detailed-exitcode"]);
    expect(converged.code).toBe(0);
  });

  it("export users → sync plan shows no changes, in CSV and JSONL", async () => {
    const csv = await cli(["export", "users", "--out", "export.csv"]);
    expect(csv).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(statSync(file("export.csv")).mode & 0o777).toBe(0o600);
    const header = readFileSync(file("export.csv"), "utf8").split("\n")[0];
    expect(header).toBe(
      "externalId,userName,displayName,active,title,department,email,phone,mobile,employeeNumber,division,manager,groups",
    );
    const fromCsv = await cli(["sync", "plan", "export.csv", "--detailed-exitcode"]);
    expect(fromCsv.stdout).toContain("No changes.");
    expect(fromCsv.code).toBe(0);
    const jsonl = await cli(["export", "users", "--format", "jsonl"]);
    expect(jsonl.code).toBe(0);
    writeFileSync(file("export.jsonl"), jsonl.stdout);
    expect(jsonl.stdout.trimEnd().split("\n")).toHaveLength(298);
    const fromJsonl = await cli(["sync", "plan", "export.jsonl", "--detailed-exitcode"]);
    expect(fromJsonl.code).toBe(0);
    const groups = await cli(["export", "groups"]);
    expect(groups.stdout).toMatch(/^displayName,externalId,id,members\n/);
    expect(groups.stdout).toMatch(/\nTeam Leads,[^,]*,[0-9a-f-]{36},\d+\n/);
  });

  it("an empty source is blocked: the plan says so and apply refuses without --allow-empty-source", async () => {
    writeFileSync(file("empty.csv"), "externalId,userName,displayName\n");
    const plan = await cli(["sync", "plan", "empty.csv", "--out", "empty.json"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("BLOCKED (empty-source)");
    expect(plan.stdout).toContain("apply refuses this plan unless given --allow-empty-source");
    const refused = await cli(["sync", "apply", "empty.json"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the plan is blocked; nothing was changed");
    expect(refused.stderr).toContain("--allow-empty-source");
    expect(t.emulator.stats().users).toBe(301);
  });

  it("refuses a plan file that is not one, and a plan for another target", async () => {
    writeFileSync(file("junk.json"), '{"version": 7}');
    const junk = await cli(["sync", "apply", "junk.json"]);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toContain("not a valid sync plan");
    const other = await startCliEmulator();
    try {
      const result = await runCli(["sync", "apply", "day1.json", ...other.args, "--no-progress"], {
        env: t.env,
        cwd: tmp.dir,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/target|another/i);
      expect(other.emulator.stats().users).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe("--max-rate", { timeout: 120_000 }, () => {
  it("paces writes under the org's limit, so no write is refused with 429", async () => {
    const limited = await startCliEmulator({ rateLimit: { limit: 10, windowMs: 1_000 } });
    try {
      const rows = Array.from({ length: 30 }, (_, i) => `hr-${i},r${i}@example.com,R ${i}`);
      writeFileSync(file("paced.csv"), ["externalId,userName,displayName", ...rows].join("\n"));
      const env = { env: limited.env, cwd: tmp.dir };
      const plan = await runCli(
        ["sync", "plan", "paced.csv", "--out", "paced.json", ...limited.args],
        env,
      );
      expect(plan.code).toBe(0);
      const before = limited.emulator.stats().byStatus["429"] ?? 0;
      const applied = await runCli(
        ["sync", "apply", "paced.json", "--max-rate", "6", "--no-progress", ...limited.args],
        env,
      );
      expect(applied.code).toBe(0);
      expect(limited.emulator.stats().users).toBe(30);
      expect(limited.emulator.stats().byStatus["429"] ?? 0).toBe(before);
      const bad = await runCli(
        ["sync", "apply", "paced.json", "--max-rate", "0", ...limited.args],
        env,
      );
      expect(bad.stderr).toContain("--max-rate must be a whole number from 1 to 10000");
    } finally {
      await limited.close();
    }
  });
});
