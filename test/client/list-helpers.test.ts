import { describe, expect, it } from "vitest";
import { ScimApiError, ScimError, ScimList, ScimValidationError } from "../../src/index.js";
import { ScimListChain } from "../../src/list-chain.js";

/** A list over `total` numbered resources served `size` per page, counting the pages fetched. */
function numbers(total: number, size: number) {
  const fetched: number[] = [];
  const list = new ScimList<number>(async (startIndex) => {
    fetched.push(startIndex);
    const Resources = Array.from(
      { length: Math.max(0, Math.min(size, total - startIndex + 1)) },
      (_, i) => startIndex + i,
    );
    return { totalResults: total, Resources };
  });
  return { list, fetched };
}

describe("ScimList.first and toArray", () => {
  it("first fetches one page", async () => {
    const { list, fetched } = numbers(100, 25);
    expect(await list.first()).toBe(1);
    expect(fetched).toEqual([1]);
    expect(await numbers(0, 25).list.first()).toBeUndefined();
  });

  it("toArray collects every page up to the limit and refuses to cut a longer list", async () => {
    const { list, fetched } = numbers(60, 25);
    expect(await list.toArray({ limit: 60 })).toHaveLength(60);
    expect(fetched).toEqual([1, 26, 51]);
    expect(await list.toArray({ limit: Infinity })).toHaveLength(60);
    const error = await list.toArray({ limit: 59 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimError);
    expect(String(error)).toMatch(/toArray: more than 59 resources/);
    for (const limit of [undefined, -1, Number.NaN, "5"]) {
      await expect(list.toArray({ limit } as never)).rejects.toThrow(ScimValidationError);
    }
  });

  it("a chain reads its lists one after the other (includeInactive's active, then inactive)", async () => {
    const parts = [numbers(3, 2), numbers(2, 5), numbers(1, 1)];
    const chained = new ScimListChain(parts.map((p) => p.list));
    expect(await chained.toArray({ limit: 10 })).toEqual([1, 2, 3, 1, 2, 1]);
    expect(parts.map((p) => p.fetched)).toEqual([[1, 3], [1], [1]]);
    expect(await new ScimListChain<number, { Resources?: number[] }>([]).first()).toBeUndefined();
  });
});

describe("ScimApiError.scimType", () => {
  const init = { status: 400, method: "PATCH", url: "http://127.0.0.1/x" };
  it("keeps the spec's values typed and an unknown one verbatim apart", () => {
    const known = new ScimApiError({ ...init, scimType: "invalidVers" });
    expect([known.scimType, known.unknownScimType]).toEqual(["invalidVers", undefined]);
    const unknown = new ScimApiError({ ...init, scimType: "versionMismatch" });
    expect([unknown.scimType, unknown.unknownScimType]).toEqual([undefined, "versionMismatch"]);
    expect(unknown.message).toContain("scimType versionMismatch");
    expect(new ScimApiError(init).scimType).toBeUndefined();
  });
});
