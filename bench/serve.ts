// Entry of a bench server process: `serve.ts <kind> <options-json>`. Reports its base URL (and,
// for the emulator, the seeded user ids and an access token) to the parent over IPC, and exits when
// the parent goes away.
import { startEmulator, type EmulatorOptions } from "../emulator/index.js";
import { startUserServer, type UserServerOptions } from "./user-server.js";

export interface ServerReady {
  baseUrl: string;
  /**
   * Emulator only: the OAuth client it generated (its secret travels over IPC, never on a command
   * line), the ids of the seeded users, and a token minted for that client.
   */
  clientId?: string;
  clientSecret?: string;
  userIds?: string[];
  accessToken?: string;
}

async function main(): Promise<void> {
  const [kind, optionsJson = "{}"] = process.argv.slice(2);
  const options = JSON.parse(optionsJson) as unknown;
  let ready: ServerReady;
  let close: () => Promise<void>;
  if (kind === "users") {
    const server = await startUserServer(options as UserServerOptions);
    ready = { baseUrl: server.baseUrl };
    close = server.close;
  } else if (kind === "emulator") {
    const emulator = await startEmulator(options as EmulatorOptions);
    close = emulator.close;
    const accessToken = emulator.issueToken();
    const userIds = await listUserIds(emulator.scimUrls.v2, accessToken);
    // Listing counted against the client's limit: hand the client a fresh window.
    emulator.resetRateLimits();
    ready = {
      baseUrl: emulator.url,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      userIds,
      accessToken,
    };
  } else {
    throw new Error(`unknown server kind ${JSON.stringify(kind)}`);
  }
  const stop = () => void close().finally(() => process.exit(0));
  process.once("disconnect", stop);
  process.once("SIGTERM", stop);
  process.send!(ready);
}

async function listUserIds(scimRoot: string, token: string): Promise<string[]> {
  const response = await fetch(`${scimRoot}/users?count=100&attributes=id`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`emulator: listing seeded users gave HTTP ${response.status}`);
  const page = (await response.json()) as { Resources?: { id: string }[] };
  const ids = (page.Resources ?? []).map((user) => user.id);
  if (ids.length === 0) throw new Error("emulator: no seeded users");
  return ids;
}

main().catch((error: unknown) => {
  process.send?.({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
