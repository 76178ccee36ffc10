import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/index.js";
import { createScimClient, type ScimClient } from "../../src/index.js";

/** A request the client sent, as the wrapped fetch saw it. */
export interface SentRequest {
  method: string;
  url: string;
  body: unknown;
}

export interface EmulatedClient {
  emulator: RunningEmulator;
  client: ScimClient;
  /** A second client on the same emulator, for "someone else" writing concurrently. */
  other: ScimClient;
  /** Every SCIM request `client` sent (not `other`'s). */
  sent: SentRequest[];
  close(): Promise<void>;
}

/** An emulator on 127.0.0.1:0 (rate limit off) with a real client whose requests are recorded. */
export async function startEmulatedClient(options: EmulatorOptions = {}): Promise<EmulatedClient> {
  const emulator = await startEmulator({ rateLimit: false, ...options });
  const sent: SentRequest[] = [];
  const auth = { accessToken: emulator.issueToken() };
  const client = createScimClient({
    baseUrl: emulator.url,
    auth,
    fetch: async (input, init) => {
      const request = input instanceof Request ? input : undefined;
      const body = init?.body ?? (request ? await request.clone().text() : undefined);
      sent.push({
        method: init?.method ?? request?.method ?? "GET",
        url: String(request?.url ?? input),
        body: typeof body === "string" && body !== "" ? JSON.parse(body) : undefined,
      });
      return fetch(input, init);
    },
  });
  const other = createScimClient({ baseUrl: emulator.url, auth });
  return { emulator, client, other, sent, close: () => emulator.close() };
}
