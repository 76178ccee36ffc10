// Renders one benchmark run as BENCHMARKS.md. Every number comes from the run's measurements;
// ratios and verdicts are computed here, never typed in.
import type { BundleSizeResult } from "./bundle-size.js";
import type { ColdImportResult } from "./cold-import.js";
import type { GoodputResult } from "./goodput.js";
import type { PagingResult } from "./paging-memory.js";
import type { PerCallResult } from "./per-call.js";
import { ratio } from "./stats.js";

export interface Machine {
  date: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
}

export interface RunResults {
  mode: "full" | "quick";
  command: string;
  machine: Machine;
  durationMs: number;
  settings: Record<string, unknown>;
  perCall: {
    results: PerCallResult[];
    rawFetch: string;
    /** Our raw typed call first, then the helper. */
    ours: [string, string];
    sdk: string;
    diagnostics: {
      fetchRequest: string;
      openapiFetch: string;
      lightRequest: string;
      oursNoTimeout: string;
    };
  };
  coldImport: {
    results: ColdImportResult[];
    ours: string;
    oursPerFile: string;
    sdk: string;
    dependency: string;
  };
  bundle: { ours: BundleSizeResult; consumer: BundleSizeResult; sdk: BundleSizeResult };
  goodput: { ours: GoodputResult; sdk: GoodputResult };
  paging: { ours: PagingResult; sdk: PagingResult; setJsonBytes: number; pageJsonBytes: number };
}

export interface Verdict {
  figure: string;
  met: boolean;
}

/** Targets from issue 5. */
export const TARGETS = {
  perCallMaxRatio: 1.1,
  coldImportMaxRatio: 1 / 20,
  bundleMaxGzipBytes: 10_000,
  goodputMinFraction: 0.9,
  /**
   * "Flat" = memory of a page, not of the set: once warm (a tenth of the walk done), the rest of
   * the walk may grow the post-GC heap by at most ten pages' worth of JSON, however many users.
   */
  pagingMaxHeapGrowthPages: 10,
} as const;

export function verdicts(r: RunResults): Verdict[] {
  const out: Verdict[] = [];
  const raw = byName(r.perCall.results, r.perCall.rawFetch);
  for (const name of r.perCall.ours) {
    const ours = byName(r.perCall.results, name);
    out.push({
      figure: `Per-call median, ${name}`,
      met: ratio(ours.summary.median, raw.summary.median) <= TARGETS.perCallMaxRatio,
    });
  }
  const ci = coldImportRatio(r);
  out.push({ figure: "Cold import", met: ci <= TARGETS.coldImportMaxRatio });
  out.push({ figure: "Bundle size", met: r.bundle.ours.gzipBytes <= TARGETS.bundleMaxGzipBytes });
  out.push({
    figure: "Goodput under the rate limit",
    met:
      r.goodput.ours.failed === 0 && r.goodput.ours.fractionOfLimit >= TARGETS.goodputMinFraction,
  });
  out.push({
    figure: "Paging memory",
    met:
      r.paging.ours.heapGrowthAfterWarm <=
      TARGETS.pagingMaxHeapGrowthPages * r.paging.pageJsonBytes,
  });
  return out;
}

function coldImportRatio(r: RunResults): number {
  const ours = byName(r.coldImport.results, r.coldImport.ours);
  const sdk = byName(r.coldImport.results, r.coldImport.sdk);
  return ratio(ours.importMs.median, sdk.importMs.median);
}

export function renderMarkdown(r: RunResults): string {
  const v = new Map(verdicts(r).map((x) => [x.figure, x.met]));
  const met = (figure: string) => (v.get(figure) ? "yes" : "**no**");
  const raw = byName(r.perCall.results, r.perCall.rawFetch);
  const sdkCall = byName(r.perCall.results, r.perCall.sdk);
  const ciOurs = byName(r.coldImport.results, r.coldImport.ours);
  const ciSdk = byName(r.coldImport.results, r.coldImport.sdk);
  const { ours: gOurs, sdk: gSdk } = r.goodput;
  const { ours: pOurs, sdk: pSdk } = r.paging;
  const m = r.machine;

  const summary: string[][] = [];
  for (const name of r.perCall.ours) {
    const ours = byName(r.perCall.results, name);
    summary.push([
      `Per-call median, ${name}`,
      us(ours.summary.median),
      us(raw.summary.median),
      us(sdkCall.summary.median),
      `${x(ratio(ours.summary.median, raw.summary.median))} raw fetch; ` +
        `SDK ${x(ratio(sdkCall.summary.median, raw.summary.median))} raw fetch`,
      `<= ${TARGETS.perCallMaxRatio.toFixed(2)}x raw fetch`,
      met(`Per-call median, ${name}`),
    ]);
    summary.push([
      `Per-call p99, ${name}`,
      us(ours.summary.p99),
      us(raw.summary.p99),
      us(sdkCall.summary.p99),
      `${x(ratio(ours.summary.p99, raw.summary.p99))} raw fetch`,
      "(reported)",
      "-",
    ]);
  }
  summary.push([
    "Cold import (median time inside `import()`)",
    ms(ciOurs.importMs.median),
    "-",
    ms(ciSdk.importMs.median),
    `1/${(ciSdk.importMs.median / ciOurs.importMs.median).toFixed(1)} of the SDK's`,
    "<= 1/20 of the SDK's",
    met("Cold import"),
  ]);
  summary.push([
    "Bundle size, minified + gzip",
    kb(r.bundle.ours.gzipBytes),
    "-",
    kb(r.bundle.sdk.gzipBytes),
    `1/${(r.bundle.sdk.gzipBytes / r.bundle.ours.gzipBytes).toFixed(0)} of the SDK's`,
    `<= ${kb(TARGETS.bundleMaxGzipBytes)}`,
    met("Bundle size"),
  ]);
  summary.push([
    `Goodput, ${gOurs.operations} GETs at concurrency ${gOurs.concurrency} vs ${gOurs.ratePerSecond} req/s`,
    `${gOurs.failed} failed, ${gOurs.fractionOfLimit.toFixed(2)} of R`,
    "-",
    `${gSdk.failed} failed, ${gSdk.fractionOfLimit.toFixed(2)} of R`,
    `completed ${gOurs.completed} vs ${gSdk.completed}`,
    `0 failed, >= ${TARGETS.goodputMinFraction.toFixed(2)} of R`,
    met("Goodput under the rate limit"),
  ]);
  summary.push([
    `Paging memory, ${pOurs.users.toLocaleString("en-US")} users: post-GC heap growth over the last 90 % of the walk`,
    mb(pOurs.heapGrowthAfterWarm),
    "-",
    mb(pSdk.heapGrowthAfterWarm),
    `${(pOurs.heapGrowthAfterWarm / r.paging.pageJsonBytes).toFixed(2)} pages of JSON; the set is ${mb(r.paging.setJsonBytes)}`,
    `flat: <= ${TARGETS.pagingMaxHeapGrowthPages} pages of JSON (${mb(TARGETS.pagingMaxHeapGrowthPages * r.paging.pageJsonBytes)})`,
    met("Paging memory"),
  ]);
  summary.push([
    "Paging memory: peak post-GC heap growth from the first page",
    mb(pOurs.peakHeapGrowth),
    "-",
    mb(pSdk.peakHeapGrowth),
    `${pct(pOurs.peakHeapGrowth / r.paging.setJsonBytes)} of the set's JSON`,
    "(reported)",
    "-",
  ]);
  summary.push([
    "Paging memory: peak RSS growth from the first page",
    mb(pOurs.peakRssGrowth),
    "-",
    mb(pSdk.peakRssGrowth),
    `${pct(pOurs.peakRssGrowth / r.paging.setJsonBytes)} of the set's JSON`,
    "(reported)",
    "-",
  ]);

  const lines: string[] = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` from the numbers it measured in one run on one machine; do not edit by",
    "hand. Ratios and verdicts are computed by `bench/report.ts`.",
    "",
    `- Date: ${m.date}`,
    `- Machine: ${m.cpus} cores (${m.cpuModel}), ${mb(m.totalMemoryBytes)} RAM, ${m.platform}`,
    `- Node: ${m.node}`,
    `- Load average (1, 5, 15 min) when the run started: ${m.loadAverageAtStart.map((l) => l.toFixed(2)).join(", ")}`,
    ...(m.loadAverageAtStart[0]! >= m.cpus / 2
      ? [
          `- **The machine was busy when this run started** (1-minute load ${m.loadAverageAtStart[0]!.toFixed(2)} on ${m.cpus} cores): timings`,
          "  carry that noise, and shared noise pushes the per-call ratios towards 1x. An idle machine gives",
          "  cleaner ratios.",
        ]
      : []),
    `- Whole run: ${(r.durationMs / 1000).toFixed(1)} s (${r.mode} mode)`,
    `- Reproduce: \`${r.command}\``,
    "",
    "## Summary",
    "",
    table(["Figure", "Ours", "raw fetch", "official SDK", "Ratio", "Target", "Met"], summary),
    "",
    ...perCallSection(r),
    ...coldImportSection(r),
    ...bundleSection(r),
    ...goodputSection(r),
    ...pagingSection(r),
    ...whySection(r),
    "## Settings",
    "",
    "```json",
    JSON.stringify(r.settings, null, 2),
    "```",
    "",
  ];
  return lines.join("\n");
}

function perCallSection(r: RunResults): string[] {
  const raw = byName(r.perCall.results, r.perCall.rawFetch);
  const rows = r.perCall.results.map((c) => [
    c.name,
    us(c.summary.median),
    us(c.summary.p99),
    us(c.summary.min),
    x(ratio(c.summary.median, raw.summary.median)),
    x(ratio(c.summary.p99, raw.summary.p99)),
    String(c.summary.n),
  ]);
  return [
    "## 1. Per-call overhead",
    "",
    "Sequential `GET /api/v2/scim/v2/users/{id}` against a local `node:http` server in its own process,",
    "returning a realistic 2 kB user. Each contender parses the body and the bench checks the id. The",
    `contenders take turns of ${r.settings["perCallCallsPerRound"]} calls, ${r.settings["perCallRounds"]} rounds, the first to go rotating, after`,
    `${r.settings["perCallWarmup"]} warm-up calls each, so machine noise falls on all alike. Short turns also spread`,
    "V8's young-generation collections over all contenders: that moves p99 more than the medians.",
    "",
    table(["Contender", "Median", "p99", "Min", "Median / raw", "p99 / raw", "Calls"], rows),
    "",
  ];
}

function coldImportSection(r: RunResults): string[] {
  const sdk = byName(r.coldImport.results, r.coldImport.sdk);
  const rows = r.coldImport.results.map((c) => [
    c.name,
    ms(c.importMs.median),
    ms(c.importMs.p99),
    ms(c.processMs.median),
    x(ratio(c.importMs.median, sdk.importMs.median)),
    String(c.importMs.n),
  ]);
  return [
    "## 2. Cold import",
    "",
    "A fresh `node` process per sample first imports a one-line module (the ESM loader's one-time",
    "start-up, which any ESM application has paid before it imports a library), then runs",
    "`await import(<entry>)` and reports the time spent in it; the bench also records the whole",
    "process's wall time (node's own start-up and the loader's included). Ours is `src/index.ts`",
    "compiled the way `npm run build` publishes it (one ESM file, openapi-fetch imported from",
    "node_modules); for reference also one file per module, and openapi-fetch alone. The SDK is its",
    "package entry (`dist/node`, what `require`/`import` of the package loads).",
    "",
    table(
      ["Entry", "Import median", "Import p99", "Process wall median", "Import / SDK", "Runs"],
      rows,
    ),
    "",
  ];
}

function bundleSection(r: RunResults): string[] {
  const { ours, consumer, sdk } = r.bundle;
  const inputs = Object.entries(ours.bytesByInput ?? {})
    .sort((a, b) => b[1] - a[1])
    .map(([input, bytes]) => [`\`${input}\``, String(bytes)]);
  return [
    "## 3. Bundle size",
    "",
    "Ours: `esbuild --bundle --minify --format=esm src/index.ts` (every export, openapi-fetch",
    "included), gzip by `node:zlib` at its default level; also an app entry that imports only",
    "`createScimClient` (what tree-shaking leaves an application that uses no other helper). The SDK:",
    "its own minified browser bundle (`browser` in its package.json), gzipped the same way.",
    "",
    table(
      ["Bundle", "Minified bytes", "Gzip bytes", "Gzip / SDK"],
      [ours, consumer, sdk].map((b) => [
        b.name,
        String(b.minifiedBytes),
        String(b.gzipBytes),
        x(ratio(b.gzipBytes, sdk.gzipBytes), 4),
      ]),
    ),
    "",
    "Where our minified bytes come from:",
    "",
    table(["Input", "Minified bytes"], inputs),
    "",
  ];
}

function goodputSection(r: RunResults): string[] {
  const rows = [r.goodput.ours, r.goodput.sdk].map((g) => [
    g.name,
    String(g.operations),
    String(g.concurrency),
    String(g.ratePerSecond),
    String(g.completed),
    String(g.failed),
    `${(g.wallMs / 1000).toFixed(2)} s`,
    g.achievedRate.toFixed(1),
    g.fractionOfLimit.toFixed(3),
    g.firstFailure ? `\`${g.firstFailure.replaceAll("|", "\\|").replaceAll("`", "'")}\`` : "-",
  ]);
  return [
    "## 4. Goodput under a rate limit",
    "",
    "M GET-user operations (`users.get` / `getScimV2User`), C at a time, against the project's emulator",
    "(`emulator/`, in its own process) allowing its OAuth client R requests per 1 s window (a fixed",
    "window opened by the client's first request, as Genesys Cloud does per minute) and answering the",
    "rest with 429 + `Retry-After` in whole seconds. Achieved rate = completed operations / wall time;",
    "the last window is not waited out, so a client that never fails can show slightly more than R,",
    "and one that fails fast shows the rate of its few completions. Each client runs with its defaults",
    "against a fresh emulator: ours authenticates with client credentials at the emulator's",
    "`/oauth/token`, the SDK with a token the emulator minted for the same client (`setAccessToken`).",
    "",
    table(
      [
        "Client",
        "M",
        "C",
        "R",
        "Completed",
        "Failed",
        "Wall",
        "Achieved /s",
        "/ R",
        "First failure",
      ],
      rows,
    ),
    "",
  ];
}

function pagingSection(r: RunResults): string[] {
  const rows = [r.paging.ours, r.paging.sdk].map((p) => [
    p.name,
    String(p.users),
    `${(p.wallMs / 1000).toFixed(2)} s`,
    mb(p.baselineHeap),
    mb(p.peakHeapGrowth),
    mb(p.heapGrowthAfterWarm),
    mb(p.peakRssGrowth),
    mb(p.rssGrowthAfterWarm),
    String(p.samples),
  ]);
  return [
    "## 5. Paging memory",
    "",
    "A separate `node --expose-gc` process walks every user of a local server that generates each page",
    `on the fly (${r.settings["pagingPageSize"]} users per page, ~${kb(r.paging.pageJsonBytes)} of JSON), checking every id in order. Memory`,
    "is sampled after the first page (the baseline) and then regularly, each time after a forced full GC;",
    "RSS growth is the process's high-water mark (getrusage) over the RSS after the first page. The",
    "first pages grow memory once (compiled code, connection state, V8 sizing its young generation);",
    "the flatness test is what the walk adds after its first tenth, when a client that kept what it",
    `iterated would keep growing. Holding the whole set would take at least its JSON size, ${mb(r.paging.setJsonBytes)}.`,
    "",
    table(
      [
        "Client",
        "Users",
        "Wall",
        "Baseline heap",
        "Peak heap growth",
        "Heap growth after 10 %",
        "Peak RSS growth",
        "RSS growth after 10 %",
        "Samples",
      ],
      rows,
    ),
    "",
  ];
}

/** For every missed target: why, from this run's own numbers, and what would fix it. */
function whySection(r: RunResults): string[] {
  const missed = verdicts(r).filter((v) => !v.met);
  const out = ["## Why targets were missed", ""];
  if (missed.length === 0) return [...out, "Every target was met in this run.", ""];
  const median = (name: string) => byName(r.perCall.results, name).summary.median;
  const raw = median(r.perCall.rawFetch);
  const d = r.perCall.diagnostics;
  const [oursGet, oursHelper] = r.perCall.ours;
  const perCallMissed = missed.filter((v) => v.figure.startsWith("Per-call"));
  if (perCallMissed.length > 0) {
    const over = (name: string) => x(ratio(median(name), raw));
    out.push(
      `- **Per-call overhead** (missed by ${perCallMissed.map((v) => v.figure.replace("Per-call median, ", "")).join(" and ")}).`,
      "  The ladder measured in this run, each as a ratio to raw fetch:",
      `  \`fetch(new Request(...))\` ${over(d.fetchRequest)}; plain openapi-fetch ${over(d.openapiFetch)};`,
      `  openapi-fetch with a light \`Request\` class ${over(d.lightRequest)}; ours \`client.GET\` with the`,
      `  timeout off ${over(d.oursNoTimeout)} and as shipped ${over(oursGet)}; \`users.get\` ${over(oursHelper)}.`,
      "  `client.GET` is openapi-fetch's own method: for every call it builds an undici `Request`, merges",
      "  headers and sets up its serializers, and that is what separates plain openapi-fetch from raw fetch;",
      `  ours adds ${x(ratio(median(oursGet), median(d.openapiFetch)))} on top of plain openapi-fetch. \`users.get\` sends URL and`,
      "  init straight to fetch through the same auth/retry/timeout loop. What would fix the raw path (in",
      "  `src/`, the client owner's): hand openapi-fetch a light `Request` class (its `Request` option)",
      "  while no middleware is registered, since the retry layer sends URL and init anyway; the light-",
      "  Request row above is what that costs.",
    );
  }
  if (missed.some((v) => v.figure === "Cold import")) {
    const importMs = (name: string) => byName(r.coldImport.results, name).importMs.median;
    const ours = importMs(r.coldImport.ours);
    const dependency = importMs(r.coldImport.dependency);
    const sdk = importMs(r.coldImport.sdk);
    out.push(
      `- **Cold import.** As published our entry takes ${ms(ours)}, 1/${(sdk / ours).toFixed(1)} of the SDK's ${ms(sdk)};`,
      `  openapi-fetch alone takes ${ms(dependency)} of that, our own code the rest (the one-file-per-module`,
      `  layout takes ${ms(importMs(r.coldImport.oursPerFile))}). What would fix it: less code to load and run at import`,
      "  time in `src/` (the client owner's).",
    );
  }
  if (missed.some((v) => v.figure === "Bundle size")) {
    const { ours, consumer } = r.bundle;
    const own = (bundle: BundleSizeResult) =>
      Object.entries(bundle.bytesByInput ?? {})
        .filter(([input, bytes]) => !input.includes("node_modules/") && bytes > 0)
        .sort((a, b) => b[1] - a[1]);
    const dependency = Object.entries(ours.bytesByInput ?? {})
      .filter(([input]) => input.includes("node_modules/"))
      .reduce((sum, [, bytes]) => sum + bytes, 0);
    // Builders a client that never filters or patches does not need (the region table it does).
    const optional = ["src/filter.ts", "src/patch.ts"].filter((file) =>
      own(consumer).some(([input]) => input === file),
    );
    out.push(
      `- **Bundle size.** ${kb(ours.gzipBytes)} gzipped with every export, ${kb(consumer.gzipBytes)} for an app that`,
      `  only calls \`createScimClient\`. Of ${ours.minifiedBytes} minified bytes ${dependency} are openapi-fetch;`,
      `  the rest is ours: ${own(ours)
        .slice(0, 6)
        .map(([input, bytes]) => `\`${input}\` ${bytes} B`)
        .join(", ")}.`,
      ...(optional.length > 0
        ? [
            `  The \`createScimClient\`-only app still carries ${optional.map((f) => `\`${f}\``).join(", ")}, which its`,
            "  import graph reaches, so tree-shaking cannot drop it.",
          ]
        : []),
      "  What would fix it (in `src/`, the client owner's): fewer bytes in what every client needs (the",
      "  largest modules above, e.g. shorter error and event strings)" +
        (optional.length > 0
          ? ", and the modules listed above kept out of `createScimClient`'s import graph;"
          : ";"),
      "  openapi-fetch's share is fixed.",
    );
  }
  if (missed.some((v) => v.figure === "Goodput under the rate limit")) {
    const g = r.goodput.ours;
    out.push(
      `- **Goodput.** ${g.failed} of ${g.operations} operations failed and ${g.fractionOfLimit.toFixed(3)} of R was`,
      `  reached${g.firstFailure ? ` (first failure: \`${g.firstFailure.replaceAll("`", "'")}\`)` : ""}.`,
      "  Retry-After comes in whole seconds: a client that waits it exactly loses what is left of a",
      "  second per window, so the shorter the window is filled, the closer it gets to R.",
    );
  }
  if (missed.some((v) => v.figure === "Paging memory")) {
    out.push(
      `- **Paging memory.** After the first tenth of the walk the post-GC heap still grew ${mb(r.paging.ours.heapGrowthAfterWarm)}, more than`,
      `  ${TARGETS.pagingMaxHeapGrowthPages} pages' worth: something holds on to users or pages already iterated.`,
    );
  }
  out.push("");
  return out;
}

function byName<T extends { name: string }>(list: readonly T[], name: string): T {
  const found = list.find((item) => item.name === name);
  if (!found) throw new Error(`no result named ${name}`);
  return found;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

const us = (v: number) => `${v.toFixed(0)} µs`;
const ms = (v: number) => `${v.toFixed(1)} ms`;
const kb = (v: number) => `${(v / 1000).toFixed(1)} kB`;
const mb = (v: number) => `${(v / 1e6).toFixed(2)} MB`;
const pct = (v: number) => `${(v * 100).toFixed(2)} %`;
const x = (v: number, digits = 2) => `${v.toFixed(digits)}x`;
