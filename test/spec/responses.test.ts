import { describe, expect, it } from "vitest";
import { operations, resolve, type Operation } from "./bundled-spec.js";

const mediaTypes = ["application/scim+json", "application/json"];
const errorCodes = [
  "400",
  "401",
  "403",
  "404",
  "408",
  "409",
  "413",
  "415",
  "429",
  "500",
  "503",
  "504",
];

const takesIfMatch = (op: Operation) => op.parameters.some((p) => p.name === "If-Match");
const takesIfNoneMatch = (op: Operation) => op.parameters.some((p) => p.name === "If-None-Match");
const successCodes = (op: Operation) => Object.keys(op.responses).filter((c) => c.startsWith("2"));
const schemaRef = (op: Operation, code: string, mediaType: string) =>
  (op.responses[code]?.content?.[mediaType]?.schema as { $ref?: string } | undefined)?.$ref;

describe.each(operations.map((op) => [op.operationId, op] as const))("%s", (_, op) => {
  it("answers the full error set, each with a JSON error body under both media types", () => {
    for (const code of errorCodes) {
      expect(op.responses, code).toHaveProperty(code);
      expect(Object.keys(op.responses[code]?.content ?? {}), code).toEqual(mediaTypes);
    }
  });

  it("documents Retry-After (integer seconds) on 429", () => {
    const header = resolve<{ schema: { type: string } }>(
      op.responses["429"]?.headers?.["Retry-After"],
    );
    expect(header.schema.type).toBe("integer");
  });

  it("documents inin-correlation-id on every response, required nowhere", () => {
    for (const [code, response] of Object.entries(op.responses)) {
      expect(response.headers, code).toHaveProperty("inin-correlation-id");
      for (const header of Object.values(response.headers ?? {})) {
        expect(resolve<{ required?: boolean }>(header).required ?? false, code).toBe(false);
      }
    }
  });

  it("has exactly one success status: 201 on create, 204 on delete, 200 otherwise", () => {
    const expected = { post: "201", delete: "204" }[op.method as string] ?? "200";
    expect(successCodes(op)).toEqual([expected]);
  });

  it("returns success bodies under both media types (none on 204)", () => {
    const [code = ""] = successCodes(op);
    const content = Object.keys(op.responses[code]?.content ?? {});
    expect(content).toEqual(code === "204" ? [] : mediaTypes);
  });

  it("answers 304 exactly when it takes If-None-Match", () => {
    expect("304" in op.responses).toBe(takesIfNoneMatch(op));
    if (takesIfNoneMatch(op)) expect(op.responses["304"]?.content).toBeUndefined();
  });

  it("answers a stale If-Match with 400 (invalidVers), 409 and 412 as SCIM errors", () => {
    expect("412" in op.responses).toBe(takesIfMatch(op));
    if (!takesIfMatch(op)) return;
    expect(op.responses["400"]?.description).toContain("invalidVers");
    for (const code of ["409", "412"]) {
      expect(schemaRef(op, code, "application/scim+json"), code).toBe(
        "#/components/schemas/ScimError",
      );
    }
  });

  it("documents ETag on single user, group and service provider config responses", () => {
    const [code = ""] = successCodes(op);
    const single = /\/(users\/\{userId\}|groups\/\{groupId\}|serviceproviderconfig)$/.test(op.path);
    const created = op.method === "post";
    const headers = op.responses[code]?.headers ?? {};
    expect("ETag" in headers).toBe((single && op.method !== "delete") || created);
  });

  it("takes a required request body under both media types exactly on POST, PUT and PATCH", () => {
    const hasBody = ["post", "put", "patch"].includes(op.method);
    expect(op.requestBody !== undefined).toBe(hasBody);
    if (!op.requestBody) return;
    expect(op.requestBody.required).toBe(true);
    expect(Object.keys(op.requestBody.content)).toEqual(mediaTypes);
  });
});

describe("error bodies", () => {
  it("are ScimError or ErrorBody", () => {
    const errorResponse = resolve({ $ref: "#/components/schemas/ErrorResponse" });
    expect(errorResponse).toEqual({
      description: expect.any(String),
      anyOf: [
        { $ref: "#/components/schemas/ScimError" },
        { $ref: "#/components/schemas/ErrorBody" },
      ],
    });
  });

  it("name the SCIM error on a user name conflict at create", () => {
    const create = operations.find((op) => op.operationId === "postScimV2Users");
    expect(create && schemaRef(create, "409", "application/json")).toBe(
      "#/components/schemas/ScimError",
    );
  });
});
