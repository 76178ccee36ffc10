import { describe, expect, it } from "vitest";
import { schema, spec } from "./bundled-spec.js";

const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const genesys = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";
const listFields = ["schemas", "totalResults", "startIndex", "itemsPerPage", "Resources"];

// Every field of the real API's models (purecloud-platform-client-v2 index.d.ts), with required ones.
const models: [name: string, fields: string[], required: string[]][] = [
  [
    "ScimV2User",
    [
      "id",
      "schemas",
      "active",
      "userName",
      "displayName",
      "password",
      "title",
      "phoneNumbers",
      "emails",
      "externalId",
      "groups",
      "roles",
      enterprise,
      genesys,
      "meta",
    ],
    [],
  ],
  [
    "ScimV2CreateUser",
    [
      "schemas",
      "active",
      "userName",
      "displayName",
      "password",
      "title",
      "phoneNumbers",
      "emails",
      "externalId",
      "groups",
      "roles",
      enterprise,
      genesys,
    ],
    ["userName", "displayName"],
  ],
  [
    "ScimV2Group",
    ["id", "schemas", "displayName", "externalId", "members", "meta"],
    ["displayName"],
  ],
  ["ScimV2GroupReference", ["type", "value", "$ref"], []],
  ["ScimV2MemberReference", ["type", "value", "$ref"], []],
  ["ScimV2PatchRequest", ["schemas", "Operations"], ["schemas"]],
  ["ScimV2PatchOperation", ["op", "path", "value"], ["op"]],
  ["ScimEmail", ["value", "type", "primary"], []],
  ["ScimPhoneNumber", ["value", "type", "primary"], []],
  ["ScimMetadata", ["resourceType", "lastModified", "location", "version"], []],
  ["ScimUserRole", ["value"], []],
  ["ScimV2EnterpriseUser", ["division", "department", "manager", "employeeNumber", "dateHire"], []],
  ["Manager", ["value", "$ref"], []],
  ["ScimUserExtensions", ["routingSkills", "routingLanguages", "externalIds"], []],
  ["ScimUserRoutingSkill", ["name", "proficiency"], ["name"]],
  ["ScimUserRoutingLanguage", ["name", "proficiency"], ["name"]],
  ["ScimGenesysUserExternalId", ["authority", "value"], ["authority", "value"]],
  // List responses require what RFC 7644 §3.4.2 requires (spec/DECISIONS.md §28).
  ["ScimUserListResponse", listFields, ["schemas", "totalResults"]],
  ["ScimGroupListResponse", listFields, ["schemas", "totalResults"]],
  ["ScimConfigResourceTypesListResponse", listFields, ["schemas", "totalResults"]],
  ["ScimV2SchemaListResponse", listFields, ["schemas", "totalResults"]],
  // Response models: the request model plus the always-returned fields (spec/DECISIONS.md §28).
  ["ScimV2UserResponse", ["meta"], ["id", "schemas", "userName", "active", "meta"]],
  ["ScimV2GroupResponse", ["meta"], ["id", "schemas", "displayName", "meta"]],
  ["ScimResourceMetadata", [], ["resourceType", "version"]],
  [
    "ScimServiceProviderConfig",
    [
      "schemas",
      "documentationUri",
      "patch",
      "filter",
      "etag",
      "sort",
      "bulk",
      "changePassword",
      "authenticationSchemes",
      "meta",
    ],
    [],
  ],
  ["ScimServiceProviderConfigSimpleFeature", ["supported"], []],
  ["ScimServiceProviderConfigFilterFeature", ["supported", "maxResults"], []],
  ["ScimServiceProviderConfigBulkFeature", ["supported", "maxOperations", "maxPayloadSize"], []],
  [
    "ScimServiceProviderConfigAuthenticationScheme",
    ["name", "description", "specUri", "documentationUri", "type", "primary"],
    ["name", "description", "type"],
  ],
  [
    "ScimConfigResourceType",
    ["id", "schemas", "name", "description", "schema", "schemaExtensions", "endpoint", "meta"],
    [],
  ],
  ["ScimConfigResourceTypeSchemaExtension", ["schema", "required"], []],
  ["ScimV2SchemaDefinition", ["id", "name", "description", "attributes", "meta"], []],
  [
    "ScimV2SchemaAttribute",
    [
      "name",
      "type",
      "subAttributes",
      "multiValued",
      "description",
      "required",
      "canonicalValues",
      "caseExact",
      "mutability",
      "returned",
      "uniqueness",
      "referenceTypes",
    ],
    [],
  ],
  ["ScimError", ["schemas", "status", "scimType", "detail"], ["schemas", "status"]],
  [
    "ErrorBody",
    [
      "message",
      "code",
      "status",
      "entityId",
      "entityName",
      "messageWithParams",
      "messageParams",
      "contextId",
      "details",
      "errors",
      "limit",
    ],
    ["code", "message", "status"],
  ],
  ["Detail", ["errorCode", "fieldName", "entityId", "entityName"], []],
  ["Limit", ["key", "namespace", "value"], []],
  ["Empty", [], []],
];

describe.each(models)("%s", (name, fields, required) => {
  it(`has exactly its ${fields.length} fields, ${required.length} of them required`, () => {
    const model = schema(name) as { properties?: object; required?: string[] };
    expect(Object.keys(model.properties ?? {}).sort()).toEqual([...fields].sort());
    expect([...(model.required ?? [])].sort()).toEqual([...required].sort());
  });

  it("describes every field", () => {
    const properties = (schema(name).properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [field, property] of Object.entries(properties)) {
      expect(property.description ?? property.$ref, field).toBeDefined();
    }
  });
});

const enumOf = (model: string, field: string) =>
  ((schema(model).properties as Record<string, { enum?: string[] }>)[field]?.enum ?? [])
    .slice()
    .sort();

describe("enums", () => {
  it.each([
    ["ScimV2PatchOperation", "op", ["add", "remove", "replace"]],
    ["ScimEmail", "type", ["other", "work"]],
    [
      "ScimPhoneNumber",
      "type",
      [
        "eightbyeight",
        "home",
        "microsoftteams",
        "mobile",
        "other",
        "work",
        "work2",
        "work3",
        "work4",
        "zoomphone",
      ],
    ],
    [
      "ScimV2SchemaAttribute",
      "type",
      ["boolean", "complex", "dateTime", "decimal", "integer", "reference", "string"],
    ],
    ["ScimV2SchemaAttribute", "mutability", ["immutable", "readOnly", "readWrite", "writeOnly"]],
    ["ScimV2SchemaAttribute", "returned", ["always", "default", "never", "request"]],
    ["ScimV2SchemaAttribute", "uniqueness", ["global", "none", "server"]],
    [
      "ScimError",
      "scimType",
      [
        "invalidFilter",
        "invalidPath",
        "invalidSyntax",
        "invalidValue",
        "invalidVers",
        "mutability",
        "noTarget",
        "sensitive",
        "tooMany",
        "uniqueness",
      ],
    ],
  ])("%s.%s", (model, field, values) => {
    expect(enumOf(model, field)).toEqual(values);
  });
});

describe("strictness", () => {
  it("closes the request-only models and leaves resources open for SCIM extensions", () => {
    for (const name of ["ScimV2CreateUser", "ScimV2PatchRequest", "ScimV2PatchOperation"]) {
      expect(schema(name).additionalProperties, name).toBe(false);
    }
    for (const name of [
      "ScimV2User",
      "ScimV2Group",
      "ScimServiceProviderConfig",
      "ScimError",
      "ErrorBody",
    ]) {
      expect(schema(name).additionalProperties, name).toBeUndefined();
    }
  });
});

describe("servers and security", () => {
  it("lists every Genesys Cloud region", () => {
    const hosts = (spec.servers as { url: string }[]).map((s) => new URL(s.url).host).sort();
    expect(hosts).toEqual(
      [
        "api.mypurecloud.com",
        "api.mypurecloud.ie",
        "api.mypurecloud.de",
        "api.mypurecloud.jp",
        "api.mypurecloud.com.au",
        "api.usw2.pure.cloud",
        "api.cac1.pure.cloud",
        "api.apne2.pure.cloud",
        "api.euw2.pure.cloud",
        "api.aps1.pure.cloud",
        "api.sae1.pure.cloud",
        "api.mec1.pure.cloud",
        "api.apne3.pure.cloud",
        "api.euc2.pure.cloud",
        "api.mxc1.pure.cloud",
        "api.apse1.pure.cloud",
        "api.use2.us-gov-pure.cloud",
        "api.edee1.eusc-pure.cloud",
      ].sort(),
    );
  });

  it("accepts OAuth client credentials or a bearer token", () => {
    const schemes = (spec.components as Record<string, Record<string, Record<string, unknown>>>)
      .securitySchemes;
    expect(schemes).toMatchObject({
      PureCloudOAuth: {
        type: "oauth2",
        flows: { clientCredentials: { tokenUrl: "https://login.mypurecloud.com/oauth/token" } },
      },
      BearerToken: { type: "http", scheme: "bearer" },
    });
    expect(spec.security).toEqual([{ PureCloudOAuth: [] }, { BearerToken: [] }]);
  });
});
