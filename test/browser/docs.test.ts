import { access, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSpecOperations, type SpecOperation } from "./spec-operations.js";
import { serveDirectory, type StaticServer } from "./static-server.js";

// `npm run test:browser` builds the docs with `npm run docs` first; DOCS_HTML / DOCS_SPEC point
// the test at another build while developing.
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const docsHtml = resolve(repoRoot, process.env.DOCS_HTML ?? "build/docs/index.html");
const specPath = resolve(repoRoot, process.env.DOCS_SPEC ?? "generated/openapi.yaml");
const resultsDir = resolve(repoRoot, "test-results");
const SCREENSHOTS = ["docs-overview.png", "docs-operation.png"] as const;
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
  // Belt and braces next to the request routing below: no host name resolves, so nothing the
  // browser does on its own can reach past 127.0.0.1.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

function firstLine(error: unknown): string {
  return String(error).split("\n")[0] ?? "";
}

interface BlockedRequest {
  url: string;
  resourceType: string;
}

interface ConsoleError {
  text: string;
  url: string;
}

interface RenderedOperation {
  href: string;
  label: string;
  /** Text of the operation's section in the content panel, or null when it was not rendered. */
  section: string | null;
}

describe("rendered API docs in headless Chromium", () => {
  let server: StaticServer;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  let operations: SpecOperation[];
  const blocked: BlockedRequest[] = [];
  const consoleErrors: ConsoleError[] = [];
  const rendered = new Map<string, RenderedOperation>();
  const navigationErrors: string[] = [];
  let tagsExpanded = 0;

  beforeAll(async () => {
    await access(docsHtml).catch(() => {
      throw new Error(`${docsHtml} is missing: build it with \`npm run docs\` (test:browser does)`);
    });
    operations = await readSpecOperations(specPath);
    server = await serveDirectory(dirname(docsHtml));
    userDataDir = await mkdtemp(join(tmpdir(), "scim-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    await context.route("**/*", (route) => {
      const request = route.request();
      if (new URL(request.url()).origin === server.origin) return route.continue();
      blocked.push({ url: request.url(), resourceType: request.resourceType() });
      return route.abort("blockedbyclient");
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    page.on("console", (message) => {
      if (message.type() === "error") {
        consoleErrors.push({ text: message.text(), url: message.location().url });
      }
    });
    page.on("pageerror", (error) => consoleErrors.push({ text: String(error), url: page.url() }));

    await page.goto(`${server.origin}/${basename(docsHtml)}`, { waitUntil: "load" });
    const menu = page.locator('[data-component-name="Menu/Menu"]');
    await menu.waitFor();
    await mkdir(resultsDir, { recursive: true });
    for (const name of SCREENSHOTS) await rm(join(resultsDir, name), { force: true });

    // Redoc lists each tag's operations in the sidebar once the tag is expanded, and renders the
    // content panel lazily around what is in view: expand each tag, then open each operation.
    const tags = await menu.locator(".menu-item-type-group > a").evaluateAll((elements) =>
      elements.map((element) => ({
        name: element.textContent ?? "",
        href: element.getAttribute("href") ?? "",
      })),
    );
    for (const [index, tag] of tags.entries()) {
      // A tag at href "/users" lists its operations at "#/users/<operationId, lower case>".
      const operationLinks = menu.locator(`.menu-item-type-operation a[href^="#${tag.href}/"]`);
      try {
        await menu.locator(`.menu-item-type-group > a[href="${tag.href}"]`).click();
        await operationLinks.first().waitFor({ state: "visible" });
      } catch (error) {
        navigationErrors.push(`expanding tag "${tag.name}": ${firstLine(error)}`);
        continue;
      }
      tagsExpanded++;
      if (index === 0) await page.screenshot({ path: join(resultsDir, SCREENSHOTS[0]) });
      const links = await operationLinks.evaluateAll((elements) =>
        elements.map((element) => ({
          href: element.getAttribute("href") ?? "",
          label: element.textContent ?? "",
        })),
      );
      for (const link of links) {
        const id = link.href.replace(/^#\/?/, "");
        let section: string | null = null;
        try {
          await menu.locator(`.menu-item-type-operation a[href="${link.href}"]`).click();
          const element = page.locator(`#api-content [id="${id}"]`);
          await element.waitFor();
          section = await element.innerText();
        } catch (error) {
          navigationErrors.push(`opening ${link.href}: ${firstLine(error)}`);
        }
        rendered.set(link.href, { ...link, section });
        if (rendered.size === 1) await page.screenshot({ path: join(resultsDir, SCREENSHOTS[1]) });
      }
    }
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it("reads all 34 operations from the bundled spec", () => {
    expect(operations.map((operation) => operation.operationId)).toHaveLength(34);
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(34);
  });

  it("shows every spec operation in the sidebar and renders its section", () => {
    const problems: string[] = [];
    for (const operation of operations) {
      const slug = operation.operationId.toLowerCase();
      const match = [...rendered.values()].find((item) => item.href.split("/").pop() === slug);
      const name = `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`;
      if (!match) {
        problems.push(`${name}: not in the sidebar`);
        continue;
      }
      if (operation.summary && !match.label.includes(operation.summary)) {
        problems.push(
          `${name}: sidebar says "${match.label}", spec summary is "${operation.summary}"`,
        );
      }
      if (match.section === null) {
        problems.push(`${name}: no section in the content panel`);
      } else if (!match.section.includes(operation.path)) {
        problems.push(`${name}: its section does not show the path`);
      }
    }
    expect(navigationErrors).toEqual([]);
    expect(tagsExpanded).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    expect(rendered.size).toBe(operations.length);
  });

  it("requests nothing from the network", () => {
    expect(blocked).toEqual([]);
  });

  it("logs no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });

  it("saves screenshots and a summary of the findings", async () => {
    for (const name of SCREENSHOTS) {
      expect((await stat(join(resultsDir, name))).size).toBeGreaterThan(10_000);
    }
    const summary = {
      docs: docsHtml,
      specOperations: operations.length,
      operationsRendered: rendered.size,
      tagsExpanded,
      blockedRequests: blocked,
      consoleErrors,
      screenshots: SCREENSHOTS.map((name) => join(resultsDir, name)),
    };
    await writeFile(join(resultsDir, "docs-browser.json"), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(JSON.stringify(summary, null, 2));
  });
});
