// Figure 3: bundle size. Our entry bundled and minified by esbuild vs the official SDK's own
// minified browser bundle (the file its package.json "browser" field points at).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { minifiedBundle } from "./build.js";

export interface BundleSizeResult {
  name: string;
  minifiedBytes: number;
  gzipBytes: number;
  /** Where the bytes come from (only for bundles we build). */
  bytesByInput?: Record<string, number>;
}

export async function measureOurBundle(name: string, entry: string): Promise<BundleSizeResult> {
  const bundle = await minifiedBundle(entry);
  return {
    name,
    minifiedBytes: bundle.bytes.byteLength,
    gzipBytes: gzipSync(bundle.bytes).byteLength,
    bytesByInput: bundle.bytesByInput,
  };
}

export async function measureFileBundle(name: string, file: string): Promise<BundleSizeResult> {
  const bytes = await readFile(file);
  return { name, minifiedBytes: bytes.byteLength, gzipBytes: gzipSync(bytes).byteLength };
}

/**
 * What an application that only calls `createScimClient` ships: an entry importing just that
 * (so unused helpers can be tree-shaken), bundled and minified the same way.
 */
export async function measureConsumerBundle(
  name: string,
  ourEntry: string,
  workDir: string,
): Promise<BundleSizeResult> {
  const entry = path.join(workDir, "consumer.ts");
  await writeFile(
    entry,
    `import { createScimClient } from ${JSON.stringify(ourEntry)};\n` +
      `export const client = createScimClient({ auth: { accessToken: "token" } });\n`,
  );
  return measureOurBundle(name, entry);
}
