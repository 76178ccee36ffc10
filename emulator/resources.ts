import SCIMMY from "scimmy";
import { formatETag } from "./etag.js";
import { protectEscapes, type FilterTerm } from "./filter.js";
import {
  ENTERPRISE_USER_SCHEMA,
  genesysUserExtension,
  schemaSchema,
  shapeSchemasLikeGenesys,
} from "./schemas.js";
import {
  scimError,
  type GroupRecord,
  type Page,
  type ScimObject,
  type ScimStore,
  type UserRecord,
} from "./store.js";

// The User and Group resource types, declared to scimmy with storage handlers backed by the
// emulator's store. scimmy's resource registry is process-wide while each emulator has its own
// store, so the store travels in the per-request context that scimmy-routers hands to handlers.

export interface ScimContext {
  store: ScimStore;
  /** Origin and path family of the request, e.g. http://127.0.0.1:8080/api/v2/scim/v2 */
  baseUrl: string;
  /** The request's If-Match header, checked by the store in the same tick as the write. */
  ifMatch: string | undefined;
  maxPageSize: number;
  /** The request body as sent (before scimmy's coercion drops read-only attributes). */
  requestBody?: () => unknown;
}

/** Genesys's page size when the request has no count. */
export const DEFAULT_COUNT = 25;

// Genesys returns these on every response whatever attributes/excludedAttributes ask for.
const ALWAYS_RETURNED_USER = ["id", "schemas", "userName", "active", "meta"];
const ALWAYS_RETURNED_GROUP = ["id", "schemas", "displayName", "meta"];

// scimmy-routers construct resources as new Resource(query) or new Resource(id, query).
type ResourceArgs = [string | ScimObject | undefined, ScimObject | undefined];
type ScimmyResourceArgs = ConstructorParameters<typeof SCIMMY.Resources.User>;

function genesysQuery(args: ResourceArgs, alwaysReturned: readonly string[]): ResourceArgs {
  const [first, second] = args;
  const id = typeof first === "string" ? first : undefined;
  const config: ScimObject = { ...((typeof first === "string" ? second : first) ?? {}) };
  if (typeof config["filter"] === "string") config["filter"] = protectEscapes(config["filter"]);
  if (typeof config["attributes"] === "string" && config["attributes"].trim() !== "") {
    const asked = config["attributes"].split(",").map((a) => a.trim());
    const missing = alwaysReturned.filter(
      (a) => !asked.some((b) => b.toLowerCase() === a.toLowerCase()),
    );
    config["attributes"] = [...asked, ...missing].join(",");
  }
  if (typeof config["excludedAttributes"] === "string") {
    const kept = config["excludedAttributes"]
      .split(",")
      .map((a) => a.trim())
      .filter((a) => a !== "" && !alwaysReturned.some((b) => b.toLowerCase() === a.toLowerCase()));
    if (kept.length > 0) config["excludedAttributes"] = kept.join(",");
    else delete config["excludedAttributes"];
  }
  return id === undefined ? [config, undefined] : [id, config];
}

function pageRequest(resource: SCIMMY.Types.Resource, ctx: ScimContext) {
  const constraints = (resource as { constraints?: { startIndex?: number; count?: number } })
    .constraints;
  return {
    filter: resource.filter === undefined ? undefined : ([...resource.filter] as FilterTerm[]),
    startIndex: constraints?.startIndex ?? 1,
    count: Math.min(constraints?.count ?? DEFAULT_COUNT, ctx.maxPageSize),
  };
}

function listResponse<R>(
  page: Page<R>,
  startIndex: number,
  toSchema: (record: R) => SCIMMY.Types.Schema,
) {
  const list = new SCIMMY.Messages.ListResponse(page.items.map(toSchema), {
    startIndex: 1,
    itemsPerPage: page.items.length,
    totalResults: page.total,
  });
  // Set afterwards: given the real startIndex, ListResponse would slice the already-paged items again.
  list.startIndex = startIndex;
  return list;
}

/** The request body as plain attributes, minus what the service provider owns. */
function writableAttributes(instance: unknown): ScimObject {
  const attributes = JSON.parse(JSON.stringify(instance)) as ScimObject;
  for (const owned of ["id", "meta", "schemas", "groups", "password"]) delete attributes[owned];
  return attributes;
}

export function userView(user: UserRecord, ctx: ScimContext): ScimObject {
  const view: ScimObject = { ...user.attributes, id: user.id };
  const groups = ctx.store.groupIdsOf(user.id);
  if (groups.length > 0) {
    view["groups"] = groups.map((id) => ({ value: id, $ref: `${ctx.baseUrl}/groups/${id}` }));
  }
  const enterprise = user.attributes[ENTERPRISE_USER_SCHEMA] as ScimObject | undefined;
  const manager = enterprise?.["manager"] as { value: string } | undefined;
  if (enterprise !== undefined && manager !== undefined) {
    view[ENTERPRISE_USER_SCHEMA] = {
      ...enterprise,
      manager: { value: manager.value, $ref: `${ctx.baseUrl}/users/${manager.value}` },
    };
  }
  view["meta"] = {
    resourceType: "User",
    lastModified: user.lastModified,
    version: formatETag(user.version),
  };
  return view;
}

export function groupView(group: GroupRecord, ctx: ScimContext): ScimObject {
  const members = (group.attributes["members"] as { value: string }[] | undefined) ?? [];
  return {
    ...group.attributes,
    id: group.id,
    members: members.map(({ value }) => ({
      value,
      $ref: `${ctx.baseUrl}/users/${value}`,
      type: "User",
    })),
    meta: {
      resourceType: "Group",
      lastModified: group.lastModified,
      version: formatETag(group.version),
    },
  };
}

class GenesysUser extends SCIMMY.Resources.User {
  constructor(...args: ResourceArgs) {
    super(...(genesysQuery(args, ALWAYS_RETURNED_USER) as unknown as ScimmyResourceArgs));
  }

  override async read(ctx?: unknown) {
    if (this.id !== undefined) return super.read(ctx);
    const context = ctx as ScimContext;
    const { filter, startIndex, count } = pageRequest(this, context);
    const page = context.store.listUsers(filter, startIndex, count);
    return listResponse(
      page,
      startIndex,
      (user) => new SCIMMY.Schemas.User(userView(user, context), "out", undefined, this.attributes),
    );
  }

  // Genesys answers every PATCH with the resource; scimmy returns nothing when nothing changed.
  override async patch(message: Parameters<SCIMMY.Types.Resource["patch"]>[0], ctx?: unknown) {
    return (await super.patch(message, ctx)) ?? ((await this.read(ctx)) as SCIMMY.Schemas.User);
  }
}

class GenesysGroup extends SCIMMY.Resources.Group {
  constructor(...args: ResourceArgs) {
    super(...(genesysQuery(args, ALWAYS_RETURNED_GROUP) as unknown as ScimmyResourceArgs));
  }

  override async read(ctx?: unknown) {
    if (this.id !== undefined) return super.read(ctx);
    const context = ctx as ScimContext;
    const { filter, startIndex, count } = pageRequest(this, context);
    const page = context.store.listGroups(filter, startIndex, count);
    return listResponse(
      page,
      startIndex,
      (group) =>
        new SCIMMY.Schemas.Group(groupView(group, context), "out", undefined, this.attributes),
    );
  }

  override async patch(message: Parameters<SCIMMY.Types.Resource["patch"]>[0], ctx?: unknown) {
    const merged = mergeMemberRemovals(message);
    return (await super.patch(merged, ctx)) ?? ((await this.read(ctx)) as SCIMMY.Schemas.Group);
  }
}

/**
 * `groups` in a create-user body is refused, not dropped (spec/DECISIONS.md §28): RFC 7643 makes
 * User.groups read-only and Genesys changes membership through the group endpoints, so a
 * provisioning tool that sent it must learn that nobody was placed in those groups.
 */
function refuseGroupsOnCreate(body: unknown): void {
  if (body === null || typeof body !== "object") return;
  const groups = Object.keys(body).find((key) => key.toLowerCase() === "groups");
  if (groups === undefined) return;
  throw scimError(
    400,
    "mutability",
    "groups is read-only on a user: create the user, then add it to groups with PATCH /groups/{groupId} (members)",
  );
}

const MEMBER_REMOVAL = /^members\[value eq "([^"\\]*)"\]$/i;

/**
 * Runs of `remove members[value eq "id"]` operations (how clients remove members, one operation
 * each) become one `remove members` with the ids as its value. Same result (scimmy ignores a
 * removal that matches nothing either way), but scimmy re-coerces the whole members list once per
 * operation: 100 removals from a 1,200-member group took ~8 s one by one, one pass merged.
 */
function mergeMemberRemovals<M>(message: M): M {
  const operations = (message as { Operations?: unknown } | undefined)?.Operations;
  if (!Array.isArray(operations)) return message;
  const merged: unknown[] = [];
  let run: { value: string }[] | undefined;
  for (const operation of operations as { op?: unknown; path?: unknown }[]) {
    const id =
      typeof operation?.op === "string" && operation.op.toLowerCase() === "remove"
        ? MEMBER_REMOVAL.exec(typeof operation.path === "string" ? operation.path : "")?.[1]
        : undefined;
    if (id === undefined) {
      run = undefined;
      merged.push(operation);
    } else if (run) {
      run.push({ value: id });
    } else {
      run = [{ value: id }];
      merged.push({ op: "remove", path: "members", value: run });
    }
  }
  return { ...message, Operations: merged };
}

function requireId(resource: SCIMMY.Types.Resource): string {
  if (resource.id === undefined)
    throw scimError(500, undefined, "Collection reads are served by the resource's read()");
  return resource.id;
}

/**
 * Genesys lists the discovery endpoints themselves as resource types (ServiceProviderConfig,
 * ResourceType, Schema) and their schemas at /schemas. scimmy serves those endpoints but won't
 * declare its internal resources, so these stand-ins are declared in their place: they only
 * describe; the requests themselves are served by scimmy's own discovery routers.
 */
function discoveryResourceType(endpoint: string, definition: SCIMMY.Types.SchemaDefinition) {
  return class extends SCIMMY.Types.Resource {
    static override get endpoint() {
      return endpoint;
    }
    static override get schema() {
      return { definition } as unknown as typeof SCIMMY.Types.Schema;
    }
    static override basepath() {
      return undefined as never;
    }
  };
}

let declared = false;

// Emulators started from one copy of this module share the declarations (each has its own store in
// the request context), so any number of them can run in one process. A second copy of the module
// (two installed copies of the package, or a bundle next to the package) would declare its own
// User and Group over the first one's, and scimmy would fail with an unrelated schema error.
const OWNER = Symbol.for("genesys-cloud-scim-emulator.scimmy-owner");
const thisCopy = Symbol("this copy of the emulator");

function claimScimmy(): void {
  const registry = SCIMMY as unknown as Record<symbol, symbol | undefined>;
  const owner = registry[OWNER];
  if (owner === undefined && SCIMMY.Resources.declared("User") === undefined) {
    registry[OWNER] = thisCopy;
    return;
  }
  if (owner === thisCopy) return;
  throw new Error(
    owner === undefined
      ? "startEmulator: scimmy in this process already has a User resource declared by other code; " +
          "scimmy keeps one resource registry per process, so run the emulator in a process that does not use scimmy otherwise"
      : "startEmulator: another copy of the emulator already set up scimmy in this process, and " +
          "scimmy keeps one resource registry per process: start every emulator from the same copy " +
          "(one installed genesys-cloud-scim-emulator), or run them in separate processes",
  );
}

/** Declares the User and Group resource types to scimmy (once per process). */
export function declareGenesysResources(): void {
  if (declared) return;
  claimScimmy();
  declared = true;
  shapeSchemasLikeGenesys();

  SCIMMY.Resources.declare(GenesysUser, {
    name: "User",
    extensions: [
      { schema: SCIMMY.Schemas.EnterpriseUser, required: false },
      { schema: genesysUserExtension, required: false },
    ],
    egress: (resource: SCIMMY.Types.Resource, ctx: ScimContext) =>
      userView(ctx.store.requireUser(requireId(resource)), ctx),
    ingress: (resource: SCIMMY.Types.Resource, instance: unknown, ctx: ScimContext) => {
      const attributes = writableAttributes(instance);
      if (resource.id !== undefined) {
        return userView(ctx.store.replaceUser(resource.id, attributes, ctx.ifMatch), ctx);
      }
      refuseGroupsOnCreate(ctx.requestBody?.());
      const displayName = attributes["displayName"];
      if (typeof displayName !== "string" || displayName.trim() === "") {
        throw scimError(400, "invalidValue", "Required attribute 'displayName' is missing");
      }
      return userView(ctx.store.createUser(attributes), ctx);
    },
    degress: (resource: SCIMMY.Types.Resource, ctx: ScimContext) => {
      ctx.store.softDeleteUser(requireId(resource), ctx.ifMatch);
    },
  });

  SCIMMY.Resources.declare(GenesysGroup, {
    name: "Group",
    egress: (resource: SCIMMY.Types.Resource, ctx: ScimContext) =>
      groupView(ctx.store.requireGroup(requireId(resource)), ctx),
    ingress: (resource: SCIMMY.Types.Resource, instance: unknown, ctx: ScimContext) => {
      const attributes = writableAttributes(instance);
      const group =
        resource.id !== undefined
          ? ctx.store.replaceGroup(resource.id, attributes, ctx.ifMatch)
          : ctx.store.createGroup(attributes);
      return groupView(group, ctx);
    },
    degress: (resource: SCIMMY.Types.Resource, ctx: ScimContext) => {
      ctx.store.deleteGroup(requireId(resource), ctx.ifMatch);
    },
  });

  SCIMMY.Resources.declare(
    discoveryResourceType(
      "/ServiceProviderConfig",
      SCIMMY.Schemas.ServiceProviderConfig.definition,
    ),
    "ServiceProviderConfig",
  );
  SCIMMY.Resources.declare(
    discoveryResourceType("/ResourceTypes", SCIMMY.Schemas.ResourceType.definition),
    "ResourceType",
  );
  SCIMMY.Resources.declare(discoveryResourceType("/Schemas", schemaSchema), "Schema");
}
