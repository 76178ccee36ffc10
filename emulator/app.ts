import { randomUUID } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";
import { neutralizeBuiltinNames } from "./builtin-names.js";
import { etagMatches, formatETag } from "./etag.js";
import { sendGenesysError, sendScimError } from "./errors.js";
import { scimBodyCheck } from "./json-shape.js";
import { tokenRouter, type TokenIssuer } from "./oauth.js";
import type { FixedWindowRateLimiter } from "./rate-limit.js";
import { declareGenesysResources, type ScimContext } from "./resources.js";
import { finalizeScimResponses, SERVICE_PROVIDER_CONFIG_ETAG } from "./responses.js";
import type { ScimStore } from "./store.js";

// The HTTP pipeline. In front of the SCIM engine sits what the Genesys Cloud API gateway does:
// correlation ids, bearer-token authentication, the per-client rate limit, routing of the
// lowercase Genesys paths, media types and conditional GETs. Behind it, scimmy-routers serve both
// path families from one set of resource types.

export interface EmulatorState {
  store: ScimStore;
  issuer: TokenIssuer;
  limiter: FixedWindowRateLimiter | undefined;
  maxPageSize: number;
  /** http://127.0.0.1:PORT, known once the server listens. */
  origin: string;
  stats: { requests: number; byStatus: Record<string, number> };
}

const SCIM_ROOT = "/api/v2/scim";
const SCIM_PATH = /^\/api\/v2\/scim(\/v2)?(?:\/([^/]+)(?:\/([^/]+))?)?\/?$/i;

const COLLECTION_METHODS: Record<string, readonly string[]> = {
  users: ["GET", "POST"],
  groups: ["GET", "POST"],
  resourcetypes: ["GET"],
  schemas: ["GET"],
  serviceproviderconfig: ["GET"],
};
const ITEM_METHODS: Record<string, readonly string[]> = {
  users: ["GET", "PUT", "PATCH", "DELETE"],
  groups: ["GET", "PUT", "PATCH", "DELETE"],
  resourcetypes: ["GET"],
  schemas: ["GET"],
};

interface ScimRoute {
  family: "/api/v2/scim" | "/api/v2/scim/v2";
  resource: string;
  id: string | undefined;
}

const contexts = new WeakMap<Request, { clientId: string; context: ScimContext }>();

export function createApp(state: EmulatorState): express.Express {
  declareGenesysResources();
  const app = express();
  app.disable("x-powered-by");
  // Express would otherwise add its own ETags and answer If-None-Match itself.
  app.set("etag", false);

  app.use(correlationId(state));
  app.use(tokenRouter(state.issuer));
  app.use(scimGateway(state));
  app.use(SCIM_ROOT, scimBodyCheck());
  const scimmy = scimmyRouter();
  app.use(`${SCIM_ROOT}/v2`, scimmy);
  app.use(SCIM_ROOT, scimmy);
  app.use((req: Request, res: Response) => {
    sendGenesysError(res, 404, "not.found", `No resource at ${req.method} ${req.path}`);
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // scimmy's own error handler sets the status before it fails to format one it doesn't know.
    const status = httpStatusOf(error) ?? (res.statusCode >= 400 ? res.statusCode : undefined);
    if (res.headersSent) return;
    if (status !== undefined && status >= 400 && status < 500) {
      sendGenesysError(res, status, "bad.request", (error as Error).message);
    } else {
      sendGenesysError(
        res,
        500,
        "internal.server.error",
        `The emulator failed: ${(error as Error)?.message ?? error}`,
      );
    }
  });
  return app;
}

function correlationId(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction) => {
    const supplied = req.get("inin-correlation-id");
    res.set(
      "inin-correlation-id",
      supplied !== undefined && /^[\w-]{1,128}$/.test(supplied) ? supplied : randomUUID(),
    );
    state.stats.requests++;
    res.on("finish", () => {
      const key = String(res.statusCode);
      state.stats.byStatus[key] = (state.stats.byStatus[key] ?? 0) + 1;
    });
    next();
  };
}

function scimmyRouter(): express.Router {
  const router = new SCIMMYRouters({
    type: "bearer",
    // The gateway has already authenticated the request; hand scimmy the client and the context.
    handler: (req) => contexts.get(req)?.clientId ?? "",
    context: (req) => contexts.get(req)?.context,
  }) as unknown as express.Router;
  // scimmy-routers reset the process-wide service provider config on construction.
  SCIMMY.Config.set({ authenticationSchemes: [] });
  SCIMMY.Config.set({
    documentationUri: "https://developer.genesys.cloud/useragentmanagement/scim/",
    patch: true,
    filter: { supported: true, maxResults: 100 },
    bulk: false,
    sort: false,
    etag: true,
    changePassword: false,
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Bearer tokens from the OAuth 2.0 client credentials grant at /oauth/token.",
        specUri: "https://datatracker.ietf.org/doc/html/rfc6750",
      },
    ],
  });
  return router;
}

function scimGateway(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.toLowerCase().startsWith(SCIM_ROOT)) return next();

    const clientId = authenticate(state, req, res);
    if (clientId === undefined) return;
    if (!withinRateLimit(state, clientId, res)) return;

    const route = parseRoute(req.path);
    if (route === undefined) {
      return sendGenesysError(res, 404, "not.found", `No resource at ${req.method} ${req.path}`);
    }
    if (route === "malformed") {
      return sendGenesysError(
        res,
        400,
        "bad.request",
        "The request path is not validly percent-encoded",
      );
    }
    const allowed = (route.id === undefined ? COLLECTION_METHODS : ITEM_METHODS)[route.resource];
    if (allowed === undefined) {
      return sendGenesysError(res, 404, "not.found", `No resource at ${req.method} ${req.path}`);
    }
    const method = req.method === "HEAD" ? "GET" : req.method;
    if (!allowed.includes(method)) {
      res.set("Allow", allowed.join(", "));
      return sendGenesysError(
        res,
        405,
        "method.not.allowed",
        `${req.method} is not supported on ${req.path}`,
      );
    }
    const mediaProblem = ["POST", "PUT", "PATCH"].includes(method)
      ? unsupportedMedia(req)
      : undefined;
    if (mediaProblem !== undefined) {
      return sendGenesysError(
        res,
        415,
        "unsupported.media.type",
        `Unsupported Media Type: ${mediaProblem}`,
      );
    }
    const queryProblem = normalizeQuery(req, route);
    if (queryProblem !== undefined) return sendScimError(res, 400, "invalidValue", queryProblem);

    const baseUrl = `${state.origin}${route.family}`;
    if (method === "GET" && notModified(state, req, res, route)) return;

    contexts.set(req, {
      clientId,
      context: {
        store: state.store,
        baseUrl,
        ifMatch: req.get("if-match"),
        maxPageSize: state.maxPageSize,
        // Read at ingress, after the engine has parsed it (it drops read-only attributes).
        requestBody: () => req.body as unknown,
      },
    });
    // Set before the engine parses the body, so its errors for malformed JSON carry it too.
    res.type("application/scim+json");
    finalizeScimResponses(res, baseUrl, state.maxPageSize);
    next();
  };
}

/** Why the body can't be read as SCIM JSON, or undefined when it can (or there is no body). */
function unsupportedMedia(req: Request): string | undefined {
  const type = req.is(["application/json", "application/scim+json"]);
  if (type === null) return undefined;
  if (type === false) {
    return `send application/scim+json or application/json, not ${req.get("content-type") ?? "no Content-Type"}`;
  }
  const charset = /;\s*charset="?([^";\s]+)/i.exec(req.get("content-type") ?? "")?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset))
    return `charset ${charset} is not supported, send UTF-8`;
  const encoding = (req.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (!["identity", "gzip", "deflate"].includes(encoding))
    return `Content-Encoding ${encoding} is not supported`;
  return undefined;
}

function authenticate(state: EmulatorState, req: Request, res: Response): string | undefined {
  const header = req.get("authorization");
  const token = header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (token === undefined) {
    res.set("WWW-Authenticate", 'Bearer realm="genesys-scim-emulator"');
    sendGenesysError(
      res,
      401,
      "authentication.required",
      "No authentication bearer token specified in authorization header.",
    );
    return undefined;
  }
  const clientId = state.issuer.verify(token);
  if (clientId === undefined) {
    res.set("WWW-Authenticate", 'Bearer realm="genesys-scim-emulator", error="invalid_token"');
    sendGenesysError(res, 401, "bad.credentials", "Invalid login credentials.");
    return undefined;
  }
  return clientId;
}

function withinRateLimit(state: EmulatorState, clientId: string, res: Response): boolean {
  if (state.limiter === undefined) return true;
  // No inin-ratelimit-* headers: Genesys removed them in 2021.
  const decision = state.limiter.take(clientId);
  if (decision.allowed) return true;
  const seconds = String(decision.retryAfterSeconds);
  const what = decision.daily ? "Daily rate limit" : "Rate limit";
  res.set("Retry-After", seconds);
  sendGenesysError(
    res,
    429,
    "too.many.requests.retry.after",
    `${what} exceeded the maximum. Retry the request in [${seconds}] seconds`,
    {
      messageWithParams: `${what} exceeded the maximum. Retry the request in [{0}] seconds`,
      messageParams: { "0": seconds },
      limit: {
        key: decision.daily ? "requests.per.day" : "requests.per.window",
        namespace: "oauth.client",
        value: decision.limit,
      },
    },
  );
  return false;
}

function parseRoute(path: string): ScimRoute | "malformed" | undefined {
  const match = SCIM_PATH.exec(path);
  if (match === null) return undefined;
  const [, v2, resource, rawId] = match;
  if (resource === undefined) return undefined;
  let id: string | undefined;
  try {
    id = rawId === undefined ? undefined : decodeURIComponent(rawId);
  } catch {
    return "malformed";
  }
  return {
    family: v2 === undefined ? SCIM_ROOT : `${SCIM_ROOT}/v2`,
    resource: resource.toLowerCase(),
    id,
  };
}

/** Returns a problem description, or undefined when the query is usable. */
function normalizeQuery(req: Request, route: ScimRoute): string | undefined {
  const query = req.query as Record<string, unknown>;
  for (const name of ["attributes", "excludedAttributes"]) {
    const value = query[name];
    // attributes=a&attributes=b is read as attributes=a,b
    if (Array.isArray(value) && value.every((v) => typeof v === "string"))
      query[name] = value.join(",");
    else if (value !== undefined && typeof value !== "string")
      return `${name} must be a comma-separated list`;
  }
  for (const name of ["attributes", "excludedAttributes", "filter"]) {
    if (typeof query[name] === "string") query[name] = neutralizeBuiltinNames(query[name]);
  }
  if (route.id !== undefined) return undefined;
  if (query["filter"] !== undefined && typeof query["filter"] !== "string")
    return "filter must be given once, as a string";
  for (const name of ["startIndex", "count"]) {
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== "string" || !/^[+-]?\d{1,15}$/.test(value.trim()))
      return `${name} must be an integer`;
  }
  return undefined;
}

function notModified(state: EmulatorState, req: Request, res: Response, route: ScimRoute): boolean {
  const ifNoneMatch = req.get("if-none-match");
  if (ifNoneMatch === undefined) return false;
  let etag: string | undefined;
  if (route.resource === "serviceproviderconfig") {
    etag = SERVICE_PROVIDER_CONFIG_ETAG;
  } else if (
    route.id !== undefined &&
    (route.resource === "users" || route.resource === "groups")
  ) {
    const record =
      route.resource === "users" ? state.store.getUser(route.id) : state.store.getGroup(route.id);
    if (record !== undefined) etag = formatETag(record.version);
  }
  if (etag === undefined || !etagMatches(ifNoneMatch, Number(etag.slice(1, -1)))) return false;
  res.status(304).set("ETag", etag).end();
  return true;
}

function httpStatusOf(error: unknown): number | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof status === "number" ? status : undefined;
}
