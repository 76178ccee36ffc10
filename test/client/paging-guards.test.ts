// Item 7 of issue 9: paging cannot spin. Pages that would repeat or skip end the list with a
// ScimResponseError; overlap from concurrent edits and an empty last page without Resources are fine.
import { afterEach, describe, expect, it } from "vitest";
import { createScimClient, ScimList, ScimResponseError } from "../../src/index.js";
import { startServer, user, type ScriptedServer } from "./server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const auth = { accessToken: "paging-test-token" };
const page = (startIndex: number, ids: string[], totalResults = 1000) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  totalResults,
  startIndex,
  itemsPerPage: ids.length,
  Resources: ids.map((id) => user(id)),
});

async function collect(list: AsyncIterable<{ id?: string }>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of list) ids.push(item.id!);
  return ids;
}

describe("paging guards", () => {
  it("a server that ignores startIndex (same page again) ends with a ScimResponseError", async () => {
    server = await startServer(() => ({ body: { ...page(1, ["a", "b"]), startIndex: undefined } }));
    const client = createScimClient({ baseUrl: server.url, auth });
    const error = await collect(client.users.list()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimResponseError);
    expect(error).toMatchObject({ reason: "bad-page" });
    expect((error as Error).message).toMatch(/repeats the previous page/);
    expect(server.requests).toHaveLength(2);
  });

  it("an echoed startIndex other than the one asked for ends the list", async () => {
    server = await startServer(() => ({ body: page(1, ["a", "b"]) }));
    const client = createScimClient({ baseUrl: server.url, auth });
    await expect(collect(client.users.list())).rejects.toThrow(/asked for startIndex 3, got 1/);
  });

  it.each([
    ["a string", "abc"],
    ["an object", { id: "x" }],
    ["a number", 3],
  ])("Resources as %s is refused, not iterated", async (_what, resources) => {
    server = await startServer(() => ({
      body: { totalResults: 3, startIndex: 1, Resources: resources },
    }));
    const client = createScimClient({ baseUrl: server.url, auth });
    await expect(collect(client.users.list())).rejects.toThrow(/Resources is not an array/);
  });

  it("overlap from concurrent edits is fine, and the last page may omit Resources", async () => {
    server = await startServer((request) => {
      const start = Number(request.query.get("startIndex"));
      if (start === 1) return { body: page(1, ["a", "b"], 5) };
      // "b" moved up while we paged: it shows again, with a new one.
      if (start === 3) return { body: page(3, ["b", "c"], 5) };
      return { body: { totalResults: 4, startIndex: start, itemsPerPage: 0 } };
    });
    const client = createScimClient({ baseUrl: server.url, auth });
    expect(await collect(client.users.list())).toEqual(["a", "b", "b", "c"]);
  });

  it("maxPages caps the pages fetched", async () => {
    let n = 0;
    server = await startServer((request) => {
      const start = Number(request.query.get("startIndex"));
      return { body: page(start, [`u${++n}`]) };
    });
    const client = createScimClient({ baseUrl: server.url, auth });
    const error = await collect(client.users.list({ maxPages: 3 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ScimResponseError", reason: "bad-page" });
    expect((error as Error).message).toMatch(/more than maxPages \(3\)/);
    expect(server.requests).toHaveLength(3);
    expect(() => new ScimList(async () => ({}), { maxPages: 0 })).toThrow(/maxPages must be/);
  });
});
