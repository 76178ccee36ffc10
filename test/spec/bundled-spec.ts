// Reads generated/openapi.yaml (the bundle every tool uses) and resolves its local $refs.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

type Json = Record<string, unknown>;

export const spec = parse(
  readFileSync(new URL("../../generated/openapi.yaml", import.meta.url), "utf8"),
) as Json;

export const httpMethods = ["get", "put", "post", "patch", "delete"] as const;

/** Follows a "#/components/..." reference (repeatedly) to the object it names. */
export function resolve<T = Json>(node: unknown): T {
  let current = node as Json;
  while (typeof current?.$ref === "string") {
    const ref = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`Not a local reference: ${ref}`);
    current = ref
      .slice(2)
      .split("/")
      .reduce<Json>((parent, key) => {
        const child = parent[key.replaceAll("~1", "/").replaceAll("~0", "~")];
        if (child === undefined) throw new Error(`Unresolved reference: ${ref}`);
        return child as Json;
      }, spec);
  }
  return current as T;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema: Json;
}

export interface Response {
  description: string;
  headers?: Record<string, Json>;
  content?: Record<string, { schema: Json }>;
}

export interface Operation {
  operationId: string;
  method: (typeof httpMethods)[number];
  path: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, Response>;
}

/** Every operation with its path-level and operation-level parameters merged and resolved. */
export const operations: Operation[] = Object.entries(spec.paths as Record<string, Json>).flatMap(
  ([path, rawItem]) => {
    const item = resolve(rawItem);
    const shared = ((item.parameters ?? []) as unknown[]).map((p) => resolve<Parameter>(p));
    return httpMethods
      .filter((method) => item[method] !== undefined)
      .map((method) => {
        const op = item[method] as Json;
        const own = ((op.parameters ?? []) as unknown[]).map((p) => resolve<Parameter>(p));
        const responses = Object.fromEntries(
          Object.entries(op.responses as Json).map(([code, r]) => [code, resolve<Response>(r)]),
        );
        return {
          operationId: op.operationId as string,
          method,
          path,
          parameters: [...shared, ...own],
          requestBody: op.requestBody ? resolve(op.requestBody) : undefined,
          responses,
        } as Operation;
      });
  },
);

export function operation(operationId: string): Operation {
  const found = operations.find((op) => op.operationId === operationId);
  if (!found) throw new Error(`No operation ${operationId}`);
  return found;
}

export function schema(name: string): Json {
  return resolve({ $ref: `#/components/schemas/${name}` });
}
