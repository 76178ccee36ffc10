import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { manualClock, startTestEmulator, stopAll } from "./helpers.js";

afterAll(stopAll);

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

async function postToken(url: string, init: { headers?: Record<string, string>; body?: string }) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...init.headers },
    body: init.body ?? "grant_type=client_credentials",
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe("POST /oauth/token", () => {
  it("issues a bearer token for client credentials in HTTP Basic auth, which the API accepts", async () => {
    const { emulator, request } = await startTestEmulator();
    const token = await postToken(emulator.tokenUrl, {
      headers: { authorization: basic(emulator.clientId, emulator.clientSecret) },
    });
    expect(token.status).toBe(200);
    expect(token.body).toEqual({
      access_token: expect.any(String),
      token_type: "bearer",
      expires_in: 86400,
    });
    expect(token.headers.get("cache-control")).toBe("no-store");
    const users = await request("GET", "/users", { token: token.body.access_token });
    expect(users.status).toBe(200);
  });

  it("accepts the client in form fields, and reports the configured lifetime", async () => {
    const emulator = await startEmulator({
      tokenTtlSeconds: 120,
      clients: [{ clientId: "app", clientSecret: "s3cret" }],
    });
    try {
      const token = await postToken(emulator.tokenUrl, {
        body: "grant_type=client_credentials&client_id=app&client_secret=s3cret",
      });
      expect(token.status).toBe(200);
      expect(token.body.expires_in).toBe(120);
    } finally {
      await emulator.close();
    }
  });

  it("refuses a wrong secret, an unknown client and missing credentials with 401 invalid_client", async () => {
    const { emulator } = await startTestEmulator();
    for (const headers of [
      { authorization: basic(emulator.clientId, "wrong") } as Record<string, string>,
      { authorization: basic("nobody", emulator.clientSecret) },
      {},
    ]) {
      const token = await postToken(emulator.tokenUrl, { headers });
      expect(token.status).toBe(401);
      expect(token.body.error).toBe("invalid_client");
      expect(token.headers.get("www-authenticate")).toMatch(/^Basic/);
      expect(JSON.stringify(token.body)).not.toContain(emulator.clientSecret);
    }
  });

  it("refuses other grants, a missing grant_type, a non-form body and malformed Basic credentials", async () => {
    const { emulator } = await startTestEmulator();
    const auth = { authorization: basic(emulator.clientId, emulator.clientSecret) };
    const password = await postToken(emulator.tokenUrl, {
      headers: auth,
      body: "grant_type=password",
    });
    expect([password.status, password.body.error]).toEqual([400, "unsupported_grant_type"]);
    const missing = await postToken(emulator.tokenUrl, { headers: auth, body: "scope=x" });
    expect([missing.status, missing.body.error]).toEqual([400, "invalid_request"]);
    const json = await postToken(emulator.tokenUrl, {
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials" }),
    });
    expect([json.status, json.body.error]).toEqual([400, "invalid_request"]);
    const malformed = await postToken(emulator.tokenUrl, {
      headers: { authorization: "Basic !!!" },
    });
    expect([malformed.status, malformed.body.error]).toEqual([400, "invalid_request"]);
  });
});

describe("bearer tokens on the API", () => {
  it("answers 401 with a Genesys error body when the Authorization header is missing or not Bearer", async () => {
    const { request } = await startTestEmulator();
    for (const headers of [{}, { authorization: "Basic abc" }] as Record<string, string>[]) {
      const response = await request("GET", "/users", { token: null, headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({
        message: "No authentication bearer token specified in authorization header.",
        code: "authentication.required",
        status: 401,
        contextId: response.headers.get("inin-correlation-id"),
      });
    }
  });

  it("answers 401 bad.credentials for an unknown token, without echoing it", async () => {
    const { request } = await startTestEmulator();
    const response = await request("GET", "/users/abc", { token: "not-a-real-token" });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: "bad.credentials", status: 401 });
    expect(JSON.stringify(response.body)).not.toContain("not-a-real-token");
  });

  it("expires tokens after their lifetime (manual clock)", async () => {
    const clock = manualClock();
    const { request } = await startTestEmulator({ tokenTtlSeconds: 60, now: clock.now });
    expect((await request("GET", "/serviceproviderconfig")).status).toBe(200);
    clock.advance(59_999);
    expect((await request("GET", "/serviceproviderconfig")).status).toBe(200);
    clock.advance(1);
    const expired = await request("GET", "/serviceproviderconfig");
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe("bad.credentials");
  });

  it("expires a short-lived token in real time, and a fresh token from /oauth/token works again", async () => {
    const { emulator, request } = await startTestEmulator({ tokenTtlSeconds: 1 });
    const issued = await postToken(emulator.tokenUrl, {
      headers: { authorization: basic(emulator.clientId, emulator.clientSecret) },
    });
    expect(issued.body.expires_in).toBe(1);
    expect((await request("GET", "/users", { token: issued.body.access_token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await request("GET", "/users", { token: issued.body.access_token })).status).toBe(401);
    expect((await request("GET", "/users", { token: emulator.issueToken() })).status).toBe(200);
  });

  it("revokeTokens() invalidates every issued token", async () => {
    const { emulator, request } = await startTestEmulator();
    expect((await request("GET", "/users")).status).toBe(200);
    emulator.revokeTokens();
    expect((await request("GET", "/users")).status).toBe(401);
  });
});
