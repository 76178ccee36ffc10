// The safety rules, each against the emulator: blocked plans, the target check, owner-only files,
// the journal of another plan, scope and conflicts, a concurrent edit between plan and apply, and
// a 429 storm that must cost no failures.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createScimClient, patch } from "../../src/index.js";
import {
  apply,
  createFileJournal,
  plan,
  readPlanFile,
  SyncPlanError,
  trackRetries,
  SyncValidationError,
  writePlanFile,
} from "../../src/sync/index.js";
import { company } from "./fixtures.js";
import { snapshot, startHarness, type Harness } from "./harness.js";
import { expectState } from "./expect-state.js";

let h: Harness;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sync-safety-"));
});
afterEach(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

async function seeded(n: number): Promise<void> {
  h = await startHarness();
  const report = await apply(h.client, await plan(h.client, { users: company(n) }));
  expect(report.failed).toEqual([]);
}

describe("blocked plans", { timeout: 120_000 }, () => {
  it("blocks an empty source and applies it only with allow.emptySource, recorded in the report", async () => {
    await seeded(30);
    const empty = await plan(h.client, { users: [] });
    expect(empty.blocked?.map((b) => b.kind)).toContain("empty-source");
    h.reset();
    await expect(apply(h.client, empty)).rejects.toThrow(
      /blocked: the source has no users.*allow\.emptySource/,
    );
    expect(h.writes()).toBe(0);
    const report = await apply(h.client, empty, { allow: { emptySource: true, threshold: true } });
    expect(report.allowances.join("\n")).toMatch(/empty-source: the source has no users/);
    expect(report.counts["deactivate"]).toBe(30);
  });

  it("blocks more deactivations than the thresholds allow, counting leavers and removed rows", async () => {
    await seeded(40);
    const users = company(40);
    users[5]!.active = false; // a leaver counts like a removed row
    const fewer = { users: users.slice(0, 36) };
    const absolute = await plan(h.client, fewer, { thresholds: { maxRemovals: 4 } });
    expect(absolute.counts["deactivate"]).toBe(5);
    expect(absolute.blocked).toEqual([
      {
        kind: "threshold",
        reason: expect.stringMatching(/5 deactivations\/deletions exceed maxRemovals 4/),
      },
    ]);
    const percent = await plan(h.client, fewer, { thresholds: { maxRemovalPercent: 10 } });
    expect(percent.blocked?.[0]?.reason).toMatch(/12\.5 % of 40 active in-scope users/);
    h.reset();
    await expect(apply(h.client, absolute)).rejects.toThrow(SyncPlanError);
    expect(h.writes()).toBe(0);
    const report = await apply(h.client, absolute, { allow: { threshold: true } });
    expect(report.allowances).toHaveLength(1);
    expect(report.applied).toBe(5);
    expect(
      (await plan(h.client, fewer, { thresholds: { maxRemovals: 4 } })).blocked,
    ).toBeUndefined();
  });
});

describe("targets and files", { timeout: 120_000 }, () => {
  it("refuses a plan for another target or client id, and writes owner-only files without secrets", async () => {
    await seeded(3);
    const users = company(4);
    const saved = await plan(h.client, { users }, { clientId: h.emulator.clientId });
    const file = join(dir, "plan.json");
    await writePlanFile(file, saved);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, "utf8");
    expect(text).not.toContain(h.emulator.clientSecret);
    expect(text).not.toContain(h.emulator.clientId); // only its hash, in the fingerprint
    const loaded = await readPlanFile(file);
    expect(loaded).toEqual(saved);

    await expect(apply(h.client, loaded)).rejects.toThrow(/this plan was made for/); // no client id given
    const other = await startHarness();
    try {
      await expect(apply(other.client, loaded, { clientId: h.emulator.clientId })).rejects.toThrow(
        SyncPlanError,
      );
      expect(other.writes()).toBe(0);
    } finally {
      await other.close();
    }

    const journalPath = join(dir, "journal.jsonl");
    const report = await apply(h.client, loaded, {
      clientId: h.emulator.clientId,
      journal: createFileJournal(journalPath),
    });
    expect(report.applied).toBe(saved.items.length);
    expect((await stat(journalPath)).mode & 0o777).toBe(0o600);
    const next = await plan(h.client, { users: company(5) }, { clientId: h.emulator.clientId });
    await expect(
      apply(h.client, next, {
        clientId: h.emulator.clientId,
        journal: createFileJournal(journalPath),
      }),
    ).rejects.toThrow(/journal belongs to plan/);

    // Re-applying with its own journal does nothing: every item is journaled as done.
    h.reset();
    const again = await apply(h.client, loaded, {
      clientId: h.emulator.clientId,
      journal: createFileJournal(journalPath),
    });
    expect(again.applied + again.replanned).toBe(0);
    expect(h.writes()).toBe(0);
  });

  it("rejects a plan file of another version or shape", async () => {
    const file = join(dir, "bad.json");
    await writePlanFile(file, {
      version: 1,
      planId: "x",
      createdAt: "",
      target: { baseUrl: "http://127.0.0.1:1", fingerprint: "f" },
      counts: {},
      items: [],
      conflicts: [],
      options: {
        matchKey: "externalId",
        missing: "deactivate",
        thresholds: { maxRemovals: 1, maxRemovalPercent: 1 },
      },
    });
    const { writeFile } = await import("node:fs/promises");
    await writeFile(file, JSON.stringify({ version: 2 }));
    await expect(readPlanFile(file)).rejects.toThrow(/version 2, expected 1/);
    await writeFile(file, "{");
    await expect(readPlanFile(file)).rejects.toThrow(SyncPlanError);
  });
});

describe("scope", { timeout: 120_000 }, () => {
  it("never touches users outside the scope; a matching row is a conflict unless adopted", async () => {
    h = await startHarness();
    const admin = await h.client.users.create({
      userName: "admin@example.com",
      displayName: "Admin By Hand",
    });
    const handMade = await h.client.users.create({
      userName: "user1@example.com",
      displayName: "Made By Hand",
      title: "Old",
    });
    const users = company(3);
    const first = await plan(h.client, { users });
    expect(first.conflicts).toEqual([
      { key: "E00001", reason: expect.stringMatching(/outside the sync's scope/) },
    ]);
    expect(first.counts).toMatchObject({ create: 2, deactivate: 0, conflict: 1 });
    expect((await apply(h.client, first)).failed).toEqual([]);
    expect((await h.client.users.get(admin.id!)).active).toBe(true);
    expect((await h.client.users.get(handMade.id!)).title).toBe("Old");

    const adopted = await plan(h.client, { users }, { adopt: true });
    expect(adopted.counts).toMatchObject({ update: 1, conflict: 0 });
    expect((await apply(h.client, adopted)).failed).toEqual([]);
    expect((await h.client.users.get(handMade.id!)).externalId).toBe("E00001");
    // The admin has no externalId: out of scope, so an empty-ish source still leaves them alone.
    const shrink = await plan(h.client, { users: users.slice(0, 1) });
    expect(
      shrink.items
        .filter((i) => i.kind === "deactivate")
        .map((i) => i.key)
        .sort(),
    ).toEqual(["user1@example.com", "user2@example.com"]);
  });

  it("refuses invalid sources, unknown managers, manager cycles and missing required groups before any read", async () => {
    h = await startHarness();
    h.reset();
    const users = company(4);
    users[1]!.userName = "not-an-email";
    users[2]!.phoneNumbers = [{ type: "work", value: "555-1234" }];
    const error = await plan(h.client, { users }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncValidationError);
    expect((error as SyncValidationError).problems.map((p) => [p.row, p.column])).toEqual([
      [2, "userName"],
      [3, "phoneNumbers"],
    ]);
    expect(h.sent).toEqual({});

    const cycle = company(3);
    cycle[0]!.manager = "E00002";
    await expect(plan(h.client, { users: cycle })).rejects.toThrow(/manager cycle/);
    const unknown = company(2);
    unknown[1]!.manager = "E99999";
    await expect(plan(h.client, { users: unknown })).rejects.toThrow(/unknown manager "E99999"/);
    await expect(plan(h.client, { users: company(2) }, { groups: "require" })).rejects.toThrow(
      /groups missing in Genesys: Team 0, Team 1/,
    );
  });
});

describe("apply meets a changed world", { timeout: 180_000 }, () => {
  it("replans an item whose user changed since the plan, without overwriting the other change", async () => {
    await seeded(5);
    const users = company(5);
    users[2]!.title = "Planned Title";
    const planned = await plan(h.client, { users });
    const target = planned.items.find((i) => i.kind === "update")!;
    // Someone edits the same user (another attribute) between plan and apply.
    const id = (target as { userId: string }).userId;
    await h.client.users.patch(id, [patch.replace("displayName", "Edited Meanwhile")]);
    const report = await apply(h.client, planned);
    expect(report).toMatchObject({ replanned: 1, failed: [] });
    const after = await h.client.users.get(id);
    expect(after.title).toBe("Planned Title");
    // The desired state asks for displayName too, so the replanned item restores it.
    expect(after.displayName).toBe("User 2");
  });

  it("gets through a 429 storm with no failures", async () => {
    const retries = trackRetries();
    const sampled: number[] = [];
    const tap = (event: Parameters<typeof retries.onEvent>[0]) => {
      retries.onEvent(event);
      if (event.type === "retry") sampled.push(retries.waitingMs());
    };
    h = await startHarness({ rateLimit: { limit: 20, windowMs: 1000 } }, { maxRetries: 2 }, tap);
    const users = company(150);
    const waits: (number | undefined)[] = [];
    const report = await apply(h.client, await plan(h.client, { users }), {
      concurrency: 8,
      retries,
      onProgress: (e) => waits.push(e.waitingMs),
    });
    expect(h.retries).toBeGreaterThan(0);
    // The tracker saw the waits, and progress events carry its reading.
    expect(sampled.some((w) => w > 0)).toBe(true);
    expect(waits.every((w) => typeof w === "number" && w >= 0)).toBe(true);
    expect(report.failed).toEqual([]);
    expectState(
      await snapshot(h.client, ["Team 0", "Team 1", "Team 2", "Team 3", "Team 4"]),
      users,
    );
  });
});

describe("failures and stopping", { timeout: 120_000 }, () => {
  it("keeps going past a single failure, stops when failures are systemic", async () => {
    await seeded(40);
    const users = company(40).map((u) => ({ ...u, title: "New" }));
    const planned = await plan(h.client, { users });
    expect(planned.counts["update"]).toBe(40);
    const broken = structuredClone(planned);
    (broken.items[0] as { userId: string }).userId = "no-such-user";
    const one = await apply(h.client, broken);
    expect(one.failed).toEqual([
      { item: broken.items[0]!.id, error: expect.stringMatching(/404/) },
    ]);
    expect(one.applied).toBe(39);
    expect(one.stopped).toBeUndefined();

    const again = await plan(h.client, { users: users.map((u) => ({ ...u, title: "Newer" })) });
    for (const item of again.items) (item as { userId: string }).userId = `missing-${item.id}`;
    h.reset();
    const systemic = await apply(h.client, again, { concurrency: 1 });
    expect(systemic.stopped).toMatch(/systemic failures: 20 of 20 items failed/);
    expect(systemic.failed).toHaveLength(20);
    expect(h.sent["PATCH"]).toBe(20); // the other 20 were never sent
  });

  it("stopSignal: finishes in-flight writes, journals them, resolves interrupted; a re-run completes", async () => {
    await seeded(30);
    const users = company(30).map((u) => ({ ...u, title: "Stop Test" }));
    const planned = await plan(h.client, { users });
    const journalPath = join(dir, "stop.jsonl");
    const stop = new AbortController();
    const events: number[] = [];
    const first = await apply(h.client, planned, {
      concurrency: 2,
      journal: createFileJournal(journalPath),
      stopSignal: stop.signal,
      onProgress: (e) => {
        events.push(e.done);
        if (e.done === 10) stop.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.applied).toBeGreaterThanOrEqual(10);
    expect(first.applied).toBeLessThan(30);
    const second = await apply(h.client, planned, { journal: createFileJournal(journalPath) });
    expect(second.interrupted).toBe(false);
    expect(first.applied + second.applied).toBe(30);
    expect(events[0]).toBe(1);
  });
});

describe("createScimClient stays independent", () => {
  it("the core entry does not import sync", async () => {
    const core = await readFile(join(import.meta.dirname, "../../src/index.ts"), "utf8");
    expect(core).not.toMatch(/sync/);
    expect(typeof createScimClient).toBe("function");
  });
});
