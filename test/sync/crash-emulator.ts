// The crash test's emulator, in its own process so killing apply cannot take it down. Prints one
// JSON line with its URL and credentials (stdout of a test child, never argv), then serves until
// SIGTERM.
import { startEmulator } from "../../emulator/index.js";

const emulator = await startEmulator({
  rateLimit: { limit: Number(process.env["CRASH_RATE"] ?? 400), windowMs: 1000 },
});
process.stdout.write(
  `${JSON.stringify({ url: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret })}\n`,
);
process.once("SIGTERM", () => void emulator.close().then(() => process.exit(0)));
