// Entry of the paging-memory process (compiled by esbuild, run with `node --expose-gc`):
// walks every user of the local list endpoint and samples memory every `sampleEvery` users.
// argv: <mode: ours|sdk> <baseUrl> <totalUsers> <pageSize> <sampleEvery>
import { userId } from "./fixtures.js";
import { ourUserIterator } from "./ours.js";
import { sdkScimApi } from "./peers.js";

export interface Sample {
  users: number;
  /** After a forced full GC: what is still reachable. */
  heapUsed: number;
  rss: number;
  /** Before the GC: what the process actually held at that moment. */
  rssBeforeGc: number;
  /** The process's RSS high-water mark so far (getrusage), in bytes. */
  maxRss: number;
}

const [mode, baseUrl, totalArg, pageSizeArg, sampleEveryArg] = process.argv.slice(2);
const totalUsers = Number(totalArg);
const pageSize = Number(pageSizeArg);
const sampleEvery = Number(sampleEveryArg);
const gc = (globalThis as { gc?: () => void }).gc;

function sample(users: number): Sample {
  const rssBeforeGc = process.memoryUsage.rss();
  gc!();
  const { heapUsed, rss } = process.memoryUsage();
  return { users, heapUsed, rss, rssBeforeGc, maxRss: process.resourceUsage().maxRSS * 1024 };
}

async function* sdkUsers(): AsyncGenerator<{ id?: string }> {
  const api = sdkScimApi(baseUrl!);
  // The SDK has no pager: this is the loop its users write by hand.
  for (let startIndex = 1; ; startIndex += pageSize) {
    const page = await api.getScimV2Users({ startIndex, count: pageSize });
    const resources = page.Resources ?? [];
    yield* resources;
    if (resources.length === 0 || startIndex + resources.length > (page.totalResults ?? 0)) return;
  }
}

async function main(): Promise<void> {
  if (!gc) throw new Error("run with --expose-gc");
  const users =
    mode === "ours" ? ourUserIterator(baseUrl!, pageSize) : mode === "sdk" ? sdkUsers() : undefined;
  if (!users) throw new Error(`unknown mode ${mode}`);
  const start = performance.now();
  const samples: Sample[] = [];
  let seen = 0;
  for await (const user of users) {
    seen++;
    if (user.id !== userId(seen)) {
      throw new Error(`user #${seen}: expected id ${userId(seen)}, got ${user.id}`);
    }
    // The first sample, after one whole page, is the baseline: client loaded, one page held.
    if (seen === pageSize || seen % sampleEvery === 0) samples.push(sample(seen));
  }
  const wallMs = performance.now() - start;
  samples.push(sample(seen));
  process.stdout.write(JSON.stringify({ users: seen, wallMs, samples }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
