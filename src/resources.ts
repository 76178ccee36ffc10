import type { components } from "../generated/schema.js";
import { ScimValidationError } from "./errors.js";
import type { ScimFilter } from "./filter.js";
import { isBuiltFilter } from "./markers.js";
import { ScimList, type PageOptions } from "./paging.js";
import { patch as patchBuilders, type PatchOperation } from "./patch.js";
import { encodePathParam } from "./path-params.js";
import type { Redactor } from "./redact.js";
import type { HelperRequest, Requester } from "./request.js";
import {
  checked,
  fetchedOrNotModified,
  resourceOf,
  type ScimNotModified,
} from "./helper-result.js";

type Schemas = components["schemas"];

export type {
  ScimCreateUser,
  ScimGroup,
  ScimGroupBody,
  ScimGroupList,
  ScimReplaceUser,
  ScimUser,
  ScimUserList,
} from "./models.js";
/** The service provider configuration (generated `ScimServiceProviderConfig`). */
export type ScimServiceProviderConfig = Schemas["ScimServiceProviderConfig"];
/** A resource type (generated `ScimConfigResourceType`). */
export type ScimResourceType = Schemas["ScimConfigResourceType"];
/** A schema definition (generated `ScimV2SchemaDefinition`). */
export type ScimSchemaDefinition = Schemas["ScimV2SchemaDefinition"];
/** Names accepted by `client.resourceType(name)`. */
export type ScimResourceTypeName = components["parameters"]["ResourceType"];
/** Schema URNs accepted by `client.schema(id)`. */
export type ScimSchemaId = components["parameters"]["SchemaId"];

/** Options every helper call takes. */
export interface CallOptions {
  /** Aborts the request, including a retry wait in progress. */
  signal?: AbortSignal;
}

/** Options of `get`. */
export interface GetOptions extends CallOptions {
  /** Only these attributes (plus those always returned). Sent comma-separated. */
  attributes?: readonly string[];
  /** All default attributes except these. Sent comma-separated. */
  excludedAttributes?: readonly string[];
  /**
   * An ETag (e.g. `user.meta.version`): when it is still current the server answers 304 and `get`
   * returns {@link ScimNotModified}. `undefined` sends no If-None-Match.
   */
  ifNoneMatch?: string | undefined;
}

/** Options of writes to an existing resource. */
export interface WriteOptions extends CallOptions {
  /** The ETag (`meta.version`) the write is conditional on; a stale one is refused by the server. */
  ifMatch?: string | undefined;
}

/** The query of `list`. */
export interface ListQuery extends PageOptions, CallOptions {
  /**
   * A filter built with `filter.*` (strings are not accepted, so input cannot be concatenated in).
   * Genesys Cloud requires one to list groups in the v2 family.
   */
  filter?: ScimFilter;
  /** Only these attributes (plus those always returned). Sent comma-separated. */
  attributes?: readonly string[];
  /** All default attributes except these. Sent comma-separated. */
  excludedAttributes?: readonly string[];
}

/** `client.users` and `client.groups`: the SCIM operations on one resource type. */
export interface ScimResourceClient<T, TCreate, TPage, TReplace = TCreate> {
  /** Every resource matching `query`, across pages (see {@link ScimList}). */
  list(query?: ListQuery): ScimList<T, TPage & { Resources?: T[] }>;
  /** The resource with this id. */
  get(id: string, options?: GetOptions & { ifNoneMatch?: undefined }): Promise<T>;
  /** The resource, or {@link ScimNotModified} when `ifNoneMatch` is set and still current (HTTP 304). */
  get(id: string, options: GetOptions): Promise<T | ScimNotModified>;
  /** Creates a resource and returns it as stored. */
  create(body: TCreate, options?: CallOptions): Promise<T>;
  /**
   * Replaces the resource (PUT) with `body` and returns it as stored. Attributes `body` lacks are
   * cleared, so build it from a full read (not one trimmed with `attributes`).
   */
  replace(id: string, body: TReplace, options?: WriteOptions): Promise<T>;
  /** Applies PATCH operations built with `patch.*` and returns the resource as stored. */
  patch(id: string, operations: readonly PatchOperation[], options?: WriteOptions): Promise<T>;
  /** Deletes the resource (users are soft-deleted by Genesys Cloud). */
  delete(id: string, options?: WriteOptions): Promise<void>;
}

function checkId(id: unknown, what: string): void {
  if (typeof id !== "string")
    throw new ScimValidationError(`${what} must be a string, got ${typeof id}`);
}

function header(
  name: string,
  value: string | undefined,
): Record<string, string | undefined> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ScimValidationError(`${name} must be a string`);
  return { [name]: value };
}

function listParams(
  query: ListQuery,
  startIndex: number,
  count: number | undefined,
): NonNullable<HelperRequest["query"]> {
  const params: NonNullable<HelperRequest["query"]> = { startIndex };
  if (count !== undefined) params.count = count;
  if (query.filter !== undefined) {
    if (!isBuiltFilter(query.filter)) {
      throw new ScimValidationError(
        'list: filter must be built with filter.* (e.g. filter.eq("userName", name)), not a string',
      );
    }
    params.filter = String(query.filter);
  }
  if (query.attributes?.length) params.attributes = query.attributes;
  if (query.excludedAttributes?.length) params.excludedAttributes = query.excludedAttributes;
  return params;
}

/** Builds `client.users` or `client.groups` over `collectionPath` (e.g. `/api/v2/scim/v2/users`). */
export function createResourceClient<T, TCreate, TPage, TReplace = TCreate>(
  request: Requester,
  redactor: Redactor,
  collectionPath: string,
  idName: "userId" | "groupId",
): ScimResourceClient<T, TCreate, TPage, TReplace> {
  /** Sends `call` and returns the resource in its response. */
  async function send(call: HelperRequest): Promise<T> {
    return resourceOf(await request(call), call.method, redactor) as T;
  }

  const itemPrefix = `${collectionPath}/`;
  function item(id: string): string {
    checkId(id, idName);
    return itemPrefix + encodePathParam(idName, id);
  }

  return {
    list(query: ListQuery = {}) {
      // Validate eagerly so a bad query fails at the call, not at the first iteration.
      listParams(query, 1, undefined);
      return new ScimList<T, TPage & { Resources?: T[] }>(
        (startIndex, count) =>
          send({
            method: "GET",
            path: collectionPath,
            query: listParams(query, startIndex, count),
            signal: query.signal,
          }) as Promise<TPage & { Resources?: T[] }>,
        query,
        collectionPath,
      );
    },

    async get(id: string, options: GetOptions = {}) {
      const result = await request({
        method: "GET",
        path: item(id),
        query: { attributes: options.attributes, excludedAttributes: options.excludedAttributes },
        headers: header("If-None-Match", options.ifNoneMatch),
        signal: options.signal,
      });
      return fetchedOrNotModified(result, options.ifNoneMatch, redactor);
    },

    async create(body: TCreate, options: CallOptions = {}) {
      return send({ method: "POST", path: collectionPath, body, signal: options.signal });
    },

    async replace(id: string, body: TReplace, options: WriteOptions = {}) {
      return send({
        method: "PUT",
        path: item(id),
        headers: header("If-Match", options.ifMatch),
        body,
        signal: options.signal,
      });
    },

    async patch(id: string, operations: readonly PatchOperation[], options: WriteOptions = {}) {
      return send({
        method: "PATCH",
        path: item(id),
        headers: header("If-Match", options.ifMatch),
        body: patchBuilders.request(operations),
        signal: options.signal,
      });
    },

    async delete(id: string, options: WriteOptions = {}) {
      const result = await request({
        method: "DELETE",
        path: item(id),
        headers: header("If-Match", options.ifMatch),
        signal: options.signal,
      });
      checked(result, "DELETE", redactor);
    },
  } as ScimResourceClient<T, TCreate, TPage, TReplace>;
}
