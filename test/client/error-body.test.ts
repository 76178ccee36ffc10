// Item 8 of issue 9: an error body is data. A "__proto__" key stays a key.
import { afterEach, describe, expect, it } from "vitest";
import { createScimClient, ScimApiError } from "../../src/index.js";
import { startServer, type ScriptedServer } from "./server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("error bodies", () => {
  it("a __proto__ key does not become the prototype of body nor leak into scimType", async () => {
    server = await startServer(() => ({
      status: 400,
      headers: { "Content-Type": "application/scim+json" },
      body: '{"__proto__":{"scimType":"invalidVers","detail":"from the prototype","polluted":true},"status":"400"}',
    }));
    const client = createScimClient({ baseUrl: server.url, auth: { accessToken: "proto-token" } });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimApiError;
    expect(error).toBeInstanceOf(ScimApiError);
    expect(error.scimType).toBeUndefined();
    expect(error.detail).not.toBe("from the prototype");
    const body = error.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(body.polluted).toBeUndefined();
    expect(Object.hasOwn(body, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("nested __proto__ keys stay data too", async () => {
    server = await startServer(() => ({
      status: 409,
      headers: { "Content-Type": "application/json" },
      body: '{"detail":"conflict","errors":[{"__proto__":{"x":1}}],"meta":{"__proto__":{"y":2}}}',
    }));
    const client = createScimClient({ baseUrl: server.url, auth: { accessToken: "proto-token" } });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimApiError;
    const body = error.body as { errors: Record<string, unknown>[]; meta: Record<string, unknown> };
    expect(error.detail).toBe("conflict");
    expect(Object.getPrototypeOf(body.errors[0])).toBe(Object.prototype);
    expect(body.errors[0]!.x).toBeUndefined();
    expect(body.meta.y).toBeUndefined();
  });
});
