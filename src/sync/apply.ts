// apply(): executes exactly the plan's items, phase by phase, journaling each one, keeping going
// past single failures and stopping when failures are systemic.
import type { ScimClient } from "../index.js";
import { execute, type ApplyState, type Outcome } from "./execute.js";
import { checkPlan } from "./files.js";
import { resumeFrom, JOURNAL_HEADER, type JournalEntry } from "./journal.js";
import { pacer, runPool } from "./pool.js";
import { targetOf } from "./target.js";
import type { SyncItem, SyncJournal, SyncPlan, SyncProgress } from "./types.js";
import { SyncPlanError } from "./types.js";

export interface ApplyOptions {
  /** Allowances for a blocked plan; each one used is recorded in the report. */
  allow?: { emptySource?: boolean; threshold?: boolean };
  journal?: SyncJournal;
  /** Writes in flight at once (default 4); the client's retry and rate handling sit beneath. */
  concurrency?: number;
  /**
   * Starts at most this many writes per second (default: unpaced, the client's 429 handling
   * decides). Set it a little under the org's limit to avoid 429s altogether.
   */
  ratePerSecond?: number;
  /** The OAuth client id, when the plan was made with one: part of the target fingerprint. */
  clientId?: string;
  /** When aborted: start nothing new, let in-flight writes finish and be journaled, resolve with interrupted. */
  stopSignal?: AbortSignal;
  onProgress?: (event: SyncProgress) => void;
  /** Where `waitingMs` in progress events comes from, e.g. {@link trackRetries}. */
  retries?: { waitingMs(): number };
}

export interface ApplyReport {
  applied: number;
  replanned: number;
  skipped: number;
  failed: { item: string; error: string }[];
  interrupted: boolean;
  stopped?: string;
  allowances: string[];
  counts: Record<string, number>;
}

/** Failures are systemic once over half of at least 20 finished items failed (Entra quarantines similarly). */
const SYSTEMIC_MIN_ITEMS = 20;
const SYSTEMIC_RATIO = 0.5;
const PHASES: [string, (item: SyncItem) => boolean][] = [
  ["groupCreate", (i) => i.kind === "groupCreate"],
  ["create", (i) => i.kind === "create"],
  ["update", (i) => i.kind === "update" || i.kind === "reactivate"],
  ["deactivate", (i) => i.kind === "deactivate" || i.kind === "delete"],
  ["membership", (i) => i.kind === "membership"],
];

export async function apply(
  client: ScimClient,
  plan: SyncPlan,
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  checkPlan(plan, "apply");
  const target = await targetOf(client.baseUrl, options.clientId);
  if (target.fingerprint !== plan.target.fingerprint) {
    throw new SyncPlanError(
      `this plan was made for ${plan.target.baseUrl} (fingerprint ${plan.target.fingerprint.slice(0, 12)}…), not ${target.baseUrl} (${target.fingerprint.slice(0, 12)}…); plan again against this target`,
    );
  }
  const allowances: string[] = [];
  for (const block of plan.blocked ?? []) {
    const allowed =
      block.kind === "empty-source" ? options.allow?.emptySource : options.allow?.threshold;
    if (allowed !== true) {
      const option = block.kind === "empty-source" ? "allow.emptySource" : "allow.threshold";
      throw new SyncPlanError(`the plan is blocked: ${block.reason}; apply it only with ${option}`);
    }
    allowances.push(`${block.kind}: ${block.reason}`);
  }
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new SyncPlanError("concurrency must be a whole number >= 1");

  if (options.ratePerSecond !== undefined && !(options.ratePerSecond > 0))
    throw new SyncPlanError("ratePerSecond must be a number > 0");
  const pace = pacer(options.ratePerSecond);

  const state: ApplyState = { users: new Map(), groups: new Map() };
  const done = new Set<string>();
  const journal = options.journal;
  if (journal !== undefined) {
    const entries = await journal.load();
    resumeFrom(entries, plan.planId, state, done);
    if (entries.length === 0)
      await journal.append({
        type: JOURNAL_HEADER,
        planId: plan.planId,
        createdAt: plan.createdAt,
      });
  }

  const report: ApplyReport = {
    applied: 0,
    replanned: 0,
    skipped: 0,
    failed: [],
    interrupted: false,
    allowances,
    counts: {},
  };
  const total = plan.items.length;
  let finished = done.size;
  const started = Date.now();
  const failedIds = new Set<string>();
  let stop: string | undefined;
  const progress = (phase: string) =>
    options.onProgress?.({
      phase,
      done: finished,
      total,
      failures: report.failed.length,
      ratePerSecond: (finished - done.size) / Math.max((Date.now() - started) / 1000, 0.001),
      ...(options.retries ? { waitingMs: options.retries.waitingMs() } : {}),
    });

  const record = async (item: SyncItem, outcome: Outcome) => {
    if (outcome.userId !== undefined && item.kind === "create")
      state.users.set(item.id, outcome.userId);
    if (outcome.groupId !== undefined && item.kind === "groupCreate")
      state.groups.set(item.id, { id: outcome.groupId, etag: outcome.etag });
    const entry: JournalEntry = { item: item.id, status: outcome.status };
    if (outcome.userId !== undefined) entry.userId = outcome.userId;
    if (outcome.groupId !== undefined) entry.groupId = outcome.groupId;
    if (outcome.etag !== undefined) entry.etag = outcome.etag;
    await journal?.append(entry);
    report[outcome.status]++;
    const countKey = item.kind;
    report.counts[countKey] = (report.counts[countKey] ?? 0) + 1;
  };

  try {
    for (const [phase, inPhase] of PHASES) {
      const waves = groupByWave(plan.items.filter((item) => inPhase(item) && !done.has(item.id)));
      for (const wave of waves) {
        await runPool(
          wave,
          concurrency,
          () => stop !== undefined || options.stopSignal?.aborted === true,
          async (item) => {
            try {
              await record(item, await withRetries(() => execute(client, item, state)));
            } catch (error) {
              failedIds.add(item.id);
              report.failed.push({ item: item.id, error: messageOf(error) });
              const status = (error as { status?: number }).status;
              if (status === 401 || status === 403 || (error as Error).name === "ScimAuthError") {
                stop ??= `authentication or authorization lost (${messageOf(error)})`;
              }
            }
            finished++;
            const ended = finished - done.size;
            if (ended >= SYSTEMIC_MIN_ITEMS && report.failed.length / ended > SYSTEMIC_RATIO) {
              stop ??= `systemic failures: ${report.failed.length} of ${ended} items failed`;
            }
            progress(phase);
          },
          pace,
        );
        if (stop !== undefined || options.stopSignal?.aborted) break;
      }
    }
  } finally {
    await journal?.close?.();
  }
  if (stop !== undefined) report.stopped = stop;
  report.interrupted =
    options.stopSignal?.aborted === true && stop === undefined && finished < total;
  return report;
}

/** Create items run wave by wave (managers before reports); other phases are one wave. */
function groupByWave(items: SyncItem[]): SyncItem[][] {
  const waves = new Map<number, SyncItem[]>();
  for (const item of items) {
    const wave = item.kind === "create" ? item.wave : 0;
    waves.set(wave, [...(waves.get(wave) ?? []), item]);
  }
  return [...waves.entries()].sort(([a], [b]) => a - b).map(([, list]) => list);
}

/**
 * The client already retries 429s and transient errors a few times; in a long 429 storm it can
 * still give up. The item is then tried again (a few seconds later) instead of counting as a
 * failure: every write carries If-Match or converges on 409, so a second attempt is safe.
 */
async function withRetries(run: () => Promise<Outcome>): Promise<Outcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const status = (error as { status?: number }).status;
      const transient = status === 429 || status === 502 || status === 503 || status === 504;
      if (!transient || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
