// Fails when generated/ is not what `npm run generate` would produce from spec/ now.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
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

const freshDir = await mkdtemp(path.join(tmpdir(), "scim-check-generated-"));
try {
  await generate(freshDir);
  const stale: string[] = [];
  for (const name of generatedFiles) {
    const committedPath = path.join("generated", name);
    const fresh = await readFile(path.join(freshDir, name), "utf8");
    const committed = await readIfPresent(path.join(projectRoot, committedPath));
    if (committed === undefined) {
      stale.push(`${committedPath} is missing`);
    } else if (committed !== fresh) {
      const line = firstDifferentLine(fresh, committed);
      stale.push(`${committedPath} is stale (first difference at line ${line})`);
    }
  }
  if (stale.length > 0) {
    console.error(stale.join("\n"));
    console.error("Run `npm run generate` and commit the result.");
    process.exitCode = 1;
  } else {
    console.log(`generated/ is up to date (${generatedFiles.join(", ")}).`);
  }
} finally {
  await rm(freshDir, { recursive: true, force: true });
}
