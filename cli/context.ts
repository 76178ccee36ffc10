import type { FlagSpecs, FlagValues } from "./args.js";
import type { CliIo } from "./io.js";

/** What a command's run gets: its parsed flags and positionals, and where to read and write. */
export interface CommandContext {
  values: FlagValues;
  positionals: string[];
  io: CliIo;
}

/** One command of the CLI, e.g. `users list`. */
export interface Command {
  /** The words that name it: ["users", "list"]. */
  name: string[];
  /** `<id>` or `<source>` etc., for help and argument checks. */
  args: string[];
  /** How many positionals are optional at the end. */
  optionalArgs?: number;
  summary: string;
  flags: FlagSpecs;
  /** More help lines after the flags. */
  notes?: string[];
  run(context: CommandContext): Promise<number>;
}
