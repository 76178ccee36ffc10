// Resource versions travel as entity tags: the ETag header and meta.version carry `"N"` (the spec's
// form, e.g. "42"); If-Match / If-None-Match accept that, the weak form W/"N", a bare N, a
// comma-separated list of them, or "*".

export function formatETag(version: number): string {
  return `"${version}"`;
}

/** True when an If-Match / If-None-Match header value names `version` (or is "*"). */
export function etagMatches(header: string, version: number): boolean {
  const wanted = String(version);
  return header
    .split(",")
    .map((tag) => tag.trim())
    .some((tag) => tag === "*" || opaqueTag(tag) === wanted);
}

function opaqueTag(tag: string): string {
  const withoutWeak = tag.startsWith("W/") || tag.startsWith("w/") ? tag.slice(2) : tag;
  return withoutWeak.length >= 2 && withoutWeak.startsWith('"') && withoutWeak.endsWith('"')
    ? withoutWeak.slice(1, -1)
    : withoutWeak;
}
