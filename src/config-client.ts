import type { Redactor } from "./redact.js";
import type { Requester } from "./request.js";
import { fetchedOrNotModified, type ScimNotModified } from "./helper-result.js";
import { encodePathParam } from "./path-params.js";
import type {
  CallOptions,
  ScimResourceType,
  ScimResourceTypeName,
  ScimSchemaDefinition,
  ScimSchemaId,
  ScimServiceProviderConfig,
} from "./resources.js";

/** The configuration endpoints of the SCIM service, as the client exposes them. */
export interface ScimConfigClient {
  /** The service provider configuration. */
  serviceProviderConfig(
    options?: CallOptions & { ifNoneMatch?: undefined },
  ): Promise<ScimServiceProviderConfig>;
  /** The service provider configuration, or {@link ScimNotModified} when `ifNoneMatch` is current. */
  serviceProviderConfig(
    options: CallOptions & { ifNoneMatch: string },
  ): Promise<ScimServiceProviderConfig | ScimNotModified>;
  /** Every resource type the service provider supports. */
  resourceTypes(options?: CallOptions): Promise<ScimResourceType[]>;
  /** One resource type by name, e.g. `"User"`. */
  resourceType(name: ScimResourceTypeName, options?: CallOptions): Promise<ScimResourceType>;
  /** Every schema definition the service provider supports. */
  schemas(options?: CallOptions): Promise<ScimSchemaDefinition[]>;
  /** One schema definition by URN. */
  schema(id: ScimSchemaId, options?: CallOptions): Promise<ScimSchemaDefinition>;
}

/** Builds the configuration helpers over `prefix` (e.g. `/api/v2/scim/v2`). */
export function createConfigClient(
  request: Requester,
  redactor: Redactor,
  prefix: string,
): ScimConfigClient {
  async function get(
    path: string,
    options: CallOptions & { ifNoneMatch?: string } = {},
  ): Promise<unknown> {
    const result = await request({
      method: "GET",
      path: prefix + path,
      headers:
        options.ifNoneMatch === undefined ? undefined : { "If-None-Match": options.ifNoneMatch },
      signal: options.signal,
    });
    return fetchedOrNotModified(result, options.ifNoneMatch, redactor);
  }
  const resources = async (path: string, options?: CallOptions) =>
    ((await get(path, options)) as { Resources?: unknown[] }).Resources ?? [];
  return {
    serviceProviderConfig: (options?: CallOptions & { ifNoneMatch?: string }) =>
      get("/serviceproviderconfig", options),
    resourceTypes: (options?: CallOptions) => resources("/resourcetypes", options),
    resourceType: (name: string, options?: CallOptions) =>
      get(`/resourcetypes/${encodePathParam("resourceType", name)}`, options),
    schemas: (options?: CallOptions) => resources("/schemas", options),
    schema: (id: string, options?: CallOptions) =>
      get(`/schemas/${encodePathParam("schemaId", id)}`, options),
  } as ScimConfigClient;
}
