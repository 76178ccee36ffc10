// esbuild builds of our entry: what users import at run time (compiled ESM, dependencies left to
// node_modules) and what a browser bundle of it weighs.
import { build } from "esbuild";

/**
 * Compiles `entry` and everything it imports from this repo into one ESM file; npm packages stay
 * external, resolved from node_modules exactly as an installed copy of the package would.
 */
export async function compileForNode(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "silent",
  });
  return outfile;
}

/**
 * Our entry the way `npm run build` publishes it: one ESM file (platform-neutral, ES2022) with npm
 * dependencies (openapi-fetch) left external, so they load from node_modules.
 */
export async function compilePublished(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    packages: "external",
    logLevel: "silent",
  });
  return outfile;
}

export interface MinifiedBundle {
  bytes: Uint8Array;
  /** Minified bytes attributed to each input file (ours vs dependencies). */
  bytesByInput: Record<string, number>;
}

/** `esbuild --bundle --minify --format=esm entry` (browser platform, the CLI default), in memory. */
export async function minifiedBundle(entry: string): Promise<MinifiedBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    metafile: true,
    outfile: "bundle.min.js",
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  const meta = Object.values(result.metafile.outputs)[0];
  const bytesByInput: Record<string, number> = {};
  for (const [input, info] of Object.entries(meta?.inputs ?? {})) {
    bytesByInput[input] = info.bytesInOutput;
  }
  return { bytes: output.contents, bytesByInput };
}
