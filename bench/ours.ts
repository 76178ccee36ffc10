// Our client as users get it: createScimClient with its defaults (retry, 60 s timeout, events off).
import { createScimClient } from "../src/index.js";
import type { GoodputContender } from "./goodput.js";
import type { Contender } from "./per-call.js";
import { BENCH_TOKEN } from "./peers.js";

export const OUR_NAME = "genesys-cloud-scim";

export function ourPerCallContenders(baseUrl: string): Contender[] {
  const client = createScimClient({ baseUrl, auth: { accessToken: BENCH_TOKEN } });
  return [
    {
      name: "ours: client.GET (raw typed)",
      getUser: async (id) => {
        const { data, error, response } = await client.GET("/api/v2/scim/v2/users/{userId}", {
          params: { path: { userId: id } },
        });
        if (error !== undefined) throw new Error(`GET user ${id}: HTTP ${response.status}`);
        return data;
      },
    },
    { name: "ours: users.get", getUser: (id) => client.users.get(id) },
  ];
}

/** GET-user operations through `users.get`, authenticating with client credentials. */
export function ourGoodputContender(
  baseUrl: string,
  credentials: { clientId: string; clientSecret: string },
  userIds: readonly string[],
): GoodputContender {
  const { clientId, clientSecret } = credentials;
  const client = createScimClient({ baseUrl, auth: { clientId, clientSecret } });
  return {
    name: `${OUR_NAME} users.get`,
    operation: async (index) => {
      const id = userIds[index % userIds.length]!;
      const user = await client.users.get(id);
      if (user.id !== id) throw new Error(`asked for user ${id}, got ${user.id}`);
    },
  };
}

/** Every user through `users.list()`, `pageSize` at a time. */
export function ourUserIterator(baseUrl: string, pageSize: number): AsyncIterable<{ id?: string }> {
  const client = createScimClient({ baseUrl, auth: { accessToken: BENCH_TOKEN } });
  return client.users.list({ count: pageSize });
}
