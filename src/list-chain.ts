import { ScimList, type ScimListPage } from "./paging.js";

/**
 * The pages of several lists one after the other, as one {@link ScimList} (`for await`, `first`,
 * `toArray` all work): how `users.list({ includeInactive: true })` appends the `active eq false`
 * users to the active ones an unfiltered Genesys list returns.
 */
export class ScimListChain<T, P extends ScimListPage<T>> extends ScimList<T, P> {
  readonly #lists: readonly ScimList<T, P>[];

  constructor(lists: readonly ScimList<T, P>[]) {
    super(() => Promise.reject(new Error("unreachable: a chain reads its lists' pages")));
    this.#lists = lists;
  }

  override async *pages(): AsyncGenerator<P, void, undefined> {
    for (const list of this.#lists) yield* list.pages();
  }
}
