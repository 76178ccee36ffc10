import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createScimClient,
  ScimApiError,
  ScimAuthError,
  ScimValidationError,
  type ScimEvent,
} from "../../src/index.js";
import { resolveOrigin } from "../../src/origin.js";
import { sequence, startServer, user, withTokenEndpoint, type ScriptedServer } from "./server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

const SECRET = "s3cr3t-client-secret-value";
const credentials = { clientId: "client-id-1", clientSecret: SECRET };

/** Answers API requests with a user when the bearer token is one of `accepted`, else 401. */
function api(accepted: (token: string) => boolean) {
  return withTokenEndpoint((request) => {
    const token = request.headers.authorization?.replace(/^Bearer /, "") ?? "";
    if (!accepted(token)) {
      return {
        status: 401,
        body: { message: "Invalid login credentials.", code: "bad.credentials", status: 401 },
      };
    }
    return { body: user(request.path.split("/").pop()!) };
  });
}

describe("OAuth client credentials", () => {
  it("POSTs grant_type=client_credentials with Basic auth to the token endpoint", async () => {
    server = await startServer(api(() => true));
    const client = createScimClient({ baseUrl: server.url, auth: credentials });
    await client.users.get("u1");

    const [tokenRequest] = server.tokenRequests();
    expect(tokenRequest?.method).toBe("POST");
    expect(tokenRequest?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(tokenRequest?.headers.authorization).toBe(
      `Basic ${Buffer.from(`client-id-1:${SECRET}`).toString("base64")}`,
    );
    expect(tokenRequest?.body).toBe("grant_type=client_credentials");
    expect(server.apiRequests()[0]?.headers.authorization).toBe("Bearer token-1");
  });

  it("50 concurrent calls share exactly one token request", async () => {
    // The token endpoint answers slowly so every call arrives while the request is in flight.
    server = await startServer(withTokenEndpoint(() => ({ body: user("u") }), { delayMs: 50 }));
    const client = createScimClient({ baseUrl: server.url, auth: credentials });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.users.get(`u${i}`)),
    );
    expect(results).toHaveLength(50);
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.apiRequests()).toHaveLength(50);
    expect(new Set(server.apiRequests().map((r) => r.headers.authorization))).toEqual(
      new Set(["Bearer token-1"]),
    );
  });

  it("reuses the cached token, and renews it once it nears expiry", async () => {
    server = await startServer(api(() => true));
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-01-01T00:00:00Z"));
    const client = createScimClient({ baseUrl: server.url, auth: credentials });
    await client.users.get("u1");
    await client.users.get("u2");
    expect(server.tokenRequests()).toHaveLength(1);

    // expires_in is 86400 s; the safety margin is one minute. Just inside it, a new token is fetched.
    vi.setSystemTime(new Date("2025-01-01T23:59:01Z"));
    await client.users.get("u3");
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests().map((r) => r.headers.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-1",
      "Bearer token-2",
    ]);
  });

  it("on a 401 refreshes the token once and replays the request once (body intact)", async () => {
    // token-1 has been revoked server-side: it is refused although the client believes it valid.
    server = await startServer(
      withTokenEndpoint((request) => {
        if (request.headers.authorization !== "Bearer token-2")
          return { status: 401, body: { message: "expired" } };
        return { status: 201, body: user("u1") };
      }),
    );
    const events: ScimEvent[] = [];
    const client = createScimClient({
      baseUrl: server.url,
      auth: credentials,
      onEvent: (e) => events.push(e),
    });
    const created = await client.users.create({
      userName: "jane@example.com",
      displayName: "Jane",
    });

    expect(created.id).toBe("u1");
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests().map((r) => [r.headers.authorization, r.body])).toEqual([
      ["Bearer token-1", '{"userName":"jane@example.com","displayName":"Jane"}'],
      ["Bearer token-2", '{"userName":"jane@example.com","displayName":"Jane"}'],
    ]);
    expect(
      events.filter((e) => e.type === "retry").map((e) => (e as { reason: string }).reason),
    ).toEqual(["unauthorized"]);
  });

  it("a second 401 after the refresh is an error, not another replay", async () => {
    server = await startServer(api(() => false));
    const client = createScimClient({ baseUrl: server.url, auth: credentials });
    const error = await client.users.get("u1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimApiError);
    expect(error).toMatchObject({ status: 401, code: "bad.credentials" });
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests()).toHaveLength(2);
  });

  it("a failing token endpoint gives a clear ScimAuthError with status and endpoint, no secret", async () => {
    server = await startServer(() => ({
      status: 401,
      headers: { "Content-Type": "application/json" },
      body: { error: "invalid_client", error_description: "client secret mismatch" },
    }));
    const client = createScimClient({ baseUrl: server.url, auth: credentials });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimAuthError;
    expect(error).toBeInstanceOf(ScimAuthError);
    expect(error.message).toBe(
      `Token request to ${server.url}/oauth/token failed with HTTP 401: invalid_client (client secret mismatch)`,
    );
    expect(error).toMatchObject({
      status: 401,
      tokenUrl: `${server.url}/oauth/token`,
      oauthError: "invalid_client",
    });
    expect(JSON.stringify(error) + error.message + String(error.stack)).not.toContain(SECRET);
    expect(server.apiRequests()).toHaveLength(0);
  });

  it("an unreachable token endpoint gives a ScimAuthError naming it", async () => {
    server = await startServer((_request, res) => {
      res.socket?.destroy();
    });
    const client = createScimClient({
      baseUrl: server.url,
      auth: credentials,
      retry: { maxRetries: 1, maxDelayMs: 1 },
    });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimAuthError;
    expect(error).toBeInstanceOf(ScimAuthError);
    expect(error.message).toMatch(
      new RegExp(`^Token request to ${server.url}/oauth/token failed: `),
    );
    expect(error.message).not.toContain(SECRET);
  });

  it("a token response without access_token is refused clearly", async () => {
    server = await startServer(() => ({ status: 200, body: "<html>login page</html>" }));
    const client = createScimClient({ baseUrl: server.url, auth: credentials });
    await expect(client.users.get("u1")).rejects.toThrow(
      `Token request to ${server.url}/oauth/token answered HTTP 200 without an access_token (the body is not JSON)`,
    );
  });

  it("uses an explicit tokenUrl", async () => {
    const tokenServer = await startServer(withTokenEndpoint(() => ({ status: 404 })));
    try {
      server = await startServer((request) =>
        request.headers.authorization === "Bearer token-1" ? { body: user("u1") } : { status: 401 },
      );
      const client = createScimClient({
        baseUrl: server.url,
        auth: { ...credentials, tokenUrl: `${tokenServer.url}/oauth/token` },
      });
      expect((await client.users.get("u1")).id).toBe("u1");
      expect(tokenServer.requests).toHaveLength(1);
      expect(server.tokenRequests()).toHaveLength(0);
    } finally {
      await tokenServer.close();
    }
  });
});

describe("other auth modes", () => {
  it("a static accessToken is sent as is; a 401 is not replayed", async () => {
    server = await startServer(
      sequence({ status: 401, body: { message: "expired" } }, { body: user("u1") }),
    );
    const client = createScimClient({ baseUrl: server.url, auth: { accessToken: "abc-static" } });
    await expect(client.users.get("u1")).rejects.toMatchObject({ status: 401 });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer abc-static"]);
  });

  it("getAccessToken is asked again after a 401 and the request replayed once", async () => {
    server = await startServer((request) =>
      request.headers.authorization === "Bearer fresh" ? { body: user("u1") } : { status: 401 },
    );
    const tokens = ["stale", "fresh"];
    const getAccessToken = vi.fn(async () => tokens.shift() ?? "none");
    const client = createScimClient({ baseUrl: server.url, auth: { getAccessToken } });
    expect((await client.users.get("u1")).id).toBe("u1");
    expect(getAccessToken).toHaveBeenCalledTimes(2);
  });

  it("a failing getAccessToken is a ScimAuthError and nothing is sent", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({
      baseUrl: server.url,
      auth: {
        getAccessToken: () => {
          throw new Error("vault unreachable");
        },
      },
    });
    await expect(client.users.get("u1")).rejects.toThrow(
      "auth.getAccessToken() failed: vault unreachable",
    );
    expect(server.requests).toHaveLength(0);
  });

  it("a token with CR/LF is refused before anything is sent, without echoing it", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({
      baseUrl: server.url,
      auth: { getAccessToken: () => "tok\r\nX-Evil: 1" },
    });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ScimValidationError);
    expect(error.message).toContain('Header "Authorization" was refused');
    expect(error.message).not.toContain("X-Evil");
    expect(server.requests).toHaveLength(0);
    expect(() => createScimClient({ baseUrl: server!.url, auth: { accessToken: "a\nb" } })).toThrow(
      ScimValidationError,
    );
  });
});

describe("options", () => {
  it("derives the token endpoint from the region or the base URL", () => {
    expect(resolveOrigin({})).toEqual({
      baseUrl: "https://api.mypurecloud.com",
      tokenUrl: "https://login.mypurecloud.com/oauth/token",
    });
    expect(resolveOrigin({ region: "euc2.pure.cloud" })).toEqual({
      baseUrl: "https://api.euc2.pure.cloud",
      tokenUrl: "https://login.euc2.pure.cloud/oauth/token",
    });
    expect(resolveOrigin({ baseUrl: "https://api.mypurecloud.ie/" })).toEqual({
      baseUrl: "https://api.mypurecloud.ie",
      tokenUrl: "https://login.mypurecloud.ie/oauth/token",
    });
    expect(resolveOrigin({ baseUrl: "http://127.0.0.1:8080/scim-prefix" })).toEqual({
      baseUrl: "http://127.0.0.1:8080/scim-prefix",
      tokenUrl: "http://127.0.0.1:8080/oauth/token",
    });
    expect(resolveOrigin({ baseUrl: "https://gateway.example.com" }).tokenUrl).toBeUndefined();
  });

  it("requires tokenUrl for client credentials with a base URL that is neither Genesys nor loopback", () => {
    expect(() =>
      createScimClient({ baseUrl: "https://gateway.example.com", auth: credentials }),
    ).toThrow(
      /auth.tokenUrl is required: baseUrl https:\/\/gateway.example.com is neither a Genesys Cloud API host nor a loopback host/,
    );
    expect(() =>
      createScimClient({
        baseUrl: "https://gateway.example.com",
        auth: { ...credentials, tokenUrl: "https://login.example.com/oauth/token" },
      }),
    ).not.toThrow();
  });

  it("allows plain http only for loopback hosts", () => {
    for (const baseUrl of [
      "http://localhost:3000",
      "http://127.0.0.1",
      "http://127.9.8.7:1",
      "http://[::1]:8080",
    ]) {
      expect(() => createScimClient({ baseUrl, auth: { accessToken: "tok1" } })).not.toThrow();
    }
    for (const baseUrl of [
      "http://10.0.0.1",
      "http://localhost.example.com",
      "http://api.mypurecloud.com",
      "http://[::2]",
    ]) {
      expect(() => createScimClient({ baseUrl, auth: { accessToken: "tok1" } })).toThrow(
        /plain http .* only allowed for loopback hosts/,
      );
    }
    expect(() =>
      createScimClient({
        auth: { ...credentials, tokenUrl: "http://login.example.com/oauth/token" },
      }),
    ).toThrow(/auth.tokenUrl uses plain http/);
  });

  it("refuses bad options with errors that name them", () => {
    const auth = { accessToken: "tok1" };
    expect(() => createScimClient({ region: "mypurecloud.xx" as never, auth })).toThrow(
      /Unknown region "mypurecloud.xx"/,
    );
    expect(() =>
      createScimClient({ region: "mypurecloud.ie", baseUrl: "https://api.mypurecloud.ie", auth }),
    ).toThrow("pass either region or baseUrl, not both");
    expect(() => createScimClient({ baseUrl: "ftp://127.0.0.1", auth })).toThrow(
      /must be an http\(s\) URL/,
    );
    expect(() => createScimClient({ baseUrl: "https://user:pw@api.mypurecloud.ie", auth })).toThrow(
      /credentials/,
    );
    expect(() => createScimClient({ auth: undefined as never })).toThrow(/auth is required/);
    expect(() =>
      createScimClient({ auth: { accessToken: "a", getAccessToken: () => "b" } as never }),
    ).toThrow(/exactly one of/);
    expect(() => createScimClient({ auth: { clientId: "", clientSecret: "x" } })).toThrow(
      /auth.clientId must be a non-empty string/,
    );
    expect(() => createScimClient({ auth, timeoutMs: 0 })).toThrow(
      /timeoutMs must be a number > 0/,
    );
    expect(() => createScimClient({ auth, userAgent: "x\r\ny" })).toThrow(
      /Header "User-Agent" was refused/,
    );
    expect(() => createScimClient({ auth, family: "v3" as never })).toThrow(/family must be/);
  });
});
