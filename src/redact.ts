/** What replaces a secret in events and errors. */
export const REDACTED = "[REDACTED]";

const SENSITIVE_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);

// Tokens rotate; remembering a handful is enough to cover the ones that can still be in flight.
const MAX_SECRETS = 8;

/**
 * Knows the secrets a client holds (client secret, access tokens it has used) and blanks them out
 * of anything about to leave the library in an event or an error.
 */
export class Redactor {
  readonly #secrets: string[] = [];

  /** Remembers `secret` (ignored when shorter than 4 characters: too short to search for). */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4 || this.#secrets.includes(secret)) return;
    this.#secrets.push(secret);
    if (this.#secrets.length > MAX_SECRETS + 2) this.#secrets.splice(2, 1); // keep the first (long-lived) ones
  }

  /** `text` with every known secret replaced by `[REDACTED]`. */
  text(text: string): string {
    let result = text;
    for (const secret of this.#secrets) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return result;
  }

  /** A deep copy of a parsed JSON value with every string passed through {@link Redactor.text}. */
  value(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value && typeof value === "object") {
      const copy: Record<string, unknown> = {};
      // defineProperty, not assignment: a "__proto__" key in a hostile body must stay a plain key
      // (assigning it would make the server's object the copy's prototype).
      for (const [key, item] of Object.entries(value)) {
        Object.defineProperty(copy, key, {
          value: this.value(item),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    }
    return value;
  }

  /** A plain-object copy of `headers` with credentials headers blanked and known secrets redacted. */
  headers(headers: Headers): Record<string, string> {
    const result: Record<string, string> = {};
    headers.forEach((value, name) => {
      result[name] = SENSITIVE_HEADERS.has(name) ? REDACTED : this.text(value);
    });
    return result;
  }
}
