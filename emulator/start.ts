import { runWalkthrough } from "./walkthrough.js";

// `npm start`
try {
  await runWalkthrough();
} catch (error) {
  process.stderr.write(
    `walkthrough failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
