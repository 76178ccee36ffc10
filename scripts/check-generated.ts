// Fails when generated/ is not what `npm run generate` would produce from spec/ now.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generate, generatedFiles } from "./generate.js";
import { projectRoot } from "./redocly.js";

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

function firstDifferentLine(expected: string, actual: string): number {
  const a = expected.split("\n");
  const b = actual.split("\n");
  const index = a.findIndex((line, i) => line !== b[i]);
  return (index === -1 ? a.length : index) + 1;
}

/** One message per generated file in committedDir that differs from its fresh copy in freshDir. */
export async function findStaleFiles(committedDir: string, freshDir: string): Promise<string[]> {
  const problems: string[] = [];
  for (const name of generatedFiles) {
    const label = path.join(path.relative(projectRoot, committedDir) || ".", name);
    const fresh = await readFile(path.join(freshDir, name), "utf8");
    const committed = await readIfPresent(path.join(committedDir, name));
    if (committed === undefined) {
      problems.push(`${label} is missing`);
    } else if (committed !== fresh) {
      problems.push(
        `${label} is stale (first difference at line ${firstDifferentLine(fresh, committed)})`,
      );
    }
  }
  return problems;
}

async function main(): Promise<void> {
  const freshDir = await mkdtemp(path.join(tmpdir(), "scim-check-generated-"));
  try {
    await generate(freshDir);
    const problems = await findStaleFiles(path.join(projectRoot, "generated"), freshDir);
    if (problems.length > 0) {
      console.error(problems.join("\n"));
      console.error("Run `npm run generate` and commit the result.");
      process.exitCode = 1;
    } else {
      console.log(`generated/ is up to date (${generatedFiles.join(", ")}).`);
    }
  } finally {
    await rm(freshDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
