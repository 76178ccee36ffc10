// Item 2 of issue 9: a process whose only work was a call that timed out exits on its own.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { dripBody, startHostileServer, type HostileServer } from "./hostile-server.js";

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CHILD = fileURLToPath(new URL("./fixtures/timeout-child.ts", import.meta.url));

/** Runs the child and resolves with its output once it exits (rejects if it is still alive). */
function runChild(baseUrl: string, kind: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, baseUrl, kind], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    // Generous: the server never finishes the body, so only the client can end the process.
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the child did not exit on its own; output so far: ${out}`));
    }, 40_000);
    child.on("exit", (code) => {
      clearTimeout(guard);
      resolve({ code, out });
    });
  });
}

describe("after a caught timeout", () => {
  it.each(["helper", "raw"])(
    "the process exits on its own (%s call)",
    async (kind) => {
      server = await startHostileServer(dripBody());
      const { code, out } = await runChild(server.url, kind);
      expect(out.trim()).toBe("caught timeout");
      expect(code).toBe(0);
      await server.allClosed();
    },
    60_000,
  );
});
