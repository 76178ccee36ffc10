import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { COMMANDS } from "../cli/commands.js";
import type { CliIo } from "../cli/io.js";
import { runCli } from "../cli/run.js";
import { VERSION } from "../cli/version.js";
import { startEmulator } from "../emulator/index.js";
import { createScimClient } from "../src/index.js";
import { REHIRE } from "./hr/generate.js";

// `npm start`: the CLI's main job on the embedded emulator, narrated. An HR export of 300 people
// is planned and applied (with the progress bar), then the next day's export (promotions, a
// transfer, leavers, a rehire) plans exactly those changes, is applied, and a last plan shows that
// Genesys now matches HR. The CLI runs in this process with the emulator; its commands and output
// are those of `genesys-scim` against a real org.

const HR = fileURLToPath(new URL("hr/", import.meta.url));
// 40 requests a second per OAuth client: enough for the demo to take seconds, not minutes, while
// still running into the limit so the bar shows a 429 wait (Genesys' own is ~300 a minute).
const RATE_LIMIT = { limit: 40, windowMs: 1_000 };
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export async function runDemo(print: (line: string) => void = console.log): Promise<number> {
  const emulator = await startEmulator({ rateLimit: RATE_LIMIT });
  const work = mkdtempSync(join(tmpdir(), "genesys-scim-demo-"));
  const env = {
    ...process.env,
    GENESYSCLOUD_OAUTHCLIENT_ID: emulator.clientId,
    GENESYSCLOUD_OAUTHCLIENT_SECRET: emulator.clientSecret,
  };
  const cli = async (args: string[], show: (out: string) => string = (out) => out) => {
    print(`\n$ genesys-scim ${args.join(" ")}`);
    const stdout = new PassThrough();
    let out = "";
    stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    const io: CliIo = { stdout, stderr: process.stderr, stdin: process.stdin, env, cwd: work };
    const code = await runCli([...args, "--base-url", emulator.url], io, COMMANDS, VERSION);
    const shown = show(out).replace(/\n$/, "");
    if (shown !== "") print(shown);
    print(`(exit ${code})`);
    return { code, out };
  };
  const planOf = (file: string) =>
    JSON.parse(readFileSync(join(work, file), "utf8")) as {
      counts: Record<string, number>;
      items: { kind: string; key: string }[];
    };

  try {
    print(`${VERSION} against the embedded Genesys Cloud SCIM emulator at ${emulator.url}`);
    print(
      `Rate limit ${RATE_LIMIT.limit} requests/s per OAuth client. Credentials come from the environment.`,
    );

    print("\nBefore: Genesys knows one former employee, inactive since she left.");
    const client = createScimClient({
      baseUrl: emulator.url,
      auth: { clientId: emulator.clientId, clientSecret: emulator.clientSecret },
    });
    await client.users.create({
      userName: REHIRE.userName,
      displayName: REHIRE.displayName,
      externalId: REHIRE.externalId,
      active: false,
      title: REHIRE.title,
      [ENTERPRISE]: { department: REHIRE.department, employeeNumber: REHIRE.employeeNumber },
    } as never);

    print("\n1. Plan the HR export (demo/hr/people.csv, 300 people) against the org");
    const first = await cli(
      ["sync", "plan", join(HR, "people.csv"), "--out", "day1.json"],
      abbreviate,
    );
    if (first.code !== 0) return first.code;

    print("\n2. Apply exactly that plan (progress on stderr)");
    const applied = await cli(["sync", "apply", "day1.json"]);
    if (applied.code !== 0) return applied.code;

    print(
      "\n3. The next day's export (demo/hr/people-edited.csv): 4 promotions, a transfer, 3 leavers, a rehire",
    );
    const second = await cli([
      "sync",
      "plan",
      join(HR, "people-edited.csv"),
      "--out",
      "day2.json",
      "--detailed-exitcode",
    ]);
    if (second.code !== 2)
      return fail(print, `expected exit 2 (changes pending), got ${second.code}`);
    print(`   ✓ exit 2: changes pending; ${describeCounts(planOf("day2.json").counts)}`);

    print("\n4. Apply the day-2 plan");
    const applied2 = await cli(["sync", "apply", "day2.json"]);
    if (applied2.code !== 0) return applied2.code;

    print("\n5. Plan again: Genesys now matches HR");
    const third = await cli(["sync", "plan", join(HR, "people-edited.csv"), "--detailed-exitcode"]);
    if (third.code !== 0) return fail(print, `expected exit 0 (no changes), got ${third.code}`);

    print("\n6. Export the org back to CSV: the same columns as the HR file");
    await cli(["export", "users", "--out", "export.csv"]);
    const exported = readFileSync(join(work, "export.csv"), "utf8").split("\n");
    print(
      `   ${exported.length - 2} rows; the first two:\n   ${exported.slice(0, 3).join("\n   ")}`,
    );

    const stats = emulator.stats();
    print(
      `\nDone: ${stats.requests} requests to the emulator (${stats.byStatus["429"] ?? 0} answered 429 and retried), ${stats.users} users, ${stats.groups} groups.`,
    );
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
    await emulator.close();
  }
}

/** A long plan: its first lines, how many more, then what follows the items (counts, notes). */
function abbreviate(out: string): string {
  const lines = out.replace(/\n$/, "").split("\n");
  if (lines.length <= 16) return out;
  let lastItem = lines.length - 1;
  while (lastItem > 0 && !/^[+~!-] /.test(lines[lastItem]!)) lastItem--;
  const hidden = lastItem + 1 - 12;
  return [...lines.slice(0, 12), `… ${hidden} more lines …`, ...lines.slice(lastItem + 1)].join(
    "\n",
  );
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([name, n]) => n > 0 && name !== "unchanged")
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");
}

function fail(print: (line: string) => void, message: string): number {
  print(`demo failed: ${message}`);
  return 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await runDemo();
}
