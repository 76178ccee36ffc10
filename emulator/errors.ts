import type { Response } from "express";

// Two error formats, as the real service has them: the Genesys Cloud API gateway (auth, rate
// limit, routing) answers with its platform ErrorBody; the SCIM service answers with RFC 7644
// SCIM errors (urn:ietf:params:scim:api:messages:2.0:Error).

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export interface GenesysErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
  details: never[];
  errors: never[];
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  /** On a 429, which limit was hit (Genesys has added this to some 429 bodies since 2023). */
  limit?: { key: string; namespace: string; value: number };
}

export function sendGenesysError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: Pick<GenesysErrorBody, "messageWithParams" | "messageParams" | "limit"> = {},
): void {
  const body: GenesysErrorBody = {
    message,
    code,
    status,
    ...extra,
    contextId: String(res.getHeader("inin-correlation-id") ?? ""),
    details: [],
    errors: [],
  };
  res.status(status).type("application/json").send(JSON.stringify(body));
}

export function sendScimError(
  res: Response,
  status: number,
  scimType: string | undefined,
  detail: string,
): void {
  const body = {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(status),
    ...(scimType === undefined ? {} : { scimType }),
    detail,
  };
  res.status(status).type("application/scim+json").send(JSON.stringify(body));
}
