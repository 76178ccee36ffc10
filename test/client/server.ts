// A scripted node:http server on 127.0.0.1 for the client tests: each request is recorded (method,
// raw URL, headers, body) and answered by a script, which either returns a reply or takes over the
// raw response (to cut a body short, reset the connection, or never answer).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  /** The request target exactly as sent (path and query, not decoded). */
  url: string;
  /** The path part of `url`, not decoded. */
  path: string;
  /** Decoded query parameters. */
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object or array is sent as JSON; a string as is. */
  body?: unknown;
}

/** Returns a reply, or nothing after handling `res` itself. */
export type Script = (
  request: RecordedRequest,
  res: ServerResponse,
) => Reply | void | Promise<Reply | void>;

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /** Requests other than token requests (`/oauth/token`). */
  apiRequests(): RecordedRequest[];
  /** Requests to `/oauth/token`. */
  tokenRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(script: Script): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = req.url ?? "/";
      const queryStart = url.indexOf("?");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url,
        path: queryStart === -1 ? url : url.slice(0, queryStart),
        query: new URLSearchParams(queryStart === -1 ? "" : url.slice(queryStart + 1)),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      Promise.resolve(script(recorded, res)).then(
        (reply) => {
          if (reply) send(res, reply);
        },
        (error: unknown) => {
          send(res, { status: 500, body: { message: `test script failed: ${String(error)}` } });
        },
      );
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    apiRequests: () => requests.filter((r) => r.path !== "/oauth/token"),
    tokenRequests: () => requests.filter((r) => r.path === "/oauth/token"),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body = "";
  if (reply.body !== undefined) {
    if (typeof reply.body === "string") {
      body = reply.body;
    } else {
      body = JSON.stringify(reply.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
        headers["Content-Type"] = "application/scim+json";
      }
    }
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

/** A script answering the i-th request with `replies[i]` (the last one repeats). */
export function sequence(...replies: (Reply | Script)[]): Script {
  let index = 0;
  return (request, res) => {
    const reply = replies[Math.min(index++, replies.length - 1)]!;
    return typeof reply === "function" ? reply(request, res) : reply;
  };
}

/** Answers `/oauth/token` with a fresh token each time (`token-1`, `token-2`, ...), else runs `api`. */
export function withTokenEndpoint(
  api: Script,
  options: { expiresIn?: number; delayMs?: number } = {},
): Script {
  let issued = 0;
  return async (request, res) => {
    if (request.path === "/oauth/token") {
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      issued++;
      return {
        status: 200,
        headers: { "Content-Type": "application/json" },
        body: {
          access_token: `token-${issued}`,
          token_type: "bearer",
          expires_in: options.expiresIn ?? 86400,
        },
      };
    }
    return api(request, res);
  };
}

/** A user resource as the fake API returns it. */
export function user(id: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    id,
    userName: `${id}@example.com`,
    displayName: `User ${id}`,
    active: true,
    meta: { resourceType: "User", version: '"1"', location: `/api/v2/scim/v2/users/${id}` },
    ...extra,
  };
}

/** The body of a Genesys 429. */
export function rateLimitBody(seconds: number) {
  return {
    message: `Rate limit exceeded the maximum. Retry the request in [${seconds}] seconds`,
    code: "too.many.requests.retry.after",
    status: 429,
  };
}
