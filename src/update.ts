import { ScimApiError, ScimValidationError } from "./errors.js";
import type { PatchOperation } from "./patch.js";
import type { CallOptions, WriteOptions } from "./resources.js";

// Read-modify-write with optimistic concurrency: read the resource, build PATCH operations from
// what was read, send them with If-Match: <the version read>. When someone else wrote in between,
// Genesys answers 400 invalidVers (spec/DECISIONS.md §10; 412 is RFC 7644's code for the same), and
// the operations are rebuilt from a fresh read. The window between read and write is one round
// trip, so losing it three times in a row means a writer hammering the same resource: give up
// then and throw the conflict instead of spinning.

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

/** True when `error` says the If-Match version was stale. */
export function isVersionConflict(error: unknown): boolean {
  return (
    error instanceof ScimApiError && (error.scimType === "invalidVers" || error.status === 412)
  );
}

interface Versioned {
  meta: { version: string };
}

/**
 * Runs `round` (read, then write conditional on the version read) until it does not hit a version
 * conflict, at most `attempts` times.
 */
export async function withVersionRetry<R>(
  round: () => Promise<R>,
  attempts: number | undefined = DEFAULT_UPDATE_ATTEMPTS,
): Promise<R> {
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new ScimValidationError(`attempts must be a whole number >= 1, got ${String(attempts)}`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await round();
    } catch (error) {
      if (attempt >= attempts || !isVersionConflict(error)) throw error;
    }
  }
}

/** `users.update`: read, build, PATCH with If-Match, again from a fresh read on a stale version. */
export async function updateResource<T extends Versioned>(
  get: (id: string, options: CallOptions) => Promise<T>,
  patch: (id: string, operations: readonly PatchOperation[], options: WriteOptions) => Promise<T>,
  id: string,
  build: UpdateBuilder<T>,
  options: UpdateOptions = {},
): Promise<T> {
  if (typeof build !== "function") {
    throw new ScimValidationError(
      "update: the second argument must be a function (current => operations)",
    );
  }
  const { signal } = options;
  return withVersionRetry(async () => {
    const current = await get(id, { signal });
    const operations = await build(current);
    if (operations.length === 0) return current;
    return patch(id, operations, { signal, ifMatch: current.meta.version });
  }, options.attempts);
}
