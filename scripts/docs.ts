// Renders the spec as one self-contained HTML page: build/docs/index.html.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { projectRoot, runRedocly } from "./redocly.js";

const output = path.join("build", "docs", "index.html");

await runRedocly(["build-docs", "scim", "--inlineBundle", "--output", output]);

// Without --inlineBundle the page loads Redoc from a CDN and renders nothing offline.
const file = path.join(projectRoot, output);
// Redoc's "API docs by" badge still loads its logo from a CDN (no option turns that off): offline
// it is a failed request and a console error. Point it at an inline SVG of the same name instead.
const logo = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11">Redocly</text></svg>',
)}`;
const html = (await readFile(file, "utf8")).replace(
  /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g,
  logo,
);
await writeFile(file, html);
const remoteScript = /<script[^>]*\bsrc=["']?(https?:)?\/\//i.exec(html);
if (remoteScript) {
  throw new Error(`${output} is not self-contained: it loads ${remoteScript[0]}`);
}
if (html.includes("cdn.redoc.ly")) {
  throw new Error(
    `${output} still refers to cdn.redoc.ly: Redoc's markup changed, update scripts/docs.ts`,
  );
}
console.log(`Wrote ${output} (${Math.round(html.length / 1024)} KiB, no remote scripts).`);
