// The README's usage example, extracted and run for real, so it cannot rot: it is type-checked
// with the project's compiler options, then run (twice: a successful conditional PATCH, and one
// refused as stale) against a local server standing in for Genesys Cloud.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { createScimClient } from "../../src/index.js";
import { rateLimitBody, startServer, user, type ScriptedServer } from "./server.js";

const root = resolve(import.meta.dirname, "../..");
const CLIENT_ID = "readme-client";
const CLIENT_SECRET = "readme-secret-value";

/** The first ```ts block of the README's "## Usage" section. */
function readmeExample(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Usage"));
  const match = /```ts\n([\s\S]*?)```/.exec(section.slice(0, section.indexOf("\n## ", 1)));
  if (!match) throw new Error("README.md: no ```ts block in the ## Usage section");
  return match[1]!;
}

/** The ```ts block of the README's "### Provisioning helpers" section. */
function helpersExample(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Provisioning helpers"));
  const match = /```ts\n([\s\S]*?)```/.exec(section.slice(0, section.indexOf("\n### ", 1)));
  if (!match) throw new Error("README.md: no ```ts block in the Provisioning helpers section");
  return match[1]!;
}

/** The example pointed at `baseUrl` and at this checkout; each rewrite must apply exactly once. */
function rewrite(example: string, baseUrl: string): string {
  const rewrites: [string, string][] = [
    [`from "genesys-cloud-scim"`, `from ${JSON.stringify(join(root, "src/index.js"))}`],
    [`region: "mypurecloud.ie",`, `baseUrl: ${JSON.stringify(baseUrl)},`],
  ];
  let code = example;
  for (const [from, to] of rewrites) {
    expect(code.split(from), `README example should contain ${from} once`).toHaveLength(2);
    code = code.replace(from, to);
  }
  return code;
}

let dir: string;
let server: ScriptedServer | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "readme-example-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

/** A fake Genesys Cloud: token endpoint, one 429 on the first list, then Jane; PATCH as `patchReply`. */
function genesys(patchReply: "ok" | "stale") {
  const jane = user("4f1c", { userName: "jane.doe@example.com", meta: { version: '"3"' } });
  let lists = 0;
  return startServer((request) => {
    if (request.path === "/oauth/token") {
      const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
      if (request.headers.authorization !== `Basic ${basic}`)
        return { status: 401, body: { error: "invalid_client" } };
      return { body: { access_token: "tok-readme", token_type: "bearer", expires_in: 3600 } };
    }
    if (request.headers.authorization !== "Bearer tok-readme") return { status: 401 };
    if (request.method === "GET" && request.path === "/api/v2/scim/v2/users") {
      if (++lists === 1)
        return { status: 429, headers: { "Retry-After": "0" }, body: rateLimitBody(0) };
      const matches = request.query.get("filter") === 'userName eq "jane.doe@example.com"';
      return {
        body: { totalResults: matches ? 1 : 0, startIndex: 1, Resources: matches ? [jane] : [] },
      };
    }
    if (request.method === "PATCH" && request.path === "/api/v2/scim/v2/users/4f1c") {
      if (patchReply === "stale" || request.headers["if-match"] !== '"3"') {
        return {
          status: 400,
          body: {
            schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
            status: "400",
            scimType: "invalidVers",
          },
        };
      }
      const { Operations } = JSON.parse(request.body) as {
        Operations: { op: string; path: string; value: string }[];
      };
      const title = Operations.find((o) => o.op === "replace" && o.path === "title")?.value;
      return { body: { ...jane, title, meta: { version: '"4"' } } };
    }
    return { status: 404, body: { detail: `unexpected ${request.method} ${request.path}` } };
  });
}

async function runExample(
  name: string,
  example = readmeExample(),
  target = { url: server?.url ?? "", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
): Promise<string[]> {
  const file = join(dir, `${name}.mts`);
  writeFileSync(file, rewrite(example, target.url));
  vi.stubEnv("GENESYS_CLIENT_ID", target.clientId);
  vi.stubEnv("GENESYS_CLIENT_SECRET", target.clientSecret);
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  await import(pathToFileURL(file).href);
  return log.mock.calls.map((args) => args.join(" "));
}

function typeProblems(name: string, example: string): string[] {
  const file = join(dir, `${name}.mts`);
  writeFileSync(file, rewrite(example, "http://127.0.0.1:8080"));
  const config = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram([file], { ...options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("README provisioning helpers example", () => {
  it("type-checks, without a non-null assertion in either example", () => {
    expect(typeProblems("helpers-typecheck", helpersExample())).toEqual([]);
    for (const example of [readmeExample(), helpersExample()]) {
      expect(example).not.toMatch(/[\w)\]]!/);
    }
  }, 60_000);

  it("runs against the emulator: reactivates and updates, creates, sets the members", async () => {
    const emulator = await startEmulator({ rateLimit: false });
    try {
      const admin = createScimClient({
        baseUrl: emulator.url,
        auth: { accessToken: emulator.issueToken() },
      });
      // Alan left and was deactivated; his row is back. Nobody else is in Engineering yet.
      const alan = await admin.users.create({
        userName: "alan@example.com",
        displayName: "Alan Turing",
        externalId: "E-1002",
        title: "Visitor",
      });
      await admin.users.delete(alan.id);
      const stranger = await admin.users.create({ userName: "x@example.com", displayName: "X" });
      const team = await admin.groups.create({
        displayName: "Engineering",
        members: [{ value: stranger.id }],
      });

      const output = await runExample("helpers", helpersExample(), emulator);
      expect(output).toEqual(["Engineering: 2 members"]);
      const revived = await admin.users.get(alan.id);
      expect([revived.active, revived.title]).toEqual([true, "Researcher"]);
      const ada = await admin.users.findByExternalId("E-1001");
      expect(ada?.userName).toBe("ada@example.com");
      const members = (await admin.groups.get(team.id)).members?.map((m) => m.value).sort();
      expect(members).toEqual([alan.id, ada?.id].sort());
      // Run again: nothing to change, nothing created.
      vi.restoreAllMocks();
      expect(await runExample("helpers-again", helpersExample(), emulator)).toEqual([
        "Engineering: 2 members",
      ]);
      expect(emulator.stats().users).toBe(3);
    } finally {
      await emulator.close();
    }
  }, 60_000);
});

describe("README usage example", () => {
  it("type-checks", () => {
    const file = join(dir, "typecheck.mts");
    writeFileSync(file, rewrite(readmeExample(), "http://127.0.0.1:8080"));
    const config = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const program = ts.createProgram([file], { ...options, noEmit: true });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  }, 60_000);

  it("runs: finds the user through a 429, patches with If-Match", async () => {
    server = await genesys("ok");
    expect(await runExample("ok")).toEqual(["jane.doe@example.com is now Team Lead"]);
    const patchRequest = server.requests.find((r) => r.method === "PATCH");
    expect(patchRequest?.headers["if-match"]).toBe('"3"');
    expect(patchRequest?.headers["content-type"]).toBe("application/scim+json");
    expect(JSON.parse(patchRequest!.body)).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "title", value: "Team Lead" }],
    });
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.apiRequests().map((r) => r.method)).toEqual(["GET", "GET", "PATCH"]);
  });

  it("runs: handles a stale ETag through ScimApiError", async () => {
    server = await genesys("stale");
    expect(await runExample("stale")).toEqual([
      "jane.doe@example.com changed meanwhile: read it again and retry",
    ]);
  });
});
