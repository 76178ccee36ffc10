import { ScimApiError, ScimAuthError, ScimError } from "../src/index.js";
import { flagHelp, parseFlags } from "./args.js";
import type { Command } from "./context.js";
import { CliError, EXIT_ERROR, EXIT_OK, UsageError } from "./errors.js";
import type { CliIo } from "./io.js";
import { didYouMean } from "./suggest.js";
import { scrub } from "./verbose.js";

export const PROGRAM = "genesys-scim";

/** Runs one command line; resolves with the exit code. Never throws. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[],
  version: string,
): Promise<number> {
  try {
    return await dispatch(argv, io, commands, version);
  } catch (error) {
    io.stderr.write(errorText(error));
    return EXIT_ERROR;
  }
}

async function dispatch(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[],
  version: string,
): Promise<number> {
  const words = leadingWords(argv);
  if (
    argv.length === 0 ||
    (words.length === 0 && (argv.includes("--help") || argv.includes("-h")))
  ) {
    io.stdout.write(overview(commands));
    return EXIT_OK;
  }
  if (words[0] === "help") {
    const target = findCommand(commands, words.slice(1));
    io.stdout.write(target ? commandHelp(target) : overview(commands));
    return EXIT_OK;
  }
  if (words.length === 0 && (argv.includes("--version") || argv.includes("-V"))) {
    io.stdout.write(`${version}\n`);
    return EXIT_OK;
  }
  if (words[0] === "version") {
    io.stdout.write(`${version}\n`);
    return EXIT_OK;
  }
  const command = findCommand(commands, words);
  if (command === undefined) throw unknownCommand(commands, words, argv);
  const rest = argv.slice(command.name.length);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  const { values, positionals } = parseFlags(rest, command.flags);
  const required = command.args.length - (command.optionalArgs ?? 0);
  if (positionals.length < required) {
    throw new UsageError(
      `${usageLine(command)}: missing ${command.args.slice(positionals.length, required).join(" ")}`,
    );
  }
  if (positionals.length > command.args.length) {
    throw new UsageError(
      `${usageLine(command)}: unexpected argument "${positionals[command.args.length]}"`,
    );
  }
  return command.run({ values, positionals, io });
}

/** The command words: the first two arguments, unless they are flags (flags follow the command). */
function leadingWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (const arg of argv.slice(0, 2)) {
    if (arg.startsWith("-")) break;
    words.push(arg);
  }
  return words;
}

function findCommand(commands: readonly Command[], words: readonly string[]): Command | undefined {
  return commands.find((c) => c.name[0] === words[0] && c.name[1] === words[1]);
}

function unknownCommand(
  commands: readonly Command[],
  words: readonly string[],
  argv: readonly string[],
): UsageError {
  const groups = [...new Set(commands.map((c) => c.name[0]!))];
  const [first, second] = words;
  if (first === undefined) {
    return new UsageError(
      `no command given: the command comes first, then its flags (${argv[0]} is a flag).`,
      [`Run \`${PROGRAM} --help\` for the commands.`],
    );
  }
  if (!groups.includes(first)) {
    return new UsageError(
      `unknown command "${first}".${didYouMean(first, [...groups, "help", "version"])}`,
      [`Run \`${PROGRAM} --help\` for the commands.`],
    );
  }
  const subs = commands.filter((c) => c.name[0] === first).map((c) => c.name[1]!);
  return new UsageError(
    second === undefined
      ? `"${first}" needs a subcommand: ${subs.join(", ")}`
      : `unknown command "${first} ${second}".${didYouMean(second, subs, `${first} `)}`,
    [`Run \`${PROGRAM} --help\` for the commands.`],
  );
}

function usageLine(command: Command): string {
  return `${PROGRAM} ${command.name.join(" ")}${command.args.length ? ` ${command.args.join(" ")}` : ""}`;
}

function commandHelp(command: Command): string {
  return [
    `Usage: ${usageLine(command)} [flags]`,
    "",
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    "",
    "Flags:",
    ...flagHelp(command.flags),
    ...(command.notes ? ["", ...command.notes] : []),
    "",
  ].join("\n");
}

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => usageLine(c).length - PROGRAM.length - 1)) + 2;
  return [
    `Usage: ${PROGRAM} <command> [flags]`,
    "",
    "Provisioning for Genesys Cloud over SCIM: export what is there, plan changes from an HR source,",
    "apply exactly that plan.",
    "",
    "Commands:",
    ...commands.map(
      (c) =>
        `  ${usageLine(c)
          .slice(PROGRAM.length + 1)
          .padEnd(width)}${c.summary}`,
    ),
    "",
    "Credentials: GENESYSCLOUD_OAUTHCLIENT_ID + GENESYSCLOUD_OAUTHCLIENT_SECRET, or GENESYSCLOUD_ACCESS_TOKEN",
    "(or --client-secret-file / --client-secret-stdin). Region: GENESYSCLOUD_REGION or --region",
    "(mypurecloud.ie or eu-west-1); --base-url for the emulator. HTTPS_PROXY/NO_PROXY are honoured.",
    "Exit codes: 0 success, 1 error, 2 changes pending (sync plan --detailed-exitcode), 130 interrupted.",
    `Run \`${PROGRAM} <command> --help\` for a command's flags.`,
    "",
  ].join("\n");
}

/** The message printed for a failure: one line (plus details), never a stack or a secret. */
export function errorText(error: unknown): string {
  const lines: string[] = [];
  if (error instanceof CliError) {
    lines.push(`${PROGRAM}: ${error.message}`, ...error.details);
  } else if (error instanceof ScimAuthError) {
    lines.push(
      `${PROGRAM}: authentication failed: ${error.message}`,
      "Check the client id and secret, and the region.",
    );
  } else if (error instanceof ScimApiError) {
    lines.push(`${PROGRAM}: ${error.message}`);
  } else if (error instanceof ScimError) {
    lines.push(`${PROGRAM}: ${error.message}`);
  } else if (error instanceof Error) {
    lines.push(`${PROGRAM}: ${error.message}`);
  } else {
    lines.push(`${PROGRAM}: ${String(error)}`);
  }
  return scrub(lines.join("\n")) + "\n";
}
