import { parseArgs } from "node:util";
import type { EmulatorOptions } from "./options.js";

export const USAGE = `Usage: genesys-cloud-scim-emulator [options]   (in this repository: npm run emulator -- [options])

Starts a local Genesys Cloud SCIM API emulator and prints its URL and OAuth client credentials.

Options:
  --port <n>            TCP port (default 8080; 0 picks a free one)
  --host <address>      loopback address to bind: 127.0.0.1 (default), ::1 or localhost
  --rate-limit <n>      requests per window per OAuth client (default 300; 0 turns the limit off)
  --rate-window <s>     rate-limit window in seconds (default 60)
  --daily-limit <n>     a second, daily limit per OAuth client (default off); its 429s ask
                        for a Retry-After of up to a day
  --seed-users <n>      generated users to start with (default 0)
  --seed-groups <n>     generated groups to start with, seeded users spread across them (default 0)
  --token-ttl <s>       access-token lifetime in seconds (default 86400)
  --max-page-size <n>   largest page a list returns (default 100)
  --client-id <id>      OAuth client id (default: random; give --client-secret too)
  --client-secret <s>   OAuth client secret (default: random)
  -h, --help            show this help`;

export class CliUsageError extends Error {
  override name = "CliUsageError";
}

export type CliCommand = { help: true } | { help: false; options: EmulatorOptions };

function integer(
  flag: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliUsageError(`--${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function seconds(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new CliUsageError(`--${flag} must be a positive number of seconds, got "${raw}"`);
  }
  return value;
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "rate-limit": { type: "string" },
        "rate-window": { type: "string" },
        "daily-limit": { type: "string" },
        "seed-users": { type: "string" },
        "seed-groups": { type: "string" },
        "token-ttl": { type: "string" },
        "max-page-size": { type: "string" },
        "client-id": { type: "string" },
        "client-secret": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (values.help === true) return { help: true };

  const options: EmulatorOptions = { port: integer("port", values.port, 0, 65_535) ?? 8080 };
  if (values.host !== undefined) options.host = values.host;

  const limit = integer("rate-limit", values["rate-limit"], 0, 1_000_000_000);
  const window = seconds("rate-window", values["rate-window"]);
  if (limit === 0) {
    if (window !== undefined)
      throw new CliUsageError("--rate-window makes no sense with --rate-limit 0");
    options.rateLimit = false;
  } else if (limit !== undefined || window !== undefined) {
    const windowMs = Math.round((window ?? 60) * 1000);
    if (windowMs < 1) throw new CliUsageError(`--rate-window must be at least 0.001 seconds`);
    options.rateLimit = { limit: limit ?? 300, windowMs };
  }

  const dailyLimit = integer("daily-limit", values["daily-limit"], 1, 1_000_000_000);
  if (dailyLimit !== undefined) options.dailyLimit = { limit: dailyLimit };

  const seedUsers = integer("seed-users", values["seed-users"], 0, 1_000_000);
  if (seedUsers !== undefined) options.seedUsers = seedUsers;
  const seedGroups = integer("seed-groups", values["seed-groups"], 0, 10_000);
  if (seedGroups !== undefined) options.seedGroups = seedGroups;
  const tokenTtlSeconds = seconds("token-ttl", values["token-ttl"]);
  if (tokenTtlSeconds !== undefined) options.tokenTtlSeconds = tokenTtlSeconds;
  const maxPageSize = integer("max-page-size", values["max-page-size"], 1, 10_000);
  if (maxPageSize !== undefined) options.maxPageSize = maxPageSize;

  const clientId = values["client-id"];
  const clientSecret = values["client-secret"];
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    throw new CliUsageError("--client-id and --client-secret go together: give both or neither");
  }
  if (clientId !== undefined && clientSecret !== undefined)
    options.clients = [{ clientId, clientSecret }];
  return { help: false, options };
}
