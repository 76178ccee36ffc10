import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

// The files of a fresh project that uses the packed library the way a user would. They are written
// as strings because, under test/, a real usage.ts would be compiled by this repo's own tsconfig,
// where "genesys-cloud-scim" resolves to the package itself.

/** Typed usage: one real call plus compile-time checks that only hold if the shipped types are exact. */
const USAGE_TS = `import {
  createScimClient,
  filter,
  patch,
  regions,
  ScimApiError,
  type ScimUser,
} from "genesys-cloud-scim";
import { mapRows, type SyncPlan } from "genesys-cloud-scim/sync";

export async function getUser(baseUrl: string, id: string): Promise<ScimUser> {
  const client = createScimClient({ baseUrl, auth: { accessToken: "t" }, retry: false });
  return client.users.get(id, { attributes: ["userName", "active"] });
}

export function describeError(error: unknown): string {
  return error instanceof ScimApiError ? \`\${error.status} \${error.scimType ?? ""}\` : String(error);
}

export const byUserName: string = String(filter.eq("userName", 'a"b'));
export const deactivate = patch.request([patch.replace({ active: false })]);
export const irelandApiHost: string = regions["mypurecloud.ie"].apiHost;
export const syncProblems: number = mapRows([{ userName: "ada@example.com", displayName: "Ada" }]).problems.length;
export type PlanVersion = SyncPlan["version"];

export function compileTimeChecks(user: ScimUser): void {
  const userName: string | undefined = user.userName;
  void userName;
  // @ts-expect-error -- ScimUser has no such field: the shipped types are exact, not any
  void user.notAScimField;
  // @ts-expect-error -- unknown options are rejected
  createScimClient({ auth: { accessToken: "t" }, notAnOption: true });
  // @ts-expect-error -- not a Genesys Cloud region
  void regions["example.com"];
}
`;

/** Runs the compiled usage against the local server and reports what happened as one JSON line. */
const RUN_MJS = `import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { getUser } from "./out/usage.js";

const [baseUrl, id] = process.argv.slice(2);
const user = await getUser(baseUrl, id);

const specPath = fileURLToPath(import.meta.resolve("genesys-cloud-scim/openapi.yaml"));
const specStart = (await readFile(specPath, "utf8")).slice(0, 200);

let deepImport = "allowed";
try {
  await import("genesys-cloud-scim/dist/src/retry.js");
} catch (error) {
  deepImport = error.code;
}

const { mapRows } = await import("genesys-cloud-scim/sync");
const syncProblems = mapRows([{ userName: "not-an-email", displayName: "X" }]).problems.map((p) => p.column);

console.log(JSON.stringify({ user, specPath, specStart, deepImport, syncProblems }));
`;

const COMMON_OPTIONS = {
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  target: "ES2022",
};

/** Node projects: NodeNext resolution, Node's types, no DOM. */
const TSCONFIG_NODENEXT = {
  compilerOptions: {
    ...COMMON_OPTIONS,
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022"],
    types: ["node"],
    outDir: "out",
  },
  files: ["usage.ts"],
};

/** Bundler projects (Vite, esbuild, webpack): browser types, no Node types. */
const TSCONFIG_BUNDLER = {
  compilerOptions: {
    ...COMMON_OPTIONS,
    module: "ESNext",
    moduleResolution: "Bundler",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    types: [],
    noEmit: true,
  },
  files: ["usage.ts"],
};

export async function writeConsumerProject(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const packageJson = { name: "scim-consumer", private: true, type: "module" };
  await writeFile(join(dir, "package.json"), `${JSON.stringify(packageJson, null, 2)}\n`);
  await writeFile(join(dir, "usage.ts"), USAGE_TS);
  await writeFile(join(dir, "run.mjs"), RUN_MJS);
  await writeFile(join(dir, "tsconfig.nodenext.json"), JSON.stringify(TSCONFIG_NODENEXT, null, 2));
  await writeFile(join(dir, "tsconfig.bundler.json"), JSON.stringify(TSCONFIG_BUNDLER, null, 2));
}
