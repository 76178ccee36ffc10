// What a journal holds and how apply resumes from it.
import type { ApplyState } from "./execute.js";
import { SyncPlanError } from "./types.js";

export const JOURNAL_HEADER = "genesys-cloud-scim/sync journal";

export interface JournalEntry {
  item: string;
  status: string;
  userId?: string;
  groupId?: string;
  etag?: string;
}

/** Marks journaled items done and restores the ids they created; refuses another plan's journal. */
export function resumeFrom(
  entries: readonly unknown[],
  planId: string,
  state: ApplyState,
  done: Set<string>,
): void {
  if (entries.length === 0) return;
  const header = entries[0] as { type?: unknown; planId?: unknown };
  if (header?.type !== JOURNAL_HEADER)
    throw new SyncPlanError("the journal does not start with a sync journal header");
  if (header.planId !== planId) {
    throw new SyncPlanError(
      `the journal belongs to plan ${String(header.planId)}, not ${planId}; use a new journal for a new plan`,
    );
  }
  for (const raw of entries.slice(1)) {
    const entry = raw as Partial<JournalEntry>;
    if (typeof entry?.item !== "string") continue;
    done.add(entry.item);
    if (entry.item.startsWith("create:") && entry.userId) state.users.set(entry.item, entry.userId);
    if (entry.item.startsWith("group:") && entry.groupId)
      state.groups.set(entry.item, { id: entry.groupId, etag: entry.etag });
  }
}
