import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";
import { didYouMean } from "./suggest.js";

/** One flag: a string value or a boolean switch. */
export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  /** Shown in help: `--flag <value>  description`. */
  value?: string;
  description: string;
}
export type FlagSpecs = Record<string, FlagSpec>;
export type FlagValues = Record<string, string | boolean | undefined>;

// Flags that would carry a secret on the command line, where `ps` and shell history show it. They
// are refused by name with the safe alternatives; the value is never echoed.
const SECRET_FLAGS: Record<string, string> = {
  "client-secret":
    "GENESYSCLOUD_OAUTHCLIENT_SECRET, --client-secret-file <path> or --client-secret-stdin",
  secret: "GENESYSCLOUD_OAUTHCLIENT_SECRET, --client-secret-file <path> or --client-secret-stdin",
  "access-token": "GENESYSCLOUD_ACCESS_TOKEN, --access-token-file <path> or --access-token-stdin",
  token: "GENESYSCLOUD_ACCESS_TOKEN, --access-token-file <path> or --access-token-stdin",
};

/**
 * Parses `argv` against `specs` with node:util parseArgs (strict), turning its errors into
 * {@link UsageError}s that name the flag and suggest the closest known one.
 */
export function parseFlags(
  argv: readonly string[],
  specs: FlagSpecs,
): { values: FlagValues; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short },
    ]),
  );
  // A lenient pass first, to name an unknown or secret-carrying flag precisely.
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens ?? []) {
    if (token.kind !== "option" || token.name in specs) continue;
    const name = token.name;
    const safe = SECRET_FLAGS[name.toLowerCase()];
    if (safe !== undefined) {
      throw new UsageError(
        `--${name} is not accepted: a secret on the command line shows in ps and shell history. ` +
          `Use ${safe}.`,
      );
    }
    const shown = token.rawName.startsWith("--") ? `--${name}` : token.rawName;
    const longNames = Object.keys(specs);
    throw new UsageError(`unknown flag ${shown}.${didYouMean(name, longNames, "--")}`);
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: true,
    });
    return { values: values as FlagValues, positionals };
  } catch (error) {
    throw new UsageError(cleanParseError((error as Error).message));
  }
}

/** parseArgs's message without its advice to use `--` (rarely what a user means here). */
function cleanParseError(message: string): string {
  return message
    .replace(/\. To specify a positional argument starting with a '-'.*$/s, "")
    .replace(/^Option '(-\w, )?(--[\w-]+) <value>' argument missing$/, "$2 needs a value")
    .replace(/^Option '(-\w, )?(--[\w-]+)' does not take an argument$/, "$2 takes no value");
}

/** A whole number from a flag, within [min, max]. */
export function integerFlag(
  values: FlagValues,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** A flag value that must be one of `choices`. */
export function choiceFlag<T extends string>(
  values: FlagValues,
  name: string,
  choices: readonly T[],
): T | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (!choices.includes(raw as T)) {
    throw new UsageError(
      `--${name} must be one of ${choices.join(", ")}, got "${String(raw)}".${didYouMean(String(raw), choices)}`,
    );
  }
  return raw as T;
}

/** The help lines of `specs`, aligned. */
export function flagHelp(specs: FlagSpecs): string[] {
  const left = Object.entries(specs).map(([name, spec]) => {
    const short = spec.short === undefined ? "    " : `-${spec.short}, `;
    return `${short}--${name}${spec.type === "string" ? ` <${spec.value ?? "value"}>` : ""}`;
  });
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return Object.values(specs).map((spec, i) => `  ${left[i]!.padEnd(width)}${spec.description}`);
}
