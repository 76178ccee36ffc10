// The library's API reference from its TSDoc: TypeDoc over every JavaScript entry point that
// package.json exports (the client today; sync and Redis entries are picked up when they are
// exported), written to build/docs/api/ beside the Redoc page. TypeDoc's default theme ships its
// scripts, styles and search index as local files, so the pages work offline.
import path from "node:path";
import { Application, OptionDefaults, type TypeDocOptions } from "typedoc";
import { API_DOCS_DIR, exportedEntryPoints } from "./api-docs-entries.js";

const projectRoot = path.resolve(import.meta.dirname, "..");

const entryPoints = await exportedEntryPoints();
const options: TypeDocOptions = {
  entryPoints,
  tsconfig: path.join(projectRoot, "tsconfig.build.json"),
  out: path.join(projectRoot, API_DOCS_DIR),
  name: "genesys-cloud-scim",
  readme: "none",
  excludePrivate: true,
  excludeProtected: true,
  excludeInternal: true,
  // Source links would point at a git host: the reference stays within these pages.
  disableSources: true,
  githubPages: false,
  hideGenerator: true,
  validation: { notExported: true, invalidLink: true, notDocumented: false },
  treatValidationWarningsAsErrors: false,
  // openapi-typescript writes the spec's descriptions as @description tags in generated/schema.ts.
  blockTags: [...OptionDefaults.blockTags, "@description"],
  // The generated paths/operations/components types are the whole spec (rendered in full by the
  // Redoc page): converted without depth they made 40 MB of pages, at depth 3 they stay readable.
  maxTypeConversionDepth: 3,
  logLevel: "Warn",
};
const app = await Application.bootstrapWithPlugins(options);
const project = await app.convert();
if (project === undefined) throw new Error("TypeDoc could not convert the entry points");
await app.generateOutputs(project);
if (app.logger.hasErrors()) throw new Error("TypeDoc reported errors (see above)");
console.log(
  `Wrote ${API_DOCS_DIR}/ (TypeDoc, entry points: ${entryPoints.join(", ")}, ${app.logger.warningCount} warnings).`,
);
