import { readFile } from "node:fs/promises";
import { parse } from "yaml";

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string | undefined;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation of a bundled OpenAPI document: the list comes from the spec, not the page. */
export async function readSpecOperations(specPath: string): Promise<SpecOperation[]> {
  const spec = parse(await readFile(specPath, "utf8")) as {
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
}
