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
 * list; with `includeInactive` a second pass asks for `active eq false`.
 */
export async function* listPages(
  client: ScimClient,
  kind: ResourceKind,
  request: ListRequest,
): AsyncGenerator<Record<string, unknown>[]> {
  const queries: ListQuery[] = [query(request, request.filter)];
  if (kind === "users" && request.includeInactive === true && request.filter === undefined) {
    queries.push(query(request, filter.eq("active", false)));
  }
  for (const q of queries) {
    const list = kind === "users" ? client.users.list(q) : client.groups.list(q);
    for await (const page of list.pages()) {
      yield (page.Resources ?? []) as Record<string, unknown>[];
    }
  }
}

function query(request: ListRequest, f: ScimFilter | undefined): ListQuery {
  const q: ListQuery = {};
  if (f !== undefined) q.filter = f;
  if (request.attributes !== undefined) q.attributes = request.attributes;
  if (request.count !== undefined) q.count = request.count;
  if (request.signal !== undefined) q.signal = request.signal;
  return q;
}
