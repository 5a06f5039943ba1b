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
//     filters). Until then the dropdowns show the counts the generator wrote into the page;
//   - a big archive is indexed in several bundles, one per run of years (`digest index`,
//     listed in ../pagefind/bundles.json): they are merged into this instance with Pagefind's
//     mergeIndex, which ranks and counts across them as one index. Its merged results are
//     ordered by score, and a sorted search's scores are ranks within each bundle, so a search
//     sorted by date is run one year at a time, newest (or oldest) year first: each year lies
//     in one bundle, so the years' lists, joined, are in date order.
// Everything else is Pagefind's own public JS API, unchanged.
//
// `searchNotes()` is for the header's search box on every page (assets/header-search.js): an
// instance of its own over the same merged bundles, searched as /search/ searches a query with
// no filter and no sort, so that both list the same notes in the same order.

import { createInstance as createPagefind } from "../pagefind/pagefind.js";
import { initialFilters, sortFor } from "./search.js";

const BUNDLES = new URL("../pagefind/bundles.json", import.meta.url);

let current = null;
let loaded = null;
let merging = Promise.resolve(1); // the bundles merged into `current`, when they all are

function hasFilters(filters) {
  return Object.values(filters || {}).some((v) =>
    Array.isArray(v) ? v.length > 0 : v !== undefined && v !== "",
  );
}

/** Download Pagefind's filter index (once); resolves when every filter chunk is in. */
export function loadFilters() {
  if (!current) return Promise.resolve(false);
  if (!loaded) {
    loaded = merging.then(() => current.filters()).then(
      () => true,
      () => {
        loaded = null;
        return false;
      },
    );
  }
  return loaded;
}

/** Merge the other bundles into the instance; resolves to how many bundles there are. */
async function mergeBundles(pagefind) {
  let manifest = { bundles: [] };
  try {
    const response = await fetch(BUNDLES);
    if (response.ok) manifest = await response.json();
  } catch {
    return 1; // one bundle, or an index built before bundles existed
  }
  for (const bundle of manifest.bundles || []) {
    await pagefind.mergeIndex(new URL(`../pagefind/${bundle.path}`, import.meta.url).pathname);
  }
  return 1 + (manifest.bundles || []).length;
}

/** A date-sorted search, a year at a time: results in date order across every bundle. */
async function byYear(pagefind, term, options, sort) {
  const chosen = options.filters?.year;
  const known = Object.keys(initialFilters().year || {});
  const years = (Array.isArray(chosen) && chosen.length ? chosen : known)
    .map(String)
    .sort((a, b) => (Object.values(sort)[0] === "asc" ? a.localeCompare(b) : b.localeCompare(a)));
  const results = [];
  for (const year of years) {
    const filters = { ...(options.filters || {}), year: [year] };
    const found = await pagefind.search(term, { ...options, filters });
    results.push(...found.results);
  }
  return results;
}

export function createInstance(options) {
  const pagefind = createPagefind(options);
  current = pagefind;
  const bundles = mergeBundles(pagefind);
  merging = bundles;
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
      const options = sort ? { ...searchOptions, sort } : searchOptions;
      const many = (await bundles) > 1;
      const response = await pagefind.search(term, options);
      return sort && many ? { ...response, results: await byYear(pagefind, term, options, sort) } : response;
    },
  };
}

let plain = null; // the header's instance: never `current`, which the search page's filters use

/** The notes Pagefind finds for `term` as /search/ finds them: how many, and the first `shown`
 *  of them (url, metadata, excerpt). */
export async function searchNotes(term, shown = 5) {
  if (!plain) {
    const pagefind = createPagefind({});
    plain = { pagefind, bundles: mergeBundles(pagefind) };
  }
  await plain.bundles;
  const response = await plain.pagefind.search(term);
  const results = response ? response.results : [];
  const notes = await Promise.all(results.slice(0, shown).map((result) => result.data()));
  return { count: results.length, notes };
}
