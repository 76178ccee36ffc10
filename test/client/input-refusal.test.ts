// Item 6 of issue 9: bad input is refused before sending, never retried, never echoed.
import { afterEach, describe, expect, it } from "vitest";
import { createScimClient, ScimAuthError, ScimValidationError } from "../../src/index.js";
import { startServer, user, type ScriptedServer } from "./server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const auth = { accessToken: "input-test-token" };

describe("header values outside RFC 9110's field-value grammar", () => {
  it.each([
    ["NUL", "a\u0000b", "the control character U+0000"],
    ["DEL", "a\u007fb", "the control character U+007F"],
    ["a vertical tab", "a\u000bb", "the control character U+000B"],
    ["a character beyond Latin-1", 'W/"€"', "a character outside Latin-1"],
    ["CR/LF", "a\r\nX-Injected: yes", "a CR or LF character"],
  ])("%s is refused, naming the header, not the value", async (_what, value, problem) => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    const errors = await Promise.all(
      [
        client.users.get("u1", { ifNoneMatch: value }),
        client.users.delete("u1", { ifMatch: value }),
        client.GET("/api/v2/scim/v2/users/{userId}", {
          params: { path: { userId: "u1" }, header: { "If-None-Match": value } },
        }),
        client.GET("/api/v2/scim/v2/users", { headers: { "X-Trace": value } }),
      ].map((p) => p.catch((e: unknown) => e)),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(ScimValidationError);
      expect((error as Error).message).toContain(problem);
      expect((error as Error).message).not.toContain(value);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("Latin-1 obs-text is a legal value and is sent", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    await client.users.get("u1", { ifNoneMatch: 'W/"caf\u00e9"' });
    expect(server.requests).toHaveLength(1);
  });
});

describe("tokens that cannot be sent in a header", () => {
  const bad = "tok\u0000en-value-secret";
  it("a static token is refused at createScimClient without echoing it", () => {
    const error = (() => {
      try {
        createScimClient({ baseUrl: "http://127.0.0.1:9", auth: { accessToken: bad } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ScimValidationError);
    expect(error!.message).toContain("U+0000");
    expect(error!.message).not.toContain("en-value-secret");
  });

  it("a token from getAccessToken is refused before sending, without echoing it", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth: { getAccessToken: () => bad } });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ScimValidationError);
    expect(error.message).not.toContain("en-value-secret");
    expect(server.requests).toHaveLength(0);
  });

  it("a token from the token endpoint is refused, not retried, not echoed", async () => {
    server = await startServer((request) =>
      request.path === "/oauth/token"
        ? {
            headers: { "Content-Type": "application/json" },
            body: { access_token: `${bad}\u20ac`, token_type: "bearer" },
          }
        : { body: user("u1") },
    );
    const client = createScimClient({
      baseUrl: server.url,
      auth: { clientId: "cid", clientSecret: "input-test-secret" },
    });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ScimAuthError);
    expect(error.message).not.toContain("en-value-secret");
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.apiRequests()).toHaveLength(0);
  });
});

describe("ids and query values with a lone surrogate", () => {
  it.each(["\ud800", "a\udc00b", "x\ud83d"])(
    "%j is a ScimValidationError, not a URIError",
    async (id) => {
      server = await startServer(() => ({ body: user("u1") }));
      const client = createScimClient({ baseUrl: server.url, auth });
      await expect(client.users.get(id)).rejects.toBeInstanceOf(ScimValidationError);
      await expect(client.users.delete(id)).rejects.toBeInstanceOf(ScimValidationError);
      await expect(
        client.GET("/api/v2/scim/v2/users/{userId}", { params: { path: { userId: id } } }),
      ).rejects.toBeInstanceOf(ScimValidationError);
      await expect(
        client.GET("/api/v2/scim/v2/users", {
          params: { query: { filter: `userName eq "${id}"` } },
        }),
      ).rejects.toBeInstanceOf(ScimValidationError);
      expect(server.requests).toHaveLength(0);
    },
  );

  it("a well-formed surrogate pair is fine", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    await client.users.get("emoji-\ud83d\ude00");
    expect(server.requests[0]?.path).toBe("/api/v2/scim/v2/users/emoji-%F0%9F%98%80");
  });
});

describe("waits setTimeout cannot do", () => {
  it.each([
    [{ maxDelayMs: Infinity }, /retry.maxDelayMs must be at most 2147483647/],
    [{ maxDelayMs: 2 ** 31 }, /retry.maxDelayMs must be at most 2147483647/],
    [{ baseDelayMs: 2 ** 40 }, /retry.baseDelayMs must be at most 2147483647/],
  ])("retry %j is refused at createScimClient", (retry, message) => {
    expect(() => createScimClient({ auth, retry })).toThrow(message);
    expect(() => createScimClient({ auth, retry })).toThrow(ScimValidationError);
  });

  it("timeoutMs above 2^31-1 is refused; Infinity still means none; maxTotalDelayMs may be Infinity", () => {
    expect(() => createScimClient({ auth, timeoutMs: 2 ** 31 })).toThrow(
      /timeoutMs must be at most/,
    );
    expect(() => createScimClient({ auth, timeoutMs: Infinity })).not.toThrow();
    expect(() => createScimClient({ auth, retry: { maxTotalDelayMs: Infinity } })).not.toThrow();
  });
});
