// Item 5 of issue 9: RFC 6749 details of the client credentials grant.
import { afterEach, describe, expect, it } from "vitest";
import { createScimClient, ScimAuthError } from "../../src/index.js";
import { startServer, user, type RecordedRequest, type ScriptedServer } from "./server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** How a spec-following server reads HTTP Basic client authentication (RFC 6749 §2.3.1). */
function decodeClientAuth(request: RecordedRequest): { id: string; secret: string } {
  const basic = Buffer.from(request.headers.authorization!.replace(/^Basic /, ""), "base64");
  const text = basic.toString("utf8");
  const colon = text.indexOf(":");
  const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, " "));
  return { id: formDecode(text.slice(0, colon)), secret: formDecode(text.slice(colon + 1)) };
}

function tokenServer(token: Record<string, unknown>) {
  let issued = 0;
  return startServer((request) =>
    request.path === "/oauth/token"
      ? {
          headers: { "Content-Type": "application/json" },
          body: { ...token, access_token: `tok-${++issued}` },
        }
      : { body: user("u1") },
  );
}

describe("client credentials (RFC 6749)", () => {
  it.each([
    ["a+b=c", "100%41off"],
    ["id:with:colons", "secret with spaces & ümlauts"],
    ["plain-id", "p@ss:word/+?"],
  ])("form-encodes id %j and secret %j before base64", async (clientId, clientSecret) => {
    server = await tokenServer({ token_type: "bearer", expires_in: 3600 });
    const client = createScimClient({ baseUrl: server.url, auth: { clientId, clientSecret } });
    await client.users.get("u1");
    expect(decodeClientAuth(server.tokenRequests()[0]!)).toEqual({
      id: clientId,
      secret: clientSecret,
    });
  });

  it.each(["mac", "DPoP", ""])("a token_type of %j is a ScimAuthError", async (tokenType) => {
    server = await tokenServer({ token_type: tokenType, expires_in: 3600 });
    const client = createScimClient({
      baseUrl: server.url,
      auth: { clientId: "cid", clientSecret: "oauth-test-secret" },
    });
    const error = await client.users.get("u1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimAuthError);
    expect((error as Error).message).toMatch(/not bearer/);
    expect(server.apiRequests()).toHaveLength(0);
  });

  it("token_type Bearer in any case is accepted", async () => {
    server = await tokenServer({ token_type: "Bearer", expires_in: 3600 });
    const client = createScimClient({
      baseUrl: server.url,
      auth: { clientId: "cid", clientSecret: "oauth-test-secret" },
    });
    expect((await client.users.get("u1")).id).toBe("u1");
  });

  it.each([0, -5])("expires_in %i: the token is used but not cached", async (expiresIn) => {
    server = await tokenServer({ token_type: "bearer", expires_in: expiresIn });
    const client = createScimClient({
      baseUrl: server.url,
      auth: { clientId: "cid", clientSecret: "oauth-test-secret" },
    });
    await client.users.get("u1");
    await client.users.get("u1");
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests().map((r) => r.headers.authorization)).toEqual([
      "Bearer tok-1",
      "Bearer tok-2",
    ]);
  });
});
