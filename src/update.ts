import { ScimApiError, ScimValidationError } from "./errors.js";
import type { PatchOperation } from "./patch.js";
import type { CallOptions } from "./resources.js";

// Read-modify-write with optimistic concurrency: read the resource, build PATCH operations from
// what was read, send them with If-Match: <the version read>. When someone else wrote in between,
// Genesys answers 400 invalidVers (spec/DECISIONS.md §10; 412 is RFC 7644's code for the same) and
// the round starts over from a fresh read. The window between read and write is one round trip,
// so losing it 3 times in a row means a writer hammering the same resource: the conflict is thrown
// then instead of spinning.

/** How many read-build-write rounds `update` tries by default before the conflict is thrown. */
export const DEFAULT_UPDATE_ATTEMPTS = 3;

/** Options of `users.update` (and the membership helpers). */
export interface UpdateOptions extends CallOptions {
  /** Read-build-write rounds before a version conflict is thrown. Default 3. */
  attempts?: number;
}

/** Builds the operations from the resource as it is now; none (`[]`) means nothing to change. */
export type UpdateBuilder<T> = (
  current: T,
) => readonly PatchOperation[] | Promise<readonly PatchOperation[]>;

/** True when `error` says the If-Match version was stale (400 invalidVers, or 412). */
export function isVersionConflict(error: unknown): boolean {
  return (
    error instanceof ScimApiError && (error.scimType === "invalidVers" || error.status === 412)
  );
}

/** Runs `round` again while it fails with a version conflict, `attempts` times at most. */
export async function withVersionRetry<R>(
  round: () => Promise<R>,
  attempts = DEFAULT_UPDATE_ATTEMPTS,
): Promise<R> {
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new ScimValidationError(`attempts must be a whole number >= 1, got ${attempts}`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await round();
    } catch (error) {
      if (attempt >= attempts || !isVersionConflict(error)) throw error;
    }
  }
}
