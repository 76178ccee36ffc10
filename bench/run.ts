// `npm run bench [-- --quick]`: measures the five figures of issue 5 in one run, side by side with
// raw fetch and the official SDK, and writes BENCHMARKS.md (full mode only). Starts and stops its
// own servers on 127.0.0.1 ephemeral ports; exits non-zero if anything fails or answers wrongly.
import { rmSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import * as prettier from "prettier";
import { compileForNode, compilePublished } from "./build.js";
import { measureConsumerBundle, measureFileBundle, measureOurBundle } from "./bundle-size.js";
import { measureColdImport } from "./cold-import.js";
import { DIAGNOSTIC, diagnosticContenders } from "./diagnostics.js";
import { FULL, QUICK, type BenchSettings } from "./config.js";
import { makeUser, userId } from "./fixtures.js";
import { measureGoodput } from "./goodput.js";
import { OUR_NAME, ourGoodputContender, ourPerCallContenders } from "./ours.js";
import { measurePaging } from "./paging-memory.js";
import { measurePerCall } from "./per-call.js";
import { rawFetchGetUser, sdkFiles, sdkScimApi } from "./peers.js";
import { killAll, onCleanup, startServerProcess } from "./processes.js";
import { renderMarkdown, verdicts, type Machine, type RunResults } from "./report.js";
import { startRateLimitedServer, type RateLimitedServer } from "./rate-limited.js";
import { BUDGET_FULL, BUDGET_QUICK, measureBudget, renderBudget } from "./budget.js";
import { measureSync, renderSyncSection, SYNC_FULL, SYNC_QUICK } from "./sync.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUR_ENTRY = path.join(ROOT, "src/index.ts");
const PER_CALL_USER = userId(42);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--quick");
  if (unknown.length > 0)
    throw new Error(`unknown argument(s): ${unknown.join(" ")} (only --quick)`);
  const quick = args.includes("--quick");
  const settings = quick ? QUICK : FULL;
  const started = performance.now();
  const machine = describeMachine();
  log(`${quick ? "quick" : "full"} run on ${machine.cpus} cores, Node ${machine.node}`);

  const work = path.join(ROOT, ".tmp", `bench-${process.pid}`);
  await mkdir(work, { recursive: true });
  onCleanup(() => rmSync(work, { recursive: true, force: true }));
  // A hung server or client must fail the run (and CI), not stall it.
  const watchdog = setTimeout(() => {
    log(`FAILED: still running after ${settings.timeLimitMs / 1000} s`);
    killAll();
    process.exit(1);
  }, settings.timeLimitMs);
  watchdog.unref();
  try {
    const compiled = await compileAll(work);

    log("bundle size");
    const bundle = {
      ours: await measureOurBundle(`${OUR_NAME} (every export)`, OUR_ENTRY),
      consumer: await measureConsumerBundle(
        `${OUR_NAME} (app using createScimClient)`,
        OUR_ENTRY,
        work,
      ),
      sdk: await measureFileBundle("purecloud-platform-client-v2", sdkFiles().browserBundle),
    };

    log("cold import");
    const coldImportTargets = [
      { name: `${OUR_NAME} (as published: one ESM file)`, url: compiled.publishedEntry },
      { name: `${OUR_NAME} (one file per module, for reference)`, url: compiled.perFileEntry },
      { name: "purecloud-platform-client-v2", url: pathToFileURL(sdkFiles().entry).href },
      { name: "openapi-fetch (our dependency, alone)", url: compiled.dependencyEntry },
      { name: "node:os (baseline: an empty import)", url: "node:os" },
    ];
    const coldImport = {
      results: await measureColdImport(coldImportTargets, {
        warmupRuns: settings.coldImportWarmup,
        runs: settings.coldImportRuns,
        cwd: ROOT,
        loaderWarmupUrl: compiled.loaderWarmup,
      }),
      ours: coldImportTargets[0]!.name,
      oursPerFile: coldImportTargets[1]!.name,
      sdk: coldImportTargets[2]!.name,
      dependency: coldImportTargets[3]!.name,
    };

    log("per-call overhead");
    const perCall = await withServer({ totalUsers: 1000 }, async (baseUrl) => {
      const ours = ourPerCallContenders(baseUrl);
      const sdk = sdkScimApi(baseUrl);
      const contenders = [
        { name: "raw fetch", getUser: rawFetchGetUser(baseUrl) },
        ...ours,
        { name: "official SDK getScimV2User", getUser: (id: string) => sdk.getScimV2User(id) },
        ...diagnosticContenders(baseUrl),
      ];
      return {
        results: await measurePerCall(contenders, {
          userId: PER_CALL_USER,
          warmupCalls: settings.perCallWarmup,
          rounds: settings.perCallRounds,
          callsPerRound: settings.perCallCallsPerRound,
        }),
        rawFetch: "raw fetch",
        ours: [ours[0]!.name, ours[1]!.name] as [string, string],
        sdk: "official SDK getScimV2User",
        diagnostics: DIAGNOSTIC,
      };
    });

    log("goodput under a rate limit");
    const goodputOptions = {
      operations: settings.goodputOperations,
      concurrency: settings.goodputConcurrency,
      ratePerSecond: settings.goodputRatePerSecond,
    };
    const goodput = {
      ours: await withRateLimitedServer(settings, (server) =>
        measureGoodput(ourGoodputContender(server.baseUrl, server, server.userIds), goodputOptions),
      ),
      sdk: await withRateLimitedServer(settings, (server) => {
        const sdk = sdkScimApi(server.baseUrl, server.accessToken);
        return measureGoodput(
          {
            name: "official SDK getScimV2User",
            operation: async (i) => {
              const id = server.userIds[i % server.userIds.length]!;
              const user = (await sdk.getScimV2User(id)) as { id?: string };
              if (user.id !== id) throw new Error(`asked for user ${id}, got ${user.id}`);
            },
          },
          goodputOptions,
        );
      }),
    };
    if (goodput.ours.completed + goodput.ours.failed !== settings.goodputOperations) {
      throw new Error("goodput: operations went missing");
    }

    log("paging memory");
    const paging = await withServer(
      { totalUsers: settings.pagingUsers, maxPageSize: settings.pagingPageSize },
      async (baseUrl) => {
        const options = {
          baseUrl,
          childScript: compiled.pagingChild,
          cwd: ROOT,
          totalUsers: settings.pagingUsers,
          pageSize: settings.pagingPageSize,
          sampleEvery: settings.pagingSampleEvery,
        };
        let setJsonBytes = 0;
        for (let n = 1; n <= settings.pagingUsers; n++) {
          setJsonBytes += Buffer.byteLength(JSON.stringify(makeUser(userId(n), baseUrl, n)));
        }
        return {
          ours: await measurePaging(`${OUR_NAME} users.list()`, "ours", options),
          sdk: await measurePaging("official SDK, startIndex loop", "sdk", options),
          setJsonBytes,
          pageJsonBytes: (setJsonBytes / settings.pagingUsers) * settings.pagingPageSize,
        };
      },
    );

    const results: RunResults = {
      mode: quick ? "quick" : "full",
      command: quick ? "npm run bench -- --quick" : "npm ci && npm run bench",
      machine,
      durationMs: performance.now() - started,
      settings: { ...settings },
      perCall,
      coldImport,
      bundle,
      goodput,
      paging,
    };
    log("rate budget (burst, processes sharing one budget on Redis)");
    const budget = await measureBudget(quick ? BUDGET_QUICK : BUDGET_FULL);
    log("sync");
    const sync = await measureSync(quick ? SYNC_QUICK : SYNC_FULL, log);
    const markdown = `${renderMarkdown(results)}\n${renderBudget(budget)}\n${renderSyncSection(sync)}`;
    if (quick) {
      process.stdout.write(`\n${markdown}\n`);
      log("quick mode: BENCHMARKS.md left untouched");
    } else {
      // Formatted as `npm test`'s format check expects, so a fresh run never fails it.
      const file = path.join(ROOT, "BENCHMARKS.md");
      const config = await prettier.resolveConfig(file);
      await writeFile(file, await prettier.format(markdown, { ...config, filepath: file }));
      log("wrote BENCHMARKS.md");
    }
    for (const v of verdicts(results)) log(`${v.met ? "met   " : "MISSED"} ${v.figure}`);
    if (budget.burst[0]!.failed > 0) {
      throw new Error(`our default client lost ${budget.burst[0]!.failed} calls of the burst`);
    }
    if (sync.runs.some((run) => run.failures > 0)) throw new Error("sync: apply reported failures");
    if (goodput.ours.failed > 0) {
      throw new Error(`our client lost ${goodput.ours.failed} operations to the rate limit`);
    }
    log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Our entry compiled as published (one ESM file) and, for reference, one file per module (tsc's
 * layout); plus the paging child process's script.
 */
async function compileAll(work: string) {
  const sources = [
    ...(await listTs(path.join(ROOT, "src"))),
    ...(await listTs(path.join(ROOT, "generated"))),
  ];
  await build({
    entryPoints: sources,
    outdir: path.join(work, "dist"),
    outbase: ROOT,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
  });
  await writeFile(path.join(work, "package.json"), '{ "type": "module" }\n');
  const loaderWarmup = path.join(work, "loader-warmup.js");
  await writeFile(loaderWarmup, "export default 1;\n");
  const published = await compilePublished(OUR_ENTRY, path.join(work, "published", "index.js"));
  const pagingChild = await compileForNode(
    path.join(ROOT, "bench", "paging-child.ts"),
    path.join(work, "paging-child.mjs"),
  );
  return {
    publishedEntry: pathToFileURL(published).href,
    perFileEntry: pathToFileURL(path.join(work, "dist", "src", "index.js")).href,
    // A bare specifier, resolved from the project root as our published file's import is.
    dependencyEntry: "openapi-fetch",
    loaderWarmup: pathToFileURL(loaderWarmup).href,
    pagingChild,
  };
}

async function listTs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

async function withServer<T>(
  options: { totalUsers: number; maxPageSize?: number },
  body: (baseUrl: string) => Promise<T>,
): Promise<T> {
  const server = await startServerProcess("users", options);
  try {
    return await body(server.baseUrl);
  } finally {
    await server.close();
  }
}

async function withRateLimitedServer<T>(
  settings: BenchSettings,
  body: (server: RateLimitedServer) => Promise<T>,
): Promise<T> {
  const server = await startRateLimitedServer(settings.goodputRatePerSecond);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg(),
  };
}

const runStarted = performance.now();

function log(message: string): void {
  const seconds = ((performance.now() - runStarted) / 1000).toFixed(1).padStart(5);
  process.stderr.write(`[bench ${seconds} s] ${message}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench] FAILED: ${error instanceof Error ? error.stack : error}\n`);
    killAll();
    process.exit(1);
  },
);
