import { runRedocly } from "./redocly.js";

// `npm run lint:spec`: Redocly's lint (rules in redocly.yaml), through the project's wrapper so
// telemetry is off and Redocly's Node 20 notice is not printed.
try {
  process.stdout.write(await runRedocly(["lint"]));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
