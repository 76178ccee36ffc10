import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCliEmulator, type CliEmulator } from "./helpers.js";

// users list|get and groups list|get as real processes against the emulator: data on stdout,
// messages on stderr, exit codes, every format.

let t: CliEmulator;
let inactiveId: string;
beforeAll(async () => {
  t = await startCliEmulator({ seedUsers: 60, seedGroups: 3 });
  const token = t.emulator.issueToken();
  const user = (await (
    await fetch(
      `${t.emulator.scimUrls.v2}/users?filter=${encodeURIComponent('userName eq "user00007@example.com"')}`,
      { headers: { authorization: `Bearer ${token}` } },
    )
  ).json()) as { Resources: { id: string }[] };
  inactiveId = user.Resources[0]!.id;
  const response = await fetch(`${t.emulator.scimUrls.v2}/users/${inactiveId}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(204);
}, 60_000);
afterAll(() => t.close());

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli([...args, ...t.args], { env: { ...t.env, ...env } });

describe("users list", { timeout: 120_000 }, () => {
  it("streams every active user across pages as a table", async () => {
    const result = await cli(["users", "list", "--page-size", "7"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^id\s+userName\s+displayName\s+active\s+title$/);
    expect(lines).toHaveLength(1 + 59);
    expect(result.stdout).not.toContain("user00007@example.com");
  });

  it("--include-inactive adds the users an unfiltered list leaves out", async () => {
    const result = await cli(["users", "list", "--include-inactive", "--format", "jsonl"]);
    expect(result.code).toBe(0);
    const users = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(users).toHaveLength(60);
    expect(users.find((u) => u.id === inactiveId)?.active).toBe(false);
  });

  it("--filter is parsed into the builders and sent; --attributes trims and sets the columns", async () => {
    const result = await cli([
      "users",
      "list",
      "--filter",
      'userName sw "user0001" and title ne "Agent"',
      "--attributes",
      "userName,title",
      "--format",
      "csv",
    ]);
    expect(result.code).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).toEqual(["id", "userName", "title"]);
    for (const row of rows) {
      expect(row.userName).toMatch(/^user0001\d@example\.com$/);
      expect(row.title).not.toBe("Agent");
    }
  });

  it("json is one array, formatted", async () => {
    const result = await cli([
      "users",
      "list",
      "--filter",
      'userName eq "user00002@example.com"',
      "--format",
      "json",
    ]);
    expect(result.code).toBe(0);
    const users = JSON.parse(result.stdout) as { userName: string }[];
    expect(users.map((u) => u.userName)).toEqual(["user00002@example.com"]);
    const none = await cli([
      "users",
      "list",
      "--filter",
      'userName eq "nobody@example.com"',
      "--format",
      "json",
    ]);
    expect(JSON.parse(none.stdout)).toEqual([]);
  });

  it("refuses an invalid filter with the column of the problem, sending nothing", async () => {
    const before = t.emulator.stats().requests;
    const result = await cli(["users", "list", "--filter", 'userName sw "a" and title xx "b"']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("invalid --filter at column 27: expected an operator");
    expect(result.stderr).toContain('  userName sw "a" and title xx "b"\n' + " ".repeat(28) + "^");
    for (const [filter, column] of [
      ['userName eq "a', 13],
      ["(active eq true", 16],
      ['emails[type eq "work"]', 7],
      ["", 1],
    ] as const) {
      const bad = await cli(["users", "list", "--filter", filter]);
      expect(bad.code, filter).toBe(1);
      expect(bad.stderr, filter).toContain(`at column ${column}:`);
    }
    expect(t.emulator.stats().requests).toBe(before);
  });
});

describe("users get, groups", { timeout: 120_000 }, () => {
  it("gets a user by id or by userName, as JSON by default", async () => {
    const byName = await cli(["users", "get", "user00003@example.com"]);
    expect(byName.code).toBe(0);
    const user = JSON.parse(byName.stdout) as { id: string; userName: string };
    expect(user.userName).toBe("user00003@example.com");
    const byId = await cli(["users", "get", user.id, "--format", "table"]);
    expect(byId.stdout).toContain("user00003@example.com");
    const missing = await cli(["users", "get", "nobody@example.com"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no user with userName "nobody@example.com"');
    const unknownId = await cli(["users", "get", "00000000-0000-4000-8000-000000000000"]);
    expect(unknownId.code).toBe(1);
    expect(unknownId.stderr).toMatch(/404/);
  });

  it("lists groups with member counts and gets one by displayName", async () => {
    const list = await cli(["groups", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^id\s+displayName\s+externalId\s+members\n/);
    expect(list.stdout).toMatch(/Group 001\s+hr-group-1\s+20\n/);
    const one = await cli(["groups", "get", "Group 002", "--format", "jsonl"]);
    expect(JSON.parse(one.stdout).displayName).toBe("Group 002");
  });
});

describe("usage errors", { timeout: 120_000 }, () => {
  it("suggests the command or flag meant, exit 1, nothing on stdout", async () => {
    const typo = await cli(["users", "lsit"]);
    expect(typo).toMatchObject({ code: 1, stdout: "" });
    expect(typo.stderr).toContain('unknown command "users lsit". Did you mean users list?');
    const flag = await cli(["users", "list", "--fitler", "x"]);
    expect(flag.stderr).toContain("unknown flag --fitler. Did you mean --filter?");
    const group = await runCli(["user", "list"]);
    expect(group.stderr).toContain('unknown command "user". Did you mean users?');
    const format = await cli(["users", "list", "--format", "yaml"]);
    expect(format.stderr).toContain("--format must be one of table, json, jsonl, csv");
    const extra = await cli(["users", "list", "surplus"]);
    expect(extra.stderr).toContain('unexpected argument "surplus"');
    const missingArg = await cli(["users", "get"]);
    expect(missingArg.stderr).toContain("missing <id | userName>");
  });

  it("prints help and version on stdout with exit 0", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("sync plan <source>");
    const commandHelp = await runCli(["sync", "plan", "--help"]);
    expect(commandHelp.stdout).toContain("--detailed-exitcode");
    const version = await runCli(["--version"]);
    expect(version.stdout).toMatch(/^genesys-scim \d+\.\d+\.\d+\n$/);
  });

  it("names the variables to set when credentials are missing", async () => {
    const result = await runCli(["users", "list", ...t.args]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no credentials");
    expect(result.stderr).toContain(
      "GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET",
    );
    expect(result.stderr).toContain("GENESYSCLOUD_ACCESS_TOKEN");
  });

  it("accepts region domains and AWS names, and refuses others with a suggestion", async () => {
    const bad = await runCli(["users", "list", "--region", "eu-west-9"], { env: t.env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      '--region "eu-west-9" is not a Genesys Cloud region. Did you mean eu-west-1?',
    );
    const envBad = await runCli(["users", "list"], {
      env: { ...t.env, GENESYSCLOUD_REGION: "mypurecloud.xx" },
    });
    expect(envBad.stderr).toContain(
      'GENESYSCLOUD_REGION "mypurecloud.xx" is not a Genesys Cloud region',
    );
    const both = await runCli(["users", "list", "--region", "eu-west-1", ...t.args], {
      env: t.env,
    });
    expect(both.stderr).toContain("--region and --base-url are mutually exclusive");
  });
});
