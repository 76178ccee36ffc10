// Compiles small programs against generated/schema.ts with the TypeScript compiler and checks that
// wrong bodies fail for the right reason (a stray @ts-expect-error could hide the reason).
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const header = `import type { components } from "${path.join(root, "generated/schema.js")}";
type S = components["schemas"];
`;

const cases: Record<string, { code: string; error?: RegExp }> = {
  validCreate: {
    code: `const u: S["ScimV2CreateUser"] = { userName: "a@example.com", displayName: "A", active: true };`,
  },
  missingDisplayName: {
    code: `const u: S["ScimV2CreateUser"] = { userName: "a@example.com" };`,
    error: /Property 'displayName' is missing/,
  },
  wrongActiveType: {
    code: `const u: S["ScimV2CreateUser"] = { userName: "a", displayName: "A", active: "yes" };`,
    error: /Type 'string' is not assignable to type 'boolean( \| undefined)?'/,
  },
  unknownEmailType: {
    code: `const u: S["ScimV2CreateUser"] = { userName: "a", displayName: "A", emails: [{ type: "home" }] };`,
    error: /Type '"home"' is not assignable to type '"work" \| "other"/,
  },
  unknownPatchOp: {
    code: `const o: S["ScimV2PatchOperation"] = { op: "move" };`,
    error: /Type '"move"' is not assignable to type '"add" \| "replace" \| "remove"'/,
  },
  missingPatchSchemas: {
    code: `const p: S["ScimV2PatchRequest"] = { Operations: [{ op: "add", value: 1 }] };`,
    error: /Property 'schemas' is missing/,
  },
  unnamedGroup: {
    code: `const g: S["ScimV2Group"] = { externalId: "x" };`,
    error: /Property 'displayName' is missing/,
  },
  excessProperty: {
    code: `const u: S["ScimV2CreateUser"] = { userName: "a", displayName: "A", nickName: "x" };`,
    error: /'nickName' does not exist in type/,
  },
};

let diagnostics: Map<string, string>;

beforeAll(() => {
  const files = new Map(
    Object.entries(cases).map(([name, { code }]) => [
      path.join(root, `__virtual__/${name}.ts`),
      header + code,
    ]),
  );
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => files.has(file) || fileExists(file);
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = files.get(file);
    return text === undefined
      ? getSourceFile(file, language, ...rest)
      : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  diagnostics = new Map(
    [...files.keys()].map((file) => [
      path.basename(file, ".ts"),
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))
        .join("\n"),
    ]),
  );
}, 60_000);

describe("the TypeScript compiler", () => {
  it.each(Object.entries(cases))("%s", (name, { error }) => {
    const messages = diagnostics.get(name) ?? "";
    if (error) expect(messages).toMatch(error);
    else expect(messages).toBe("");
  });
});
