import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const start = fileURLToPath(new URL("../../emulator/start.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));

describe("npm start", () => {
  it("runs the provisioning walkthrough against the embedded emulator and exits 0", async () => {
    const child = spawn(process.execPath, [tsx, start], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const [code] = await once(child, "exit");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    for (const step of [
      /^1\. Create a group/m,
      /refused: 409 uniqueness/,
      /page 3 \(startIndex 9, 12 in all\)/,
      /304 Not Modified/,
      /stale ETag "1" is refused: 400 invalidVers/,
      /re-applied: title "Team Lead", version "3"/,
      /has 3 members/,
      /↻ GET user [0-9a-f]{8}…: 429 on attempt 1, waiting 1000 ms \(from retry-after\)/,
      /all 26 reads succeeded/,
      /filter active eq false finds them: maya\.okafor/,
      /group deleted: reading it now gives 404/,
      /^Done: \d+ HTTP requests, [1-9]\d* rate-limited and retried, none lost\.$/m,
    ]) {
      expect(stdout).toMatch(step);
    }
    expect(stdout).not.toContain("✗");
  }, 60_000);
});
