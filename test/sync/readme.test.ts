// The README's sync example, extracted, type-checked and run against the emulator: the first run
// creates the users and groups, the second plans no changes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index.js";

const root = resolve(import.meta.dirname, "../..");

function syncExample(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Sync"));
  const match = /```ts\n([\s\S]*?)```/.exec(section.slice(0, section.indexOf("\n## ", 1)));
  if (!match) throw new Error("README.md: no ```ts block in the ## Sync section");
  return match[1]!;
}

function rewrite(example: string, baseUrl: string, dir: string): string {
  const rewrites: [string, string][] = [
    [`from "genesys-cloud-scim";`, `from ${JSON.stringify(join(root, "src/index.js"))};`],
    [`from "genesys-cloud-scim/sync";`, `from ${JSON.stringify(join(root, "src/sync/index.js"))};`],
    [`region: "mypurecloud.ie",`, `baseUrl: ${JSON.stringify(baseUrl)},`],
  ];
  let code = example;
  for (const [from, to] of rewrites) {
    expect(code.split(from), `README sync example should contain ${from} once`).toHaveLength(2);
    code = code.replace(from, to);
  }
  for (const file of ["sync-plan.json", "sync-plan.journal"]) {
    code = code.replaceAll(JSON.stringify(file), JSON.stringify(join(dir, file)));
  }
  return code;
}

let dir: string;
let emulator: RunningEmulator;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "readme-sync-"));
  emulator = await startEmulator({ rateLimit: false });
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(name: string): Promise<string[]> {
  rmSync(join(dir, "sync-plan.journal"), { force: true });
  const file = join(dir, `${name}.mts`);
  writeFileSync(file, rewrite(syncExample(), emulator.url, dir));
  vi.stubEnv("GENESYS_CLIENT_ID", emulator.clientId);
  vi.stubEnv("GENESYS_CLIENT_SECRET", emulator.clientSecret);
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    await import(pathToFileURL(file).href);
    return log.mock.calls.map((args) => args.join(" "));
  } finally {
    log.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe("README sync example", () => {
  it("type-checks", () => {
    const file = join(dir, "typecheck.mts");
    writeFileSync(file, rewrite(syncExample(), "http://127.0.0.1:8080", dir));
    const config = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const program = ts.createProgram([file], { ...options, noEmit: true });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  }, 60_000);

  it("runs: creates two users and their groups, then plans no changes", async () => {
    const first = await run("first");
    expect(first[0]).toContain('+ create group "Leads"');
    expect(first[0]).toContain('+ create E2 (alan@example.com, "Alan")');
    expect(first[0]).not.toContain("E3 ("); // a leaver who does not exist is not created
    expect(first[1]).toBe("6 applied, 0 replanned, 0 failed");
    const second = await run("second");
    expect(second[0]).toContain("No changes.");
    expect(second[1]).toBe("0 applied, 0 replanned, 0 failed");
  }, 60_000);
});
