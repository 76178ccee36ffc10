import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string | undefined;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Every operation of an OpenAPI document, read with the project's own Redocly CLI (YAML → JSON)
 * so the list comes from the spec itself rather than from the rendered page.
 */
export async function readSpecOperations(specPath: string, cwd: string): Promise<SpecOperation[]> {
  const dir = await mkdtemp(join(tmpdir(), "scim-spec-"));
  try {
    const jsonPath = join(dir, "openapi.json");
    await promisify(execFile)(
      "npx",
      ["--no-install", "redocly", "bundle", specPath, "--ext", "json", "-o", jsonPath],
      { cwd },
    );
    const spec = JSON.parse(await readFile(jsonPath, "utf8")) as {
      paths?: Record<string, Record<string, { operationId?: string; summary?: string }>>;
    };
    const operations: SpecOperation[] = [];
    for (const [path, item] of Object.entries(spec.paths ?? {})) {
      for (const [method, operation] of Object.entries(item)) {
        if (!HTTP_METHODS.includes(method)) continue;
        if (!operation.operationId)
          throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
        operations.push({
          operationId: operation.operationId,
          method,
          path,
          summary: operation.summary,
        });
      }
    }
    return operations;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
