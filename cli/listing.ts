import { filter, type ListQuery, type ScimClient, type ScimFilter } from "../src/index.js";

export type ResourceKind = "users" | "groups";

export interface ListRequest {
  filter?: ScimFilter;
  attributes?: string[];
  /** Users only: add the inactive users an unfiltered list leaves out. */
  includeInactive?: boolean;
  count?: number;
  signal?: AbortSignal;
}

/**
 * The pages of a list, one request at a time. Genesys returns active users only on an unfiltered
 * list; with `includeInactive` the library's `users.list({ includeInactive })` adds the
 * `active eq false` users. Groups in the v2 family need a filter: `displayName pr` lists them all.
 */
export async function* listPages(
  client: ScimClient,
  kind: ResourceKind,
  request: ListRequest,
): AsyncGenerator<Record<string, unknown>[]> {
  const base = query(request);
  const list =
    kind === "users"
      ? client.users.list({
          ...base,
          ...(request.filter === undefined ? {} : { filter: request.filter }),
          includeInactive: request.includeInactive === true,
        })
      : client.groups.list({ ...base, filter: request.filter ?? filter.pr("displayName") });
  for await (const page of list.pages()) {
    yield (page.Resources ?? []) as unknown as Record<string, unknown>[];
  }
}

function query(request: ListRequest): ListQuery {
  const q: ListQuery = {};
  if (request.attributes !== undefined) q.attributes = request.attributes;
  if (request.count !== undefined) q.count = request.count;
  if (request.signal !== undefined) q.signal = request.signal;
  return q;
}
