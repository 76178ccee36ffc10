import { filter, isAttributePath, ScimFilter } from "../src/index.js";

// --filter 'userName sw "a" and not (title pr)': the RFC 7644 §3.4.2.2 filter grammar, parsed
// into the library's filter builders, so what is sent is always a filter the builders made (paths
// validated, values re-encoded), never the user's raw string. Precedence as the RFC says: not,
// then and, then or; operators and keywords case-insensitive. Errors carry the 0-based index of
// the offending token, which the CLI shows with a caret.
//
// Hand-written because no maintained parser reports positions: scim2-parse-filter and scimmy's
// Filter say only "Unexpected token" (and the former mis-decodes backslash escapes).

/** A --filter that does not parse; `index` is where the problem starts (0-based). */
export class FilterSyntaxError extends Error {
  override name = "FilterSyntaxError";
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

type Token =
  | { kind: "(" | ")" | "[" | "]"; index: number; text: string }
  | { kind: "string"; index: number; text: string; value: string }
  | { kind: "word"; index: number; text: string }
  | { kind: "end"; index: number; text: string };

const COMPARISONS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
type Comparison = (typeof COMPARISONS)[number];
const TEXT_ONLY = new Set(["co", "sw", "ew"]);
const ORDERED = new Set(["gt", "ge", "lt", "le"]);
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === "[" || c === "]") {
      tokens.push({ kind: c, index: i, text: c });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) throw new FilterSyntaxError("unterminated string", i);
      const raw = text.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        throw new FilterSyntaxError(
          `invalid string ${raw} (JSON escapes only: \\" \\\\ \\n \\uXXXX)`,
          i,
        );
      }
      tokens.push({ kind: "string", index: i, text: raw, value });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()[\]"]/.test(text[j]!)) j++;
      tokens.push({ kind: "word", index: i, text: text.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ kind: "end", index: text.length, text: "" });
  return tokens;
}

/** Parses `text` into a {@link ScimFilter}; throws {@link FilterSyntaxError} with the position. */
export function parseFilter(text: string): ScimFilter {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at]!;
  const next = () => tokens[at++]!;
  const isWord = (token: Token, word: string) =>
    token.kind === "word" && token.text.toLowerCase() === word;
  const describe = (token: Token) =>
    token.kind === "end" ? "the end of the filter" : `"${token.text}"`;

  function or(): ScimFilter {
    const parts = [and()];
    while (isWord(peek(), "or")) {
      next();
      parts.push(and());
    }
    return parts.length === 1 ? parts[0]! : filter.or(parts[0]!, ...parts.slice(1));
  }

  function and(): ScimFilter {
    const parts = [unary()];
    while (isWord(peek(), "and")) {
      next();
      parts.push(unary());
    }
    return parts.length === 1 ? parts[0]! : filter.and(parts[0]!, ...parts.slice(1));
  }

  function group(): ScimFilter {
    const open = next(); // "("
    const inner = or();
    const close = peek();
    if (close.kind !== ")") {
      throw new FilterSyntaxError(
        `expected ")" to close the "(" at column ${open.index + 1}, got ${describe(close)}`,
        close.index,
      );
    }
    next();
    return inner;
  }

  function unary(): ScimFilter {
    const token = peek();
    if (isWord(token, "not")) {
      next();
      if (peek().kind !== "(") {
        throw new FilterSyntaxError(
          `expected "(" after not, got ${describe(peek())}`,
          peek().index,
        );
      }
      return filter.not(group());
    }
    if (token.kind === "(") return group();
    return comparison();
  }

  function comparison(): ScimFilter {
    const path = next();
    if (path.kind !== "word" || ["and", "or", "not"].includes(path.text.toLowerCase())) {
      throw new FilterSyntaxError(
        `expected an attribute name such as userName, got ${describe(path)}`,
        path.index,
      );
    }
    if (!isAttributePath(path.text)) {
      throw new FilterSyntaxError(
        `"${path.text}" is not a SCIM attribute path (e.g. userName, name.familyName, ` +
          `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department)`,
        path.index,
      );
    }
    const operator = next();
    if (operator.kind === "[") {
      throw new FilterSyntaxError(
        `value filters such as ${path.text}[type eq "work"] are not supported; filter on a ` +
          `sub-attribute instead, e.g. ${path.text}.value`,
        operator.index,
      );
    }
    const op = operator.kind === "word" ? operator.text.toLowerCase() : "";
    if (op === "pr") return filter.pr(filter.path(path.text));
    if (!(COMPARISONS as readonly string[]).includes(op)) {
      throw new FilterSyntaxError(
        `expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after ${path.text}, got ` +
          describe(operator),
        operator.index,
      );
    }
    const valueToken = next();
    const value = literal(valueToken, op);
    if (TEXT_ONLY.has(op) && typeof value !== "string") {
      throw new FilterSyntaxError(
        `${op} compares text: expected a "quoted string"`,
        valueToken.index,
      );
    }
    if (ORDERED.has(op) && typeof value !== "string" && typeof value !== "number") {
      throw new FilterSyntaxError(
        `${op} compares strings or numbers, not ${valueToken.text}`,
        valueToken.index,
      );
    }
    const build = filter[op as Comparison] as (path: string, value: unknown) => ScimFilter;
    // Any valid path is accepted from the command line (the escape hatch the typed builders offer).
    return build(filter.path(path.text), value);
  }

  function literal(token: Token, op: string): string | number | boolean | null {
    if (token.kind === "string") return token.value;
    if (token.kind === "word") {
      const word = token.text.toLowerCase();
      if (word === "true") return true;
      if (word === "false") return false;
      if (word === "null") return null;
      if (NUMBER.test(token.text)) return Number(token.text);
    }
    throw new FilterSyntaxError(
      `expected a value after ${op} (a "quoted string", a number, true, false or null), got ` +
        describe(token),
      token.index,
    );
  }

  if (peek().kind === "end") throw new FilterSyntaxError("the filter is empty", 0);
  const result = or();
  const rest = peek();
  if (rest.kind !== "end") {
    throw new FilterSyntaxError(
      `expected "and", "or" or the end of the filter, got ${describe(rest)}`,
      rest.index,
    );
  }
  return result;
}

/** The CLI's rendering of a filter error: the message, the filter, and a caret under the spot. */
export function filterErrorLines(text: string, error: FilterSyntaxError): string[] {
  return [`  ${text}`, `  ${" ".repeat(error.index)}^`];
}
