import {
  createScimClient,
  filter,
  isNotModified,
  patch,
  ScimApiError,
  type ScimEvent,
  type ScimUser,
} from "../src/index.js";
import { startEmulator } from "./index.js";

// `npm start`: the library's main job against the embedded emulator, narrated. It provisions a team
// the way an HR sync does: a group, new hires, a filtered paged lookup, conditional reads, guarded
// updates (with a stale ETag recovered from), membership, a burst through the rate limit, and
// offboarding.

const GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const RATE_LIMIT = { limit: 20, windowMs: 1_000 };

export async function runWalkthrough(print: (line: string) => void = console.log): Promise<void> {
  const emulator = await startEmulator({ seedUsers: 60, seedGroups: 2, rateLimit: RATE_LIMIT });
  const onEvent = (event: ScimEvent) => {
    if (event.type === "token")
      print(
        `   · fetched an access token (valid ${Math.round((event.expiresInMs ?? 0) / 1000)} s)`,
      );
    if (event.type === "retry") {
      const id = new URL(event.url).pathname.split("/").pop()?.slice(0, 8);
      print(
        `   ↻ ${event.method} user ${id}…: ${event.status ?? event.reason} on attempt ${event.attempt}, ` +
          `waiting ${event.waitMs} ms (from ${event.delaySource}), then retrying`,
      );
    }
  };
  try {
    print(`Genesys Cloud SCIM walkthrough against the local emulator at ${emulator.url}`);
    print(
      `(60 seeded users, 2 seeded groups, rate limit ${RATE_LIMIT.limit} requests per second per OAuth client)`,
    );
    const client = createScimClient({
      baseUrl: emulator.url,
      auth: { clientId: emulator.clientId, clientSecret: emulator.clientSecret },
      onEvent,
    });

    print("");
    print("1. Create a group for the new team");
    const group = await client.groups.create({ displayName: "Onboarding: Support Tier 1" });
    print(
      `   ✓ group "${group.displayName}" created, id ${group.id}, externalId ${group.externalId}`,
    );

    print("");
    print("2. Create the new hires (core attributes, enterprise and Genesys extensions)");
    const hires: ScimUser[] = [];
    for (const [first, last, skill] of [
      ["Maya", "Okafor", "Billing"],
      ["Jonas", "Lind", "Technical Support"],
      ["Priya", "Raman", "Retention"],
    ] as const) {
      const userName = `${first}.${last}@example.com`.toLowerCase();
      const user = await client.users.create({
        userName,
        displayName: `${first} ${last}`,
        title: "Agent",
        emails: [{ value: userName, type: "work", primary: true }],
        [ENTERPRISE]: { department: "Support", employeeNumber: `NH-${hires.length + 1}` },
        [GENESYS]: { routingSkills: [{ name: skill, proficiency: 3 }] },
      });
      hires.push(user);
      print(`   ✓ ${user.userName} → id ${user.id}, version ${user.meta?.version}`);
    }
    const duplicate = await client.users
      .create({ userName: hires[0]!.userName!, displayName: "Same Person Again" })
      .catch((error: unknown) => error);
    if (duplicate instanceof ScimApiError) {
      print(
        `   ✓ creating ${hires[0]!.userName} twice is refused: ${duplicate.status} ${duplicate.scimType}`,
      );
    }

    print("");
    print('3. Find every "Team Lead" with a filter, 4 per page');
    const leads = client.users.list({ filter: filter.eq("title", "Team Lead"), count: 4 });
    let pageNumber = 0;
    for await (const page of leads.pages()) {
      pageNumber++;
      const names = (page.Resources ?? []).map((user) =>
        user.userName?.replace("@example.com", ""),
      );
      print(
        `   page ${pageNumber} (startIndex ${page.startIndex}, ${page.totalResults} in all): ${names.join(", ")}`,
      );
    }

    print("");
    const maya = hires[0]!;
    print(
      `4. Read ${maya.userName} again only if it changed (If-None-Match ${maya.meta?.version})`,
    );
    const cached = await client.users.get(maya.id!, { ifNoneMatch: maya.meta!.version! });
    print(
      isNotModified(cached)
        ? `   ✓ 304 Not Modified: the copy we hold (${cached.etag}) is current, no body sent`
        : "   ✗ expected 304 Not Modified",
    );

    print("");
    print("5. Promote her with PATCH guarded by If-Match, then recover from a stale ETag");
    const promoted = await client.users.patch(maya.id!, [patch.replace("title", "Senior Agent")], {
      ifMatch: maya.meta!.version!,
    });
    print(
      `   ✓ title "${promoted.title}", version ${maya.meta?.version} → ${promoted.meta?.version}`,
    );
    const staleVersion = maya.meta!.version!;
    try {
      await client.users.patch(maya.id!, [patch.replace("title", "Team Lead")], {
        ifMatch: staleVersion,
      });
      print("   ✗ expected the stale ETag to be refused");
    } catch (error) {
      if (!(error instanceof ScimApiError)) throw error;
      print(
        `   ✓ a write with the stale ETag ${staleVersion} is refused: ${error.status} ${error.scimType}`,
      );
      const fresh = await client.users.get(maya.id!);
      const retried = await client.users.patch(maya.id!, [patch.replace("title", "Team Lead")], {
        ifMatch: fresh.meta!.version!,
      });
      print(
        `   ✓ re-read (version ${fresh.meta?.version}) and re-applied: title "${retried.title}", version ${retried.meta?.version}`,
      );
    }

    print("");
    print("6. Add the new hires to the group");
    const withMembers = await client.groups.patch(
      group.id!,
      [
        patch.add(
          "members",
          hires.map((user) => ({ value: user.id })),
        ),
      ],
      { ifMatch: group.meta!.version! },
    );
    print(
      `   ✓ "${withMembers.displayName}" has ${withMembers.members?.length} members, version ${withMembers.meta?.version}`,
    );
    const jonas = await client.users.get(hires[1]!.id!);
    print(
      `   ✓ ${jonas.userName} now lists the group: ${jonas.groups?.map((g) => g.value).join(", ")}`,
    );

    print("");
    const burst = 26;
    print(
      `7. A burst of ${burst} concurrent reads against a limit of ${RATE_LIMIT.limit} per second`,
    );
    const ids: string[] = [];
    for await (const user of client.users.list({ count: 50 }))
      if (ids.length < burst) ids.push(user.id!);
    // Start from a fresh window so the burst meets exactly the limit, not what earlier steps left of it.
    emulator.resetRateLimits();
    const limitedBefore = emulator.stats().byStatus["429"] ?? 0;
    const started = Date.now();
    const results = await Promise.all(ids.map((id) => client.users.get(id)));
    const limited = (emulator.stats().byStatus["429"] ?? 0) - limitedBefore;
    print(
      `   ✓ all ${results.length} reads succeeded in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `${limited} answers were 429 and every one was retried after its Retry-After`,
    );

    print("");
    print("8. Offboarding: deactivate, delete, and remove the group");
    const priya = hires[2]!;
    const deactivated = await client.users.patch(priya.id!, [patch.replace("active", false)]);
    print(`   ✓ ${deactivated.userName} deactivated (active ${deactivated.active})`);
    for (const user of hires) await client.users.delete(user.id!);
    const deleted = await client.users.get(hires[0]!.id!);
    print(
      `   ✓ ${hires.length} users deleted: a soft delete, so ${deleted.userName} still reads back, active ${deleted.active}`,
    );
    const hireIds = new Set(hires.map((user) => user.id));
    let listed = 0;
    let hiresListed = 0;
    for await (const user of client.users.list({ count: 100 })) {
      listed++;
      if (hireIds.has(user.id)) hiresListed++;
    }
    const inactive: string[] = [];
    for await (const user of client.users.list({ filter: filter.eq("active", false) }))
      inactive.push(user.userName!);
    print(
      `   ✓ the unfiltered list (active users only) has ${listed} users, ${hiresListed} of them new hires`,
    );
    print(`   ✓ filter active eq false finds them: ${inactive.join(", ")}`);
    await client.groups.delete(group.id!);
    const gone = await client.groups.get(group.id!).catch((error: unknown) => error);
    print(
      `   ✓ group deleted: reading it now gives ${gone instanceof ScimApiError ? gone.status : "?"}`,
    );

    const stats = emulator.stats();
    print("");
    print(
      `Done: ${stats.requests} HTTP requests, ${stats.byStatus["429"] ?? 0} rate-limited and retried, ` +
        `none lost.`,
    );
  } finally {
    await emulator.close();
  }
}
