// Item 4 of issue 9: no redirect leaves the origin. The client never follows one: a 3xx (other
// than 304) is a ScimApiError naming the Location for helpers, a non-2xx result for raw calls.
import { afterEach, describe, expect, it } from "vitest";
import { createScimClient, patch, ScimApiError, ScimAuthError } from "../../src/index.js";
import { startServer, user, type ScriptedServer } from "./server.js";
import { startHostileServer, type HostileServer } from "../transport/hostile-server.js";

let api: ScriptedServer | undefined;
let elsewhere: HostileServer | undefined;
afterEach(async () => {
  await api?.close();
  await elsewhere?.close();
  api = undefined;
  elsewhere = undefined;
});

/** A second origin (127.0.0.2) that records anything that reaches it. */
async function secondOrigin() {
  elsewhere = await startHostileServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ access_token: "foreign-token", token_type: "bearer", id: "u1" }));
  }, "127.0.0.2");
  return elsewhere;
}

describe("redirects", () => {
  it.each([301, 302, 303, 307, 308])(
    "a %i from the API is not followed: PATCH body and token stay home",
    async (status) => {
      const other = await secondOrigin();
      api = await startServer(() => ({
        status,
        headers: { Location: `${other.url}/api/v2/scim/v2/users/u1` },
      }));
      const client = createScimClient({ baseUrl: api.url, auth: { accessToken: "home-token" } });
      const error = (await client.users
        .patch("u1", [patch.replace("title", "x")])
        .catch((e: unknown) => e)) as ScimApiError;
      expect(error).toBeInstanceOf(ScimApiError);
      expect(error.status).toBe(status);
      expect(error.message).toContain(
        `redirect to ${other.url}/api/v2/scim/v2/users/u1 not followed`,
      );

      const raw = await client.PATCH("/api/v2/scim/v2/users/{userId}", {
        params: { path: { userId: "u1" } },
        body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [] },
      });
      expect(raw.response.status).toBe(status);
      expect(raw.response.headers.get("location")).toBe(`${other.url}/api/v2/scim/v2/users/u1`);
      expect(raw.data).toBeUndefined();

      expect(api.requests).toHaveLength(2);
      expect(other.requests).toHaveLength(0);
    },
  );

  it("a token endpoint redirect is a ScimAuthError; no foreign token becomes the Bearer", async () => {
    const other = await secondOrigin();
    api = await startServer((request) =>
      request.path === "/oauth/token"
        ? { status: 302, headers: { Location: `${other.url}/oauth/token` } }
        : { body: user("u1") },
    );
    const client = createScimClient({
      baseUrl: api.url,
      auth: { clientId: "cid", clientSecret: "redirect-test-secret" },
    });
    const error = (await client.users.get("u1").catch((e: unknown) => e)) as ScimAuthError;
    expect(error).toBeInstanceOf(ScimAuthError);
    expect(error.message).toContain(`redirect (HTTP 302) to ${other.url}/oauth/token`);
    expect(other.requests).toHaveLength(0);
    expect(api.apiRequests()).toHaveLength(0);
  });

  it("a 304 keeps its meaning: not modified", async () => {
    api = await startServer(() => ({ status: 304, headers: { ETag: 'W/"7"' } }));
    const client = createScimClient({ baseUrl: api.url, auth: { accessToken: "home-token" } });
    expect(await client.users.get("u1", { ifNoneMatch: 'W/"7"' })).toEqual({
      notModified: true,
      etag: 'W/"7"',
    });
  });
});
