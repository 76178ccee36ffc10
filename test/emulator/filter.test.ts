import fc from "fast-check";
import SCIMMY from "scimmy";
import { describe, expect, it } from "vitest";
import {
  getAttribute,
  matchesFilter,
  protectEscapes,
  simpleEquality,
  type FilterTerm,
} from "../../emulator/filter.js";

const parse = (expression: string) =>
  [...new SCIMMY.Types.Filter(protectEscapes(expression))] as FilterTerm[];
const resolve = (resource: Record<string, unknown>, name: string) => getAttribute(resource, name);
const matches = (expression: string, resource: Record<string, unknown>) =>
  matchesFilter(parse(expression), resource, resolve);

// Filter syntax characters and keywords mixed with arbitrary graphemes.
const tricky = fc.oneof(
  fc.constantFrom('"', "\\", " ", "(", ")", "[", "]", " and ", " or ", "not ", " eq ", '\\"'),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
);

// RFC 7644 section 3.4.2.2: a string literal escapes `"` and `\` with a backslash.
const quote = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

describe("matchesFilter", () => {
  const user = {
    userName: "Ada@Example.com",
    active: true,
    logins: 42,
    emails: [
      { value: "ada@home.example", type: "other" },
      { value: "ada@work.example", type: "work" },
    ],
    manager: { value: "m-1" },
    meta: { lastModified: "2024-05-01T10:00:00.000Z" },
  };

  it.each([
    ['userName eq "ada@example.com"', true],
    ['userName ne "ada@example.com"', false],
    ['userName co "EXAMPLE"', true],
    ['userName sw "ada@"', true],
    ['userName ew ".org"', false],
    ["userName pr", true],
    ["title pr", false],
    ['title eq "x"', false],
    ["title eq null", true],
    ["active eq true", true],
    ['active eq "false"', false],
    ["logins gt 41 and logins le 42", true],
    ["logins lt 42", false],
    ['emails[type eq "work" and value ew "@work.example"]', true],
    ['emails[type eq "work" and value ew "@home.example"]', false],
    ['emails co "home"', true],
    ['manager eq "M-1"', true],
    ['meta.lastModified gt "2024-01-01T00:00:00Z"', true],
    ['meta.lastModified lt "2024-01-01T00:00:00Z"', false],
    ['not (userName eq "ada@example.com")', false],
    ['userName eq "nobody" or active eq true', true],
  ])("%s → %s", (expression, expected) => {
    expect(matches(expression, user)).toBe(expected);
  });

  it("finds the value of any string in an eq filter built with RFC escaping (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: tricky, maxLength: 30 }), (value) => {
        const expression = `userName eq ${quote(value)}`;
        expect(simpleEquality(parse(expression))).toEqual({ attribute: "userName", value });
        expect(matches(expression, { userName: value })).toBe(true);
        expect(matches(expression, { userName: `${value}x` })).toBe(false);
      }),
    );
  });
});

describe("simpleEquality", () => {
  it("recognises a lone eq comparison and nothing more complex", () => {
    expect(simpleEquality(parse('id eq "42"'))).toEqual({ attribute: "id", value: "42" });
    expect(simpleEquality(parse('id eq "42" or id eq "43"'))).toBeUndefined();
    expect(simpleEquality(parse('id eq "42" and active eq true'))).toBeUndefined();
    expect(simpleEquality(parse('id ne "42"'))).toBeUndefined();
    expect(simpleEquality(parse("count eq 42"))).toBeUndefined();
  });
});
