import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_UPDATE_ATTEMPTS,
  patch,
  ScimApiError,
  ScimValidationError,
  type ScimUser,
} from "../../src/index.js";
import { startEmulatedClient, type EmulatedClient } from "./emulated.js";

let env: EmulatedClient | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe("users.update(id, current => operations)", () => {
  it("reads, builds from the current user and PATCHes with If-Match", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const ada = await client.users.create({ userName: "ada@example.com", displayName: "Ada" });
    env.sent.length = 0;
    const updated = await client.users.update(ada.id, (current) => [
      patch.replace("title", `${current.displayName} the Engineer`),
    ]);
    expect(updated.title).toBe("Ada the Engineer");
    expect(env.sent.map((r) => r.method)).toEqual(["GET", "PATCH"]);
    expect(updated.meta.version).not.toBe(ada.meta.version);
  });

  it("sends nothing when the builder returns no operations", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const ada = await client.users.create({ userName: "ada@example.com", displayName: "Ada" });
    env.sent.length = 0;
    const same = await client.users.update(ada.id, () => []);
    expect(same.meta.version).toBe(ada.meta.version);
    expect(env.sent.map((r) => r.method)).toEqual(["GET"]);
  });

  it("re-reads and rebuilds after a concurrent edit (stale ETag), keeping both changes", async () => {
    env = await startEmulatedClient();
    const { client, other } = env;
    const ada = await client.users.create({ userName: "ada@example.com", displayName: "Ada" });
    const seen: (string | undefined)[] = [];
    const updated = await client.users.update(ada.id, async (current: ScimUser) => {
      seen.push(current.title);
      // Someone else writes between our read and our PATCH, the first time only.
      if (seen.length === 1) await other.users.patch(ada.id, [patch.replace("title", "Boss")]);
      return [patch.replace("displayName", `${current.displayName} (${current.title ?? "-"})`)];
    });
    expect(seen).toEqual([undefined, "Boss"]);
    expect(updated.displayName).toBe("Ada (Boss)");
    expect(updated.title).toBe("Boss");
    const patches = env.sent.filter((r) => r.method === "PATCH");
    expect(patches).toHaveLength(2);
  });

  it(`gives up after ${DEFAULT_UPDATE_ATTEMPTS} rounds against a writer that always wins`, async () => {
    env = await startEmulatedClient();
    const { client, other } = env;
    const ada = await client.users.create({ userName: "ada@example.com", displayName: "Ada" });
    let rounds = 0;
    const error = await client.users
      .update(ada.id, async () => {
        rounds++;
        await other.users.patch(ada.id, [patch.replace("title", `t${rounds}`)]);
        return [patch.replace("displayName", "Mine")];
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimApiError);
    expect((error as ScimApiError).scimType).toBe("invalidVers");
    expect(rounds).toBe(DEFAULT_UPDATE_ATTEMPTS);

    rounds = 0;
    await client.users
      .update(
        ada.id,
        async () => {
          rounds++;
          await other.users.patch(ada.id, [patch.replace("title", `u${rounds}`)]);
          return [patch.replace("displayName", "Mine")];
        },
        { attempts: 5 },
      )
      .catch(() => undefined);
    expect(rounds).toBe(5);
    expect((await client.users.get(ada.id)).displayName).toBe("Ada");
  });

  it("does not retry other errors, and refuses a bad builder or bound", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const ada = await client.users.create({ userName: "ada@example.com", displayName: "Ada" });
    let rounds = 0;
    const error = await client.users
      .update(ada.id, () => {
        rounds++;
        return [patch.replace("active", "yes" as never)];
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimApiError);
    expect(rounds).toBe(1);
    await expect(client.users.update(ada.id, [] as never)).rejects.toThrow(ScimValidationError);
    await expect(client.users.update(ada.id, () => [], { attempts: 0 })).rejects.toThrow(
      /attempts must be a whole number >= 1/,
    );
  });
});
