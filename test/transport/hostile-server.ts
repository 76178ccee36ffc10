// A node:http server on 127.0.0.1 (or another loopback address) for the transport tests that
// records what a hostile or broken server would want to know: how many requests arrived, how
// many bytes of body it managed to write, and whether the client closed each connection.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface HostileServer {
  url: string;
  /** Requests received (method, url, headers, body). */
  requests: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[];
  /** Connections that carried a request and are still open. */
  openSockets(): number;
  /**
   * Resolves once every connection that carried a request is closed (rejects after `limitMs`).
   * Idle connections the client's pool opens on its own are not counted: they carry no request.
   */
  allClosed(limitMs?: number): Promise<void>;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export async function startHostileServer(
  handler: Handler,
  host = "127.0.0.1",
): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const busy = new Set<Socket>();
  const requests: HostileServer["requests"] = [];
  const server = createServer((req, res) => {
    const socket = req.socket;
    if (!socket.destroyed && !busy.has(socket)) {
      busy.add(socket);
      socket.once("close", () => busy.delete(socket));
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    openSockets: () => busy.size,
    async allClosed(limitMs = 10_000) {
      const until = Date.now() + limitMs;
      while (busy.size > 0) {
        if (Date.now() > until) throw new Error(`${busy.size} connection(s) still open`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Headers, then body bytes as fast as the socket takes them, forever; counts what was written. */
export function endlessBody(counter: { bytes: number }): Handler {
  return (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/scim+json" });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) counter.bytes += chunk.length;
      if (!res.destroyed) res.once("drain", pump);
    };
    res.write("[");
    pump();
  };
}

/** Headers at once, then one byte per second, forever. */
export function dripBody(): Handler {
  return (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/scim+json", "Content-Length": "100000" });
    res.write("{");
    const timer = setInterval(() => {
      if (res.destroyed) clearInterval(timer);
      else res.write(" ");
    }, 1000);
    res.on("close", () => clearInterval(timer));
  };
}
