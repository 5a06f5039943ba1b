// Not Pagefind itself: a wrapper the search page (assets/search.js) points Pagefind's Component
// UI at (its `bundlePath` is this folder, and the UI imports `<bundlePath>pagefind.js`).
//
// It hands out the real Pagefind instance from ../pagefind/pagefind.js (the bundle that
// `pagefind --site site` writes; it finds its index next to itself), with three changes:
//   - search(): the sort chosen on the page (by date, newest or oldest first) is added to every
//     search, since the Component UI has no sort of its own;
//   - search(): an empty query without any filter returns no result instead of every note, so
//     an idle page neither downloads nor lists the whole archive;
//   - filters(): the filter index (each filter value's list of pages: the largest part of the
//     bundle, ~225 KB at 10,000 notes) is only downloaded once a filter is used (loadFilters(),
//     called by the page when the reader reaches for the filters, and before any search with
//     filters). Until then the dropdowns show the counts the generator wrote into the page.
// Everything else is Pagefind's own public JS API, unchanged.

import { createInstance as createPagefind } from "../pagefind/pagefind.js";
import { initialFilters, sortFor } from "./search.js";

let current = null;
let loaded = null;

function hasFilters(filters) {
  return Object.values(filters || {}).some((v) =>
    Array.isArray(v) ? v.length > 0 : v !== undefined && v !== "",
  );
}

/** Download Pagefind's filter index (once); resolves when every filter chunk is in. */
export function loadFilters() {
  if (!current) return Promise.resolve(false);
  if (!loaded) {
    loaded = current.filters().then(
      () => true,
      () => {
        loaded = null;
        return false;
      },
    );
  }
  return loaded;
}

export function createInstance(options) {
  const pagefind = createPagefind(options);
  current = pagefind;
  const filters = async () => ((await loaded) ? pagefind.filters() : initialFilters());
  return {
    ...pagefind,
    filters,
    async search(term, searchOptions = {}) {
      const filtered = hasFilters(searchOptions.filters);
      if (filtered) await loadFilters();
      if ((term === null || term === "") && !filtered) {
        const all = await filters();
        return { results: [], unfilteredResultCount: 0, filters: all, totalFilters: all };
      }
      const sort = sortFor(term);
      return pagefind.search(term, sort ? { ...searchOptions, sort } : searchOptions);
    },
  };
}
