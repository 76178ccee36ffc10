import { afterAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorOptions } from "../../emulator/index.js";
import { startTestEmulator, stopAll } from "./helpers.js";

afterAll(stopAll);

describe("startEmulator", () => {
  it("binds to 127.0.0.1 on a free port by default and returns its URLs and credentials", async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
      expect(emulator.tokenUrl).toBe(`${emulator.url}/oauth/token`);
      expect(emulator.scimUrls).toEqual({
        v1: `${emulator.url}/api/v2/scim`,
        v2: `${emulator.url}/api/v2/scim/v2`,
      });
      expect(emulator.clientId).toMatch(/^[0-9a-f-]{36}$/);
      expect(emulator.clientSecret.length).toBeGreaterThanOrEqual(32);
      expect(emulator.rateLimit).toEqual({ limit: 300, windowMs: 60_000 });
      expect(emulator.stats()).toEqual({
        requests: 0,
        byStatus: {},
        users: 0,
        groups: 0,
        tokens: 0,
      });
    } finally {
      await emulator.close();
    }
    await expect(fetch(`${emulator.url}/api/v2/scim/v2/users`)).rejects.toThrow();
  });

  it("gives each emulator its own store and clients", async () => {
    const a = await startTestEmulator();
    const b = await startTestEmulator();
    await a.createUser();
    expect((await a.request("GET", "/users")).body.totalResults).toBe(1);
    expect((await b.request("GET", "/users")).body.totalResults).toBe(0);
    expect((await b.request("GET", "/users", { token: a.token })).status).toBe(401);
  });

  it("reports a port in use clearly", async () => {
    const first = await startTestEmulator();
    await expect(startEmulator({ port: first.emulator.port })).rejects.toThrow(
      `startEmulator: port ${first.emulator.port} on 127.0.0.1 is already in use`,
    );
  });

  it.each<[unknown, RegExp]>([
    [{ host: "0.0.0.0" }, /"host" must be a loopback address/],
    [{ host: "192.168.1.10" }, /"host" must be a loopback address/],
    [{ port: -1 }, /"port" must be an integer from 0 to 65535, got -1/],
    [{ port: 80.5 }, /"port"/],
    [{ tokenTtlSeconds: 0 }, /"tokenTtlSeconds" must be a positive number/],
    [{ rateLimit: { limit: 0 } }, /"rateLimit.limit"/],
    [{ rateLimit: { windowMs: 100 } }, /"rateLimit.limit" is required/],
    [{ rateLimit: true }, /"rateLimit" must be/],
    [{ dailyLimit: { limit: 0 } }, /"dailyLimit.limit"/],
    [{ dailyLimit: 5 }, /"dailyLimit" must be/],
    [{ seedUsers: "10" }, /"seedUsers"/],
    [{ clients: [] }, /"clients" must be a non-empty array/],
    [{ clients: [{ clientId: "a:b", clientSecret: "x" }] }, /without ":"/],
    [{ clients: [{ clientId: "a", clientSecret: "" }] }, /clientSecret/],
    [
      {
        clients: [
          { clientId: "a", clientSecret: "x" },
          { clientId: "a", clientSecret: "y" },
        ],
      },
      /listed twice/,
    ],
    [{ maxPageSize: 0 }, /"maxPageSize"/],
    [{ prot: 8080 }, /unknown option "prot"/],
  ])("refuses %j", async (options, message) => {
    await expect(startEmulator(options as EmulatorOptions)).rejects.toThrow(message);
  });
});

describe("seed data", () => {
  it("is deterministic: the same options give the same users", async () => {
    const a = await startTestEmulator({ seedUsers: 40, seedGroups: 2 });
    const b = await startTestEmulator({ seedUsers: 40, seedGroups: 2 });
    const pageA = await a.request("GET", "/users?count=40");
    const pageB = await b.request("GET", "/users?count=40");
    const strip = (body: any) =>
      JSON.stringify(body).replaceAll(a.emulator.url, "").replaceAll(b.emulator.url, "");
    expect(strip(pageA.body)).toEqual(strip(pageB.body));
    const groupsA = await a.request("GET", "/groups");
    expect(groupsA.body.Resources.map((g: any) => g.displayName)).toEqual([
      "Group 001",
      "Group 002",
    ]);
  });

  it("gives seeded users the Genesys shape, with managers among the first ten", async () => {
    const { request } = await startTestEmulator({ seedUsers: 12 });
    const eleventh = (await request("GET", "/users?startIndex=11&count=1")).body.Resources[0];
    expect(eleventh).toMatchObject({
      userName: "user00011@example.com",
      active: true,
      externalId: "hr-00011",
      emails: [{ value: "user00011@example.com", type: "work", primary: true }],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
        division: "Home",
        employeeNumber: "E00011",
        manager: { value: expect.any(String) },
      },
      "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User": {
        routingSkills: [{ name: expect.any(String), proficiency: expect.any(Number) }],
      },
    });
    const managerId =
      eleventh["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].manager.value;
    expect((await request("GET", `/users/${managerId}`)).body.userName).toBe(
      "user00001@example.com",
    );
  });

  it("keeps lists fast to page at the far end of a large store", async () => {
    const { request } = await startTestEmulator({ seedUsers: 20_000 });
    const last = await request("GET", "/users?startIndex=20000&count=25");
    expect(last.body.Resources.map((u: any) => u.userName)).toEqual(["user20000@example.com"]);
    const byName = await request(
      "GET",
      `/users?filter=${encodeURIComponent('userName eq "user19999@example.com"')}`,
    );
    expect(byName.body.totalResults).toBe(1);
  });
});
