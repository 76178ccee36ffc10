import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/index.js";

// The CLI as a real process: cli/main.ts bundled once per test file with esbuild (dependencies
// stay in node_modules, as in the package), then spawned with plain node against an emulator
// this test process runs on 127.0.0.1.

export const root = resolve(import.meta.dirname, "../..");
let bundle: Promise<string> | undefined;

/** Builds the CLI once (per test file) into node_modules/.cache, so its imports resolve. */
export function cliBundle(): Promise<string> {
  bundle ??= (async () => {
    const dir = join(root, "node_modules/.cache/genesys-scim-tests", String(process.pid));
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, "genesys-scim.mjs");
    await build({
      entryPoints: [join(root, "cli/main.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      outfile,
      logLevel: "warning",
    });
    return outfile;
  })();
  return bundle;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
  /** Called once the process is running (e.g. to send it SIGINT later). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs `genesys-scim args...`; the environment is only what `env` gives (plus PATH). */
export async function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const main = await cliBundle();
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
  for (const [key, value] of Object.entries(options.env ?? {}))
    if (value !== undefined) env[key] = value;
  const child = spawn(process.execPath, [main, ...args], {
    cwd: options.cwd ?? root,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  options.onSpawn?.(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdin.end(options.stdin ?? "");
  return new Promise((done, fail) => {
    child.once("error", fail);
    child.once("close", (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

export interface CliEmulator {
  emulator: RunningEmulator;
  /** --base-url and the credentials in the environment variables Genesys' tools use. */
  args: string[];
  env: Record<string, string>;
  close(): Promise<void>;
}

export const CLIENT_ID = "cli-test-client";
export const CLIENT_SECRET = "cli-test-secret-4b1d9e7a0c";

export async function startCliEmulator(options: EmulatorOptions = {}): Promise<CliEmulator> {
  const emulator = await startEmulator({
    rateLimit: false,
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
    ...options,
  });
  return {
    emulator,
    args: ["--base-url", emulator.url],
    env: { GENESYSCLOUD_OAUTHCLIENT_ID: CLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET: CLIENT_SECRET },
    close: () => emulator.close(),
  };
}

/** A temporary directory removed by the returned function. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "genesys-scim-test-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
