/**
 * Milliseconds to wait according to a `Retry-After` header, or `undefined` when it is absent or
 * unreadable. RFC 9110 allows two forms and both occur: Genesys sends delta-seconds (`"3"`), while
 * proxies and gateways in front of an API may send an HTTP-date. A date in the past means 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse alone is lenient ("abc 12" is a date in 2001), so match the three HTTP-date forms
  // first; asctime carries no zone and means GMT.
  let date = Number.NaN;
  if (IMF_FIXDATE.test(text) || RFC850_DATE.test(text)) date = Date.parse(text);
  else if (ASCTIME_DATE.test(text)) date = Date.parse(`${text} GMT`);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

const GENESYS_RETRY_HINT = /retry the request in \[?\s*(\d+(?:\.\d+)?)\s*\]?\s*seconds?/i;

/**
 * Milliseconds to wait according to a Genesys 429 body ("Rate limit exceeded the maximum. Retry the
 * request in [N] seconds"), or `undefined` when the body says nothing usable.
 */
export function parseGenesysRetryHint(body: string): number | undefined {
  const match = GENESYS_RETRY_HINT.exec(body);
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/** Where a server-given wait came from. */
export type HintSource = "retry-after" | "genesys-body";

/**
 * The wait a response asks for: its `Retry-After` header, else (for a 429, whose body Genesys
 * uses instead of the header) the hint in its body. Undefined when it asks for none.
 */
export function serverDelay(
  status: number,
  headers: Headers,
  body: string,
): { delayMs: number; source: HintSource } | undefined {
  const header = parseRetryAfter(headers.get("retry-after"));
  if (header !== undefined) return { delayMs: header, source: "retry-after" };
  const hint = status === 429 ? parseGenesysRetryHint(body) : undefined;
  return hint === undefined ? undefined : { delayMs: hint, source: "genesys-body" };
}
