import { afterEach, describe, expect, it } from "vitest";
import {
  createScimClient,
  filter,
  isNotModified,
  patch,
  PATCH_OP_SCHEMA,
  ScimApiError,
  ScimValidationError,
} from "../../src/index.js";
import { startServer, user, type ScriptedServer } from "./server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const auth = { accessToken: "static-token-123" };

describe("users.get with ETags", () => {
  it("returns the resource, or { notModified } on a 304, sending If-None-Match", async () => {
    server = await startServer((request) =>
      request.headers["if-none-match"] === '"7"'
        ? { status: 304, headers: { ETag: '"7"' } }
        : { headers: { ETag: '"7"' }, body: user("u1", { meta: { version: '"7"' } }) },
    );
    const client = createScimClient({ baseUrl: server.url, auth });

    const first = await client.users.get("u1");
    expect(first.meta?.version).toBe('"7"');

    const second = await client.users.get("u1", { ifNoneMatch: '"7"' });
    expect(second).toEqual({ notModified: true, etag: '"7"' });
    expect(isNotModified(second)).toBe(true);

    const third = await client.users.get("u1", { ifNoneMatch: '"6"' });
    expect(isNotModified(third)).toBe(false);
    expect(server.requests.map((r) => r.headers["if-none-match"])).toEqual([
      undefined,
      '"7"',
      '"6"',
    ]);
  });

  it("serviceProviderConfig takes If-None-Match too", async () => {
    server = await startServer((request) =>
      request.headers["if-none-match"] ? { status: 304 } : { body: { patch: { supported: true } } },
    );
    const client = createScimClient({ baseUrl: server.url, auth });
    expect(await client.serviceProviderConfig()).toEqual({ patch: { supported: true } });
    expect(await client.serviceProviderConfig({ ifNoneMatch: '"3"' })).toEqual({
      notModified: true,
      etag: '"3"',
    });
  });
});

describe("writes", () => {
  it("create, replace, patch and delete send the right method, path, body and If-Match", async () => {
    server = await startServer((request) => {
      if (request.method === "DELETE") return { status: 204 };
      return { status: request.method === "POST" ? 201 : 200, body: user("u1", { title: "T" }) };
    });
    const client = createScimClient({ baseUrl: server.url, auth });

    await client.users.create({ userName: "a@example.com", displayName: "A" });
    await client.users.replace(
      "u1",
      { userName: "a@example.com", displayName: "A", active: false },
      { ifMatch: '"1"' },
    );
    const patched = await client.users.patch(
      "u1",
      [
        patch.replace("title", "T"),
        patch.add("emails", [{ value: "a@example.com", type: "work" }]),
        patch.remove("phoneNumbers"),
      ],
      { ifMatch: '"2"' },
    );
    expect(patched.title).toBe("T");
    await expect(client.users.delete("u1", { ifMatch: '"3"' })).resolves.toBeUndefined();
    await client.groups.patch("g1", [patch.add("members", [{ value: "u1" }])]);

    expect(server.requests.map((r) => [r.method, r.path, r.headers["if-match"]])).toEqual([
      ["POST", "/api/v2/scim/v2/users", undefined],
      ["PUT", "/api/v2/scim/v2/users/u1", '"1"'],
      ["PATCH", "/api/v2/scim/v2/users/u1", '"2"'],
      ["DELETE", "/api/v2/scim/v2/users/u1", '"3"'],
      ["PATCH", "/api/v2/scim/v2/groups/g1", undefined],
    ]);
    expect(JSON.parse(server.requests[2]!.body)).toEqual({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: "replace", path: "title", value: "T" },
        { op: "add", path: "emails", value: [{ value: "a@example.com", type: "work" }] },
        { op: "remove", path: "phoneNumbers" },
      ],
    });
    expect(server.requests[3]!.body).toBe("");
  });

  it("a stale If-Match surfaces as a ScimApiError with the SCIM fields", async () => {
    server = await startServer(() => ({
      status: 400,
      headers: { "inin-correlation-id": "c0ffee" },
      body: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "400",
        scimType: "invalidVers",
        detail: "The version in If-Match does not match the current version",
      },
    }));
    const client = createScimClient({ baseUrl: server.url, auth });
    const error = (await client.users
      .patch("u1", [patch.replace("active", false)], { ifMatch: '"1"' })
      .catch((e: unknown) => e)) as ScimApiError;
    expect(error).toBeInstanceOf(ScimApiError);
    expect(error).toMatchObject({
      status: 400,
      scimType: "invalidVers",
      detail: "The version in If-Match does not match the current version",
      correlationId: "c0ffee",
      method: "PATCH",
      url: `${server.url}/api/v2/scim/v2/users/u1`,
    });
    expect(error.code).toBeUndefined();
    expect(error.message).toBe(
      `PATCH ${server.url}/api/v2/scim/v2/users/u1 failed with HTTP 400: The version in If-Match does not match the current version (scimType invalidVers, correlation id c0ffee)`,
    );
  });

  it("a Genesys platform error fills code, detail and the correlation id from contextId", async () => {
    server = await startServer(() => ({
      status: 403,
      body: {
        message: "Missing permission directory:user:add",
        code: "missing.permissions",
        status: 403,
        contextId: "ctx-9",
      },
    }));
    const client = createScimClient({ baseUrl: server.url, auth });
    await expect(
      client.users.create({ userName: "a@example.com", displayName: "A" }),
    ).rejects.toMatchObject({
      status: 403,
      code: "missing.permissions",
      detail: "Missing permission directory:user:add",
      correlationId: "ctx-9",
      scimType: undefined,
    });
  });

  it("never puts a token into an error, even when the server echoes it", async () => {
    const token = "tkn-abcdef-123456";
    server = await startServer((request) => ({
      status: 400,
      body: {
        detail: `bad request with header ${request.headers.authorization}`,
        echoed: [request.headers.authorization],
      },
    }));
    const client = createScimClient({ baseUrl: server.url, auth: { accessToken: token } });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimApiError;
    expect(error).toBeInstanceOf(ScimApiError);
    expect(error.detail).toBe("bad request with header Bearer [REDACTED]");
    for (const text of [
      error.message,
      JSON.stringify(error),
      JSON.stringify(error.body),
      String(error.stack),
    ]) {
      expect(text).not.toContain(token);
    }
  });
});

describe("users.list and groups.list", () => {
  /** A server holding `total` users, honouring startIndex and count (default page size 25). */
  function pagedUsers(
    total: number,
    options: { lieAboutTotal?: number; ignoreCount?: number } = {},
  ) {
    return startServer((request) => {
      const startIndex = Number(request.query.get("startIndex") ?? 1);
      const count = options.ignoreCount ?? Number(request.query.get("count") ?? 25);
      const ids = [];
      for (let i = startIndex; i < startIndex + count && i <= total; i++) ids.push(`u${i}`);
      return {
        body: {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
          totalResults: options.lieAboutTotal ?? total,
          startIndex,
          itemsPerPage: ids.length,
          Resources: ids.map((id) => user(id)),
        },
      };
    });
  }

  it("iterates every resource across pages, passing filter and attributes on each page", async () => {
    server = await pagedUsers(7);
    const client = createScimClient({ baseUrl: server.url, auth });
    const ids: string[] = [];
    for await (const u of client.users.list({
      filter: filter.eq("active", true),
      attributes: ["userName", "active"],
      count: 3,
    })) {
      ids.push(u.id!);
    }
    expect(ids).toEqual(["u1", "u2", "u3", "u4", "u5", "u6", "u7"]);
    expect(server.requests.map((r) => r.query.get("startIndex"))).toEqual(["1", "4", "7"]);
    for (const request of server.requests) {
      expect(request.query.get("filter")).toBe("active eq true");
      expect(request.query.get("attributes")).toBe("userName,active");
      expect(request.query.get("count")).toBe("3");
    }
  });

  it("stops at totalResults even when the server keeps returning resources", async () => {
    server = await pagedUsers(1000, { lieAboutTotal: 5, ignoreCount: 2 });
    const client = createScimClient({ baseUrl: server.url, auth });
    const ids: string[] = [];
    for await (const u of client.users.list({ count: 2 })) ids.push(u.id!);
    expect(ids).toEqual(["u1", "u2", "u3", "u4", "u5", "u6"]);
    expect(server.requests).toHaveLength(3);
  });

  it("stops at an empty page even when totalResults promises more", async () => {
    server = await pagedUsers(4, { lieAboutTotal: 1_000_000 });
    const client = createScimClient({ baseUrl: server.url, auth });
    const ids: string[] = [];
    for await (const u of client.users.list({ count: 3 })) ids.push(u.id!);
    expect(ids).toEqual(["u1", "u2", "u3", "u4"]);
    expect(server.requests.map((r) => r.query.get("startIndex"))).toEqual(["1", "4", "5"]);
  });

  it("exposes the pages themselves, starting at startIndex", async () => {
    server = await pagedUsers(10);
    const client = createScimClient({ baseUrl: server.url, auth });
    const pages = [];
    for await (const page of client.users.list({ startIndex: 6, count: 4 }).pages())
      pages.push(page);
    expect(pages.map((p) => [p.startIndex, p.Resources?.length, p.totalResults])).toEqual([
      [6, 4, 10],
      [10, 1, 10],
    ]);
  });

  it("throws a ScimApiError from the page that failed", async () => {
    server = await startServer(() => ({
      status: 400,
      body: { scimType: "invalidFilter", detail: "bad filter" },
    }));
    const client = createScimClient({ baseUrl: server.url, auth });
    const iterate = async () => {
      for await (const _ of client.groups.list({ filter: filter.eq("displayName", "x") })) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect(server.requests[0]?.path).toBe("/api/v2/scim/v2/groups");
  });

  it("refuses a string filter and bad paging options at the call", () => {
    const client = createScimClient({ baseUrl: "http://127.0.0.1:9", auth });
    expect(() => client.users.list({ filter: 'userName eq "x"' as never })).toThrow(
      ScimValidationError,
    );
    expect(() => client.users.list({ count: 0 })).toThrow(
      /count \(the page size\) must be a whole number >= 1/,
    );
    expect(() => client.users.list({ startIndex: 0 })).toThrow(
      /startIndex must be a whole number >= 1/,
    );
  });
});

describe("configuration endpoints", () => {
  it("resourceTypes, resourceType, schemas and schema", async () => {
    server = await startServer((request) => {
      if (request.path.endsWith("/resourcetypes"))
        return { body: { totalResults: 1, Resources: [{ name: "User" }] } };
      if (request.path.includes("/resourcetypes/")) return { body: { name: "User" } };
      if (request.path.endsWith("/schemas"))
        return { body: { totalResults: 1, Resources: [{ id: "urn:x", name: "User" }] } };
      return { body: { id: decodeURIComponent(request.path.split("/").pop()!) } };
    });
    const client = createScimClient({ baseUrl: server.url, auth });
    expect(await client.resourceTypes()).toEqual([{ name: "User" }]);
    expect(await client.resourceType("User")).toEqual({ name: "User" });
    expect(await client.schemas()).toEqual([{ id: "urn:x", name: "User" }]);
    expect(await client.schema("urn:ietf:params:scim:schemas:core:2.0:User")).toEqual({
      id: "urn:ietf:params:scim:schemas:core:2.0:User",
    });
    expect(server.requests.map((r) => r.path)).toEqual([
      "/api/v2/scim/v2/resourcetypes",
      "/api/v2/scim/v2/resourcetypes/User",
      "/api/v2/scim/v2/schemas",
      "/api/v2/scim/v2/schemas/urn:ietf:params:scim:schemas:core:2.0:User",
    ]);
  });
});
