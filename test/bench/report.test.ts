import { describe, expect, it } from "vitest";
import { renderMarkdown, verdicts, type RunResults } from "../../bench/report.js";
import type { Summary } from "../../bench/stats.js";

const timing = (median: number): Summary => ({
  n: 10,
  median,
  p99: median * 2,
  min: median / 2,
  max: median * 3,
});

function results(
  overrides: { oursGet?: number; oursHelper?: number; failed?: number; heapGrowth?: number } = {},
): RunResults {
  const call = (name: string, median: number) => ({ name, summary: timing(median) });
  const paging = (name: string, heapGrowthAfterWarm: number) => ({
    name,
    users: 1000,
    wallMs: 100,
    samples: 10,
    baselineHeap: 5e6,
    peakHeapGrowth: heapGrowthAfterWarm,
    endHeapGrowth: 0,
    baselineRss: 6e7,
    peakRssGrowth: 1e7,
    warmAtUsers: 100,
    heapGrowthAfterWarm,
    rssGrowthAfterWarm: 1e6,
  });
  const goodput = (name: string, failed: number) => ({
    name,
    operations: 100,
    concurrency: 10,
    ratePerSecond: 50,
    completed: 100 - failed,
    failed,
    wallMs: 2000,
    achievedRate: (100 - failed) / 2,
    fractionOfLimit: (100 - failed) / 2 / 50,
  });
  return {
    mode: "quick",
    command: "npm run bench -- --quick",
    machine: {
      date: "2026-01-01T00:00:00.000Z",
      cpus: 2,
      cpuModel: "test",
      totalMemoryBytes: 1e9,
      node: "v20.0.0",
      platform: "test",
      loadAverageAtStart: [0, 0, 0],
    },
    durationMs: 1000,
    settings: { perCallCallsPerRound: 1, perCallRounds: 10, perCallWarmup: 1, pagingPageSize: 100 },
    perCall: {
      results: [
        call("raw", 100),
        call("get", overrides.oursGet ?? 105),
        call("helper", overrides.oursHelper ?? 104),
        call("sdk", 200),
        call("d1", 101),
        call("d2", 110),
        call("d3", 102),
        call("d4", 106),
      ],
      rawFetch: "raw",
      ours: ["get", "helper"],
      sdk: "sdk",
      diagnostics: {
        fetchRequest: "d1",
        openapiFetch: "d2",
        lightRequest: "d3",
        oursNoTimeout: "d4",
      },
    },
    coldImport: {
      results: [
        { name: "ours", importMs: timing(10), processMs: timing(80) },
        { name: "perFile", importMs: timing(15), processMs: timing(85) },
        { name: "dep", importMs: timing(3), processMs: timing(70) },
        { name: "sdk", importMs: timing(250), processMs: timing(320) },
      ],
      ours: "ours",
      oursPerFile: "perFile",
      dependency: "dep",
      sdk: "sdk",
    },
    bundle: {
      ours: {
        name: "ours",
        minifiedBytes: 20_000,
        gzipBytes: 8_000,
        bytesByInput: { "src/a.ts": 1 },
      },
      consumer: { name: "app", minifiedBytes: 19_000, gzipBytes: 7_900 },
      sdk: { name: "sdk", minifiedBytes: 1_700_000, gzipBytes: 140_000 },
    },
    goodput: { ours: goodput("ours", overrides.failed ?? 0), sdk: goodput("sdk", 50) },
    paging: {
      ours: paging("ours", overrides.heapGrowth ?? 100_000),
      sdk: paging("sdk", 200_000),
      setJsonBytes: 1.7e6,
      pageJsonBytes: 170_000,
    },
  };
}

const met = (r: RunResults) => Object.fromEntries(verdicts(r).map((v) => [v.figure, v.met]));

describe("bench verdicts", () => {
  it("meets every target when the numbers are inside them", () => {
    expect(Object.values(met(results()))).toEqual(Array(6).fill(true));
    expect(renderMarkdown(results())).toContain("Every target was met in this run.");
  });

  it("holds per-call medians to 1.10x raw fetch, inclusive", () => {
    expect(met(results({ oursGet: 110 }))["Per-call median, get"]).toBe(true);
    expect(met(results({ oursGet: 111 }))["Per-call median, get"]).toBe(false);
    expect(met(results({ oursHelper: 111 }))["Per-call median, helper"]).toBe(false);
  });

  it("fails goodput on a single lost operation", () => {
    expect(met(results({ failed: 1 }))["Goodput under the rate limit"]).toBe(false);
  });

  it("fails paging memory that grows past ten pages after warm-up, and explains misses", () => {
    const grown = results({ heapGrowth: 1_800_000, oursGet: 130 });
    expect(met(grown)["Paging memory"]).toBe(false);
    const markdown = renderMarkdown(grown);
    expect(markdown).toContain("**Paging memory.**");
    expect(markdown).toContain("**Per-call overhead** (missed by get)");
    expect(markdown).toContain(
      "| Per-call median, get | 130 µs | 100 µs | 200 µs | 1.30x raw fetch",
    );
  });
});
