// The consumer smoke test every runtime runs (Node 20, 22, 24, Bun, Deno): plain node:assert, no
// test framework, only the packed client installed from its tarball. The harness (run.ts) starts an
// emulator per runtime and passes its origin and credentials in the environment, never in argv.
// Prints one JSON line: { runtime, checks: [names that passed] }; exits 1 on the first failure.
import assert from "node:assert/strict";
import { createScimClient, filter, patch, ScimApiError } from "genesys-cloud-scim";

const env = (name) => {
  const value = globalThis.process?.env?.[name] ?? globalThis.Deno?.env.get(name);
  assert.ok(value, `${name} is not set`);
  return value;
};
const baseUrl = env("SMOKE_BASE_URL");
const runtime =
  globalThis.Deno !== undefined
    ? `deno ${globalThis.Deno.version.deno}`
    : globalThis.Bun !== undefined
      ? `bun ${globalThis.Bun.version}`
      : `node ${globalThis.process.versions.node}`;
const passed = [];

async function check(name, body) {
  await body();
  passed.push(name);
}

// A bearer token the caller manages.
const tokenClient = createScimClient({ baseUrl, auth: { accessToken: env("SMOKE_ACCESS_TOKEN") } });
// OAuth client credentials: the token endpoint defaults to <baseUrl>/oauth/token on loopback.
const events = [];
const client = createScimClient({
  baseUrl,
  auth: { clientId: env("SMOKE_CLIENT_ID"), clientSecret: env("SMOKE_CLIENT_SECRET") },
  onEvent: (event) => events.push(event),
});

await check("token auth: list across pages", async () => {
  const names = [];
  for await (const user of tokenClient.users.list({ count: 2 })) names.push(user.userName);
  assert.equal(names.length, 5);
  assert.equal(new Set(names).size, 5);
});

let created;
await check("client credentials: create and find by filter", async () => {
  created = await client.users.create({
    userName: "smoke@example.com",
    displayName: "Smoke Test",
    title: "Tester",
  });
  assert.ok(
    events.some((event) => event.type === "token"),
    "a token was fetched",
  );
  const found = [];
  for await (const user of client.users.list({
    filter: filter.eq("userName", "smoke@example.com"),
  }))
    found.push(user.id);
  assert.deepEqual(found, [created.id]);
});

await check("PATCH with If-Match, then a stale If-Match refused", async () => {
  const updated = await client.users.patch(created.id, [patch.replace("title", "Team Lead")], {
    ifMatch: created.meta.version,
  });
  assert.equal(updated.title, "Team Lead");
  assert.notEqual(updated.meta.version, created.meta.version);
  await assert.rejects(
    client.users.patch(created.id, [patch.replace("title", "Stale")], {
      ifMatch: created.meta.version,
    }),
    (error) => error instanceof ScimApiError && error.scimType === "invalidVers",
  );
});

await check("a burst through the rate limit: 429 retried, nothing lost", async () => {
  // A fresh client with the default budget, so the checks above (their 429s and pauses) cannot
  // decide whether this burst meets the limit.
  const burstEvents = [];
  const burstClient = createScimClient({
    baseUrl,
    auth: { clientId: env("SMOKE_CLIENT_ID"), clientSecret: env("SMOKE_CLIENT_SECRET") },
    onEvent: (event) => burstEvents.push(event),
  });
  const users = await Promise.all(
    Array.from({ length: 8 }, () => burstClient.users.get(created.id, { attributes: ["title"] })),
  );
  assert.ok(users.every((user) => user.title === "Team Lead"));
  const retries = burstEvents.filter((event) => event.type === "retry");
  assert.ok(retries.length > 0, "the burst was retried");
  assert.ok(retries.every((event) => event.status === 429));
});

console.log(JSON.stringify({ runtime, checks: passed }));
