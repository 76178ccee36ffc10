import { afterAll, describe, expect, it } from "vitest";
import { etagMatches, formatETag } from "../../emulator/etag.js";
import { PATCH_OP, startTestEmulator, stopAll } from "./helpers.js";

afterAll(stopAll);

const retitle = (title: string) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: "replace", path: "title", value: title }],
});

describe("etag helpers", () => {
  it("formats versions as quoted entity tags and matches the forms clients send", () => {
    expect(formatETag(42)).toBe('"42"');
    for (const header of ['"42"', 'W/"42"', "42", '"7", "42"', "*"])
      expect(etagMatches(header, 42)).toBe(true);
    for (const header of ['"4"', 'W/"420"', '"42', ""]) expect(etagMatches(header, 42)).toBe(false);
  });
});

describe("ETag and meta.version", () => {
  it("puts the ETag header on every single-resource response, equal to meta.version, and bumps it on each change", async () => {
    const { request, createUser } = await startTestEmulator();
    const user = await createUser();
    expect(user.meta.version).toBe('"1"');
    const fetched = await request("GET", `/users/${user.id}`);
    expect(fetched.headers.get("etag")).toBe('"1"');
    expect(fetched.body.meta.version).toBe('"1"');

    const patched = await request("PATCH", `/users/${user.id}`, { body: retitle("Lead") });
    expect(patched.status).toBe(200);
    expect(patched.headers.get("etag")).toBe('"2"');
    expect(patched.body.meta.version).toBe('"2"');

    const replaced = await request("PUT", `/users/${user.id}`, {
      body: { ...patched.body, displayName: "New Name" },
    });
    expect(replaced.headers.get("etag")).toBe('"3"');
    // A PATCH that changes nothing is not a new version, and still answers with the resource.
    const unchanged = await request("PATCH", `/users/${user.id}`, { body: retitle("Lead") });
    expect([unchanged.status, unchanged.headers.get("etag"), unchanged.body.title]).toEqual([
      200,
      '"3"',
      "Lead",
    ]);
  });

  it("versions groups and the service provider config too", async () => {
    const { request } = await startTestEmulator();
    const group = await request("POST", "/groups", { body: { displayName: "Ops" } });
    expect([group.status, group.headers.get("etag"), group.body.meta.version]).toEqual([
      201,
      '"1"',
      '"1"',
    ]);
    const spc = await request("GET", "/serviceproviderconfig");
    expect(spc.headers.get("etag")).toBe(spc.body.meta.version);
  });
});

describe("If-None-Match", () => {
  it("answers 304 with no body while the version is current, and the resource once it changed", async () => {
    const { request, createUser } = await startTestEmulator();
    const user = await createUser();
    const notModified = await request("GET", `/users/${user.id}`, {
      headers: { "if-none-match": '"1"' },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBeUndefined();
    expect(notModified.headers.get("etag")).toBe('"1"');
    expect(notModified.headers.get("inin-correlation-id")).toBeTruthy();
    expect(
      (await request("GET", `/users/${user.id}`, { headers: { "if-none-match": 'W/"1"' } })).status,
    ).toBe(304);

    await request("PATCH", `/users/${user.id}`, { body: retitle("Changed") });
    const changed = await request("GET", `/users/${user.id}`, {
      headers: { "if-none-match": '"1"' },
    });
    expect([changed.status, changed.body.title, changed.headers.get("etag")]).toEqual([
      200,
      "Changed",
      '"2"',
    ]);
  });

  it("works on groups (both path families) and on the service provider config", async () => {
    const { request } = await startTestEmulator();
    const group = await request("POST", "/groups", { body: { displayName: "Cached" } });
    for (const family of ["v1", "v2"] as const) {
      const response = await request("GET", `/groups/${group.body.id}`, {
        family,
        headers: { "if-none-match": '"1"' },
      });
      expect(response.status).toBe(304);
    }
    const spc = await request("GET", "/serviceproviderconfig");
    const cached = await request("GET", "/serviceproviderconfig", {
      headers: { "if-none-match": spc.headers.get("etag")! },
    });
    expect(cached.status).toBe(304);
  });

  it("still answers 404 for an unknown id", async () => {
    const { request } = await startTestEmulator();
    expect(
      (await request("GET", "/users/nope", { headers: { "if-none-match": "*" } })).status,
    ).toBe(404);
  });
});

describe("If-Match", () => {
  it("rejects a stale version on PUT, PATCH and DELETE with 400 invalidVers and changes nothing", async () => {
    const { request, createUser } = await startTestEmulator();
    const user = await createUser();
    await request("PATCH", `/users/${user.id}`, { body: retitle("v2") });
    const stale = { "if-match": '"1"' };
    const attempts = [
      await request("PUT", `/users/${user.id}`, {
        headers: stale,
        body: { userName: user.userName, displayName: "X" },
      }),
      await request("PATCH", `/users/${user.id}`, { headers: stale, body: retitle("v3") }),
      await request("DELETE", `/users/${user.id}`, { headers: stale }),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(400);
      expect(attempt.body).toEqual({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "400",
        scimType: "invalidVers",
        detail: expect.stringContaining('"2"'),
      });
    }
    const after = await request("GET", `/users/${user.id}`);
    expect([
      after.body.title,
      after.body.active,
      after.body.displayName,
      after.body.meta.version,
    ]).toEqual(["v2", true, user.displayName, '"2"']);
  });

  it("applies writes whose If-Match is current (quoted, weak or *)", async () => {
    const { request, createUser } = await startTestEmulator();
    const user = await createUser();
    expect(
      (
        await request("PATCH", `/users/${user.id}`, {
          headers: { "if-match": '"1"' },
          body: retitle("a"),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await request("PATCH", `/users/${user.id}`, {
          headers: { "if-match": 'W/"2"' },
          body: retitle("b"),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await request("PATCH", `/users/${user.id}`, {
          headers: { "if-match": "*" },
          body: retitle("c"),
        })
      ).status,
    ).toBe(200);
    expect(
      (await request("DELETE", `/users/${user.id}`, { headers: { "if-match": '"4"' } })).status,
    ).toBe(204);
  });

  it("lets only one of two concurrent writers with the same If-Match win", async () => {
    const { request, createUser } = await startTestEmulator();
    const user = await createUser();
    const results = await Promise.all(
      ["first", "second"].map((title) =>
        request("PATCH", `/users/${user.id}`, {
          headers: { "if-match": '"1"' },
          body: retitle(title),
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it("guards group writes and deletes the same way", async () => {
    const { request } = await startTestEmulator();
    const group = await request("POST", "/groups", { body: { displayName: "Guarded" } });
    await request("PUT", `/groups/${group.body.id}`, { body: { displayName: "Guarded 2" } });
    const stale = await request("DELETE", `/groups/${group.body.id}`, {
      headers: { "if-match": '"1"' },
    });
    expect([stale.status, stale.body.scimType]).toEqual([400, "invalidVers"]);
    expect(
      (await request("DELETE", `/groups/${group.body.id}`, { headers: { "if-match": '"2"' } }))
        .status,
    ).toBe(204);
  });
});
