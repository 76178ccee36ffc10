// Reading a SCIM attribute path out of a resource, for table and CSV cells: `userName`,
// `name.familyName`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`.

type Json = unknown;

/** The value at `path` in `resource` (schema URN prefixes understood), or undefined. */
export function valueAt(resource: Record<string, Json>, path: string): Json {
  // "members#": how many there are (a group's member list is too long for a table cell).
  if (path.endsWith("#")) {
    const list = valueAt(resource, path.slice(0, -1));
    return Array.isArray(list) ? list.length : 0;
  }
  let target: Json = resource;
  let rest = path;
  const urn = /^(urn:[^ ]+):([^:]+)$/.exec(path);
  if (urn) {
    target = resource[urn[1]!];
    rest = urn[2]!;
  }
  for (const part of rest.split(".")) {
    if (target === null || typeof target !== "object") return undefined;
    if (Array.isArray(target)) {
      target = target.map((item) => (item as Record<string, Json> | null)?.[part]);
    } else {
      const record = target as Record<string, Json>;
      const key = Object.keys(record).find((k) => k.toLowerCase() === part.toLowerCase());
      target = key === undefined ? undefined : record[key];
    }
  }
  return target;
}

/** One cell of text: arrays of `{ value }` as their values joined by "; ", objects as JSON. */
export function cellText(value: Json): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) {
    return value
      .map((item) =>
        item !== null && typeof item === "object" && "value" in item
          ? cellText((item as { value: Json }).value)
          : cellText(item),
      )
      .filter((text) => text !== "")
      .join("; ");
  }
  if (typeof value === "object") {
    if ("value" in value && Object.keys(value).length <= 3)
      return cellText((value as { value: Json }).value);
    return JSON.stringify(value);
  }
  return String(value);
}
