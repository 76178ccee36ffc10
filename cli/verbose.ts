import type { Writable } from "node:stream";
import type { ScimEvent } from "../src/index.js";

// --verbose: one line per request, response, retry and token fetch, on stderr. The client's events
// already carry credentials as [REDACTED]; on top of that every line (and every error message the
// CLI prints) is scrubbed of the secrets this run read, so a secret cannot leak through a server
// that echoes it back in a body or a URL.

const known = new Set<string>();

/** Remembers `value` as a secret to blank out of everything printed. */
export function registerSecret(value: string | undefined): void {
  // Very short values would blank out ordinary words; real secrets and tokens are long.
  if (value !== undefined && value.length >= 6) known.add(value);
}

/** `text` with every registered secret replaced by [REDACTED]. */
export function scrub(text: string): string {
  let out = text;
  for (const secret of known) out = out.split(secret).join("[REDACTED]");
  return out;
}

export interface VerboseLog {
  readonly enabled: boolean;
  /** The client's onEvent hook (undefined when --verbose is off: nothing paid). */
  readonly event: ((event: ScimEvent) => void) | undefined;
  /** A free-form verbose line. */
  note(line: string): void;
  scrub(text: string): string;
}

export function createVerboseLog(
  stderr: Writable,
  enabled: boolean,
  secrets: { clientSecret?: string; accessToken?: string },
): VerboseLog {
  registerSecret(secrets.clientSecret);
  registerSecret(secrets.accessToken);
  const print = (line: string) => {
    if (enabled) stderr.write(`${scrub(line)}\n`);
  };
  return {
    enabled,
    event: enabled ? (event) => print(describe(event)) : undefined,
    note: (line) => print(`· ${line}`),
    scrub,
  };
}

function describe(event: ScimEvent): string {
  switch (event.type) {
    case "request":
      return `→ ${event.method} ${event.url}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}`;
    case "response":
      return `← ${event.status} ${event.method} ${event.url} in ${Math.round(event.durationMs)} ms`;
    case "retry":
      return (
        `↻ ${event.method} ${event.url}: ${event.status ?? event.error ?? event.reason} on attempt ` +
        `${event.attempt}; waiting ${event.waitMs} ms (${event.delaySource}) before retrying`
      );
    case "token":
      return `· access token from ${event.tokenUrl}${
        event.expiresInMs === undefined ? "" : `, valid ${Math.round(event.expiresInMs / 1000)} s`
      }`;
  }
}
