import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const projectRoot = fileURLToPath(new URL("..", import.meta.url));

const redoclyBin = fileURLToPath(
  new URL("../node_modules/@redocly/cli/bin/cli.js", import.meta.url),
);

/**
 * Redocly CLI 2.x prints a boxed "Node.js 20 support is ending" notice on every run under Node 20
 * (no flag or variable turns it off): noise a newcomer takes for a failure. It is cut from what
 * the project prints; everything else Redocly says is kept.
 */
export function withoutNodeBanner(text: string): string {
  return text.replace(/\n?[ \t]*╔[^]*?╚═*╝[ \t]*\n+/g, "");
}

/**
 * Runs the project's pinned Redocly CLI from the project root; throws with its output on failure.
 * Telemetry is off twice over: REDOCLY_TELEMETRY=off here and `telemetry: off` in redocly.yaml.
 */
export async function runRedocly(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [redoclyBin, ...args], {
      cwd: projectRoot,
      // Update and announcement notices are noise here (and would ask the npm registry).
      env: {
        ...process.env,
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        REDOCLY_SUPPRESS_NOTIFICATIONS: "true",
        REDOCLY_TELEMETRY: "off",
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    return withoutNodeBanner(stdout + stderr);
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`redocly ${args.join(" ")} failed:\n${withoutNodeBanner(stdout + stderr)}`, {
      cause: error,
    });
  }
}
