import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  runCli,
  startCliEmulator,
  tempDir,
  type CliEmulator,
  type CliResult,
} from "./helpers.js";

// Secrets come from the environment, a file or stdin, never from a flag; nothing the CLI prints
// contains one, --verbose and error paths included.

let t: CliEmulator;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  t = await startCliEmulator({ seedUsers: 3 });
  tmp = tempDir();
});
afterAll(async () => {
  await t.close();
  tmp.remove();
});

const LIST = ["users", "list", "--format", "jsonl"];
const noSecretIn = (result: CliResult, ...secrets: string[]) => {
  for (const secret of secrets) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
};

describe("where secrets come from", { timeout: 120_000 }, () => {
  it("the environment, a file, or stdin", async () => {
    const fromEnv = await runCli([...LIST, ...t.args], { env: t.env });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout.trimEnd().split("\n")).toHaveLength(3);

    const secretFile = join(tmp.dir, "secret");
    writeFileSync(secretFile, `${CLIENT_SECRET}\n`);
    chmodSync(secretFile, 0o600);
    const fromFile = await runCli(
      [...LIST, ...t.args, "--client-id", CLIENT_ID, "--client-secret-file", secretFile],
      {},
    );
    expect(fromFile.code).toBe(0);

    const fromStdin = await runCli([...LIST, ...t.args, "--client-secret-stdin"], {
      env: { GENESYSCLOUD_OAUTHCLIENT_ID: CLIENT_ID },
      stdin: `${CLIENT_SECRET}\n`,
    });
    expect(fromStdin.code).toBe(0);

    const token = t.emulator.issueToken();
    const withToken = await runCli([...LIST, ...t.args, "--access-token-stdin"], { stdin: token });
    expect(withToken.code).toBe(0);
    const tokenEnv = await runCli([...LIST, ...t.args], {
      env: { GENESYSCLOUD_ACCESS_TOKEN: token },
    });
    expect(tokenEnv.code).toBe(0);
  });

  it("never a flag value, and the refusal does not echo it", async () => {
    for (const flag of ["--client-secret", "--access-token", "--token", "--secret"]) {
      const result = await runCli([...LIST, ...t.args, flag, "hunter2-flag-value"], {
        env: t.env,
      });
      expect(result.code, flag).toBe(1);
      expect(result.stderr).toContain(`${flag} is not accepted: a secret on the command line`);
      noSecretIn(result, "hunter2-flag-value");
    }
    const eq = await runCli([...LIST, "--client-secret=hunter2-flag-value"], { env: t.env });
    expect(eq.code).toBe(1);
    noSecretIn(eq, "hunter2-flag-value");
  });

  it("refuses an empty or unreadable secret file, naming the file only", async () => {
    const empty = join(tmp.dir, "empty");
    writeFileSync(empty, "\n");
    const result = await runCli([...LIST, ...t.args, "--client-secret-file", empty], {
      env: { GENESYSCLOUD_OAUTHCLIENT_ID: CLIENT_ID },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--client-secret-file ${empty}: the file is empty`);
    const missing = await runCli([...LIST, "--client-secret-file", join(tmp.dir, "nope")], {
      env: { GENESYSCLOUD_OAUTHCLIENT_ID: CLIENT_ID },
    });
    expect(missing.stderr).toContain("cannot read the file (ENOENT)");
  });
});

describe("nothing printed holds a secret", { timeout: 120_000 }, () => {
  it("--verbose logs every request and response, credentials redacted", async () => {
    const result = await runCli([...LIST, ...t.args, "--verbose"], { env: t.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`→ POST ${t.emulator.tokenUrl}`);
    expect(result.stderr).toMatch(/← 200 GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/scim\/v2\/users/);
    expect(result.stderr).toContain("access token from");
    noSecretIn(
      result,
      CLIENT_SECRET,
      Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64"),
    );
    const token = t.emulator.issueToken();
    const withToken = await runCli([...LIST, ...t.args, "--verbose"], {
      env: { GENESYSCLOUD_ACCESS_TOKEN: token },
    });
    expect(withToken.code).toBe(0);
    expect(withToken.stderr).toContain("→ GET");
    noSecretIn(withToken, token);
  });

  it("a wrong secret, a revoked token and an unreachable server fail without one", async () => {
    const wrong = "wrong-secret-5f0e2c9b";
    const bad = await runCli([...LIST, ...t.args, "--verbose"], {
      env: { GENESYSCLOUD_OAUTHCLIENT_ID: CLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET: wrong },
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("authentication failed");
    noSecretIn(bad, wrong);

    const token = t.emulator.issueToken();
    t.emulator.revokeTokens();
    const revoked = await runCli([...LIST, ...t.args, "-v"], {
      env: { GENESYSCLOUD_ACCESS_TOKEN: token },
    });
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toMatch(/401/);
    noSecretIn(revoked, token);

    const down = await runCli([...LIST, "--base-url", "http://127.0.0.1:9", "-v"], {
      env: t.env,
    });
    expect(down.code).toBe(1);
    expect(down.stderr.split("\n").length).toBeLessThan(40);
    noSecretIn(down, CLIENT_SECRET);
  });
});
