// Where the API reference goes and which sources it documents (shared with its browser test).
import { access, readFile } from "node:fs/promises";
import path from "node:path";

const projectRoot = path.resolve(import.meta.dirname, "..");
export const API_DOCS_DIR = path.join("build", "docs", "api");

/** Entries other parts of the library add; documented as soon as the file exists. */
const PLANNED_ENTRY_POINTS = ["src/sync/index.ts", "src/redis/index.ts", "src/redis.ts"];

/**
 * The TypeScript source of each JavaScript entry point package.json exports
 * (./dist/src/x/index.js → src/x/index.ts), plus the planned entries that exist: a new entry
 * (sync, Redis) is documented once it is exported or its file is there.
 */
export async function exportedEntryPoints(root = projectRoot): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
    exports: Record<string, string | Record<string, string>>;
  };
  const entries = new Set<string>();
  for (const target of Object.values(manifest.exports)) {
    const file = typeof target === "string" ? target : (target["default"] ?? target["import"]);
    const match = file === undefined ? null : /^\.\/dist\/(src\/.+)\.js$/.exec(file);
    if (match) entries.add(`${match[1]}.ts`);
  }
  for (const entry of PLANNED_ENTRY_POINTS) {
    const exists = await access(path.join(root, entry)).then(
      () => true,
      () => false,
    );
    if (exists) entries.add(entry);
  }
  return [...entries];
}
