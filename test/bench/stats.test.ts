import { describe, expect, it } from "vitest";
import { median, percentile, ratio, summarize } from "../../bench/stats.js";

describe("bench statistics", () => {
  it("takes the middle sample, or the mean of the two middle ones", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("uses the nearest rank for percentiles", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7, 1, 9], 99)).toBe(9);
    expect(percentile([7, 1, 9], 50)).toBe(7);
  });

  it("does not reorder the caller's samples", () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it("refuses empty sample sets, bad percentiles and zero references", () => {
    expect(() => median([])).toThrow(/empty/);
    expect(() => percentile([1], 0)).toThrow(/percentile must be/);
    expect(() => ratio(1, 0)).toThrow(/non-positive/);
  });
});
