import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../emulator/cli-args.js";

describe("parseCliArgs", () => {
  it("maps the flags onto emulator options", () => {
    expect(parseCliArgs(["--daily-limit", "10000"])).toEqual({
      help: false,
      options: { port: 8080, dailyLimit: { limit: 10_000 } },
    });
    expect(parseCliArgs(["--port", "8080", "--rate-limit", "300", "--seed-users", "100"])).toEqual({
      help: false,
      options: { port: 8080, rateLimit: { limit: 300, windowMs: 60_000 }, seedUsers: 100 },
    });
    expect(
      parseCliArgs([
        "--port=0",
        "--rate-limit=50",
        "--rate-window=1",
        "--seed-groups=3",
        "--token-ttl=0.5",
        "--max-page-size=25",
        "--client-id=app",
        "--client-secret=s",
        "--host=::1",
      ]),
    ).toEqual({
      help: false,
      options: {
        port: 0,
        host: "::1",
        rateLimit: { limit: 50, windowMs: 1000 },
        seedGroups: 3,
        tokenTtlSeconds: 0.5,
        maxPageSize: 25,
        clients: [{ clientId: "app", clientSecret: "s" }],
      },
    });
    expect(parseCliArgs([])).toEqual({ help: false, options: { port: 8080 } });
    expect(
      parseCliArgs(["--rate-limit", "0"]).help === false && parseCliArgs(["--rate-limit", "0"]),
    ).toMatchObject({
      options: { rateLimit: false },
    });
    expect(parseCliArgs(["-h"])).toEqual({ help: true });
  });

  it.each([
    [["--port", "abc"], /--port must be a whole number from 0 to 65535, got "abc"/],
    [["--port", "70000"], /--port/],
    [["--rate-limit", "-1"], /--rate-limit/],
    [["--daily-limit", "0"], /--daily-limit/],
    [["--seed-users", "1e3"], /--seed-users/],
    [["--token-ttl", "0"], /--token-ttl must be a positive number/],
    [["--rate-window", "x"], /--rate-window/],
    [["--rate-limit", "0", "--rate-window", "5"], /makes no sense/],
    [["--client-id", "only"], /give both or neither/],
    [["--prot", "1"], /Unknown option '--prot'/],
    [["extra"], /positional/i],
    [["--port"], /argument missing/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

const cli = fileURLToPath(new URL("../../emulator/cli.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));

describe("emulator CLI", () => {
  it("prints the base URL and credentials, serves them, and stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [tsx, cli, "--port", "0", "--seed-users", "3", "--rate-limit", "50"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      let output = "";
      child.stdout.setEncoding("utf8");
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: string) => {
          output += chunk;
          if (output.includes("Press Ctrl+C")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`CLI exited early (${code}): ${output}`)));
      });
      const field = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(output)?.[1] ?? "";
      const url = field("Base URL");
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(output).toContain("50 requests per 60 s per client");
      expect(output).toContain("3 users, 0 groups");
      const basic = Buffer.from(`${field("Client ID")}:${field("Client secret")}`).toString(
        "base64",
      );
      const token = await fetch(`${url}/oauth/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${basic}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "grant_type=client_credentials",
      }).then((r) => r.json());
      const users = await fetch(`${url}/api/v2/scim/v2/users`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      }).then((r) => r.json());
      expect(users.totalResults).toBe(3);
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("exits 2 with a clear message on a bad flag", async () => {
    const child = spawn(process.execPath, [tsx, cli, "--seed-users", "lots"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stderr).toContain('--seed-users must be a whole number from 0 to 1000000, got "lots"');
  });
});
