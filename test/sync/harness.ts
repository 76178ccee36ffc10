// A sync test bench: an emulator, a client that counts requests by method, and a reader of the
// final state for assertions.
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/index.js";
import {
  createScimClient,
  filter,
  type ScimClient,
  type ScimEvent,
  type ScimUser,
} from "../../src/index.js";

export interface Harness {
  emulator: RunningEmulator;
  client: ScimClient;
  /** Requests sent by the client since the last reset, by method. */
  sent: Record<string, number>;
  retries: number;
  reset(): void;
  writes(): number;
  close(): Promise<void>;
}

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export async function startHarness(
  options: EmulatorOptions = {},
  retry?: { maxRetries?: number },
  tap?: (event: ScimEvent) => void,
): Promise<Harness> {
  const emulator = await startEmulator({ rateLimit: false, maxPageSize: 100, ...options });
  const harness: Harness = {
    emulator,
    sent: {},
    retries: 0,
    client: undefined as unknown as ScimClient,
    reset() {
      harness.sent = {};
      harness.retries = 0;
    },
    writes() {
      return Object.entries(harness.sent)
        .filter(([method]) => method !== "GET")
        .reduce((sum, [, n]) => sum + n, 0);
    },
    close: () => emulator.close(),
  };
  harness.client = createScimClient({
    baseUrl: emulator.url,
    auth: { clientId: emulator.clientId, clientSecret: emulator.clientSecret },
    ...(retry ? { retry } : {}),
    onEvent(event) {
      tap?.(event);
      if (event.type === "request" && !event.url.endsWith("/oauth/token"))
        harness.sent[event.method] = (harness.sent[event.method] ?? 0) + 1;
      if (event.type === "retry") harness.retries++;
    },
  });
  return harness;
}

export interface Snapshot {
  users: ScimUser[];
  byExternalId: Map<string, ScimUser>;
  managerKey(user: ScimUser): string | undefined;
  groups: Map<string, string[]>;
  groupCount: number;
}

/** Everything Genesys holds, read with a client that has no sync code in it. */
export async function snapshot(client: ScimClient, groupNames: string[]): Promise<Snapshot> {
  const users: ScimUser[] = [];
  for await (const u of client.users.list({ count: 100 })) users.push(u);
  for await (const u of client.users.list({ count: 100, filter: filter.eq("active", false) }))
    users.push(u);
  const byId = new Map(users.map((u) => [u.id!, u]));
  const byExternalId = new Map<string, ScimUser>();
  for (const u of users) if (u.externalId) byExternalId.set(u.externalId, u);
  const groups = new Map<string, string[]>();
  let groupCount = 0;
  for (const name of groupNames) {
    for await (const g of client.groups.list({ filter: filter.eq("displayName", name) })) {
      groupCount++;
      groups.set(
        name,
        (g.members ?? []).map((m) => byId.get(m.value!)?.externalId ?? m.value!),
      );
    }
  }
  return {
    users,
    byExternalId,
    managerKey(user) {
      const id = (user as unknown as Record<string, { manager?: { value?: string } }>)[ENTERPRISE]
        ?.manager?.value;
      return id === undefined ? undefined : (byId.get(id)?.externalId ?? id);
    },
    groups,
    groupCount,
  };
}
