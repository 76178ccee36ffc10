import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

// Runs `prism proxy <bundled spec> <upstream> --errors` on 127.0.0.1. Prism is started from
// node_modules/.bin (not through npx, whose parent process would outlive a kill) and stopped by the
// PID of the process started here.

const PRISM = fileURLToPath(new URL("../../node_modules/.bin/prism", import.meta.url));
const SPEC = fileURLToPath(new URL("../../generated/openapi.yaml", import.meta.url));

export interface RunningPrism {
  url: string;
  /** Prism's console output so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export async function startPrismProxy(upstream: string): Promise<RunningPrism> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    PRISM,
    ["proxy", SPEC, upstream, "--errors", "--host", "127.0.0.1", "--port", String(port)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = once(child, "exit");
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}:\n${output}`);
    if (/Prism is listening/.test(output)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prism did not start within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, output: () => output, stop };
}
