// The server for the goodput figure: the project's emulator, allowing one OAuth client R requests
// per 1 s window (a fixed window opened by the client's first request, as Genesys Cloud does per
// minute) and answering the rest with 429 + Retry-After in whole seconds.
import { startServerProcess, type ServerProcess } from "./processes.js";

export interface RateLimitedServer extends ServerProcess {
  clientId: string;
  clientSecret: string;
  userIds: string[];
  accessToken: string;
}

export async function startRateLimitedServer(ratePerSecond: number): Promise<RateLimitedServer> {
  // The emulator makes up its one OAuth client and reports it over IPC.
  const server = await startServerProcess("emulator", {
    rateLimit: { limit: ratePerSecond, windowMs: 1000 },
    seedUsers: 100,
  });
  const { clientId, clientSecret, userIds, accessToken } = server;
  if (!clientId || !clientSecret || !userIds || !accessToken) {
    await server.close();
    throw new Error("emulator process did not report its OAuth client, users and token");
  }
  return { ...server, clientId, clientSecret, userIds, accessToken };
}
