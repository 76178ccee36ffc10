import { afterAll, describe, expect, it } from "vitest";
import { startTestEmulator, stopAll } from "./helpers.js";

afterAll(stopAll);

describe("both path families", () => {
  it("serve the same resources, with locations in the family asked", async () => {
    const { request, createUser, emulator } = await startTestEmulator();
    const user = await createUser();
    const v1 = await request("GET", `/users/${user.id}`, { family: "v1" });
    const v2 = await request("GET", `/users/${user.id}`, { family: "v2" });
    expect(v1.status).toBe(200);
    expect(v1.body.meta.location).toBe(`${emulator.url}/api/v2/scim/users/${user.id}`);
    expect(v2.body.meta.location).toBe(`${emulator.url}/api/v2/scim/v2/users/${user.id}`);
    expect({ ...v1.body, meta: undefined }).toEqual({ ...v2.body, meta: undefined });

    const created = await request("POST", "/users", {
      family: "v1",
      body: { userName: "v1@example.com", displayName: "Via v1" },
    });
    expect(created.status).toBe(201);
    expect((await request("GET", `/users/${created.body.id}`, { family: "v2" })).status).toBe(200);
    const lists = await Promise.all(
      ["v1", "v2"].map((family) => request("GET", "/users", { family: family as "v1" })),
    );
    expect(lists.map((l) => l.body.totalResults)).toEqual([2, 2]);
  });

  it("serve every discovery endpoint: 5 resource types, 7 schemas, the service provider config", async () => {
    const { request } = await startTestEmulator();
    for (const family of ["v1", "v2"] as const) {
      const types = await request("GET", "/resourcetypes", { family });
      expect(types.body.Resources.map((t: any) => t.id)).toEqual([
        "User",
        "Group",
        "ServiceProviderConfig",
        "ResourceType",
        "Schema",
      ]);
      const user = await request("GET", "/resourcetypes/User", { family });
      expect(user.body.schemaExtensions).toEqual([
        { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false },
        {
          schema: "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User",
          required: false,
        },
      ]);
      const schemas = await request("GET", "/schemas", { family });
      expect(schemas.body.totalResults).toBe(7);
      expect(schemas.body.itemsPerPage).toBe(7);
      for (const { id } of schemas.body.Resources) {
        const one = await request("GET", `/schemas/${encodeURIComponent(id)}`, { family });
        expect([one.status, one.body.id], id).toEqual([200, id]);
      }
      const genesys = await request(
        "GET",
        "/schemas/urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User",
        { family },
      );
      expect(genesys.body.attributes.map((a: any) => a.name)).toEqual([
        "routingSkills",
        "routingLanguages",
        "externalIds",
      ]);
      const spc = await request("GET", "/serviceproviderconfig", { family });
      expect(spc.body).toMatchObject({
        patch: { supported: true },
        filter: { supported: true, maxResults: 100 },
        etag: { supported: true },
        bulk: { supported: false },
        sort: { supported: false },
        changePassword: { supported: false },
        authenticationSchemes: [{ type: "oauthbearertoken" }],
      });
    }
    expect((await request("GET", "/resourcetypes/Nope")).status).toBe(404);
  });

  it("answers the lowercase Genesys paths (and tolerates RFC capitalisation)", async () => {
    const { request } = await startTestEmulator();
    expect((await request("GET", "/ServiceProviderConfig")).status).toBe(200);
    expect((await request("GET", "/Users")).status).toBe(200);
  });
});

describe("what the gateway refuses", () => {
  it("answers 404 for paths the API does not have, including scimmy's /Bulk, /Me and /.search", async () => {
    const { request } = await startTestEmulator();
    for (const [method, path] of [
      ["POST", "/Bulk"],
      ["GET", "/Me"],
      ["GET", "/widgets"],
      ["GET", "/users/a/b"],
    ]) {
      const response = await request(method!, path!, method === "POST" ? { body: {} } : {});
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body).toMatchObject({ code: "not.found", status: 404 });
    }
    // /users/{id} exists, so a search POST there is the wrong method rather than a search.
    expect((await request("POST", "/users/.search", { body: {} })).status).toBe(405);
  });

  it("answers 405 with Allow for a method the path does not support", async () => {
    const { request } = await startTestEmulator();
    const response = await request("DELETE", "/serviceproviderconfig");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect((await request("POST", "/users/some-id", { body: {} })).headers.get("allow")).toBe(
      "GET, PUT, PATCH, DELETE",
    );
  });

  it("answers 415 for a body that is not JSON", async () => {
    const { request } = await startTestEmulator();
    const response = await request("POST", "/users", {
      body: "userName=x",
      headers: { "content-type": "text/plain" },
    });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ code: "unsupported.media.type", status: 415 });
  });

  it("answers 415 for a charset or content encoding it cannot read", async () => {
    const { request } = await startTestEmulator();
    const body = { userName: "latin@example.com", displayName: "Latin" };
    const latin1 = await request("POST", "/users", {
      body,
      headers: { "content-type": "application/scim+json; charset=iso-8859-1" },
    });
    expect([latin1.status, latin1.body.message]).toEqual([
      415,
      expect.stringContaining("charset iso-8859-1"),
    ]);
    const brotli = await request("POST", "/users", { body, headers: { "content-encoding": "br" } });
    expect([brotli.status, brotli.body.code]).toEqual([415, "unsupported.media.type"]);
  });

  it("accepts application/json bodies as well as application/scim+json", async () => {
    const { request } = await startTestEmulator();
    const response = await request("POST", "/users", {
      body: { userName: "json@example.com", displayName: "Json" },
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(response.status).toBe(201);
  });

  it("rejects an id that is not validly percent-encoded", async () => {
    const { request } = await startTestEmulator();
    expect((await request("GET", "/users/%E0%A4%A")).status).toBe(400);
  });

  it("keeps ids with encoded slashes inside the id", async () => {
    const { request } = await startTestEmulator();
    const response = await request("GET", `/users/${encodeURIComponent("../groups")}`);
    expect(response.status).toBe(404);
    expect(response.body.detail).toBe("User ../groups not found");
  });
});

describe("inin-correlation-id", () => {
  it("is on every response, success or error, and echoes a well-formed one the client sent", async () => {
    const { request, emulator, createUser } = await startTestEmulator({
      rateLimit: { limit: 7, windowMs: 60_000 },
    });
    const user = await createUser();
    const responses = [
      await request("GET", `/users/${user.id}`),
      await request("GET", `/users/${user.id}`, { headers: { "if-none-match": '"1"' } }),
      await request("DELETE", `/users/${user.id}`),
      await request("GET", "/users", { token: null }),
      await request("GET", "/nowhere"),
      await request("GET", "/users/unknown"),
      await request("GET", "/users"),
      await request("GET", "/users"),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 304, 204, 401, 404, 404, 200, 429]);
    const ids = responses.map((r) => r.headers.get("inin-correlation-id"));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const token = await fetch(emulator.tokenUrl, { method: "POST" });
    expect(token.headers.get("inin-correlation-id")).toBeTruthy();
    const echoed = await request("GET", "/users", {
      headers: { "inin-correlation-id": "my-trace-42" },
    });
    expect(echoed.headers.get("inin-correlation-id")).toBe("my-trace-42");
  });
});
