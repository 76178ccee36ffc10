import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startEmulator, type RunningEmulator } from "../../emulator/index.js";
import {
  createScimClient,
  filter,
  isNotModified,
  patch,
  ScimApiError,
  type ScimClient,
  type ScimResourceTypeName,
  type ScimSchemaId,
} from "../../src/index.js";
import { startPrismProxy, type RunningPrism } from "./prism.js";

// The real client talks to the emulator through `prism proxy --errors`, which checks every request
// and response against generated/openapi.yaml: a violation comes back as 422 (request) or as 500
// with an sl-violations header (response). Every exchange is recorded, mapped to its operationId,
// and the suite ends by asserting that all 34 operations were exercised without a violation.

const spec = parse(
  readFileSync(new URL("../../generated/openapi.yaml", import.meta.url), "utf8"),
) as {
  paths: Record<string, Record<string, { operationId?: string }>>;
};
const METHODS = ["get", "put", "post", "patch", "delete"];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]?.operationId).map((method) => ({
    operationId: item[method]!.operationId!,
    method: method.toUpperCase(),
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  })),
);

interface Exchange {
  operationId: string | undefined;
  method: string;
  path: string;
  status: number;
  retryAfter: string | null;
  violations: string | null;
  prismError: string | undefined;
}

const exchanges: Exchange[] = [];
let emulator: RunningEmulator;
let prism: RunningPrism;
const clients = {} as Record<"v1" | "v2", ScimClient>;
const seededIds: string[] = [];

// Sees every HTTP exchange the client makes (token requests go straight to the emulator).
const recordingFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const response = await fetch(input, init);
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  if (url.origin === prism.url) {
    const operation = operations.find(
      (op) => op.method === request.method && op.pattern.test(url.pathname),
    );
    const isProblem = (response.headers.get("content-type") ?? "").includes("problem+json");
    exchanges.push({
      operationId: operation?.operationId,
      method: request.method,
      path: url.pathname,
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      violations: response.headers.get("sl-violations"),
      prismError: isProblem ? await response.clone().text() : undefined,
    });
  }
  return response;
};

beforeAll(async () => {
  // A real rate limit (50 requests/s per client), so the suite also runs the client's 429 handling.
  emulator = await startEmulator({
    seedUsers: 30,
    seedGroups: 2,
    rateLimit: { limit: 50, windowMs: 1_000 },
  });
  prism = await startPrismProxy(emulator.url);
  for (const family of ["v1", "v2"] as const) {
    clients[family] = createScimClient({
      baseUrl: prism.url,
      family,
      auth: {
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        tokenUrl: emulator.tokenUrl,
      },
      fetch: recordingFetch,
      retry: { maxRetries: 10 },
      // Without the client-wide cap of 10 in flight, so the burst below really meets the limit
      // (through Prism at 20 in flight it could stay under 50/s) and the 429s are checked too.
      rateLimit: false,
    });
  }
  for await (const user of clients.v2.users.list({ count: 10 })) seededIds.push(user.id!);
}, 60_000);

afterAll(async () => {
  await prism?.stop();
  await emulator?.close();
});

const GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe.each(["v1", "v2"] as const)("through Prism, the %s family", (family) => {
  const client = () => clients[family];

  it("reads the service provider config, conditionally too", async () => {
    const config = await client().serviceProviderConfig();
    expect(config.etag?.supported).toBe(true);
    const version = config.meta?.version;
    expect(version).toBeDefined();
    const again = await client().serviceProviderConfig({ ifNoneMatch: version! });
    expect(isNotModified(again)).toBe(true);
  });

  it("lists and reads every resource type and schema", async () => {
    const types = await client().resourceTypes();
    expect(types.map((t) => t.id)).toEqual([
      "User",
      "Group",
      "ServiceProviderConfig",
      "ResourceType",
      "Schema",
    ]);
    for (const type of types) {
      expect((await client().resourceType(type.id as ScimResourceTypeName)).id).toBe(type.id);
    }
    const schemas = await client().schemas();
    expect(schemas).toHaveLength(7);
    for (const schema of schemas) {
      expect((await client().schema(schema.id as ScimSchemaId)).id).toBe(schema.id);
    }
  });

  it("provisions a user: create, conditional get, list with a filter across pages, patch with If-Match, replace, soft delete", async () => {
    const users = client().users;
    const created = await users.create({
      userName: `contract-${family}@example.com`,
      displayName: "Contract Test",
      title: "Tester",
      emails: [{ value: `contract-${family}@example.com`, type: "work", primary: true }],
      phoneNumbers: [{ value: "+1 555 0100", type: "mobile" }],
      [ENTERPRISE]: { department: "QA", employeeNumber: `C-${family}` },
      [GENESYS]: {
        routingSkills: [{ name: "Testing", proficiency: 4 }],
        externalIds: [{ authority: "hr", value: family }],
      },
    });
    expect(created.meta?.version).toBe('"1"');
    expect(
      isNotModified(await users.get(created.id!, { ifNoneMatch: created.meta!.version! })),
    ).toBe(true);
    expect((await users.get(created.id!, { attributes: ["title"] })).title).toBe("Tester");

    const seeded: string[] = [];
    for await (const user of users.list({ filter: filter.sw("userName", "user0000"), count: 4 })) {
      seeded.push(user.userName!);
    }
    expect(seeded).toHaveLength(9);

    const patched = await users.patch(created.id!, [patch.replace("title", "Lead")], {
      ifMatch: '"1"',
    });
    expect([patched.title, patched.meta?.version]).toEqual(["Lead", '"2"']);
    const stale = await users
      .patch(created.id!, [patch.replace("title", "Stale")], { ifMatch: '"1"' })
      .catch((e) => e);
    expect(stale).toBeInstanceOf(ScimApiError);
    expect([stale.status, stale.scimType]).toEqual([400, "invalidVers"]);

    const replaced = await users.replace(
      created.id!,
      { ...patched, displayName: "Replaced" },
      { ifMatch: '"2"' },
    );
    expect(replaced.displayName).toBe("Replaced");

    const duplicate = await users
      .create({ userName: created.userName!, displayName: "Again" })
      .catch((e) => e);
    expect([duplicate.status, duplicate.scimType]).toEqual([409, "uniqueness"]);

    await users.delete(created.id!, { ifMatch: replaced.meta!.version! });
    expect((await users.get(created.id!)).active).toBe(false);
    const missing = await users.get("00000000-0000-4000-8000-000000000000").catch((e) => e);
    expect(missing.status).toBe(404);
  });

  it("provisions a group: create with members, filtered list, patch membership, replace, delete", async () => {
    const users = client().users;
    const groups = client().groups;
    const member = await users.create({
      userName: `member-${family}@example.com`,
      displayName: "Member",
    });
    const other = await users.create({
      userName: `other-${family}@example.com`,
      displayName: "Other",
    });
    const group = await groups.create({
      displayName: `Contract ${family}`,
      members: [{ value: member.id }],
    });
    expect(group.members?.map((m) => m.value)).toEqual([member.id]);

    const found = [];
    for await (const g of groups.list({ filter: filter.eq("displayName", `Contract ${family}`) }))
      found.push(g.id);
    expect(found).toEqual([group.id]);
    expect(isNotModified(await groups.get(group.id!, { ifNoneMatch: group.meta!.version! }))).toBe(
      true,
    );

    const withOther = await groups.patch(group.id!, [patch.add("members", [{ value: other.id }])], {
      ifMatch: group.meta!.version!,
    });
    expect(withOther.members?.map((m) => m.value)).toEqual([member.id, other.id]);
    expect((await users.get(other.id!)).groups?.map((g) => g.value)).toEqual([group.id]);

    const renamed = await groups.replace(group.id!, {
      displayName: `Contract ${family} renamed`,
      members: [],
    });
    expect(renamed.members ?? []).toEqual([]);
    await groups.delete(group.id!);
    expect((await groups.get(group.id!).catch((e) => e)).status).toBe(404);
  });
});

describe("through Prism, under the rate limit", () => {
  it("absorbs a burst that exceeds the limit: every call succeeds after 429s with Retry-After", async () => {
    const limitedBefore = exchanges.filter((e) => e.status === 429).length;
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        clients[i % 2 ? "v2" : "v1"].users.get(seededIds[i % seededIds.length]!),
      ),
    );
    expect(results.every((user) => typeof user.id === "string")).toBe(true);
    const limited = exchanges.filter((e) => e.status === 429);
    expect(limited.length).toBeGreaterThan(limitedBefore);
    expect(limited.every((e) => e.retryAfter !== null && Number(e.retryAfter) >= 1)).toBe(true);
  }, 30_000);
});

describe("contract coverage", () => {
  it("exercised all 34 operations, and Prism found no violation in any request or response", () => {
    expect(operations).toHaveLength(34);
    const problems = exchanges.filter((e) => e.violations !== null || e.prismError !== undefined);
    expect(problems, prism.output().slice(-2_000)).toEqual([]);
    expect(exchanges.filter((e) => e.operationId === undefined)).toEqual([]);
    const covered = new Set(exchanges.map((e) => e.operationId));
    expect(operations.map((op) => op.operationId).filter((id) => !covered.has(id))).toEqual([]);
  });
});
