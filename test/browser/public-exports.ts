import { join } from "node:path";
import ts from "typescript";

/** Names each entry point exports (values and types), read by the TypeScript compiler. */
export function publicExports(root: string, entryPoints: string[]): Map<string, string[]> {
  const files = entryPoints.map((entry) => join(root, entry));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const result = new Map<string, string[]>();
  for (const [index, file] of files.entries()) {
    const source = program.getSourceFile(file);
    const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (symbol === undefined) throw new Error(`${file}: not a module`);
    result.set(
      entryPoints[index]!,
      checker.getExportsOfModule(symbol).map((exported) => exported.getName()),
    );
  }
  return result;
}
