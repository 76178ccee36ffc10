// `npm run test:runtimes` (and .ci/run): the packed client's smoke test (smoke.mjs) under Node 20
// (this process's node), Node 22 and 24, Bun and Deno. The runtimes are npm packages installed
// into this fixture project only (`npm ci --ignore-scripts` here): installed in the repository root,
// their `node` bin would shadow the toolchain's. Each runtime gets a fresh emulator, started here
// under the toolchain's Node; origin and credentials reach the script through its environment.
import { execFile, spawn } from "node:child_process";
import { access, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startEmulator } from "../../emulator/index.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const bins = join(here, "node_modules");
const run = promisify(execFile);
// 5 minutes per runtime: generous for a loaded machine, a hang still ends.
const RUNTIME_TIMEOUT_MS = 300_000;

interface Runtime {
  name: string;
  command: string;
  /** Arguments before the script; Deno's permissions name exactly what the smoke test needs. */
  args(projectDir: string, port: number): string[];
  env?: Record<string, string>;
}

const SMOKE_ENV = [
  "SMOKE_BASE_URL",
  "SMOKE_CLIENT_ID",
  "SMOKE_CLIENT_SECRET",
  "SMOKE_ACCESS_TOKEN",
];

const RUNTIMES: Runtime[] = [
  { name: "node 20", command: process.execPath, args: () => [] },
  { name: "node 22", command: join(bins, "node22/bin/node"), args: () => [] },
  { name: "node 24", command: join(bins, "node24/bin/node"), args: () => [] },
  // The `bun` launcher package needs its postinstall, which npm 11 blocks: call the binary.
  {
    name: "bun",
    command: join(bins, "@oven/bun-linux-x64/bin/bun"),
    args: () => [],
    env: { DO_NOT_TRACK: "1", BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0" },
  },
  {
    name: "deno",
    command: join(bins, "@deno/linux-x64-glibc/deno"),
    args: (projectDir, port) => [
      "run",
      "--no-prompt",
      "--no-config",
      "--node-modules-dir=manual",
      `--allow-net=127.0.0.1:${port}`,
      `--allow-env=${SMOKE_ENV.join(",")}`,
      `--allow-read=${projectDir}`,
    ],
    env: { DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" },
  },
];

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")),
  );
  return { ...env, ...extra };
}

async function installRuntimes(): Promise<void> {
  await run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: here,
    env: childEnv({}),
  });
}

/** A fresh project with the packed client installed from its tarball and the smoke script. */
async function consumerProject(workDir: string): Promise<string> {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", workDir], {
    cwd: repoRoot,
    env: childEnv({}),
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string }[];
  const projectDir = join(workDir, "project");
  await mkdir(projectDir);
  const manifest = { name: "runtime-smoke", private: true, type: "module" };
  await writeFile(join(projectDir, "package.json"), JSON.stringify(manifest, null, 2));
  await copyFile(join(here, "smoke.mjs"), join(projectDir, "smoke.mjs"));
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", join(workDir, packed!.filename)],
    { cwd: projectDir, env: childEnv({}) },
  );
  return projectDir;
}

interface Outcome {
  name: string;
  ok: boolean;
  detail: string;
  ms: number;
}

function runScript(
  runtime: Runtime,
  projectDir: string,
  port: number,
  env: Record<string, string>,
  script: string[] = ["smoke.mjs"],
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(runtime.command, [...runtime.args(projectDir, port), ...script], {
      cwd: projectDir,
      env: childEnv({ ...env, ...runtime.env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => process.kill(child.pid!, "SIGKILL"), RUNTIME_TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: String(error) });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The packed package's command line, when the build has one (its `bin`): it must start under the
 * runtime. Checks of real CLI commands against the emulator belong here, next to `--help`.
 */
async function cliSmoke(
  runtime: Runtime,
  projectDir: string,
  port: number,
): Promise<{ ok: boolean; detail: string }> {
  const manifestPath = join(projectDir, "node_modules/genesys-cloud-scim/package.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const bin =
    typeof manifest.bin === "string" ? manifest.bin : Object.values(manifest.bin ?? {})[0];
  if (bin === undefined) return { ok: true, detail: "no CLI in this build" };
  const script = join("node_modules/genesys-cloud-scim", bin);
  const result = await runScript(runtime, projectDir, port, {}, [script, "--help"]);
  return result.code === 0
    ? { ok: true, detail: `CLI ${bin} --help ok` }
    : { ok: false, detail: `CLI ${bin} --help: exit ${result.code}\n${result.stderr}` };
}

async function smoke(runtime: Runtime, projectDir: string): Promise<Outcome> {
  const started = Date.now();
  // 5 requests per second per client: the smoke test's burst of 8 must be retried.
  const emulator = await startEmulator({ seedUsers: 5, rateLimit: { limit: 5, windowMs: 1_000 } });
  try {
    await access(runtime.command);
    const result = await runScript(runtime, projectDir, emulator.port, {
      SMOKE_BASE_URL: emulator.url,
      SMOKE_CLIENT_ID: emulator.clientId,
      SMOKE_CLIENT_SECRET: emulator.clientSecret,
      SMOKE_ACCESS_TOKEN: emulator.issueToken(),
    });
    const line = result.stdout.trim().split("\n").at(-1) ?? "";
    if (result.code !== 0 || !line.startsWith("{")) {
      const detail = `exit ${result.code}\n${result.stdout}${result.stderr}`;
      return { name: runtime.name, ok: false, detail, ms: Date.now() - started };
    }
    const report = JSON.parse(line) as { runtime: string; checks: string[] };
    const cli = await cliSmoke(runtime, projectDir, emulator.port);
    const detail = `${report.runtime}: ${report.checks.length} checks passed; ${cli.detail}`;
    return { name: runtime.name, ok: cli.ok, detail, ms: Date.now() - started };
  } catch (error) {
    return { name: runtime.name, ok: false, detail: String(error), ms: Date.now() - started };
  } finally {
    await emulator.close();
  }
}

const workDir = await mkdtemp(join(tmpdir(), "scim-runtimes-"));
try {
  await installRuntimes();
  const projectDir = await consumerProject(workDir);
  const outcomes: Outcome[] = [];
  for (const runtime of RUNTIMES) {
    const outcome = await smoke(runtime, projectDir);
    outcomes.push(outcome);
    console.log(
      `${outcome.ok ? "ok  " : "FAIL"} ${outcome.name.padEnd(8)} ${outcome.detail} (${outcome.ms} ms)`,
    );
  }
  const failed = outcomes.filter((outcome) => !outcome.ok);
  if (failed.length > 0) {
    console.error(
      `runtime smoke test failed under: ${failed.map((outcome) => outcome.name).join(", ")}`,
    );
    process.exitCode = 1;
  }
} finally {
  await rm(workDir, { recursive: true, force: true });
}
