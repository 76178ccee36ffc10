import { afterEach, describe, expect, it } from "vitest";
import {
  createScimClient,
  patch,
  ScimNetworkError,
  ScimResponseError,
  ScimTimeoutError,
  ScimValidationError,
  type ScimEvent,
} from "../../src/index.js";
import { startServer, user, withTokenEndpoint, type ScriptedServer } from "./server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const auth = { accessToken: "static-token-123" };

describe("requests on the wire", () => {
  it("sends bodies as application/scim+json, asks for SCIM JSON, identifies itself", async () => {
    server = await startServer(() => ({ status: 201, body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth, userAgent: "hr-sync/2.1" });
    await client.users.create({ userName: "a@example.com", displayName: "A" });
    await client.users.get("u1");
    const [post, get] = server.requests;
    expect(post?.headers["content-type"]).toBe("application/scim+json");
    expect(post?.headers.accept).toBe("application/scim+json, application/json");
    expect(post?.headers["user-agent"]).toBe("hr-sync/2.1");
    expect(get?.headers["content-type"]).toBeUndefined();
  });

  it("raw methods also send application/scim+json unless the caller set a Content-Type", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    await client.PUT("/api/v2/scim/v2/users/{userId}", {
      params: { path: { userId: "u1" } },
      body: { userName: "a@example.com", displayName: "A" },
    });
    await client.PUT("/api/v2/scim/v2/users/{userId}", {
      params: { path: { userId: "u1" } },
      body: { userName: "a@example.com", displayName: "A" },
      headers: { "Content-Type": "application/json" },
    });
    expect(server.requests.map((r) => r.headers["content-type"])).toEqual([
      "application/scim+json",
      "application/json",
    ]);
  });

  it("sends attributes and excludedAttributes comma-separated", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    await client.users.get("u1", {
      attributes: ["userName", "emails"],
      excludedAttributes: ["roles", "groups"],
    });
    await client.GET("/api/v2/scim/v2/users", {
      params: { query: { attributes: ["id", "active"], count: 5 } },
    });
    expect(server.requests[0]?.url).toBe(
      "/api/v2/scim/v2/users/u1?attributes=userName,emails&excludedAttributes=roles,groups",
    );
    expect(server.requests[1]?.query.get("attributes")).toBe("id,active");
    expect(server.requests[1]?.query.getAll("attributes")).toHaveLength(1);
  });

  it("uses the v1 path family when asked", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth, family: "v1" });
    await client.users.get("u1");
    await client.groups.get("g1");
    expect(server.requests.map((r) => r.path)).toEqual([
      "/api/v2/scim/users/u1",
      "/api/v2/scim/groups/g1",
    ]);
  });
});

describe("middleware", () => {
  it("runs for raw calls with real Requests, and stops after eject", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    const seen: string[] = [];
    const tracing = {
      onRequest({ request }: { request: Request }) {
        seen.push(`${request instanceof Request} ${request.method}`);
        request.headers.set("X-Trace", "t-1");
      },
      onResponse({ response }: { response: Response }) {
        seen.push(`status ${response.status}`);
      },
    };
    const get = () =>
      client.GET("/api/v2/scim/v2/users/{userId}", { params: { path: { userId: "u1" } } });
    client.use(tracing);
    expect((await get()).data?.id).toBe("u1");
    client.eject(tracing);
    expect((await get()).data?.id).toBe("u1");
    await client.PUT("/api/v2/scim/v2/users/{userId}", {
      params: { path: { userId: "u1" } },
      body: { userName: "a", displayName: "A" },
      middleware: [tracing],
    });
    expect(seen).toEqual(["true GET", "status 200", "true PUT", "status 200"]);
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["t-1", undefined, "t-1"]);
    expect(server.requests[2]?.body).toBe('{"userName":"a","displayName":"A"}');
    expect(
      server.requests.every((r) => r.headers.authorization === `Bearer ${auth.accessToken}`),
    ).toBe(true);
  });
  it("sees helper requests too while registered", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    const seen: string[] = [];
    const tracing = {
      onRequest({ request }: { request: Request }) {
        seen.push(
          `${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`,
        );
        request.headers.set("X-Trace", "t-2");
      },
    };
    client.use(tracing);
    expect((await client.users.get("a/b", { attributes: ["id", "userName"] })).id).toBe("u1");
    await client.users.patch("u1", [patch.replace("title", "Lead")], { ifMatch: '"3"' });
    client.eject(tracing);
    await client.users.get("u1");
    expect(seen).toEqual([
      "GET /api/v2/scim/v2/users/a%2Fb?attributes=id,userName",
      "PATCH /api/v2/scim/v2/users/u1",
    ]);
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["t-2", "t-2", undefined]);
    expect(server.requests[1]?.headers["if-match"]).toBe('"3"');
    expect(server.requests[1]?.headers["content-type"]).toBe("application/scim+json");
  });
});

describe("path parameters", () => {
  const tricky = [
    "../x",
    "a/b?c#d",
    "%2e%2e",
    "..%2F",
    "x y",
    "ü/é",
    "a;b=c",
    ".hidden",
    "...",
    "a:b@c",
    "\\..\\x",
  ];
  it.each(tricky)("an id like %j stays one encoded path segment", async (id) => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    await client.users.get(id);
    const [request] = server.requests;
    const prefix = "/api/v2/scim/v2/users/";
    expect(request?.path.startsWith(prefix)).toBe(true);
    const segment = request!.path.slice(prefix.length);
    expect(segment).not.toContain("/");
    expect(decodeURIComponent(segment)).toBe(id);
    expect(request?.query.toString()).toBe("");
  });

  it.each(["", ".", ".."])("an id of %j is refused before anything is sent", async (id) => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    const error = await client.users.delete(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimValidationError);
    expect((error as Error).message).toMatch(
      /Path parameter "userId" must not be .*it would change the request path/,
    );
    await expect(
      client.GET("/api/v2/scim/v2/groups/{groupId}", { params: { path: { groupId: id } } }),
    ).rejects.toThrow(/Path parameter "groupId"/);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a raw call to a templated path without path parameters", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    await expect(client.GET("/api/v2/scim/v2/users/{userId}", {} as never)).rejects.toThrow(
      /path parameters are missing/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("header values with CR or LF", () => {
  const evil = 'W/"1"\r\nX-Injected: yes';
  it("are refused before anything is sent, naming the header but not the value", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({ baseUrl: server.url, auth });
    const attempts: Promise<unknown>[] = [
      client.users.patch("u1", [patch.replace("title", "x")], { ifMatch: evil }),
      client.users.get("u1", { ifNoneMatch: "a\nb" }),
      client.users.delete("u1", { ifMatch: "trailing\r\n" }),
      client.GET("/api/v2/scim/v2/users/{userId}", {
        params: { path: { userId: "u1" }, header: { "If-None-Match": evil } },
      }),
      client.GET("/api/v2/scim/v2/users", { headers: { "X-Trace": "a\rb" } }),
    ];
    const errors = await Promise.all(attempts.map((p) => p.catch((e: unknown) => e)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(ScimValidationError);
      expect((error as Error).message).not.toContain("Injected");
    }
    expect((errors[0] as Error).message).toBe(
      'Header "If-Match" was refused: its value contains a CR or LF character (the request was not sent)',
    );
    expect((errors[4] as Error).message).toContain('Header "X-Trace"');
    expect(server.requests).toHaveLength(0);
  });
});

describe("broken responses", () => {
  it("a truncated JSON body is a ScimResponseError, not a crash or a hang", async () => {
    server = await startServer((_request, res) => {
      res.writeHead(200, { "Content-Type": "application/scim+json", "Content-Length": "500" });
      res.write('{"id":"u1","userName":"a@exa');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    // retry: false: a GET whose body is cut off is retried like any network failure (see
    // test/transport/timeouts.test.ts); here the error itself is under test.
    const client = createScimClient({ baseUrl: server.url, auth, retry: false });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimResponseError;
    expect(error).toBeInstanceOf(ScimResponseError);
    expect(error.reason).toBe("truncated");
    expect(error.message).toBe(
      `GET ${server.url}/api/v2/scim/v2/users/u1 answered HTTP 200 but the connection closed before the response body was complete`,
    );
  });

  it("a complete but invalid JSON body is a ScimResponseError naming the content type", async () => {
    server = await startServer(() => ({
      status: 200,
      headers: { "Content-Type": "text/html" },
      body: "<html>maintenance</html>",
    }));
    const client = createScimClient({ baseUrl: server.url, auth });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimResponseError;
    expect(error).toBeInstanceOf(ScimResponseError);
    expect(error).toMatchObject({ reason: "invalid-json", status: 200, method: "GET" });
    expect(error.message).toContain(
      "the response body is not valid JSON (Content-Type: text/html)",
    );
    // The raw methods throw the same error: they cannot return data they could not parse.
    await expect(client.GET("/api/v2/scim/v2/users", {})).rejects.toBeInstanceOf(ScimResponseError);
  });

  it("a non-JSON error body still gives a ScimApiError with its text as detail", async () => {
    server = await startServer(() => ({
      status: 502,
      headers: { "Content-Type": "text/html" },
      body: "<html>Bad gateway</html>",
    }));
    const client = createScimClient({ baseUrl: server.url, auth, retry: false });
    await expect(client.users.get("u1")).rejects.toMatchObject({
      status: 502,
      detail: "<html>Bad gateway</html>",
    });
  });

  it("a 200 without the body the operation returns is a ScimResponseError", async () => {
    server = await startServer(() => ({ status: 200 }));
    const client = createScimClient({ baseUrl: server.url, auth });
    await expect(client.users.get("u1")).rejects.toMatchObject({
      name: "ScimResponseError",
      reason: "empty",
    });
  });

  it("a connection reset (no response) is a ScimNetworkError with the system code", async () => {
    server = await startServer((_request, res) => {
      res.socket?.resetAndDestroy?.() ?? res.socket?.destroy();
    });
    const client = createScimClient({ baseUrl: server.url, auth, retry: false });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimNetworkError;
    expect(error).toBeInstanceOf(ScimNetworkError);
    expect(error.code).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
    expect(error.message).toMatch(
      new RegExp(`^GET ${server.url}/api/v2/scim/v2/users/u1 failed: connection`),
    );
  });

  it("a server that never answers hits timeoutMs: ScimTimeoutError", async () => {
    server = await startServer(() => {
      // never answer
    });
    const client = createScimClient({ baseUrl: server.url, auth, timeoutMs: 50, retry: false });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimTimeoutError;
    expect(error).toBeInstanceOf(ScimTimeoutError);
    expect(error.message).toBe(
      `GET ${server.url}/api/v2/scim/v2/users/u1 failed: no complete response within 50 ms`,
    );
  });

  it("a body that stalls after the headers also hits timeoutMs", async () => {
    server = await startServer((_request, res) => {
      res.writeHead(200, { "Content-Type": "application/scim+json", "Content-Length": "100" });
      res.write('{"id":');
    });
    const client = createScimClient({ baseUrl: server.url, auth, timeoutMs: 50, retry: false });
    await expect(client.users.get("u1")).rejects.toBeInstanceOf(ScimTimeoutError);
  });

  it("the raw methods get the same treatment: truncated, stalled, reset", async () => {
    let n = 0;
    server = await startServer((_request, res) => {
      n++;
      if (n === 1) {
        res.writeHead(200, { "Content-Type": "application/scim+json", "Content-Length": "500" });
        res.write('{"id":"u1"');
        setTimeout(() => res.socket?.destroy(), 10);
      } else if (n === 2) {
        res.writeHead(200, { "Content-Type": "application/scim+json", "Content-Length": "100" });
        res.write('{"id":');
      } else {
        res.socket?.destroy();
      }
    });
    const client = createScimClient({ baseUrl: server.url, auth, timeoutMs: 50, retry: false });
    const get = () =>
      client
        .GET("/api/v2/scim/v2/users/{userId}", { params: { path: { userId: "u1" } } })
        .catch((e: unknown) => e);
    expect(await get()).toMatchObject({
      name: "ScimResponseError",
      reason: "truncated",
      status: 200,
    });
    expect(await get()).toBeInstanceOf(ScimTimeoutError);
    expect(await get()).toBeInstanceOf(ScimNetworkError);
  });

  it("the raw methods replay a body intact and stop waiting on abort", async () => {
    server = await startServer((request) =>
      request.method === "POST"
        ? { status: 429, headers: { "Retry-After": request.body.length ? "0" : "9" } }
        : { status: 429, headers: { "Retry-After": "30" } },
    );
    const client = createScimClient({ baseUrl: server.url, auth, retry: { maxRetries: 2 } });
    const body = { userName: "ü@example.com", displayName: "Ü" };
    const posted = await client.POST("/api/v2/scim/v2/users", { body });
    expect(posted.response.status).toBe(429);
    expect(server.requests.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify(body)));

    const controller = new AbortController();
    const pending = client.GET("/api/v2/scim/v2/users/{userId}", {
      params: { path: { userId: "u1" } },
      signal: controller.signal,
    });
    while (server.requests.length < 4) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("a 429 whose body stalls is retried, and later attempts keep their own timeout", async () => {
    const stalled429 = (_request: unknown, res: import("node:http").ServerResponse) => {
      res.writeHead(429, { "Content-Type": "application/json", "Content-Length": "200" });
      res.write('{"message":"Rate limit exceeded the maximum. Retry');
    };
    const stalled200 = (_request: unknown, res: import("node:http").ServerResponse) => {
      res.writeHead(200, { "Content-Type": "application/scim+json", "Content-Length": "100" });
      res.write('{"id":');
    };
    let n = 0;
    server = await startServer((request, res) => {
      n++;
      if (n === 1 || n === 3 || n === 5) return stalled429(request, res);
      if (n === 2) return { body: user("u1") };
      return stalled200(request, res);
    });
    const client = createScimClient({
      baseUrl: server.url,
      auth,
      timeoutMs: 50,
      retry: { maxDelayMs: 1, baseDelayMs: 1 },
    });
    // helper: the stalled 429 body gives no hint, the retry succeeds
    expect((await client.users.get("u1")).id).toBe("u1");
    // helper and raw: after a stalled 429, a stalled 200 body still ends in a timeout, not a hang.
    // A body that times out is a failed attempt like any other: a GET is retried (3 retries).
    await expect(client.users.get("u1")).rejects.toMatchObject({
      name: "ScimTimeoutError",
      attempts: 4,
    });
    expect(n).toBe(6);
    await expect(
      client.GET("/api/v2/scim/v2/users/{userId}", { params: { path: { userId: "u1" } } }),
    ).rejects.toBeInstanceOf(ScimTimeoutError);
    expect(n).toBe(10);
  });

  it("a timed-out GET is retried", async () => {
    let n = 0;
    server = await startServer(() => (++n === 1 ? undefined : { body: user("u1") }));
    const events: ScimEvent[] = [];
    const client = createScimClient({
      baseUrl: server.url,
      auth,
      timeoutMs: 50,
      retry: { maxDelayMs: 1 },
      onEvent: (e) => events.push(e),
    });
    expect((await client.users.get("u1")).id).toBe("u1");
    expect(
      events.filter((e) => e.type === "retry").map((e) => (e as { reason: string }).reason),
    ).toEqual(["timeout"]);
  });
});

describe("events", () => {
  it("report requests, responses and token fetches with credentials redacted", async () => {
    const secret = "very-secret-client-secret";
    server = await startServer(withTokenEndpoint(() => ({ body: user("u1") })));
    const events: ScimEvent[] = [];
    const client = createScimClient({
      baseUrl: server.url,
      auth: { clientId: "cid", clientSecret: secret },
      onEvent: (e) => events.push(e),
    });
    await client.users.get("u1");
    expect(events.map((e) => e.type)).toEqual([
      "request",
      "response",
      "token",
      "request",
      "response",
    ]);
    const apiRequest = events[3] as Extract<ScimEvent, { type: "request" }>;
    expect(apiRequest).toMatchObject({
      method: "GET",
      url: `${server.url}/api/v2/scim/v2/users/u1`,
      attempt: 1,
    });
    expect(apiRequest.headers.authorization).toBe("[REDACTED]");
    const text = JSON.stringify(events);
    expect(text).not.toContain(secret);
    expect(text).not.toContain("token-1");
    expect(text).not.toContain(Buffer.from(`cid:${secret}`).toString("base64"));
  });

  it("a throwing event handler does not break requests", async () => {
    server = await startServer(() => ({ body: user("u1") }));
    const client = createScimClient({
      baseUrl: server.url,
      auth,
      onEvent: () => {
        throw new Error("logger broke");
      },
    });
    expect((await client.users.get("u1")).id).toBe("u1");
  });
});
