import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBundle, runCli, startCliEmulator, tempDir, type CliEmulator } from "./helpers.js";

// The progress bar in a real terminal: `sync apply` runs in a tmux pane (a real pty, so stderr is
// a TTY), the test reads the screen with capture-pane while it runs, and asserts the bar moves
// and finishes. tmux runs on a private socket and its server is killed at the end.

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
if (!hasTmux && process.env.CI) throw new Error("tmux is required in CI (.ci/run installs it)");
const SOCKET = `genesys-scim-test-${process.pid}`;
const PEOPLE = 60;
const tmux = (...args: string[]) =>
  execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });

let t: CliEmulator;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  // 15 requests a second: ~4 s for the 60 creates, several frames of the bar.
  t = await startCliEmulator({ rateLimit: { limit: 15, windowMs: 1_000 } });
  tmp = tempDir();
  const rows = Array.from({ length: PEOPLE }, (_, i) => `hr-${i},p${i}@example.com,Person ${i}`);
  writeFileSync(
    join(tmp.dir, "people.csv"),
    ["externalId,userName,displayName", ...rows].join("\n"),
  );
});
afterAll(async () => {
  if (hasTmux) spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  await t.close();
  tmp.remove();
});

describe.skipIf(!hasTmux)("the progress bar on a TTY", { timeout: 120_000 }, () => {
  it("moves while apply runs and ends at 100%", async () => {
    const plan = await runCli(["sync", "plan", "people.csv", "--out", "plan.json", ...t.args], {
      env: t.env,
      cwd: tmp.dir,
    });
    expect(plan.code).toBe(0);
    const main = await cliBundle();
    const command = [process.execPath, main, "sync", "apply", "plan.json", ...t.args]
      .map((arg) => `'${arg}'`)
      .join(" ");
    // The tmux server (and so the pane's shell) takes its environment from this first command:
    // the credentials travel in the environment, never on a command line.
    execFileSync(
      "tmux",
      [
        "-L",
        SOCKET,
        "new-session",
        "-d",
        "-s",
        "apply",
        "-x",
        "150",
        "-y",
        "12",
        "-c",
        tmp.dir,
        `${command}; echo "EXIT=$?"; sleep 120`,
      ],
      { env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color", ...t.env } },
    );
    const frames: string[] = [];
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const screen = tmux("capture-pane", "-p", "-t", "apply");
      if (frames.at(-1) !== screen) frames.push(screen);
      if (/EXIT=\d+/.test(screen)) break;
      await sleep(100);
    }
    const last = frames.at(-1) ?? "";
    expect(last).toContain("EXIT=0");
    expect(last).toMatch(new RegExp(`Applied ${PEOPLE} of ${PEOPLE} planned change`));
    // The bar's own frames: phase, bar, done/total, percent.
    const bar = /create\s+([█░]{28}) (\d+)\/(\d+)\s+(\d+)%/;
    const seen = frames.map((f) => bar.exec(f)).filter((m) => m !== null);
    const done = [...new Set(seen.map((m) => Number(m[2])))];
    expect(done.length, `bar frames seen: ${done.join(", ")}`).toBeGreaterThanOrEqual(2);
    expect(done.some((d) => d > 0 && d < PEOPLE)).toBe(true);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const final = bar.exec(last);
    expect(final?.[2]).toBe(String(PEOPLE));
    expect(final?.[4]).toBe("100");
    expect(final?.[1]).toBe("█".repeat(28));
    // A TTY gets the live bar, not the plain lines a log gets.
    expect(last).not.toMatch(/\(\d+%\)/);
    // Colour on a TTY (the bar's filled part is green)…
    const colours = tmux("capture-pane", "-p", "-e", "-t", "apply");
    expect(colours).toContain("\u001b[32m");
    const running = frames.filter((f) => bar.exec(f) && Number(bar.exec(f)![2]) < PEOPLE);
    const middle = running.find((f) => f.includes("waiting")) ?? running.at(-1) ?? "";
    console.log(
      `tmux capture-pane while running:\n${middle.trimEnd()}\n…and at the end:\n${last.trimEnd()}`,
    );
  });

  it("has no colour under NO_COLOR (https://no-color.org)", async () => {
    const rows = Array.from({ length: PEOPLE }, (_, i) => `hr-${i},p${i}@example.com,Renamed ${i}`);
    writeFileSync(
      join(tmp.dir, "renamed.csv"),
      ["externalId,userName,displayName", ...rows].join("\n"),
    );
    const main = await cliBundle();
    const command = [process.execPath, main, "sync", "plan", "renamed.csv", ...t.args]
      .map((arg) => `'${arg}'`)
      .join(" ");
    const screenOf = async (window: string, prefix: string) => {
      tmux(
        "new-window",
        "-t",
        "apply",
        "-n",
        window,
        "-c",
        tmp.dir,
        `${prefix}${command}; echo "EXIT=$?"; sleep 120`,
      );
      let screen = "";
      for (let i = 0; i < 600 && !/EXIT=\d+/.test(screen); i++) {
        await sleep(100);
        screen = tmux("capture-pane", "-p", "-e", "-t", `apply:${window}`);
      }
      return screen;
    };
    const coloured = await screenOf("colour", "");
    expect(coloured).toMatch(/\u001b\[33m~ update hr-\d+ displayName/);
    const plain = await screenOf("nocolor", "NO_COLOR=1 ");
    expect(plain).toContain("EXIT=0");
    expect(plain).toMatch(/~ update hr-\d+ displayName "Person \d+" → "Renamed \d+"/);
    expect(plain).not.toMatch(/\u001b\[3\dm/);
  });
});
