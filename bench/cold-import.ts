// Figure 2: cold import. A fresh node process per sample imports one module; the process reports
// the import's own duration (what the module costs) and the parent records the process wall time.
// Before timing, each process imports one trivial module file: the ESM loader's one-time start-up
// is paid by any ESM application before it imports a library, so it is charged to no library.
import { spawn } from "node:child_process";
import { track } from "./processes.js";
import { summarize, type Summary } from "./stats.js";

export interface ImportTarget {
  name: string;
  /** A file: URL, a `node:` builtin, or a package name (resolved from the run's cwd). */
  url: string;
}

export interface ColdImportResult {
  name: string;
  /** Milliseconds spent inside `await import(url)`. */
  importMs: Summary;
  /** Milliseconds from spawn to exit of the whole process. */
  processMs: Summary;
}

export async function measureColdImport(
  targets: readonly ImportTarget[],
  options: { warmupRuns: number; runs: number; cwd: string; loaderWarmupUrl: string },
): Promise<ColdImportResult[]> {
  const importMs = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  const processMs = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  // Warm-up runs fill the OS file cache so every sample is "cold process, warm disk", alike for all.
  for (const target of targets) {
    for (let i = 0; i < options.warmupRuns; i++) await importOnce(target, options);
  }
  for (let run = 0; run < options.runs; run++) {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[(run + k) % targets.length]!;
      const sample = await importOnce(target, options);
      importMs.get(target.name)!.push(sample.importMs);
      processMs.get(target.name)!.push(sample.processMs);
    }
  }
  return targets.map((t) => ({
    name: t.name,
    importMs: summarize(importMs.get(t.name)!),
    processMs: summarize(processMs.get(t.name)!),
  }));
}

function importOnce(
  target: ImportTarget,
  { cwd, loaderWarmupUrl }: { cwd: string; loaderWarmupUrl: string },
): Promise<{ importMs: number; processMs: number }> {
  const script =
    `await import(${JSON.stringify(loaderWarmupUrl)});` +
    `const t = performance.now(); const m = await import(${JSON.stringify(target.url)});` +
    `const d = performance.now() - t;` +
    `if (Object.keys(m).length === 0) throw new Error("module has no exports");` +
    `process.stdout.write(JSON.stringify({ importMs: d }));`;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = track(
      spawn(process.execPath, ["--input-type=module", "-e", script], {
        cwd,
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    let out = "";
    let err = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk));
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk));
    child.once("error", reject);
    child.once("exit", (code) => {
      const processMs = performance.now() - start;
      if (code !== 0) {
        return reject(new Error(`importing ${target.name} failed (exit ${code}): ${err.trim()}`));
      }
      try {
        const { importMs } = JSON.parse(out) as { importMs: number };
        resolve({ importMs, processMs });
      } catch {
        reject(new Error(`importing ${target.name}: unexpected output ${JSON.stringify(out)}`));
      }
    });
  });
}
