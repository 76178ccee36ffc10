import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { CliError, UsageError } from "./errors.js";

// Secrets come from the environment, a file or stdin, never from a flag value: argv shows in `ps`
// and shell history. A secret is never part of a message, not even a hint of its length.

/** Reads one secret from `path` (trailing newline removed); refuses an empty file. */
export async function secretFromFile(path: string, flag: string, cwd: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${flag} ${path}: cannot read the file (${code ?? "error"})`);
  }
  return nonEmpty(stripNewline(text), `${flag} ${path}: the file is empty`);
}

/** Reads one secret from stdin (until EOF; trailing newline removed). */
export async function secretFromStdin(stdin: Readable, flag: string): Promise<string> {
  if ((stdin as { isTTY?: boolean }).isTTY) {
    throw new UsageError(
      `${flag} reads the secret from standard input, which is a terminal here; pipe it in, e.g. ` +
        `\`pass show genesys/secret | genesys-scim ... ${flag}\``,
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return nonEmpty(
    stripNewline(Buffer.concat(chunks).toString("utf8")),
    `${flag}: standard input was empty`,
  );
}

function stripNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}

function nonEmpty(text: string, message: string): string {
  if (text.trim() === "") throw new CliError(message);
  return text;
}
