import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeConsumerProject } from "./consumer-project.js";

// `npm pack` the library, install the tarball into a fresh project (the tarball plus the npm
// registry, nothing from this repo), type-check a usage file under NodeNext and Bundler
// resolution, and run it with node against a local server.

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}

interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

// Children run outside `npm run`'s environment, so the consumer's npm and tsc see only their project.
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")),
  );
}

async function installedVersion(name: string): Promise<string> {
  const manifest = join(repoRoot, "node_modules", name, "package.json");
  return (JSON.parse(await readFile(manifest, "utf8")) as { version: string }).version;
}

async function startUserServer(requests: RecordedRequest[]): Promise<Server> {
  const server = createServer((request: IncomingMessage, response) => {
    requests.push({
      method: request.method ?? "",
      url: request.url ?? "",
      authorization: request.headers.authorization,
    });
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    if (request.method !== "GET" || path !== "/api/v2/scim/v2/users/u-1") {
      response.writeHead(404, { "content-type": "application/scim+json" });
      response.end(
        JSON.stringify({ status: 404, detail: `no route for ${request.method} ${path}` }),
      );
      return;
    }
    response.writeHead(200, { "content-type": "application/scim+json", etag: 'W/"3"' });
    response.end(
      JSON.stringify({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        id: "u-1",
        userName: "ada@example.com",
        active: true,
        meta: { resourceType: "User", version: 'W/"3"' },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

describe("the packed library in a fresh consumer project", () => {
  let workDir: string;
  let projectDir: string;
  let packed: PackResult;
  let server: Server;
  const requests: RecordedRequest[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "scim-consumer-"));
    // prepack builds dist/ first, so the tarball always holds a fresh build.
    const pack = await run("npm", ["pack", "--json", "--pack-destination", workDir], {
      cwd: repoRoot,
      env: childEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
    const results = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as PackResult[];
    packed = results[0]!;

    projectDir = join(workDir, "project");
    await writeConsumerProject(projectDir);
    const tooling = [
      `typescript@${await installedVersion("typescript")}`,
      `@types/node@${await installedVersion("@types/node")}`,
    ];
    await run(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        join(workDir, packed.filename),
        ...tooling,
      ],
      { cwd: projectDir, env: childEnv() },
    );
    server = await startUserServer(requests);
  });

  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("packs the built library, the bundled spec and nothing else", () => {
    const paths = packed.files.map((file) => file.path);
    console.log(
      `packed ${packed.filename}: ${packed.size} bytes, ${packed.unpackedSize} bytes unpacked, ` +
        `${packed.entryCount} files`,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "dist/src/index.js",
        "dist/src/index.d.ts",
        "dist/generated/schema.d.ts",
        "generated/openapi.yaml",
      ]),
    );
    const unexpected = paths.filter(
      (path) =>
        !["package.json", "README.md", "LICENSE", "generated/openapi.yaml"].includes(path) &&
        !/^dist\/(src|generated)\/([\w-]+\/)*[\w.-]+\.(js|d\.ts)$/.test(path),
    );
    expect(unexpected).toEqual([]);
  });

  it("type-checks under moduleResolution NodeNext (and compiles the usage for node)", async () => {
    const tsc = join(projectDir, "node_modules", ".bin", "tsc");
    const result = await run(tsc, ["-p", "tsconfig.nodenext.json"], { cwd: projectDir }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
    );
    expect(result.stdout).toBe("");
    expect("failed" in result).toBe(false);
  });

  it("type-checks under moduleResolution Bundler", async () => {
    const tsc = join(projectDir, "node_modules", ".bin", "tsc");
    const result = await run(tsc, ["-p", "tsconfig.bundler.json"], { cwd: projectDir }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
    );
    expect(result.stdout).toBe("");
    expect("failed" in result).toBe(false);
  });

  it("imports, creates a client and gets a user from a local server", async () => {
    const { port } = server.address() as AddressInfo;
    const { stdout } = await run("node", ["run.mjs", `http://127.0.0.1:${port}`, "u-1"], {
      cwd: projectDir,
      env: childEnv(),
    });
    const outcome = JSON.parse(stdout) as {
      user: { id: string; userName: string; active: boolean };
      specPath: string;
      specStart: string;
      deepImport: string;
    };
    expect(outcome.user).toMatchObject({ id: "u-1", userName: "ada@example.com", active: true });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    const url = new URL(request!.url, "http://127.0.0.1");
    expect(request).toMatchObject({ method: "GET", authorization: "Bearer t" });
    expect(url.pathname).toBe("/api/v2/scim/v2/users/u-1");
    expect(url.searchParams.get("attributes")).toBe("userName,active");
    // The bundled spec is a subpath export; internals are not.
    expect(outcome.specPath).toContain(join("node_modules", "genesys-cloud-scim", "generated"));
    expect(outcome.specStart).toMatch(/^openapi: 3\.1/m);
    expect(outcome.deepImport).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });
});
