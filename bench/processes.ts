// Child processes the benchmark starts (servers, measured importers): every one is tracked and
// killed when the run ends, fails or is interrupted, so a crashed run leaves nothing listening.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ServerReady } from "./serve.js";

const live = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];

/** Runs `cleanup` (synchronously) when the run ends, however it ends. */
export function onCleanup(cleanup: () => void): void {
  cleanups.push(cleanup);
}

export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

export function killAll(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
  for (const cleanup of cleanups.splice(0)) {
    try {
      cleanup();
    } catch {
      // Best effort: the run is ending anyway.
    }
  }
}

process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface ServerProcess extends ServerReady {
  pid: number;
  close(): Promise<void>;
}

const SERVE_SCRIPT = fileURLToPath(new URL("./serve.ts", import.meta.url));

/**
 * Starts one of the bench servers in its own process (through tsx), so the server's work never
 * shares an event loop with the client being measured.
 */
export function startServerProcess(
  kind: "users" | "emulator",
  options: object,
): Promise<ServerProcess> {
  const child = track(
    fork(SERVE_SCRIPT, [kind, JSON.stringify(options)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`${kind} server process exited (code ${code}) before it was ready`));
    child.once("exit", onExit);
    child.once("error", reject);
    child.once("message", (message: Partial<ServerReady> & { error?: string }) => {
      child.off("exit", onExit);
      if (!message.baseUrl) return reject(new Error(`${kind} server failed: ${message.error}`));
      resolve({
        ...(message as ServerReady),
        pid: child.pid!,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}
