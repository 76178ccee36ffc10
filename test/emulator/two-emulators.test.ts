import { afterAll, describe, expect, it, vi } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { startTestEmulator, stopAll } from "./helpers.js";

afterAll(stopAll);

describe("two emulators in one process", () => {
  it("each has its own users, tokens and rate limits", async () => {
    const a = await startTestEmulator();
    const b = await startTestEmulator({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const ada = await a.createUser({ userName: "ada@example.com" });
    expect((await a.request("GET", "/users")).body.totalResults).toBe(1);
    expect((await b.request("GET", "/users")).body.totalResults).toBe(0);
    expect((await b.request("GET", `/users/${ada.id}`)).status).toBe(404);
    // b's client and tokens are unknown to a, and the other way round.
    expect((await a.request("GET", "/users", { token: b.token })).status).toBe(401);
    expect((await b.request("GET", "/users", { token: a.token })).status).toBe(401);
    // The same userName can exist once in each.
    await b.createUser({ userName: "ada@example.com" });
    expect((await b.request("GET", "/users")).status).toBe(429);
    expect((await a.request("GET", "/users")).status).toBe(200);
    const [viaA, viaB] = [a.emulator.stats(), b.emulator.stats()];
    expect(viaA.users).toBe(1);
    expect(viaB.users).toBe(1);
  });

  it("refuses to start a second copy of the emulator module with an error that says why", async () => {
    const first = await startEmulator();
    await first.close();
    // A fresh copy of the emulator's modules that shares this process's scimmy, as two installed
    // copies of the package would.
    vi.resetModules();
    const copy =
      (await import("../../emulator/index.js")) as typeof import("../../emulator/index.js");
    expect(copy.startEmulator).not.toBe(startEmulator);
    await expect(copy.startEmulator()).rejects.toThrow(
      /another copy of the emulator .*scimmy keeps one resource registry per process/,
    );
    // The first copy still works.
    const again = await startEmulator();
    await again.close();
  });
});
