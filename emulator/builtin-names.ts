// scimmy keeps parsed filters and attribute lists in plain objects keyed by attribute name, so a
// name that is also a property every object inherits (`toString eq "x"`, `constructor pr`,
// `__proto__ eq "a"`, `attributes=__proto__`) reached Object.prototype and failed with a
// TypeError (500). Such names are never SCIM attributes of these schemas: they are renamed to
// a name no schema has, so they behave exactly like any other unknown attribute.

const BUILTIN_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** An attribute name of the SCIM grammar (ALPHA *(nameChar)) that no schema here declares. */
function unknownName(name: string): string {
  return `unknownAttribute${name.replace(/[^A-Za-z0-9]/g, "")}`;
}

/**
 * Renames built-in property names in a filter expression or an attributes list. String literals
 * are left as they are: `userName eq "toString"` still compares with "toString".
 */
export function neutralizeBuiltinNames(expression: string): string {
  let out = "";
  let inString = false;
  let word = "";
  const flush = () => {
    out += BUILTIN_NAMES.has(word) ? unknownName(word) : word;
    word = "";
  };
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i]!;
    if (inString) {
      out += char;
      if (char === "\\" && i + 1 < expression.length) out += expression[++i];
      else if (char === '"') inString = false;
    } else if (/[\w$]/.test(char)) {
      word += char;
    } else {
      flush();
      if (char === '"') inString = true;
      out += char;
    }
  }
  flush();
  return out;
}
