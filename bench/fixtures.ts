// A user as Genesys Cloud returns it from GET /api/v2/scim/v2/users/{id}: core, enterprise and
// Genesys extensions, roles, groups and meta. Size (~2 kB) matters: it is what every call parses.

const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";

/** A deterministic UUID-shaped id for the n-th user. */
export function userId(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `6f1c2a3b-4d5e-4f60-8a7b-${hex}`;
}

export function makeUser(id: string, baseUrl: string, n = 0) {
  const given = `Given${n}`;
  const family = `Family${n}`;
  return {
    schemas: [USER_SCHEMA, ENTERPRISE, GENESYS],
    id,
    active: true,
    userName: `user${n}@example.com`,
    displayName: `${given} ${family}`,
    title: "Customer Care Agent",
    externalId: `hr-${100000 + n}`,
    emails: [
      { value: `user${n}@example.com`, type: "work", primary: true },
      { value: `user${n}.other@example.com`, type: "other" },
    ],
    phoneNumbers: [
      { value: "tel:+13175550100", type: "work", primary: true },
      { value: "tel:+13175550101;ext=2345", type: "work" },
      { value: "tel:+13175550199", type: "mobile" },
    ],
    roles: [{ value: "employee" }, { value: "Communicate - User" }],
    groups: [
      {
        value: "0b1d1a0c-2e3f-4a5b-8c6d-7e8f9a0b1c2d",
        $ref: `${baseUrl}/api/v2/scim/v2/groups/0b1d1a0c-2e3f-4a5b-8c6d-7e8f9a0b1c2d`,
        display: "Support Tier 1",
        type: "direct",
      },
    ],
    [ENTERPRISE]: {
      division: "Home",
      department: "Customer Care",
      manager: { value: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d" },
      employeeNumber: String(100000 + n),
      dateHire: "2021-03-15",
    },
    [GENESYS]: {
      routingSkills: [
        { name: "Billing", proficiency: 4 },
        { name: "Technical Support", proficiency: 3 },
      ],
      routingLanguages: [
        { name: "English", proficiency: 5 },
        { name: "Spanish", proficiency: 2 },
      ],
      externalIds: [{ authority: "hr-system", value: `hr-${100000 + n}` }],
    },
    meta: {
      resourceType: "User",
      created: "2021-03-15T09:30:00.000Z",
      lastModified: "2024-11-02T14:05:12.345Z",
      location: `${baseUrl}/api/v2/scim/v2/users/${id}`,
      version: `W/"${7 + (n % 5)}"`,
    },
  };
}
