// Exit codes as terraform has them: 0 success, 1 any error, 2 only for "changes pending" under
// --detailed-exitcode. 130 (128 + SIGINT) after Ctrl+C, as shells report it.
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES_PENDING = 2;
export const EXIT_INTERRUPTED = 130;

/** An error the CLI reports as one message (no stack), exiting 1. */
export class CliError extends Error {
  override name = "CliError";
  /** Extra lines printed after the message (hints, a caret under a filter, row problems). */
  readonly details: readonly string[];

  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.details = details;
  }
}

/** A command line that cannot be run as given (unknown flag, missing argument, bad value). */
export class UsageError extends CliError {
  override name = "UsageError";
}
