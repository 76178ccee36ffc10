import { afterEach, describe, expect, it } from "vitest";
import {
  MEMBER_BATCH,
  ScimApiError,
  ScimValidationError,
  type ScimClient,
} from "../../src/index.js";
import { startEmulatedClient, type EmulatedClient, type SentRequest } from "./emulated.js";

let env: EmulatedClient | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function userIds(client: ScimClient, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      (await client.users.create({ userName: `m${i}@example.com`, displayName: `M${i}` })).id,
    );
  }
  return ids;
}

const members = (group: { members?: { value?: string }[] }) =>
  (group.members ?? []).map((m) => m.value).sort();

const patches = (sent: SentRequest[]) => sent.filter((r) => r.method === "PATCH");

/** Member changes in one PATCH body: adds count their values, removes one each. */
function changesIn(request: SentRequest): number {
  const { Operations } = request.body as { Operations: { op: string; value?: unknown[] }[] };
  return Operations.reduce((n, op) => n + (op.op === "add" ? (op.value?.length ?? 0) : 1), 0);
}

describe("groups.addMembers / removeMembers / setMembers", () => {
  it("change only what differs, guarded by the version read", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const [a, b, c] = await userIds(client, 3);
    const group = await client.groups.create({ displayName: "Ops", members: [{ value: a! }] });

    env.sent.length = 0;
    const added = await client.groups.addMembers(group.id, [a!, b!, b!]);
    expect(members(added)).toEqual([a, b].sort());
    const [addPatch] = patches(env.sent);
    expect(addPatch!.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "members", value: [{ value: b }] }],
    });

    // Removing a non-member is not an error and sends nothing for it.
    env.sent.length = 0;
    const removed = await client.groups.removeMembers(group.id, [a!, c!]);
    expect(members(removed)).toEqual([b]);
    expect(patches(env.sent).map((r) => r.body)).toEqual([
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "remove", path: `members[value eq "${a}"]` }],
      },
    ]);

    const set = await client.groups.setMembers(group.id, [c!, a!]);
    expect(members(set)).toEqual([a, c].sort());
    // Nothing to change: one read, no PATCH.
    env.sent.length = 0;
    const same = await client.groups.setMembers(group.id, [a!, c!]);
    expect(same.meta.version).toBe(set.meta.version);
    expect(env.sent.map((r) => r.method)).toEqual(["GET"]);
    expect(members(await client.groups.setMembers(group.id, []))).toEqual([]);
  });

  it(
    `sets 1,200 members in batches of ${MEMBER_BATCH}, then swaps some of them`,
    { timeout: 180_000 },
    async () => {
      env = await startEmulatedClient({ seedUsers: 1_250 });
      const { client } = env;
      const all = (
        await client.users.list({ count: 100, attributes: ["id"] }).toArray({ limit: 2_000 })
      ).map((u) => u.id);
      expect(all).toHaveLength(1_250);
      const group = await client.groups.create({ displayName: "Everyone" });

      env.sent.length = 0;
      const first = all.slice(0, 1_200);
      const filled = await client.groups.setMembers(group.id, first);
      expect(members(filled)).toEqual([...first].sort());
      const fills = patches(env.sent);
      expect(fills).toHaveLength(12);
      for (const request of fills) expect(changesIn(request)).toBe(MEMBER_BATCH);

      // Drop 150, add the other 50: 200 changes in two PATCHes (adds first, then removes).
      env.sent.length = 0;
      const next = [...all.slice(150, 1_200), ...all.slice(1_200)];
      const swapped = await client.groups.setMembers(group.id, next);
      expect(members(swapped)).toEqual([...next].sort());
      expect(patches(env.sent).map(changesIn)).toEqual([100, 100]);
      expect(members(await client.groups.get(group.id))).toEqual([...next].sort());
    },
  );

  it("re-reads and recomputes when another writer changes the group in between", async () => {
    env = await startEmulatedClient();
    const { client, other } = env;
    const [a, b, c] = await userIds(client, 3);
    const group = await client.groups.create({ displayName: "Race" });
    // Someone adds c right after our first read: our PATCH is stale, so we read again.
    let raced = false;
    env.client.use({
      async onResponse({ request }) {
        if (!raced && request.method === "GET") {
          raced = true;
          await other.groups.patch(group.id, [
            { op: "add", path: "members", value: [{ value: c }] },
          ]);
        }
        return undefined;
      },
    });
    const result = await client.groups.setMembers(group.id, [a!, b!]);
    expect(members(result)).toEqual([a, b].sort());
    const methods = env.sent.filter((r) => r.url.includes("/groups/")).map((r) => r.method);
    // read, stale PATCH (400 invalidVers), read, PATCH (add a, b; remove c)
    expect(methods).toEqual(["GET", "PATCH", "GET", "PATCH"]);
  });

  it("with ifMatch pinned, a concurrent change is thrown, not retried", async () => {
    env = await startEmulatedClient();
    const { client, other } = env;
    const [a, b] = await userIds(client, 2);
    const group = await client.groups.create({ displayName: "Pinned" });
    await other.groups.patch(group.id, [{ op: "add", path: "members", value: [{ value: b }] }]);
    const error = await client.groups
      .addMembers(group.id, [a!], { ifMatch: group.meta.version })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimApiError);
    expect((error as ScimApiError).scimType).toBe("invalidVers");
    expect(members(await client.groups.get(group.id))).toEqual([b]);
  });

  it("refuses bad user ids before sending anything", async () => {
    env = await startEmulatedClient();
    await expect(env.client.groups.addMembers("g", "u1" as never)).rejects.toThrow(
      ScimValidationError,
    );
    await expect(env.client.groups.setMembers("g", ["ok", ""])).rejects.toThrow(
      /userIds must be an array of non-empty strings/,
    );
    expect(env.sent).toHaveLength(0);
  });
});
