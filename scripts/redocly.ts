import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const projectRoot = fileURLToPath(new URL("..", import.meta.url));

const redoclyBin = fileURLToPath(
  new URL("../node_modules/@redocly/cli/bin/cli.js", import.meta.url),
);

/** Runs the project's pinned Redocly CLI from the project root; throws with its output on failure. */
export async function runRedocly(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [redoclyBin, ...args], {
      cwd: projectRoot,
      // The CLI's Node 20 deprecation banner and update notices are noise here.
      env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_TELEMETRY: "off" },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout + stderr;
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`redocly ${args.join(" ")} failed:\n${stdout}${stderr}`, { cause: error });
  }
}
