import { afterEach, describe, expect, it } from "vitest";
import {
  createScimClient,
  filter,
  ScimAmbiguousMatchError,
  ScimValidationError,
} from "../../src/index.js";
import { startEmulatedClient, type EmulatedClient } from "./emulated.js";

let env: EmulatedClient | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const person = (userName: string, extra: Record<string, unknown> = {}) => ({
  userName,
  displayName: userName.split("@")[0]!,
  ...extra,
});

describe("users.findByUserName", () => {
  it("finds active and deactivated users, case-insensitively, with two requests", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const ada = await client.users.create(person("ada@example.com"));
    const gone = await client.users.create(person("gone@example.com"));
    await client.users.delete(gone.id);

    expect((await client.users.findByUserName("ADA@Example.com"))?.id).toBe(ada.id);
    env.sent.length = 0;
    const found = await client.users.findByUserName("gone@example.com");
    expect(found?.id).toBe(gone.id);
    expect(found?.active).toBe(false);
    expect(
      env.sent.map((r) => decodeURIComponent(new URL(r.url).searchParams.get("filter")!)),
    ).toEqual([
      'userName eq "gone@example.com"',
      'userName eq "gone@example.com" and active eq false',
    ]);
    expect(await client.users.findByUserName("nobody@example.com")).toBeUndefined();
  });

  it("prefers the active user when a deleted one had the same userName", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const old = await client.users.create(person("sam@example.com"));
    await client.users.delete(old.id);
    const current = await client.users.create(person("Sam@example.com"));
    expect((await client.users.findByUserName("sam@example.com"))?.id).toBe(current.id);
  });

  it("returns the newest of several deactivated users", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const first = await client.users.create(person("kim@example.com"));
    await client.users.delete(first.id);
    const second = await client.users.create(person("kim@example.com"));
    await client.users.delete(second.id);
    expect((await client.users.findByUserName("kim@example.com"))?.id).toBe(second.id);
  });

  it("refuses an empty or non-string name before sending anything", async () => {
    env = await startEmulatedClient();
    await expect(env.client.users.findByUserName("")).rejects.toThrow(ScimValidationError);
    await expect(env.client.users.findByUserName(5 as never)).rejects.toThrow(/non-empty string/);
    expect(env.sent).toHaveLength(0);
  });
});

describe("users.findByExternalId", () => {
  it("matches externalId case-exactly, in the emulator and in the client", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const upper = await client.users.create(person("a@example.com", { externalId: "E-17" }));
    const lower = await client.users.create(person("b@example.com", { externalId: "e-17" }));
    expect((await client.users.findByExternalId("E-17"))?.id).toBe(upper.id);
    expect((await client.users.findByExternalId("e-17"))?.id).toBe(lower.id);
    expect(await client.users.findByExternalId("E-18")).toBeUndefined();
    // The emulator honours caseExact in filters too.
    const listed = await client.users.list({ filter: filter.eq("externalId", "E-17") }).toArray({
      limit: 10,
    });
    expect(listed.map((u) => u.id)).toEqual([upper.id]);
  });

  it("finds a deactivated user and throws when two active users share the externalId", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const gone = await client.users.create(person("x@example.com", { externalId: "X1" }));
    await client.users.patch(gone.id, [{ op: "replace", path: "active", value: false }]);
    expect((await client.users.findByExternalId("X1"))?.id).toBe(gone.id);

    const a = await client.users.create(person("y@example.com", { externalId: "DUP" }));
    const b = await client.users.create(person("z@example.com", { externalId: "DUP" }));
    const error = await client.users.findByExternalId("DUP").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimAmbiguousMatchError);
    expect([...(error as ScimAmbiguousMatchError).ids].sort()).toEqual([a.id, b.id].sort());
    expect(String(error)).toMatch(/2 active resources match externalId "DUP"/);
  });
});

describe("users.list({ includeInactive })", () => {
  it("lists the active users, then the inactive ones; a filter alone decides", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push((await client.users.create(person(`u${i}@example.com`))).id);
    await client.users.delete(ids[1]!);
    await client.users.delete(ids[4]!);

    const plain = await client.users.list({ count: 2 }).toArray({ limit: 100 });
    expect(plain.map((u) => u.id)).toEqual([ids[0], ids[2], ids[3], ids[5], ids[6]]);
    const all = await client.users
      .list({ count: 2, includeInactive: true })
      .toArray({ limit: 100 });
    expect(all.map((u) => u.id)).toEqual([ids[0], ids[2], ids[3], ids[5], ids[6], ids[1], ids[4]]);
    const filtered = await client.users
      .list({ filter: filter.sw("userName", "u1"), includeInactive: true })
      .toArray({ limit: 100 });
    expect(filtered.map((u) => u.id)).toEqual([ids[1]]);
  });
});

describe("groups.findByName and groups.list", () => {
  it("finds a group by displayName case-insensitively", async () => {
    env = await startEmulatedClient();
    const { client } = env;
    const sales = await client.groups.create({ displayName: "Sales" });
    await client.groups.create({ displayName: "Sales EMEA" });
    expect((await client.groups.findByName("sales"))?.id).toBe(sales.id);
    expect(await client.groups.findByName("Marketing")).toBeUndefined();
  });

  it("requires a filter to list groups in the v2 family", async () => {
    env = await startEmulatedClient();
    expect(() => env!.client.groups.list({} as never)).toThrow(/requires a filter/);
    const listed = await env.client.groups
      .list({ filter: filter.pr("displayName") })
      .toArray({ limit: 10 });
    expect(listed).toEqual([]);
    // The v1 family lists groups without one (its raw GET has the filter optional).
    const v1 = createScimClient({
      baseUrl: env.emulator.url,
      auth: { accessToken: env.emulator.issueToken() },
      family: "v1",
    });
    await env.client.groups.create({ displayName: "Ops" });
    const all = await v1.groups.list({} as never).toArray({ limit: 10 });
    expect(all.map((g) => g.displayName)).toEqual(["Ops"]);
  });
});
