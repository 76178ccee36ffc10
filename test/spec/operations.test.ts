import { describe, expect, it } from "vitest";
import { operations } from "./bundled-spec.js";

// [operationId, method, path] for both families; operationIds are the SDKs' method names.
const expected: [string, string, string][] = (
  [
    ["Scim", "/api/v2/scim"],
    ["ScimV2", "/api/v2/scim/v2"],
  ] as const
).flatMap(([id, base]) => [
  [`get${id}Users`, "get", `${base}/users`],
  [`post${id}Users`, "post", `${base}/users`],
  [`get${id}User`, "get", `${base}/users/{userId}`],
  [`put${id}User`, "put", `${base}/users/{userId}`],
  [`patch${id}User`, "patch", `${base}/users/{userId}`],
  [`delete${id}User`, "delete", `${base}/users/{userId}`],
  [`get${id}Groups`, "get", `${base}/groups`],
  [`post${id}Groups`, "post", `${base}/groups`],
  [`get${id}Group`, "get", `${base}/groups/{groupId}`],
  [`put${id}Group`, "put", `${base}/groups/{groupId}`],
  [`patch${id}Group`, "patch", `${base}/groups/{groupId}`],
  [`delete${id}Group`, "delete", `${base}/groups/{groupId}`],
  [`get${id}Resourcetypes`, "get", `${base}/resourcetypes`],
  [`get${id}Resourcetype`, "get", `${base}/resourcetypes/{resourceType}`],
  [`get${id}Schemas`, "get", `${base}/schemas`],
  [`get${id}Schema`, "get", `${base}/schemas/{schemaId}`],
  [`get${id}Serviceproviderconfig`, "get", `${base}/serviceproviderconfig`],
]);

describe("operations", () => {
  it("are exactly the 34 SCIM operations, 17 per path family", () => {
    expect(expected).toHaveLength(34);
    const actual = operations.map((op) => [op.operationId, op.method, op.path]);
    expect(actual.sort()).toEqual([...expected].sort());
  });

  it("have unique operationIds", () => {
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(expected)("%s is %s %s", (operationId, method, path) => {
    expect(operations.find((op) => op.operationId === operationId)).toMatchObject({ method, path });
  });
});
