import { stringify } from "csv-stringify/sync";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The sample HR export `npm start` syncs: ~300 people in five departments (each department is also
// a group), a COO, department heads, team leads and agents, each with a manager. The same seed
// always gives the same file: `npx tsx demo/hr/generate.ts` rewrites people.csv and
// people-edited.csv, and test/cli/demo.test.ts checks the committed files match.
//
// people-edited.csv is the next day's export: four promotions, a transfer, three leavers and the
// rehire of a former employee (who is in Genesys, inactive, before the demo starts: REHIRE below).

export const COLUMNS = [
  "externalId",
  "userName",
  "displayName",
  "active",
  "title",
  "department",
  "email",
  "phone",
  "mobile",
  "employeeNumber",
  "division",
  "manager",
  "groups",
] as const;
export type Person = Record<(typeof COLUMNS)[number], string>;

const DEPARTMENTS: [string, number][] = [
  ["Support", 120],
  ["Sales", 70],
  ["Billing", 50],
  ["Retention", 40],
  ["Workforce Management", 14],
];
const FIRST = [
  "Aisha",
  "Ben",
  "Chloe",
  "Dmitri",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemi",
  "Liam",
  "Maya",
  "Noor",
  "Oscar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
  "Umar",
  "Vera",
  "Wen",
  "Ximena",
  "Yusuf",
  "Zoe",
];
const LAST = [
  "Okafor",
  "Lind",
  "Raman",
  "Novak",
  "Silva",
  "Haddad",
  "Kowalski",
  "Tanaka",
  "Moreau",
  "Berg",
  "Adeyemi",
  "Walsh",
  "Costa",
  "Rahman",
  "Fischer",
  "Nair",
  "Byrne",
  "Duarte",
  "Eriksen",
  "Ito",
];
const TEAM_SIZE = 10;

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

/** The former employee `npm start` puts into Genesys (inactive) first, rehired in people-edited.csv. */
export const REHIRE: Person = person(
  9001,
  "Hana",
  "Sato",
  "Agent",
  "Support",
  "hr-1003",
  "Support",
);

function person(
  n: number,
  first: string,
  last: string,
  title: string,
  department: string,
  manager: string,
  groups: string,
  unique = "",
): Person {
  const userName = `${first}.${last}${unique}@example.com`.toLowerCase();
  return {
    externalId: `hr-${n}`,
    userName,
    displayName: `${first} ${last}`,
    active: "true",
    title,
    department,
    email: userName,
    phone: `+1317555${String(n).padStart(4, "0")}`,
    mobile: n % 3 === 0 ? `+1317666${String(n).padStart(4, "0")}` : "",
    employeeNumber: `E${n}`,
    division: "Home",
    manager,
    groups,
  };
}

export function people(): Person[] {
  const random = mulberry32(0x48a);
  const taken = new Set<string>();
  let n = 1000;
  const make = (title: string, department: string, manager: string, groups: string) => {
    n++;
    const first = FIRST[Math.floor(random() * FIRST.length)]!;
    const last = LAST[Math.floor(random() * LAST.length)]!;
    let unique = "";
    for (let k = 2; taken.has(`${first}.${last}${unique}`); k++) unique = String(k);
    taken.add(`${first}.${last}${unique}`);
    return person(n, first, last, title, department, manager, groups, unique);
  };
  const coo = make("Chief Operating Officer", "Operations", "", "Leadership");
  const all = [coo];
  for (const [department, size] of DEPARTMENTS) {
    const head = make(
      `Head of ${department}`,
      department,
      coo.externalId,
      `${department};Leadership`,
    );
    all.push(head);
    let lead: Person | undefined;
    for (let i = 0; i < size; i++) {
      if (i % TEAM_SIZE === 0) {
        lead = make("Team Lead", department, head.externalId, `${department};Team Leads`);
        all.push(lead);
      } else {
        const title = random() < 0.3 ? "Senior Agent" : "Agent";
        all.push(make(title, department, lead!.externalId, department));
      }
    }
  }
  return all;
}

/** The next day: four promotions, a transfer from Sales to Retention, three leavers, one rehire. */
export function edited(base: Person[]): { rows: Person[]; changes: Record<string, string[]> } {
  const rows = base.map((p) => ({ ...p }));
  const agents = rows.filter((p) => p.title === "Agent");
  const promoted = [agents[3]!, agents[40]!, agents[90]!];
  for (const p of promoted) p.title = "Senior Agent";
  const senior = rows.filter((p) => p.title === "Senior Agent" && p.department === "Billing")[2]!;
  senior.title = "Team Lead";
  senior.groups = `${senior.department};Team Leads`;
  const mover = rows.filter((p) => p.department === "Sales" && p.title === "Agent")[5]!;
  const retentionLead = rows.find((p) => p.department === "Retention" && p.title === "Team Lead")!;
  mover.department = "Retention";
  mover.manager = retentionLead.externalId;
  mover.groups = "Retention";
  const leavers = [agents[7]!, agents[55]!, agents[120]!];
  const kept = rows.filter((p) => !leavers.includes(p));
  kept.push({ ...REHIRE });
  return {
    rows: kept,
    changes: {
      promotions: [...promoted, senior].map((p) => p.externalId),
      transfer: [mover.externalId],
      leavers: leavers.map((p) => p.externalId),
      rehire: [REHIRE.externalId],
    },
  };
}

export function csv(rows: Person[]): string {
  return stringify(
    rows.map((row) => COLUMNS.map((c) => row[c])),
    { header: true, columns: [...COLUMNS] },
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const base = people();
  writeFileSync(new URL("people.csv", import.meta.url), csv(base));
  writeFileSync(new URL("people-edited.csv", import.meta.url), csv(edited(base).rows));
  console.log(`wrote people.csv (${base.length} people) and people-edited.csv`);
}
