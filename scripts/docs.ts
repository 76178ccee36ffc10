// Renders the spec as one self-contained HTML page: build/docs/index.html.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { projectRoot, runRedocly } from "./redocly.js";

const output = path.join("build", "docs", "index.html");

await runRedocly(["build-docs", "scim", "--inlineBundle", "--output", output]);

// Without --inlineBundle the page loads Redoc from a CDN and renders nothing offline.
const html = await readFile(path.join(projectRoot, output), "utf8");
const remoteScript = /<script[^>]*\bsrc=["']?(https?:)?\/\//i.exec(html);
if (remoteScript) {
  throw new Error(`${output} is not self-contained: it loads ${remoteScript[0]}`);
}
console.log(`Wrote ${output} (${Math.round(html.length / 1024)} KiB, no remote scripts).`);
