// The rate-budget figures (issue 11), side by side in one run:
//  - burst: N concurrent users.get calls from one client against the emulator at R requests/s:
//    the default client (429 pause + 10 in flight + learned pace), today's per-request retry
//    (`rateLimit: false`) and the official SDK;
//  - shared: 4 processes with one OAuth client, calls each, sharing one budget in a real
//    redis-server, and the same without the shared store.
// The emulator's limit is a fixed window of R x 10 requests per 10 s (opened by the client's
// first request, as Genesys does per minute): whole-second Retry-After rounding then costs at
// most a tenth of a window, as at Genesys' 60 s scale it costs a sixtieth.
import { execFileSync, fork, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createScimClient } from "../src/index.js";
import { userId } from "./fixtures.js";
import { BENCH_TOKEN, rawFetchGetUser, sdkScimApi } from "./peers.js";
import { measurePerCall, type PerCallResult } from "./per-call.js";
import { startServerProcess, track } from "./processes.js";

export interface BudgetSettings {
  perCallRounds: number;
  burstCalls: number;
  ratePerSecond: number;
  windowSeconds: number;
  processes: number;
  callsPerProcess: number;
}

export const BUDGET_FULL: BudgetSettings = {
  perCallRounds: 200,
  burstCalls: 2000,
  ratePerSecond: 50,
  windowSeconds: 10,
  processes: 4,
  callsPerProcess: 500,
};
export const BUDGET_QUICK: BudgetSettings = {
  perCallRounds: 2,
  burstCalls: 150,
  ratePerSecond: 50,
  windowSeconds: 1,
  processes: 4,
  callsPerProcess: 25,
};

export interface BudgetRow {
  name: string;
  calls: number;
  failed: number;
  /** API requests that got an answer (first attempts and retries). */
  sent: number;
  limited: number;
  wallMs: number;
  firstFailure?: string | undefined;
}

export interface BudgetResults {
  settings: BudgetSettings;
  /** requests / R, in ms: no client can finish sooner. */
  burstFloorMs: number;
  burst: BudgetRow[];
  shared: BudgetRow[] | { skipped: string };
  perCall: PerCallResult[];
}

/** The layer's cost when the budget is not short: raw fetch vs the client with and without it. */
async function perCall(settings: BudgetSettings): Promise<PerCallResult[]> {
  const server = await startServerProcess("users", { totalUsers: 1000 });
  try {
    const client = (rateLimit?: false | { requestsPerMinute: number }) =>
      createScimClient({
        baseUrl: server.baseUrl,
        auth: { accessToken: BENCH_TOKEN },
        ...(rateLimit === undefined ? {} : { rateLimit }),
      });
    const on = client();
    const off = client(false);
    const paced = client({ requestsPerMinute: 6_000_000 });
    return await measurePerCall(
      [
        { name: "raw fetch", getUser: rawFetchGetUser(server.baseUrl) },
        { name: "users.get, default (pause + cap, pacing off)", getUser: (id) => on.users.get(id) },
        { name: "users.get, rateLimit: false", getUser: (id) => off.users.get(id) },
        {
          name: "users.get, pacing on (100 000/s: never short)",
          getUser: (id) => paced.users.get(id),
        },
      ],
      { userId: userId(42), warmupCalls: 200, rounds: settings.perCallRounds, callsPerRound: 10 },
    );
  } finally {
    await server.close();
  }
}

async function emulator(settings: BudgetSettings) {
  const server = await startServerProcess("emulator", {
    rateLimit: {
      limit: settings.ratePerSecond * settings.windowSeconds,
      windowMs: settings.windowSeconds * 1000,
    },
    seedUsers: 100,
  });
  return server as typeof server & {
    clientId: string;
    clientSecret: string;
    userIds: string[];
    accessToken: string;
  };
}

async function burstOurs(name: string, settings: BudgetSettings, budgetOff: boolean) {
  const server = await emulator(settings);
  try {
    let sent = 0;
    let limited = 0;
    const client = createScimClient({
      baseUrl: server.baseUrl,
      auth: { clientId: server.clientId, clientSecret: server.clientSecret },
      ...(budgetOff ? { rateLimit: false as const } : {}),
      onEvent: (event) => {
        if (event.type !== "response" || event.url.includes("/oauth/")) return;
        sent++;
        if (event.status === 429) limited++;
      },
    });
    return await burst(
      name,
      settings,
      (id) => client.users.get(id),
      server.userIds,
      () => ({
        sent,
        limited,
      }),
    );
  } finally {
    await server.close();
  }
}

async function burstSdk(settings: BudgetSettings) {
  const server = await emulator(settings);
  try {
    const sdk = sdkScimApi(server.baseUrl, server.accessToken);
    let limited = 0;
    const row = await burst(
      "official SDK getScimV2User",
      settings,
      (id) =>
        sdk.getScimV2User(id).catch((error: { status?: number }) => {
          if (error?.status === 429) limited++;
          throw error;
        }),
      server.userIds,
      () => ({ sent: settings.burstCalls, limited }),
    );
    return row;
  } finally {
    await server.close();
  }
}

async function burst(
  name: string,
  settings: BudgetSettings,
  get: (id: string) => Promise<unknown>,
  userIds: string[],
  counts: () => { sent: number; limited: number },
): Promise<BudgetRow> {
  let failed = 0;
  let firstFailure: string | undefined;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: settings.burstCalls }, (_, i) =>
      get(userIds[i % userIds.length]!).catch((error: unknown) => {
        failed++;
        firstFailure ??= describe(error);
      }),
    ),
  );
  const wallMs = performance.now() - start;
  return { name, calls: settings.burstCalls, failed, ...counts(), wallMs, firstFailure };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.slice(0, 160);
  const body = error as { status?: number; message?: string } | null;
  return `${body?.status ?? ""} ${body?.message ?? JSON.stringify(error)}`.trim().slice(0, 160);
}

const CHILD = fileURLToPath(new URL("./budget-child.ts", import.meta.url));

async function processes(
  name: string,
  settings: BudgetSettings,
  redisPort: number | undefined,
): Promise<BudgetRow> {
  const server = await emulator(settings);
  try {
    const children = Array.from({ length: settings.processes }, () =>
      track(
        fork(CHILD, [], {
          execArgv: ["--import", "tsx"],
          stdio: ["ignore", "inherit", "inherit", "ipc"],
          env: {
            ...process.env,
            BENCH_CHILD: JSON.stringify({
              baseUrl: server.baseUrl,
              clientId: server.clientId,
              clientSecret: server.clientSecret,
              userIds: server.userIds,
              calls: settings.callsPerProcess,
              redisPort,
              // 3 % under the limit: evenly spaced slots then never fill a fixed window.
              requestsPerMinute: settings.ratePerSecond * 60 * 0.97,
              workers: settings.processes,
            }),
          },
        }),
      ),
    );
    await Promise.all(
      children.map((child) => new Promise((resolve) => child.once("message", resolve))),
    );
    const start = performance.now();
    const reports = await Promise.all(
      children.map(
        (child) =>
          new Promise<Omit<BudgetRow, "name">>((resolve) => {
            child.once("message", (m) => resolve(m as Omit<BudgetRow, "name">));
            child.send("go");
          }),
      ),
    );
    const wallMs = performance.now() - start;
    return {
      name,
      calls: reports.reduce((n, r) => n + r.calls, 0),
      failed: reports.reduce((n, r) => n + r.failed, 0),
      sent: reports.reduce((n, r) => n + r.sent, 0),
      limited: reports.reduce((n, r) => n + r.limited, 0),
      wallMs,
      firstFailure: reports.find((r) => r.firstFailure)?.firstFailure,
    };
  } finally {
    await server.close();
  }
}

async function withRedis<T>(body: (port: number) => Promise<T>): Promise<T | { skipped: string }> {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
  } catch {
    return { skipped: "redis-server is not installed (apt-get install redis-server)" };
  }
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const child = track(
    spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "inherit"] },
    ),
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", () => reject(new Error(`redis-server exited: ${out}`)));
  });
  child.stdout!.resume();
  try {
    return await body(port);
  } finally {
    process.kill(child.pid!, "SIGTERM");
  }
}

export async function measureBudget(settings: BudgetSettings): Promise<BudgetResults> {
  const perCallResults = await perCall(settings);
  const burst = [
    await burstOurs("genesys-cloud-scim users.get (default: pause + cap)", settings, false),
    await burstOurs("today's behaviour (rateLimit: false, per-request retry)", settings, true),
    await burstSdk(settings),
  ];
  const shared = await withRedis(async (port) => [
    await processes(`${settings.processes} processes, shared budget on Redis`, settings, port),
    await processes(`${settings.processes} processes, no shared store`, settings, undefined),
  ]);
  return {
    settings,
    burstFloorMs: (settings.burstCalls / settings.ratePerSecond) * 1000,
    burst,
    shared,
    perCall: perCallResults,
  };
}

const pct = (part: number, whole: number) => `${((part / Math.max(1, whole)) * 100).toFixed(1)} %`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The figures as a BENCHMARKS.md section, targets beside them. */
export function renderBudget(results: BudgetResults): string {
  const { settings, burstFloorMs } = results;
  const R = settings.ratePerSecond;
  const lines = [
    "## Rate budget (issue 11)",
    "",
    `Emulator limit: ${R * settings.windowSeconds} requests per ${settings.windowSeconds} s window per OAuth client (R = ${R}/s), 429 + Retry-After beyond it.`,
    "",
    `### Burst: ${settings.burstCalls} concurrent users.get from one client`,
    "",
    `Floor (requests / R): ${seconds(burstFloorMs)}. Targets for our default client: 0 failed, wall ≤ 1.10× floor, 429s ≤ 5 % of requests sent.`,
    "",
    "| client | failed | wall | wall / floor | requests sent | 429s | 429s / sent |",
    "| --- | --: | --: | --: | --: | --: | --: |",
    ...results.burst.map(
      (r) =>
        `| ${r.name} | ${r.failed} | ${seconds(r.wallMs)} | ${(r.wallMs / burstFloorMs).toFixed(2)}× | ${r.sent} | ${r.limited} | ${pct(r.limited, r.sent)} |`,
    ),
    "",
    ...results.burst
      .filter((r) => r.firstFailure)
      .map((r) => `- ${r.name}, first failure: ${r.firstFailure!.replaceAll("|", "\\|")}`),
    "",
    `### ${settings.processes} processes × ${settings.callsPerProcess} calls, one OAuth client`,
    "",
  ];
  const raw = results.perCall[0]!.summary.median;
  lines.splice(
    4,
    0,
    "### Per-call overhead of the budget (sequential users.get, median)",
    "",
    "Target: with pacing off (the default) ≤ 1.10× raw fetch.",
    "",
    "| client | median µs | vs raw fetch |",
    "| --- | --: | --: |",
    ...results.perCall.map(
      (r) =>
        `| ${r.name} | ${r.summary.median.toFixed(0)} | ${(r.summary.median / raw).toFixed(2)}× |`,
    ),
    "",
  );
  if ("skipped" in results.shared) lines.push(`Skipped: ${results.shared.skipped}.`);
  else {
    lines.push(
      "Targets with the shared budget: 0 failed, goodput ≥ 0.95 of R, 429s ≤ 2 % of requests sent. The shared budget is set to 0.97 R.",
      "",
      "| setup | failed | wall | goodput | goodput / R | requests sent | 429s | 429s / sent |",
      "| --- | --: | --: | --: | --: | --: | --: | --: |",
      ...results.shared.map((r) => {
        const goodput = (r.calls - r.failed) / (r.wallMs / 1000);
        return `| ${r.name} | ${r.failed} | ${seconds(r.wallMs)} | ${goodput.toFixed(1)}/s | ${(goodput / R).toFixed(2)} | ${r.sent} | ${r.limited} | ${pct(r.limited, r.sent)} |`;
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

// `npx tsx bench/budget.ts [--quick]`: these figures alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const settings = process.argv.includes("--quick") ? BUDGET_QUICK : BUDGET_FULL;
  measureBudget(settings).then(
    (results) => {
      process.stdout.write(renderBudget(results));
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
      process.exit(1);
    },
  );
}
