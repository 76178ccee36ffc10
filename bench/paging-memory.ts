// Figure 5: paging memory. A separate process (plain node --expose-gc, no tsx) walks every user of
// a server that generates pages on the fly; memory is sampled after forced GCs as it goes.
import { spawn } from "node:child_process";
import type { Sample } from "./paging-child.js";
import { track } from "./processes.js";

export interface PagingOptions {
  baseUrl: string;
  /** The compiled paging-child.ts. */
  childScript: string;
  cwd: string;
  totalUsers: number;
  pageSize: number;
  sampleEvery: number;
}

export interface PagingResult {
  name: string;
  users: number;
  wallMs: number;
  samples: number;
  baselineHeap: number;
  /** Largest post-GC heapUsed minus the baseline (after the first page). */
  peakHeapGrowth: number;
  /** Post-GC heapUsed at the end minus the baseline. */
  endHeapGrowth: number;
  baselineRss: number;
  /** RSS high-water mark of the whole walk minus the RSS after the first page. */
  peakRssGrowth: number;
  /** Users seen when the "warm" sample was taken (the first at or past a tenth of the walk). */
  warmAtUsers: number;
  /**
   * The flatness test: largest post-GC heapUsed after the warm sample minus the warm sample. A
   * client that kept what it had iterated would grow here in proportion to the users walked.
   */
  heapGrowthAfterWarm: number;
  /** RSS high-water mark at the end minus the high-water mark at the warm sample. */
  rssGrowthAfterWarm: number;
}

export async function measurePaging(
  name: string,
  mode: "ours" | "sdk",
  options: PagingOptions,
): Promise<PagingResult> {
  const args = [
    "--expose-gc",
    options.childScript,
    mode,
    options.baseUrl,
    String(options.totalUsers),
    String(options.pageSize),
    String(options.sampleEvery),
  ];
  const out = await new Promise<string>((resolve, reject) => {
    const child = track(
      spawn(process.execPath, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] }),
    );
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`paging (${name}) exited ${code}: ${stderr.trim().slice(0, 2000)}`)),
    );
  });
  const report = JSON.parse(out) as { users: number; wallMs: number; samples: Sample[] };
  if (report.users !== options.totalUsers) {
    throw new Error(`paging (${name}) saw ${report.users} users, expected ${options.totalUsers}`);
  }
  const [baseline, ...rest] = report.samples;
  if (!baseline || rest.length === 0) throw new Error(`paging (${name}): too few memory samples`);
  const last = rest[rest.length - 1]!;
  const warmIndex = rest.findIndex((sample) => sample.users >= options.totalUsers / 10);
  const warm = rest[warmIndex]!;
  const afterWarm = rest.slice(warmIndex + 1);
  if (afterWarm.length === 0) throw new Error(`paging (${name}): no samples after the warm-up`);
  return {
    name,
    users: report.users,
    wallMs: report.wallMs,
    samples: report.samples.length,
    baselineHeap: baseline.heapUsed,
    peakHeapGrowth: Math.max(...rest.map((s) => s.heapUsed)) - baseline.heapUsed,
    endHeapGrowth: last.heapUsed - baseline.heapUsed,
    baselineRss: baseline.rssBeforeGc,
    peakRssGrowth: last.maxRss - baseline.rssBeforeGc,
    warmAtUsers: warm.users,
    heapGrowthAfterWarm: Math.max(...afterWarm.map((s) => s.heapUsed)) - warm.heapUsed,
    rssGrowthAfterWarm: last.maxRss - warm.maxRss,
  };
}
