#!/usr/bin/env node
import { CliUsageError, parseCliArgs, USAGE } from "./cli-args.js";
import { startEmulator } from "./index.js";

// `npm run emulator -- --port 8080 --rate-limit 300 --seed-users 100`

async function main(): Promise<void> {
  let command;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`emulator: ${error.message}\nRun with --help for the options.\n`);
    process.exit(2);
  }
  if (command.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let emulator;
  try {
    emulator = await startEmulator(command.options);
  } catch (error) {
    process.stderr.write(`emulator: ${(error as Error).message.replace(/^startEmulator: /, "")}\n`);
    process.exit(1);
  }
  const { rateLimit } = emulator;
  const stats = emulator.stats();
  process.stdout.write(
    [
      "Genesys Cloud SCIM emulator is running.",
      `  Base URL       ${emulator.url}`,
      `  SCIM v2        ${emulator.scimUrls.v2}`,
      `  SCIM v1        ${emulator.scimUrls.v1}`,
      `  Token URL      ${emulator.tokenUrl}`,
      `  Client ID      ${emulator.clientId}`,
      `  Client secret  ${emulator.clientSecret}`,
      `  Rate limit     ${rateLimit === false ? "off" : `${rateLimit.limit} requests per ${rateLimit.windowMs / 1000} s per client`}`,
      `  Seed data      ${stats.users} users, ${stats.groups} groups`,
      "",
      "Get a token:",
      `  curl -s -u '${emulator.clientId}:${emulator.clientSecret}' -d grant_type=client_credentials ${emulator.tokenUrl}`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );

  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

await main();
