// When a plan must wait for an explicit allowance: an empty source (ssosync #194 deleted every
// user when its source answered empty) or more removals than the thresholds allow (Entra's
// accidental-deletions threshold counts disables as well as deletes; 500 is its default).
import type { SyncBlock } from "./types.js";

export const DEFAULT_THRESHOLDS = { maxRemovals: 500, maxRemovalPercent: 20 };

export function blocksOf(
  desiredUsers: number,
  removals: number,
  activeInScope: number,
  thresholds: { maxRemovals: number; maxRemovalPercent: number },
): SyncBlock[] {
  const blocked: SyncBlock[] = [];
  if (desiredUsers === 0) {
    blocked.push({
      kind: "empty-source",
      reason: `the source has no users; applying would remove all ${activeInScope} in-scope users`,
    });
  }
  if (removals > thresholds.maxRemovals) {
    blocked.push({
      kind: "threshold",
      reason: `${removals} deactivations/deletions exceed maxRemovals ${thresholds.maxRemovals}`,
    });
  }
  const percent = activeInScope === 0 ? 0 : (removals * 100) / activeInScope;
  if (removals > 0 && percent > thresholds.maxRemovalPercent) {
    blocked.push({
      kind: "threshold",
      reason: `${removals} deactivations/deletions are ${percent.toFixed(1)} % of ${activeInScope} active in-scope users, over maxRemovalPercent ${thresholds.maxRemovalPercent}`,
    });
  }
  return blocked;
}
