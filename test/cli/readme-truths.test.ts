import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index.js";
import { withoutNodeBanner } from "../../scripts/redocly.js";
import { root } from "./helpers.js";

// What a newcomer copies from the README works as written: the emulator's curl lines set every
// variable they use (run under `bash -u` with an empty environment), the CLI line against the
// emulator lists users; and `npm test`'s Redocly runs print no Node-EOL box and send no telemetry.

const run = promisify(execFile);
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The ```sh block that follows `marker` in the README. */
function block(marker: string): string {
  const at = readme.indexOf(marker);
  expect(at, `README should contain ${marker}`).toBeGreaterThan(-1);
  const match = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  return match![1]!;
}

let emulator: RunningEmulator;
beforeAll(async () => {
  expect(readme).toContain(
    "npm run emulator -- --port 8080 --seed-users 100 --client-id demo-client --client-secret demo-secret",
  );
  emulator = await startEmulator({
    seedUsers: 100,
    rateLimit: false,
    clients: [{ clientId: "demo-client", clientSecret: "demo-secret" }],
  });
});
afterAll(() => emulator.close());

const onEmulator = (script: string) =>
  script.replaceAll("127.0.0.1:8080", new URL(emulator.url).host);
const bash = (script: string) =>
  run("bash", ["-euo", "pipefail", "-c", script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "" },
  });

describe("README", { timeout: 120_000 }, () => {
  it("the curl lines set the variables they use", async () => {
    const { stdout } = await bash(onEmulator(block("With fixed credentials")));
    const page = JSON.parse(stdout) as { Resources: { userName: string }[] };
    expect(page.Resources.map((u) => u.userName)).toEqual([
      "user00001@example.com",
      "user00002@example.com",
    ]);
  });

  it("the command line against the emulator lists its users", async () => {
    const { stdout } = await bash(onEmulator(block("and the command line against it")));
    expect(stdout).toContain("id,userName,displayName,active,title");
    expect(stdout).toContain("user00100@example.com");
  });
});

describe("Redocly in npm test", { timeout: 120_000 }, () => {
  it("runs only through scripts/redocly.ts, with telemetry off in the config too", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    for (const [name, script] of Object.entries(pkg.scripts)) {
      expect(script, name).not.toMatch(/(^|[\s&;])(npx )?redocly\s/);
    }
    expect(readFileSync(join(root, "redocly.yaml"), "utf8")).toMatch(/^telemetry: off$/m);
    expect(readFileSync(join(root, "scripts/redocly.ts"), "utf8")).toContain(
      'REDOCLY_TELEMETRY: "off"',
    );
  });

  it("lint:spec prints the lint result without the Node end-of-life box", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "scripts/lint-spec.ts"],
      {
        cwd: root,
      },
    );
    expect(stdout).toContain("Your API description is valid");
    expect(stdout + stderr).not.toMatch(/[╔╚]|end-of-life/);
    const box = [
      "",
      "    ╔══╗",
      "    ║  Deprecation warning: Node.js 20 support is ending  ║",
      "    ╚══╝",
      "",
      "validating...",
    ];
    expect(withoutNodeBanner(box.join("\n"))).toBe("validating...");
  });
});
