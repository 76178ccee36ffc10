// A local SCIM users endpoint for the benchmarks: GET one user, and list pages generated on the
// fly (nothing is held in memory but the page being written), so a 100,000-user walk costs the
// server nothing but CPU.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { makeUser, userId } from "./fixtures.js";

export interface UserServerOptions {
  /** totalResults reported by the list endpoint. */
  totalUsers?: number;
  /** Largest page the server hands out, whatever `count` asks for (Genesys caps pages too). */
  maxPageSize?: number;
}

export interface RunningServer {
  baseUrl: string;
  close(): Promise<void>;
}

const USER_PATH = /^\/api\/v2\/scim(?:\/v2)?\/users\/([^/?]+)$/;
const LIST_PATH = /^\/api\/v2\/scim(?:\/v2)?\/users$/;
const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const SCIM_JSON = "application/scim+json";

export async function startUserServer(options: UserServerOptions = {}): Promise<RunningServer> {
  const totalUsers = options.totalUsers ?? 100_000;
  const maxPageSize = options.maxPageSize ?? 100;
  let baseUrl = "";
  // The per-call benchmark asks for the same user over and over: serialise it once so the server
  // adds as little as possible to every contender's time.
  const bodyCache = new Map<string, string>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", baseUrl);
    if (req.method === "POST" && url.pathname === "/oauth/token") {
      req.resume();
      return send(res, 200, "application/json", {
        access_token: "bench-token",
        token_type: "bearer",
        expires_in: 86_400,
      });
    }
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? "")) {
      return send(res, 401, SCIM_JSON, { status: "401", detail: "missing bearer token" });
    }
    const single = USER_PATH.exec(url.pathname);
    if (req.method === "GET" && single) {
      const id = decodeURIComponent(single[1]!);
      let body = bodyCache.get(id);
      if (body === undefined) {
        body = JSON.stringify(makeUser(id, baseUrl, 1));
        if (bodyCache.size < 16) bodyCache.set(id, body);
      }
      res.writeHead(200, {
        "content-type": SCIM_JSON,
        "content-length": Buffer.byteLength(body),
        etag: 'W/"8"',
      });
      return res.end(body);
    }
    if (req.method === "GET" && LIST_PATH.test(url.pathname)) {
      const startIndex = Math.max(1, Number(url.searchParams.get("startIndex") ?? 1) || 1);
      const requested = Number(url.searchParams.get("count") ?? 25);
      const count = Math.max(0, Math.min(maxPageSize, Number.isFinite(requested) ? requested : 25));
      const resources = [];
      for (let n = startIndex; n < startIndex + count && n <= totalUsers; n++) {
        resources.push(makeUser(userId(n), baseUrl, n));
      }
      return send(res, 200, SCIM_JSON, {
        schemas: [LIST_SCHEMA],
        totalResults: totalUsers,
        startIndex,
        itemsPerPage: resources.length,
        Resources: resources,
      });
    }
    req.resume();
    return send(res, 404, SCIM_JSON, {
      status: "404",
      detail: `no route ${req.method} ${url.pathname}`,
    });
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, status: number, type: string, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
