// The server for the goodput figure: the project's emulator, allowing one OAuth client R requests
// per 1 s window (a fixed window opened by the client's first request, as Genesys Cloud does per
// minute) and answering the rest with 429 + Retry-After in whole seconds.
import { randomBytes } from "node:crypto";
import { startServerProcess, type ServerProcess } from "./processes.js";

export interface RateLimitedServer extends ServerProcess {
  clientId: string;
  clientSecret: string;
  userIds: string[];
  accessToken: string;
}

export async function startRateLimitedServer(ratePerSecond: number): Promise<RateLimitedServer> {
  const clientId = "bench-client";
  const clientSecret = randomBytes(24).toString("base64url");
  const server = await startServerProcess("emulator", {
    clients: [{ clientId, clientSecret }],
    rateLimit: { limit: ratePerSecond, windowMs: 1000 },
    seedUsers: 100,
  });
  if (!server.userIds || !server.accessToken) {
    await server.close();
    throw new Error("emulator process did not report its users and token");
  }
  return {
    ...server,
    clientId,
    clientSecret,
    userIds: server.userIds,
    accessToken: server.accessToken,
  };
}
