import { ENTERPRISE_USER_SCHEMA, GENESYS_USER_SCHEMA } from "./schemas.js";
import type { ScimStore } from "./store.js";

// Deterministic demo and benchmark data: the same options always give the same ids, names and
// attributes (a fixed-seed PRNG), so runs and benchmarks are comparable.

const SEEDED_AT = "2024-01-01T00:00:00.000Z";
const FIRST_NAMES = [
  "Ada",
  "Grace",
  "Alan",
  "Edsger",
  "Barbara",
  "Donald",
  "Frances",
  "Ken",
  "Radia",
  "Tim",
];
const LAST_NAMES = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Allen",
  "Thompson",
  "Perlman",
  "Berners-Lee",
];
const TITLES = ["Agent", "Senior Agent", "Team Lead", "Supervisor", "Workforce Analyst"];
const DEPARTMENTS = ["Support", "Sales", "Billing", "Retention", "Operations"];
const SKILLS = ["Billing", "Technical Support", "Sales", "Retention", "Escalations"];
const LANGUAGES = ["English", "Spanish", "French", "German"];
const MANAGERS = 10;

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function uuid(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function seedStore(store: ScimStore, users: number, groups: number): void {
  const random = mulberry32(0x5eed);
  const width = Math.max(5, String(users).length);
  const userIds: string[] = [];
  for (let i = 1; i <= users; i++) {
    const n = String(i).padStart(width, "0");
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const userName = `user${n}@example.com`;
    const id = uuid(random);
    const enterprise: Record<string, unknown> = {
      division: "Home",
      department: pick(random, DEPARTMENTS),
      employeeNumber: `E${n}`,
    };
    if (i > MANAGERS) enterprise["manager"] = { value: userIds[(i - 1) % MANAGERS] };
    store.createUser(
      {
        userName,
        displayName: `${first} ${last} ${n}`,
        title: pick(random, TITLES),
        active: true,
        externalId: `hr-${n}`,
        emails: [{ value: userName, type: "work", primary: true }],
        phoneNumbers: [{ value: `+1317555${String(i % 10_000).padStart(4, "0")}`, type: "work" }],
        [ENTERPRISE_USER_SCHEMA]: enterprise,
        [GENESYS_USER_SCHEMA]: {
          routingSkills: [
            { name: pick(random, SKILLS), proficiency: 1 + Math.floor(random() * 5) },
          ],
          routingLanguages: [{ name: pick(random, LANGUAGES), proficiency: 5 }],
        },
      },
      id,
      SEEDED_AT,
    );
    userIds.push(id);
  }
  for (let g = 1; g <= groups; g++) {
    const members = userIds
      .filter((_, index) => index % groups === g - 1)
      .map((value) => ({ value }));
    store.createGroup(
      { displayName: `Group ${String(g).padStart(3, "0")}`, externalId: `hr-group-${g}`, members },
      uuid(random),
      SEEDED_AT,
    );
  }
}
