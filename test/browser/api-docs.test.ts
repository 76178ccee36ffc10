import { access, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_DOCS_DIR, exportedEntryPoints } from "../../scripts/api-docs-entries.js";
import { publicExports } from "./public-exports.js";
import { serveDirectory, type StaticServer } from "./static-server.js";

// The TypeDoc API reference (`npm run docs` writes it to build/docs/api/ beside the Redoc page) in
// headless Chromium: every export of every entry point has a page that renders, nothing is
// requested beyond 127.0.0.1 and the console stays clean.
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const docsRoot = resolve(repoRoot, API_DOCS_DIR, "..");
const resultsDir = resolve(repoRoot, "test-results");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

interface Link {
  name: string;
  href: string;
}

describe("API reference (TypeDoc) in headless Chromium", () => {
  let server: StaticServer;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  let exportsByEntry: Map<string, string[]>;
  const blocked: string[] = [];
  const consoleErrors: { text: string; url: string }[] = [];
  const links: Link[] = [];
  const pages = new Map<string, { title: string; heading: string; shown: boolean }>();

  beforeAll(async () => {
    await access(join(repoRoot, API_DOCS_DIR, "index.html")).catch(() => {
      throw new Error(`${API_DOCS_DIR}/index.html is missing: build it with \`npm run docs\``);
    });
    exportsByEntry = publicExports(repoRoot, await exportedEntryPoints(repoRoot));
    server = await serveDirectory(docsRoot);
    userDataDir = await mkdtemp(join(tmpdir(), "scim-chromium-api-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (new URL(url).origin === server.origin) return route.continue();
      blocked.push(url);
      return route.abort("blockedbyclient");
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on("console", (message) => {
      if (message.type() === "error")
        consoleErrors.push({ text: message.text(), url: message.location().url });
    });
    page.on("pageerror", (error) => consoleErrors.push({ text: String(error), url: page.url() }));

    // The index lists every export (or, with several entry points, every module, whose pages
    // list their exports).
    const summaryLinks = async (url: string) => {
      await page.goto(url, { waitUntil: "load" });
      return page
        .locator(".tsd-member-summary-name > a:not(.tsd-anchor-icon)")
        .evaluateAll((elements) =>
          elements.map((element) => ({
            name: (element.textContent ?? "").trim(),
            href: (element as HTMLAnchorElement).href,
          })),
        );
    };
    const index = `${server.origin}/api/index.html`;
    for (const link of await summaryLinks(index)) {
      if (/\/modules\//.test(link.href)) links.push(...(await summaryLinks(link.href)));
      else links.push(link);
    }
    for (const href of new Set(links.map((link) => link.href))) {
      await page.goto(href, { waitUntil: "load" });
      // The theme hides the body until its script has laid out the page.
      await page.waitForFunction(() => document.body.style.display !== "none");
      pages.set(href, {
        title: await page.title(),
        heading: (await page.locator(".tsd-page-title h1").first().textContent()) ?? "",
        shown: await page.locator(".col-content").isVisible(),
      });
    }
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it("reads the public exports of every exported entry point", () => {
    const client = exportsByEntry.get("src/index.ts") ?? [];
    expect(client).toEqual(expect.arrayContaining(["createScimClient", "filter", "ScimApiError"]));
  });

  it("has a page for every public export, titled with its name", () => {
    const problems: string[] = [];
    for (const [entry, names] of exportsByEntry) {
      for (const name of names) {
        const link = links.find((candidate) => candidate.name === name);
        const rendered = link === undefined ? undefined : pages.get(link.href);
        if (rendered === undefined) problems.push(`${entry}: ${name} has no page`);
        else if (!rendered.heading.includes(name) || !rendered.shown)
          problems.push(`${entry}: ${name}'s page shows "${rendered.heading}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("requests nothing beyond 127.0.0.1", () => {
    expect(blocked).toEqual([]);
  });

  it("logs no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });

  it("saves a summary", async () => {
    const summary = {
      entryPoints: Object.fromEntries(exportsByEntry),
      pagesOpened: pages.size,
      blockedRequests: blocked,
      consoleErrors,
    };
    await mkdir(resultsDir, { recursive: true });
    await writeFile(
      join(resultsDir, "api-docs-browser.json"),
      `${JSON.stringify(summary, null, 2)}\n`,
    );
    console.log(`API reference: ${pages.size} pages opened, ${blocked.length} blocked requests`);
  });
});
