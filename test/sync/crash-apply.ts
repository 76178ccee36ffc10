// The process the crash test SIGKILLs: applies a plan file with a file journal. Credentials come
// from the environment, never argv.
import { createScimClient } from "../../src/index.js";
import { apply, createFileJournal, readPlanFile } from "../../src/sync/index.js";

const [planPath, journalPath] = process.argv.slice(2) as [string, string];
const client = createScimClient({
  baseUrl: process.env["CRASH_URL"]!,
  auth: {
    clientId: process.env["CRASH_CLIENT_ID"]!,
    clientSecret: process.env["CRASH_CLIENT_SECRET"]!,
  },
  retry: { maxRetries: 10 },
});
const plan = await readPlanFile(planPath);
process.stdout.write("ready\n");
const report = await apply(client, plan, {
  journal: createFileJournal(journalPath),
  concurrency: 6,
  allow: { threshold: true },
});
process.stdout.write(`${JSON.stringify(report)}\n`);
