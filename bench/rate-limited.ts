// The server for the goodput figure: R requests per second, 429 + Retry-After beyond that.
import { startServerProcess, type ServerProcess } from "./processes.js";

export function startRateLimitedServer(ratePerSecond: number): Promise<ServerProcess> {
  return startServerProcess("users", { totalUsers: 1000, ratePerSecond });
}
