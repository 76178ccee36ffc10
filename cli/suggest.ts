// "Did you mean ...?" for mistyped commands and flags: the closest known name by edit distance
// (Damerau-Levenshtein, optimal string alignment: a swap of two neighbours is one edit), offered only when it is close enough to be a typo (at most a third of its
// length, and never more than 3 edits), as git and gh do.

function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name closest to `input`, if it is plausibly a typo of it. */
export function closest(input: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = distance(input.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(best.length / 3)));
  return bestDistance <= limit || best.startsWith(input) ? best : undefined;
}

/** " Did you mean X?" or "". */
export function didYouMean(input: string, known: Iterable<string>, prefix = ""): string {
  const match = closest(input, known);
  return match === undefined ? "" : ` Did you mean ${prefix}${match}?`;
}
