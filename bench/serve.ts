// Entry of a bench server process: `serve.ts <kind> <options-json>`. Reports its base URL to the
// parent over IPC and exits when the parent goes away.
import { startUserServer, type RunningServer } from "./user-server.js";

async function main(): Promise<void> {
  const [kind, optionsJson = "{}"] = process.argv.slice(2);
  const options = JSON.parse(optionsJson) as Record<string, unknown>;
  let server: RunningServer;
  if (kind === "users") server = await startUserServer(options);
  else throw new Error(`unknown server kind ${JSON.stringify(kind)}`);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once("disconnect", stop);
  process.once("SIGTERM", stop);
  process.send!({ baseUrl: server.baseUrl });
}

main().catch((error: unknown) => {
  process.send?.({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
