import { describe, expect, it } from "vitest";
import { operation, operations, type Parameter } from "./bundled-spec.js";

const param = (operationId: string, name: string): Parameter | undefined =>
  operation(operationId).parameters.find((p) => p.name === name);
const families = ["Scim", "ScimV2"];

describe("paging parameters", () => {
  it.each(families.flatMap((f) => [`get${f}Users`, `get${f}Groups`]))("%s pages", (id) => {
    expect(param(id, "startIndex")).toMatchObject({
      in: "query",
      required: false,
      schema: { type: "integer", minimum: 1, default: 1 },
    });
    const count = param(id, "count");
    expect(count).toMatchObject({
      in: "query",
      required: false,
      schema: { type: "integer", minimum: 0, default: 25 },
    });
    expect((count as unknown as { description: string }).description).toContain("429");
  });
});

describe("attributes and excludedAttributes", () => {
  const ids = families.flatMap((f) => [
    `get${f}Users`,
    `get${f}User`,
    `get${f}Groups`,
    `get${f}Group`,
  ]);
  it.each(ids)("%s takes them comma-separated (form, not exploded)", (id) => {
    for (const name of ["attributes", "excludedAttributes"]) {
      expect(param(id, name), name).toMatchObject({
        in: "query",
        required: false,
        style: "form",
        explode: false,
        schema: { type: "array", items: { type: "string" } },
      });
    }
  });

  it("are on no other operation", () => {
    const others = operations.filter((op) => !ids.includes(op.operationId));
    for (const op of others) {
      expect(op.parameters.map((p) => p.name)).not.toContain("attributes");
    }
  });
});

describe("filter", () => {
  it("is required on getScimV2Groups only", () => {
    const withFilter = operations.filter((op) => op.parameters.some((p) => p.name === "filter"));
    expect(withFilter.map((op) => op.operationId).sort()).toEqual(
      ["getScimGroups", "getScimSchemas", "getScimUsers"]
        .flatMap((id) => [id, id.replace("Scim", "ScimV2")])
        .sort(),
    );
    const required = withFilter.filter(
      (op) => op.parameters.find((p) => p.name === "filter")?.required,
    );
    expect(required.map((op) => op.operationId)).toEqual(["getScimV2Groups"]);
  });
});

describe("conditional headers", () => {
  it("If-Match is on every PUT, PATCH and DELETE and nowhere else", () => {
    for (const op of operations) {
      const ifMatch = op.parameters.find((p) => p.name === "If-Match");
      expect(ifMatch !== undefined, op.operationId).toBe(
        ["put", "patch", "delete"].includes(op.method),
      );
      if (ifMatch) expect(ifMatch).toMatchObject({ in: "header", required: false });
    }
  });

  it("If-None-Match is on single user and group GETs and the service provider config", () => {
    const withIt = operations.filter((op) => op.parameters.some((p) => p.name === "If-None-Match"));
    expect(withIt.map((op) => op.operationId).sort()).toEqual(
      families
        .flatMap((f) => [`get${f}User`, `get${f}Group`, `get${f}Serviceproviderconfig`])
        .sort(),
    );
  });
});

describe("path parameters", () => {
  it.each([
    ["/users/{userId}", "userId"],
    ["/groups/{groupId}", "groupId"],
    ["/resourcetypes/{resourceType}", "resourceType"],
    ["/schemas/{schemaId}", "schemaId"],
  ])("operations on %s take a required %s string", (suffix, name) => {
    const ops = operations.filter((op) => op.path.endsWith(suffix));
    expect(ops.length).toBeGreaterThanOrEqual(2);
    for (const op of ops) {
      expect(op.parameters.find((p) => p.name === name)).toMatchObject({
        in: "path",
        required: true,
        schema: { type: "string" },
      });
    }
  });
});
