import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeBlock } from "./readme-blocks.js";

// Both packed tarballs (the client and genesys-cloud-scim-emulator) in a fresh project with only
// the npm registry besides: the emulator README's vitest suite runs there as a user's own test
// suite would, the client README's usage example runs against the emulator, and the emulator's
// bin serves until it is stopped by its PID.

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")),
  );
}

async function installedVersion(name: string): Promise<string> {
  const manifest = join(repoRoot, "node_modules", name, "package.json");
  return (JSON.parse(await readFile(manifest, "utf8")) as { version: string }).version;
}

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

async function pack(args: string[], destination: string): Promise<PackResult> {
  const { stdout } = await run(
    "npm",
    ["pack", "--json", "--pack-destination", destination, ...args],
    {
      cwd: repoRoot,
      env: childEnv(),
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return (JSON.parse(stdout.slice(stdout.indexOf("["))) as PackResult[])[0]!;
}

/** Runs the client README's usage example (readme-usage.ts) against the emulator. */
const README_USAGE_TEST = `import { createScimClient } from "genesys-cloud-scim";
import { startEmulator, type RunningEmulator } from "genesys-cloud-scim-emulator";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: { limit: 2, windowMs: 1_000 } });
  process.env.GENESYS_CLIENT_ID = emulator.clientId;
  process.env.GENESYS_CLIENT_SECRET = emulator.clientSecret;
  process.env.SCIM_BASE_URL = emulator.url;
  const client = createScimClient({ baseUrl: emulator.url, auth: { accessToken: emulator.issueToken() } });
  await client.users.create({ userName: "jane.doe@example.com", displayName: "Jane Doe" });
});
afterAll(() => emulator.close());

it("runs the README usage example", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  await import("./readme-usage.js");
  expect(log.mock.calls).toEqual([["jane.doe@example.com is now Team Lead"]]);
  // The create above, a list and a PATCH through 2 requests per second: a 429, waited out and retried.
  expect(emulator.stats().byStatus["429"]).toBeGreaterThanOrEqual(1);
});
`;

/** Runs the client README's emulator snippet (readme-emulator.ts, top-level await). */
const README_EMULATOR_TEST = `import { it } from "vitest";

it("runs the README emulator snippet", async () => {
  await import("./readme-emulator.js");
});
`;

describe("both packed packages in a fresh project", () => {
  let workDir: string;
  let projectDir: string;
  let client: PackResult;
  let emulatorPack: PackResult;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "scim-two-packages-"));
    client = await pack([], workDir);
    emulatorPack = await pack(["--workspace", "emulator"], workDir);
    projectDir = join(workDir, "project");
    await mkdir(projectDir);
    const manifest = { name: "my-provisioning", private: true, type: "module" };
    await writeFile(join(projectDir, "package.json"), JSON.stringify(manifest, null, 2));
    const emulatorReadme = await readFile(join(repoRoot, "emulator/README.md"), "utf8");
    const clientReadme = await readFile(join(repoRoot, "README.md"), "utf8");
    await writeFile(
      join(projectDir, "provisioning.test.ts"),
      readmeBlock(emulatorReadme, "## In a test suite", "ts"),
    );
    await writeFile(
      join(projectDir, "readme-usage.ts"),
      readmeBlock(clientReadme, "## Usage", "ts").replace(
        `region: "mypurecloud.ie",`,
        "baseUrl: process.env.SCIM_BASE_URL!,",
      ),
    );
    await writeFile(join(projectDir, "readme-usage.test.ts"), README_USAGE_TEST);
    await writeFile(
      join(projectDir, "readme-emulator.ts"),
      readmeBlock(clientReadme, "## The emulator", "ts"),
    );
    await writeFile(join(projectDir, "readme-emulator.test.ts"), README_EMULATOR_TEST);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022"],
        types: ["node"],
        noEmit: true,
        skipLibCheck: true,
      },
      include: ["*.ts"],
    };
    await writeFile(join(projectDir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    await run(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        join(workDir, client.filename),
        join(workDir, emulatorPack.filename),
        `vitest@${await installedVersion("vitest")}`,
        `typescript@${await installedVersion("typescript")}`,
        `@types/node@${await installedVersion("@types/node")}`,
      ],
      { cwd: projectDir, env: childEnv() },
    );
  });

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("packs the emulator's build and nothing of the demo, the client, tests or sources", () => {
    console.log(
      `packed ${emulatorPack.filename}: ${emulatorPack.size} bytes, ${emulatorPack.unpackedSize} bytes unpacked, ` +
        `${emulatorPack.entryCount} files; ${client.filename}: ${client.size} bytes`,
    );
    const paths = emulatorPack.files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "dist/index.js",
        "dist/index.d.ts",
        "dist/cli.js",
      ]),
    );
    const unexpected = paths.filter(
      (path) =>
        !["package.json", "README.md", "LICENSE"].includes(path) &&
        !/^dist\/[\w.-]+\.(js|d\.ts)$/.test(path),
    );
    expect(unexpected).toEqual([]);
    expect(paths.some((path) => /walkthrough|start\./.test(path))).toBe(false);
  });

  it("installs the emulator's own dependencies and adds none to the client", async () => {
    const clientManifest = JSON.parse(
      await readFile(join(projectDir, "node_modules/genesys-cloud-scim/package.json"), "utf8"),
    ) as { dependencies?: Record<string, string> };
    // The library's one dependency plus the genesys-scim bin's (CSV, progress bar, proxy agent;
    // the library entry imports none of them): none of the emulator's.
    expect(Object.keys(clientManifest.dependencies ?? {}).sort()).toEqual(
      ["cli-progress", "csv-parse", "csv-stringify", "openapi-fetch", "undici"].sort(),
    );
    for (const name of ["scimmy", "scimmy-routers", "express"]) {
      await expect(
        readFile(join(projectDir, "node_modules", name, "package.json"), "utf8"),
      ).resolves.toContain(`"name": "${name}"`);
    }
  });

  it("type-checks the test suites against both packages' shipped types", async () => {
    const tsc = join(projectDir, "node_modules", ".bin", "tsc");
    const result = await run(tsc, ["-p", "tsconfig.json"], { cwd: projectDir }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
    );
    expect(result.stdout).toBe("");
    expect("failed" in result).toBe(false);
  });

  it("runs the READMEs' vitest suites there: startEmulator in beforeAll, close in afterAll", async () => {
    const vitest = join(projectDir, "node_modules", ".bin", "vitest");
    const result = await run(vitest, ["run", "--reporter", "verbose"], {
      cwd: projectDir,
      env: { ...childEnv(), CI: "1", NO_COLOR: "1" },
    }).catch((error: { stdout: string; stderr: string }) => ({ ...error, failed: true }));
    expect("failed" in result ? `${result.stdout}\n${result.stderr}` : "").toBe("");
    expect(result.stdout).toMatch(/Test Files\s+3 passed \(3\)/);
    expect(result.stdout).toContain("provisions a new hire and finds them again");
    expect(result.stdout).toContain("runs the README usage example");
    expect(result.stdout).toContain("runs the README emulator snippet");
  });

  it("prints its usage under its own name", async () => {
    const bin = join(projectDir, "node_modules", ".bin", "genesys-cloud-scim-emulator");
    const { stdout } = await run(bin, ["--help"], { cwd: projectDir, env: childEnv() });
    expect(stdout).toMatch(/^Usage: genesys-cloud-scim-emulator \[options\]/);
    expect(stdout).toContain("--seed-users");
  });

  it("serves from the bin with the README's flags until stopped by PID", async () => {
    const bin = join(projectDir, "node_modules", ".bin", "genesys-cloud-scim-emulator");
    const child = spawn(bin, ["--port", "0", "--rate-limit", "300", "--seed-users", "100"], {
      cwd: projectDir,
      env: childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      let out = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("Press Ctrl+C")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`the bin exited ${code}: ${out}`)));
      });
      const field = (name: string) => new RegExp(`${name}\\s+(\\S+)`).exec(out)?.[1] ?? "";
      const basic = Buffer.from(`${field("Client ID")}:${field("Client secret")}`).toString(
        "base64",
      );
      const token = await fetch(field("Token URL"), {
        method: "POST",
        headers: {
          authorization: `Basic ${basic}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "grant_type=client_credentials",
      });
      const { access_token } = (await token.json()) as { access_token: string };
      const users = await fetch(`${field("Base URL")}/api/v2/scim/v2/users?count=2`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(users.status).toBe(200);
      expect(await users.json()).toMatchObject({ totalResults: 100, itemsPerPage: 2 });
    } finally {
      process.kill(child.pid!, "SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
