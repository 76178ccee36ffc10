// Sync figures (issue 12): an initial sync of N users against the emulator limited to R
// requests/s, a no-op re-sync, a 1 % change re-sync, and peak memory. The emulator runs in its own
// process; plan and apply run here, counted through the client's onEvent.
// Standalone: `tsx bench/sync.ts [--quick]` prints the section; `npm run bench` includes it.
import os from "node:os";
import { pathToFileURL } from "node:url";
import { createScimClient, type ScimClient } from "../src/index.js";
import { apply, plan, trackRetries, type DesiredUser, type SyncPlan } from "../src/sync/index.js";
import { startServerProcess } from "./processes.js";

export interface SyncBenchSettings {
  users: number;
  groups: number;
  ratePerSecond: number;
  concurrency: number;
}
export const SYNC_FULL: SyncBenchSettings = {
  users: 5000,
  groups: 10,
  ratePerSecond: 100,
  concurrency: 16,
};
export const SYNC_QUICK: SyncBenchSettings = {
  users: 300,
  groups: 4,
  ratePerSecond: 200,
  concurrency: 8,
};

interface Run {
  name: string;
  sent: number;
  rateLimited: number;
  reads: number;
  writes: number;
  minimum: number;
  wallMs: number;
  floorMs: number;
  failures: number;
  items: number;
  /** Median emulator response time (ms): concurrency / this bounds the rate apply can reach. */
  medianResponseMs: number;
}
export interface SyncBenchResult {
  settings: SyncBenchSettings;
  runs: Run[];
  peakRssBytes: number;
  baselineRssBytes: number;
}

function desiredUsers(n: number, groups: number, changed = 0): DesiredUser[] {
  return Array.from({ length: n }, (_, i): DesiredUser => {
    const key = `E${String(i).padStart(6, "0")}`;
    return {
      externalId: key,
      userName: `bench${i}@example.com`,
      displayName: `Bench User ${i}`,
      title: i < changed ? "Changed Title" : "Agent",
      department: `Dept ${i % 13}`,
      emails: [{ type: "work", value: `bench${i}@example.com` }],
      employeeNumber: String(100000 + i),
      groups: [`Bench Team ${i % groups}`],
      // Ten reports per manager: managers are created a wave before their reports.
      ...(i > 0 ? { manager: `E${String(Math.floor((i - 1) / 10)).padStart(6, "0")}` } : {}),
    };
  });
}

const PAGE = 100;
/** Reads plan needs: two user lists (active, inactive) and one lookup per ten group names. */
function minimumReads(existing: number, groups: number): number {
  return Math.max(1, Math.ceil(existing / PAGE)) + 1 + Math.ceil(groups / 10);
}
/** Writes apply needs: one per user item and group create, one PATCH per 100 member changes per group. */
function minimumWrites(p: SyncPlan): number {
  let writes = 0;
  for (const item of p.items) {
    if (item.kind === "membership")
      writes += Math.ceil((item.add.length + item.remove.length) / 100);
    else writes++;
  }
  return writes;
}

export async function measureSync(
  settings: SyncBenchSettings,
  log: (m: string) => void = () => {},
): Promise<SyncBenchResult> {
  const server = await startServerProcess("emulator", {
    seedUsers: 1,
    rateLimit: { limit: settings.ratePerSecond, windowMs: 1000 },
  });
  const counts = { sent: 0, rateLimited: 0, reads: 0, writes: 0 };
  let durations: number[] = [];
  const retries = trackRetries();
  const client: ScimClient = createScimClient({
    baseUrl: server.baseUrl,
    auth: { clientId: server.clientId!, clientSecret: server.clientSecret! },
    retry: { maxRetries: 20 },
    onEvent(event) {
      retries.onEvent(event);
      if (event.type === "request" && !event.url.endsWith("/oauth/token")) counts.sent++;
      if (event.type === "response" && !event.url.endsWith("/oauth/token")) {
        durations.push(event.durationMs);
        if (event.status === 429) counts.rateLimited++;
        else if (event.method === "GET") counts.reads++;
        else counts.writes++;
      }
    },
  });
  // The emulator's seeded user carries an externalId too; it is not the bench's to manage.
  const scope = { where: (u: { externalId?: string }) => (u.externalId ?? "").startsWith("E") };
  const baselineRssBytes = process.memoryUsage().rss;
  let peakRssBytes = baselineRssBytes;
  const sampler = setInterval(
    () => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss)),
    20,
  );
  const runs: Run[] = [];
  const measure = async (name: string, users: DesiredUser[], existing: number) => {
    Object.assign(counts, { sent: 0, rateLimited: 0, reads: 0, writes: 0 });
    durations = [];
    const started = performance.now();
    const planned = await plan(client, { users }, { scope });
    // Paced 5 % under the limit: the server counts arrivals in fixed windows, and a busy event loop
    // on either side shifts a few requests into the next window (2 % margin still saw 429s).
    const report = await apply(client, planned, {
      concurrency: settings.concurrency,
      ratePerSecond: settings.ratePerSecond * 0.95,
      retries,
    });
    const wallMs = performance.now() - started;
    const minimum = minimumReads(existing, settings.groups) + minimumWrites(planned);
    runs.push({
      name,
      ...counts,
      minimum,
      wallMs,
      floorMs: (minimum / settings.ratePerSecond) * 1000,
      failures: report.failed.length,
      items: planned.items.length,
      medianResponseMs: [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)] ?? 0,
    });
    log(
      `sync ${name}: ${counts.sent} sent (${counts.rateLimited} 429), minimum ${minimum}, ${(wallMs / 1000).toFixed(1)} s, ${report.failed.length} failed`,
    );
  };
  try {
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a fresh rate window
    await measure(
      `initial sync of ${settings.users} users`,
      desiredUsers(settings.users, settings.groups),
      1,
    );
    // + 1: the emulator's seeded user is listed too.
    await measure(
      "no-op re-sync",
      desiredUsers(settings.users, settings.groups),
      settings.users + 1,
    );
    const changes = Math.ceil(settings.users / 100);
    await measure(
      `1 % change re-sync (${changes} titles)`,
      desiredUsers(settings.users, settings.groups, changes),
      settings.users + 1,
    );
  } finally {
    clearInterval(sampler);
    await server.close();
  }
  return { settings, runs, peakRssBytes, baselineRssBytes };
}

export function renderSyncSection(r: SyncBenchResult): string {
  const s = r.settings;
  const rows = r.runs.map((run) =>
    [
      run.name,
      String(run.items),
      `${run.sent} (${run.rateLimited} answered 429)`,
      `${run.reads} + ${run.writes}`,
      String(run.minimum),
      `${(run.wallMs / 1000).toFixed(1)} s`,
      `${(run.floorMs / 1000).toFixed(1)} s`,
      `${(run.wallMs / run.floorMs).toFixed(2)}x`,
      String(run.failures),
      `${run.medianResponseMs.toFixed(0)} ms (≤ ${Math.round((s.concurrency * 1000) / Math.max(run.medianResponseMs, 0.001))} req/s at concurrency ${s.concurrency})`,
    ].join(" | "),
  );
  const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;
  return [
    "## Sync (plan + apply)",
    "",
    `${s.users} users in ${s.groups} groups with a manager tree, against the emulator (own process) limited to ${s.ratePerSecond} requests/s, apply concurrency ${s.concurrency}, paced at 0.95 R (so the best wall / floor is 1.05x). ` +
      "Minimum = the reads plan needs (user pages of 100, active and inactive, group lookups) + one write per planned change (one PATCH per 100 member changes of a group). Floor = minimum / R.",
    "",
    "| Run | Planned writes | Requests sent | Reads + writes answered | Minimum | Wall | Floor | Wall / floor | Failures | Median response |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row} |`),
    "",
    `Load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ", ",
      )} on ${os.cpus().length} cores. The emulator (scimmy) serves every request on one core; when the machine is busy it, not the rate limit, sets the pace, and wall / floor grows with it.`,
    "",
    `Peak RSS of the plan/apply process: ${mib(r.peakRssBytes)} (${mib(r.baselineRssBytes)} before the first plan), about ${((r.peakRssBytes - r.baselineRssBytes) / s.users / 1024).toFixed(1)} KiB per user above the baseline.`,
    "",
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const log = (m: string) => process.stderr.write(`[bench sync] ${m}\n`);
  measureSync(quick ? SYNC_QUICK : SYNC_FULL, log).then(
    (r) => {
      process.stdout.write(renderSyncSection(r));
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(
        `[bench sync] FAILED: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
