import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FilterSyntaxError, parseFilter } from "../../cli/filter-parser.js";
import { filter, ScimFilter } from "../../src/index.js";

// --filter text → the library's builders: the result is a built ScimFilter equal to what the
// builders would make, and every error names the index of the problem.

describe("parseFilter", () => {
  it("builds what the builders build, precedence not > and > or", () => {
    const cases: [string, ScimFilter][] = [
      ['userName eq "a@example.com"', filter.eq("userName", "a@example.com")],
      ['userName SW "a"', filter.sw("userName", "a")],
      ["active eq false", filter.eq("active", false)],
      ["manager eq null", filter.eq("manager", null)],
      ["meta.version gt 3", filter.gt(filter.path("meta.version"), 3)],
      ["title pr", filter.pr("title")],
      [
        "a eq 1 or b eq 2 and c eq 3",
        filter.or(
          filter.eq(filter.path("a"), 1),
          filter.and(filter.eq(filter.path("b"), 2), filter.eq(filter.path("c"), 3)),
        ),
      ],
      [
        "(a eq 1 or b eq 2) and not (c pr)",
        filter.and(
          filter.or(filter.eq(filter.path("a"), 1), filter.eq(filter.path("b"), 2)),
          filter.not(filter.pr(filter.path("c"))),
        ),
      ],
      [
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"',
        filter.eq("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Sales"),
      ],
      ['displayName co "say \\"hi\\" \\u00e9"', filter.co("displayName", 'say "hi" é')],
    ];
    for (const [text, expected] of cases) {
      const parsed = parseFilter(text);
      expect(parsed, text).toBeInstanceOf(ScimFilter);
      expect(String(parsed), text).toBe(String(expected));
    }
  });

  it("reports the position of each problem", () => {
    const cases: [string, number, RegExp][] = [
      ["", 0, /empty/],
      ['userName eq "a', 12, /unterminated string/],
      ['userName xx "a"', 9, /expected an operator/],
      ["userName eq", 11, /expected a value/],
      ['userName eq "a" extra', 16, /expected "and", "or" or the end/],
      ["(active eq true", 15, /expected "\)" to close the "\(" at column 1/],
      ['emails[type eq "work"]', 6, /value filters/],
      ['1abc eq "x"', 0, /not a SCIM attribute path/],
      ["userName sw 5", 12, /sw compares text/],
      ["title gt true", 9, /gt compares strings or numbers/],
      ["not title pr", 4, /expected "\(" after not/],
      ['and eq "x"', 0, /expected an attribute name/],
      ['userName eq "bad \\x escape"', 12, /invalid string/],
    ];
    for (const [text, index, message] of cases) {
      let caught: unknown;
      try {
        parseFilter(text);
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(FilterSyntaxError);
      expect((caught as FilterSyntaxError).index, text).toBe(index);
      expect((caught as FilterSyntaxError).message, text).toMatch(message);
    }
  });

  it("round-trips any string value the builders encode", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const built = filter.eq("userName", value);
        expect(String(parseFilter(String(built)))).toBe(String(built));
      }),
    );
  });
});
