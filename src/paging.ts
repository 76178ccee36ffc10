import { ScimError, ScimResponseError, ScimValidationError } from "./errors.js";

/** The paging fields of a SCIM list response (RFC 7644 §3.4.2). */
export interface ScimListPage<T> {
  totalResults?: number;
  startIndex?: number;
  itemsPerPage?: number;
  Resources?: T[];
}

/** Where iteration starts and how many resources each page asks for. */
export interface PageOptions {
  /** 1-based index of the first resource. Default 1. */
  startIndex?: number;
  /**
   * Page size (`count`) to ask for. Default: the server's (25 at Genesys Cloud, where a page size
   * over 25 may be answered with 429 unless `attributes`/`excludedAttributes` trim the result).
   */
  count?: number;
  /**
   * Stop with a `ScimResponseError` instead of fetching more than this many pages (a guard for
   * servers that never report the end). Default: no cap.
   */
  maxPages?: number;
}

/** Fetches the page starting at `startIndex` (1-based), asking for `count` resources when set. */
export type PageFetcher<P> = (startIndex: number, count: number | undefined) => Promise<P>;

/**
 * Every resource of a paged SCIM list, fetched one page at a time as iteration proceeds (memory
 * holds one page). Iteration stops after `totalResults` resources or at the first empty page (which
 * may omit `Resources`, RFC 7644 §3.4.2). A page that would make paging spin or skip ends it with a
 * `ScimResponseError` (`"bad-page"`): `Resources` that is not an array, an echoed `startIndex`
 * other than the one asked for, or a page holding only resources of the previous page (a server
 * ignoring `startIndex`). Some overlap with the previous page is normal under concurrent edits.
 *
 * @example
 * ```ts
 * for await (const user of client.users.list({ filter: filter.eq("active", true) })) {
 *   console.log(user.userName);
 * }
 * ```
 */
export class ScimList<T, P extends ScimListPage<T> = ScimListPage<T>> implements AsyncIterable<T> {
  readonly #fetchPage: PageFetcher<P>;
  readonly #startIndex: number;
  readonly #count: number | undefined;
  readonly #maxPages: number;
  readonly #source: string;

  /**
   * @param fetchPage - gets one page; see {@link PageFetcher}.
   * @param source - what the pages are of (e.g. the collection's path), for error messages.
   */
  constructor(fetchPage: PageFetcher<P>, options: PageOptions = {}, source = "list") {
    const { startIndex = 1, count, maxPages = Infinity } = options;
    if (!Number.isInteger(startIndex) || startIndex < 1) {
      throw new ScimValidationError(
        `startIndex must be a whole number >= 1, got ${String(startIndex)}`,
      );
    }
    if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
      throw new ScimValidationError(
        `count (the page size) must be a whole number >= 1, got ${String(count)}`,
      );
    }
    if (maxPages !== Infinity && (!Number.isInteger(maxPages) || maxPages < 1)) {
      throw new ScimValidationError(
        `maxPages must be a whole number >= 1, got ${String(maxPages)}`,
      );
    }
    this.#maxPages = maxPages;
    this.#source = source;
    this.#fetchPage = fetchPage;
    this.#startIndex = startIndex;
    this.#count = count;
  }

  /** Each page as the server returned it (with `totalResults`), fetched lazily. */
  async *pages(): AsyncGenerator<P, void, undefined> {
    let startIndex = this.#startIndex;
    let previousIds: Set<unknown> | undefined;
    for (let pages = 0; ; pages++) {
      if (pages >= this.#maxPages) this.#fail(startIndex, `more than maxPages (${this.#maxPages})`);
      const page = await this.#fetchPage(startIndex, this.#count);
      const resources: unknown = page.Resources;
      if (resources !== undefined && !Array.isArray(resources)) {
        this.#fail(startIndex, "Resources is not an array");
      }
      if (typeof page.startIndex === "number" && page.startIndex !== startIndex) {
        this.#fail(startIndex, `asked for startIndex ${startIndex}, got ${page.startIndex}`);
      }
      const size = page.Resources?.length ?? 0;
      if (size === 0) return;
      const ids = page.Resources!.map((item) => (item as { id?: unknown } | null)?.id);
      if (previousIds && ids.every((id) => id !== undefined && previousIds!.has(id))) {
        this.#fail(startIndex, "it repeats the previous page (the server ignores startIndex?)");
      }
      previousIds = new Set(ids);
      yield page;
      startIndex += size;
      // startIndex is 1-based: once it passes totalResults, every resource has been seen.
      if (typeof page.totalResults === "number" && startIndex > page.totalResults) return;
    }
  }

  #fail(startIndex: number, problem: string): never {
    throw new ScimResponseError({
      reason: "bad-page",
      method: "GET",
      url: `${this.#source} (page at startIndex ${startIndex})`,
      problem,
    });
  }

  /** Iterates every resource across pages. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.Resources ?? [];
  }

  /** The first resource (one page is fetched), or `undefined`. */
  async first(): Promise<T | undefined> {
    for await (const resource of this) return resource;
    return undefined;
  }

  /** Every resource; rejects when there are more than `limit` (`Infinity`: the whole list). */
  async toArray(options: { limit: number }): Promise<T[]> {
    const limit = options?.limit;
    if (typeof limit !== "number" || !(limit >= 0))
      throw new ScimValidationError(`toArray: limit must be >= 0, got ${limit}`);
    const all: T[] = [];
    for await (const resource of this) {
      if (all.length >= limit) throw new ScimError(`toArray: more than ${limit} resources`);
      all.push(resource);
    }
    return all;
  }
}
