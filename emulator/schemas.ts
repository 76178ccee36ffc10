import SCIMMY from "scimmy";

// Shapes scimmy's bundled RFC 7643 schemas into the ones Genesys Cloud serves: the User resource
// keeps only the attributes Genesys has, the enterprise extension gains dateHire, and the Genesys
// extension (routing skills, routing languages, external IDs) is added. scimmy's schema registry is
// process-wide, so this runs once per process.

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GENESYS_USER_SCHEMA =
  "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";

export const EMAIL_TYPES = ["work", "other"];
export const PHONE_TYPES = [
  "work",
  "work2",
  "work3",
  "work4",
  "home",
  "mobile",
  "other",
  "microsoftteams",
  "zoomphone",
  "eightbyeight",
];

const { Attribute, SchemaDefinition } = SCIMMY.Types;

/**
 * A "decimal" attribute that also takes whole numbers: scimmy's decimal refuses 3 (it wants 3.5),
 * but JSON cannot tell 3 from 3.0 and Genesys proficiencies are often whole.
 */
class NumberAttribute extends Attribute {
  constructor(name: string, description: string) {
    super("decimal", name, { description });
  }

  override coerce(source: unknown, direction?: string, isComplexMultiValue?: boolean): unknown {
    if (typeof source === "number" && Number.isFinite(source)) return source;
    return super.coerce(source, direction, isComplexMultiValue);
  }
}

function namedProficiency(name: string, description: string): SCIMMY.Types.Attribute {
  return new Attribute("complex", name, { multiValued: true, uniqueness: false, description }, [
    new Attribute("string", "name", { required: true, description: "The name." }),
    new NumberAttribute("proficiency", "The proficiency, 0 to 5."),
  ]);
}

export const genesysUserExtension = new SchemaDefinition(
  "GenesysUser",
  GENESYS_USER_SCHEMA,
  "Genesys Cloud user extension",
  [
    namedProficiency("routingSkills", "The user's routing skills."),
    namedProficiency("routingLanguages", "The user's routing languages."),
    new Attribute(
      "complex",
      "externalIds",
      { multiValued: true, uniqueness: false, description: "External identifiers of the user." },
      [
        new Attribute("string", "authority", {
          required: true,
          description: "The authority that issued the identifier.",
        }),
        new Attribute("string", "value", {
          required: true,
          caseExact: true,
          description: "The identifier.",
        }),
      ],
    ),
  ],
);

let shaped = false;

export function shapeSchemasLikeGenesys(): void {
  if (shaped) return;
  shaped = true;

  const user = SCIMMY.Schemas.User.definition;
  for (const name of [
    "name",
    "nickName",
    "profileUrl",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
    "ims",
    "photos",
    "addresses",
    "entitlements",
    "x509Certificates",
    "emails.display",
    "phoneNumbers.display",
    "groups.display",
    "groups.type",
    "roles.display",
    "roles.type",
    "roles.primary",
  ]) {
    user.truncate(name);
  }
  user.attribute("emails.type").config.canonicalValues = EMAIL_TYPES;
  user.attribute("phoneNumbers.type").config.canonicalValues = PHONE_TYPES;
  // Genesys references are lowercase URLs (/users/{id}); scimmy's "User"/"Group" reference check
  // looks for "/User" or "/Group" in them, so accept any URI as well.
  user.attribute("groups.$ref").config.referenceTypes = ["Group", "uri"];

  const enterprise = SCIMMY.Schemas.EnterpriseUser.definition;
  for (const name of ["costCenter", "organization", "manager.displayName"])
    enterprise.truncate(name);
  enterprise.attribute("manager.$ref").config.referenceTypes = ["User", "uri"];
  enterprise.extend([
    new Attribute("string", "dateHire", { description: "The hire date, YYYY-MM-DD." }),
  ]);

  const group = SCIMMY.Schemas.Group.definition;
  group.truncate("members.display");
  group.attribute("members.$ref").config.referenceTypes = ["User", "Group", "uri"];
}

function schemaAttributeFields(): SCIMMY.Types.Attribute[] {
  const text = (name: string, description: string, multiValued = false) =>
    new Attribute("string", name, { mutable: false, multiValued, description });
  const flag = (name: string, description: string) =>
    new Attribute("boolean", name, { mutable: false, description });
  return [
    text("name", "The attribute's name."),
    text("type", "The attribute's data type."),
    flag("multiValued", "Whether the attribute is multi-valued."),
    text("description", "The attribute's description."),
    flag("required", "Whether the attribute is required."),
    text("canonicalValues", "The attribute's canonical values.", true),
    flag("caseExact", "Whether the attribute is case-sensitive."),
    text("mutability", "Whether and how the attribute can be modified."),
    text("returned", "When the attribute is returned."),
    text("uniqueness", "How unique the attribute's value is."),
    text("referenceTypes", "The resource types a reference attribute refers to.", true),
  ];
}

/** RFC 7643 section 7: the schema that describes schemas, which Genesys lists at /schemas. */
export const schemaSchema = new SchemaDefinition(
  "Schema",
  SCHEMA_SCHEMA,
  "Specifies the schema attributes of a SCIM resource type",
  [
    new Attribute("string", "name", { mutable: false, description: "The schema's name." }),
    new Attribute("string", "description", {
      mutable: false,
      description: "The schema's description.",
    }),
    new Attribute(
      "complex",
      "attributes",
      { mutable: false, multiValued: true, description: "The schema's attributes." },
      [
        ...schemaAttributeFields(),
        new Attribute(
          "complex",
          "subAttributes",
          {
            mutable: false,
            multiValued: true,
            description: "The sub-attributes of a complex attribute.",
          },
          schemaAttributeFields(),
        ),
      ],
    ),
  ],
);
