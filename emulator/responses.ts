import type { Response } from "express";
import { SCIM_ERROR_SCHEMA } from "./errors.js";

// Final touches on every body the SCIM engine sends: Genesys-style lowercase locations for the
// path family the request came in on (scimmy keeps one process-wide base path and capitalised
// endpoints), the ETag header mirroring meta.version, and Location on 201.

const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** The service provider configuration never changes while the emulator runs. */
export const SERVICE_PROVIDER_CONFIG_ETAG = '"1"';

type Json = Record<string, unknown>;

export function finalizeScimResponses(res: Response, baseUrl: string, maxPageSize: number): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (body === null || typeof body !== "object" || Buffer.isBuffer(body)) return send(body);
    const json = JSON.parse(JSON.stringify(body)) as Json;
    shapeBody(json, res, baseUrl, maxPageSize);
    return send(JSON.stringify(json));
  };
}

function shapeBody(json: Json, res: Response, baseUrl: string, maxPageSize: number): void {
  const schemas = Array.isArray(json["schemas"]) ? (json["schemas"] as unknown[]) : [];
  if (schemas.includes(SCIM_ERROR_SCHEMA)) return;
  if (schemas.includes(LIST_RESPONSE_SCHEMA)) {
    const resources = Array.isArray(json["Resources"]) ? (json["Resources"] as Json[]) : [];
    for (const resource of resources) setLocation(resource, baseUrl);
    json["itemsPerPage"] = resources.length;
    return;
  }
  const meta = setLocation(json, baseUrl);
  if (meta === undefined) return;
  if (meta["resourceType"] === "ServiceProviderConfig") {
    meta["version"] = SERVICE_PROVIDER_CONFIG_ETAG;
    const filter = json["filter"] as Json | undefined;
    if (filter !== undefined) filter["maxResults"] = maxPageSize;
  }
  if (typeof meta["version"] === "string") res.set("ETag", meta["version"]);
  if (res.statusCode === 201 && typeof meta["location"] === "string")
    res.location(meta["location"]);
}

function setLocation(resource: Json, baseUrl: string): Json | undefined {
  const meta = resource["meta"] as Json | undefined;
  if (meta === undefined || typeof meta !== "object") return undefined;
  const id = encodeURIComponent(String(resource["id"] ?? ""));
  switch (meta["resourceType"]) {
    case "User":
      meta["location"] = `${baseUrl}/users/${id}`;
      break;
    case "Group":
      meta["location"] = `${baseUrl}/groups/${id}`;
      break;
    case "ResourceType":
      meta["location"] = `${baseUrl}/resourcetypes/${id}`;
      break;
    case "Schema":
      meta["location"] = `${baseUrl}/schemas/${id}`;
      break;
    case "ServiceProviderConfig":
      meta["location"] = `${baseUrl}/serviceproviderconfig`;
      break;
  }
  return meta;
}
