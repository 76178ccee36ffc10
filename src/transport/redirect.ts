/**
 * The client never follows redirects (attempt.ts sends `redirect: "manual"`): a redirect to another
 * origin would hand it a PATCH body or, from a token endpoint, make a foreign token the Bearer, and
 * the Genesys API has no reason to redirect. A 3xx other than 304 (which keeps its meaning:
 * "not modified") therefore reaches the caller as a response, and this names where it pointed.
 *
 * Returns the `Location` of a redirect response (or `"(not disclosed)"` for a browser's opaque
 * redirect, which hides it), undefined for any other response.
 */
export function redirectTarget(response: Response): string | undefined {
  if (response.type === "opaqueredirect") return "(not disclosed)";
  const status = response.status;
  if (status < 300 || status > 399 || status === 304) return undefined;
  return response.headers.get("location") ?? "(no Location header)";
}
