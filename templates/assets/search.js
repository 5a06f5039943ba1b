// The /search/ page: Pagefind's Component UI, with the query, filters and sort mirrored into
// the URL (?query=phones&agency=<id>&region=<id>&theme=<id>&year=2024&sort=newest), so a
// filtered search can be bookmarked and shared, and a digest page can link to its term's search.
// Terms are given by id (a name is accepted too); a parameter may repeat (theme=a&theme=b:
// notes with both, as Pagefind combines the values of a filter).
// Not `q`: Material opens its own header search on any page whose URL carries `?q=`.
//
// Loaded as a module by templates/search.md.j2. Paths are relative to this file, so the site
// works under any base path (e.g. a GitHub Pages project site).
//
//   ../pagefind/pagefind-component-ui.js   Pagefind's UI, written by `pagefind --site site`
//                                          (missing: the page says the index could not be loaded)
//   ./pagefind.js                          a thin wrapper over ../pagefind/pagefind.js: adds the
//                                          sort (the UI has none) and downloads the filter index
//                                          only once a filter is used

export const QUERY = "query";
const SORTS = {
  newest: { date: "desc" },
  oldest: { date: "asc" },
};

const state = { term: "", filters: {}, sort: "" };

/** Search options for Pagefind: the chosen sort; without a query, newest first. */
export function sortFor(term) {
  if (Object.hasOwn(SORTS, state.sort)) return SORTS[state.sort];
  return term ? undefined : SORTS.newest;
}

// ---- the URL <-> the search ---------------------------------------------------------------

function readTerms() {
  const element = document.getElementById("digest-search-terms");
  let data = {};
  try {
    data = JSON.parse(element ? element.textContent : "{}") || {};
  } catch {
    data = {};
  }
  const byId = data.names || {};
  const byName = {};
  for (const [filter, names] of Object.entries(byId)) {
    byName[filter] = {};
    for (const [id, name] of Object.entries(names)) {
      if (!Object.hasOwn(byName[filter], name)) byName[filter][name] = id;
    }
  }
  return { filters: data.filters || [], byId, byName, counts: data.counts || {} };
}

const TERMS = readTerms();
// The filters, in the order the page's `digest-search-terms` data lists them: one per
// vocabulary, as the generator's table of vocabularies names them, the confidence, the year.
export const FILTERS = TERMS.filters;

/** Every filter value with its number of notes, as the generator counted them (no download). */
export function initialFilters() {
  const filters = {};
  for (const filter of FILTERS) filters[filter] = { ...(TERMS.counts[filter] || {}) };
  return filters;
}

/** URL value (a term id, or anything else as it is) -> the filter value in the index. */
function toFilterValue(filter, value) {
  const names = TERMS.byId[filter] || {};
  return Object.hasOwn(names, value) ? names[value] : value;
}

/** Filter value in the index (a term name) -> the URL value (its id). */
function toUrlValue(filter, value) {
  const ids = TERMS.byName[filter] || {};
  return Object.hasOwn(ids, value) ? ids[value] : value;
}

export function readUrl(search = window.location.search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const filter of FILTERS) {
    const values = params
      .getAll(filter)
      .map((v) => v.trim())
      .filter(Boolean)
      .map((v) => toFilterValue(filter, v));
    if (values.length) filters[filter] = [...new Set(values)];
  }
  const sort = params.get("sort") || "";
  return {
    term: (params.get(QUERY) || "").trim(),
    filters,
    sort: Object.hasOwn(SORTS, sort) ? sort : "",
  };
}

export function urlFor({ term, filters, sort }) {
  const params = new URLSearchParams();
  if (term) params.set(QUERY, term);
  for (const filter of FILTERS) {
    for (const value of filters[filter] || []) params.append(filter, toUrlValue(filter, value));
  }
  if (sort) params.set("sort", sort);
  const query = params.toString();
  return window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
}

function cleanFilters(filters) {
  const clean = {};
  for (const [filter, values] of Object.entries(filters || {})) {
    const list = (Array.isArray(values) ? values : [values]).filter((v) => v !== undefined && v !== "");
    if (list.length) clean[filter] = list;
  }
  return clean;
}

// ---- names for Pagefind's dropdowns ------------------------------------------------------------
// Pagefind 1.5.2's dropdown trigger is a button with role="combobox", which takes no name from
// its text (axe: button-name, critical), its listbox has none either, and each option's label
// ("Coast Guard, 3 results") does not hold its visible text ("Coast Guard3"). Each is given a
// name here, again whenever Pagefind redraws them; only what differs is written, so the
// observer's own writes end the round.

const LABELS = new Map(); // filter -> the dropdown's label ("Region")

function setAttribute(element, name, value) {
  if (value === null) {
    if (element.hasAttribute(name)) element.removeAttribute(name);
  } else if (element.getAttribute(name) !== value) {
    element.setAttribute(name, value);
  }
}

/** The chosen values of a filter, as the reader reads them (term names). */
function chosen(filter) {
  return (state.filters[filter] || []).map(String);
}

function nameDropdowns(root) {
  for (const dropdown of root.querySelectorAll("pagefind-filter-dropdown")) {
    const filter = dropdown.getAttribute("filter") || "";
    const label = dropdown.getAttribute("label") || filter;
    LABELS.set(filter, label);
    const values = chosen(filter);
    const trigger = dropdown.querySelector(".pf-dropdown-trigger");
    if (trigger) setAttribute(trigger, "aria-label", `${label}: ${values.length ? values.join(", ") : "any"}`);
    const listbox = dropdown.querySelector("[role=listbox]");
    if (listbox) {
      setAttribute(listbox, "aria-labelledby", null);
      setAttribute(listbox, "aria-label", label);
    }
    for (const option of dropdown.querySelectorAll("[role=option]")) {
      setAttribute(option, "aria-label", null); // named by its text: the value and its count
      const count = option.querySelector(".pf-dropdown-option-count");
      if (count) setAttribute(count, "aria-hidden", null);
    }
  }
}

/** "Region: Port Vela · Theme: Fishing", shown under the filters: the badge only counts them. */
function showChosen(root) {
  const line = root.querySelector("[data-search-chosen]");
  if (!line) return;
  const parts = [];
  for (const filter of FILTERS) {
    const values = chosen(filter);
    if (values.length) parts.push(`${LABELS.get(filter) || filter}: ${values.join(", ")}`);
  }
  line.textContent = parts.length ? `Filtered by ${parts.join(" · ")}` : "";
  line.hidden = parts.length === 0;
  nameDropdowns(root);
}

// ---- the dropdowns close ------------------------------------------------------------------------
// Pagefind 1.5.2's multi-select dropdown stays open after a choice, and closes on Escape only
// while its button has the focus (a click on an option leaves it elsewhere). Here a choice, by
// pointer or by Enter or Space, closes it, and so does Escape wherever the focus is; the focus
// goes back to the dropdown's button. `isOpen` and `close()` are the element's own.

function openDropdowns(root) {
  return [...root.querySelectorAll("pagefind-filter-dropdown")].filter((d) => d.isOpen && typeof d.close === "function");
}

function closeDropdown(dropdown) {
  dropdown.close();
  const trigger = dropdown.querySelector(".pf-dropdown-trigger");
  if (trigger) trigger.focus();
}

function closeDropdownsOnChoice(root) {
  // capture: Pagefind's own handlers (which toggle the value) may stop the event
  root.addEventListener(
    "click",
    (event) => {
      const option = event.target instanceof Element ? event.target.closest("[role=option]") : null;
      const dropdown = option ? option.closest("pagefind-filter-dropdown") : null;
      if (dropdown) window.setTimeout(() => dropdown.isOpen && closeDropdown(dropdown), 0);
    },
    true,
  );
  root.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      const dropdown = event.target instanceof Element ? event.target.closest("pagefind-filter-dropdown") : null;
      if (dropdown && dropdown.isOpen) window.setTimeout(() => dropdown.isOpen && closeDropdown(dropdown), 0);
    },
    true,
  );
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = openDropdowns(root);
    if (!open.length) return;
    event.preventDefault();
    open.forEach(closeDropdown);
  });
}

function isIdle() {
  return !state.term && Object.keys(state.filters).length === 0;
}

// ---- the page ------------------------------------------------------------------------------

/** Pagefind's stylesheet, from the bundle next to its script; resolves once loaded (or failed). */
function loadStylesheet(href) {
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.addEventListener("load", resolve, { once: true });
    link.addEventListener("error", resolve, { once: true });
    // before our own stylesheet (in the page), so that ours wins where both set a rule
    const ours = document.querySelector('link[href$="assets/search.css"]');
    if (ours) ours.before(link);
    else document.head.append(link);
  });
}

async function start() {
  const root = document.getElementById("digest-search");
  const template = document.getElementById("digest-search-ui");
  if (!root || !template) return;
  const loading = root.querySelector("[data-search-loading]");
  const fail = () => {
    if (loading) loading.hidden = true;
    const failed = root.querySelector("[data-search-failed]");
    if (failed) failed.hidden = false;
  };
  // Pagefind's UI (a classic script: it defines the custom elements and window.PagefindComponents)
  try {
    await import(new URL("../pagefind/pagefind-component-ui.js", import.meta.url).href);
  } catch {
    fail(); // no index next to the site: `pagefind --site site` has not run (e.g. `digest serve`)
    return;
  }
  const components = window.PagefindComponents;
  if (!components) {
    fail();
    return;
  }

  // Pagefind itself comes through ./pagefind.js (same folder as this file), which adds the sort.
  components.configureInstance("default", { bundlePath: new URL("./", import.meta.url).href });
  const instance = components.getInstanceManager().getInstance("default");

  Object.assign(state, readUrl());
  const ui = template.content.cloneNode(true);
  const sortSelect = ui.querySelector("[data-search-sort]");
  const clearButton = ui.querySelector("[data-search-clear]");
  if (sortSelect) sortSelect.value = state.sort;

  const show = () => {
    root.dataset.state = isIdle() ? "idle" : "active";
    if (clearButton) clearButton.hidden = isIdle() && !state.sort;
    showChosen(root);
  };

  // Restoring a shared URL waits for Pagefind to load: in faceted mode the UI runs an empty
  // search of its own once loaded, which would otherwise overtake the URL's search.
  const wanted = { term: state.term, filters: state.filters };
  let restoring = !isIdle();

  instance.on("search", (term, filters) => {
    if (restoring) return;
    state.term = (term || "").trim();
    state.filters = cleanFilters(filters);
    window.history.replaceState(window.history.state, "", urlFor(state));
    show();
  });
  instance.on("error", fail);

  // The input waits for a pause in typing (300 ms) before it searches, and a filter picked in
  // that pause would search with the old query and then blank the input. So whatever is typed
  // is searched for first, as soon as the pointer or the focus reaches the filters or the sort.
  const flush = () => {
    const input = root.querySelector("pagefind-input input");
    if (!restoring && input && input.value.trim() !== state.term) {
      instance.triggerSearch(input.value.trim());
    }
  };
  // Pagefind's filter index is downloaded the first time the reader reaches for the filters;
  // then the current search runs again, so that the dropdowns count its results.
  let filtersAsked = false;
  const wantFilters = async () => {
    if (filtersAsked) return;
    filtersAsked = true;
    await instance.triggerLoad();
    const wrapper = await import(new URL("./pagefind.js", import.meta.url).href);
    const ok = await wrapper.loadFilters();
    if (ok && !restoring && !isIdle() && Object.keys(state.filters).length === 0) {
      instance.triggerSearchWithFilters(state.term, state.filters);
    }
  };
  for (const area of ui.querySelectorAll(".digest-search__filters, .digest-search__sort")) {
    area.addEventListener("pointerdown", flush, true);
    area.addEventListener("focusin", flush, true);
  }
  const filterArea = ui.querySelector(".digest-search__filters");
  if (filterArea) {
    filterArea.addEventListener("pointerdown", wantFilters, true);
    filterArea.addEventListener("focusin", wantFilters, true);
  }

  if (sortSelect) {
    sortSelect.addEventListener("change", () => {
      state.sort = Object.hasOwn(SORTS, sortSelect.value) ? sortSelect.value : "";
      instance.triggerSearchWithFilters(state.term, state.filters);
    });
  }
  if (clearButton) {
    clearButton.addEventListener("click", () => {
      state.sort = "";
      if (sortSelect) sortSelect.value = "";
      instance.triggerSearchWithFilters("", {});
    });
  }

  await loadStylesheet(new URL("../pagefind/pagefind-component-ui.css", import.meta.url).href);
  if (loading) loading.remove();
  root.append(ui);
  closeDropdownsOnChoice(root);
  show();
  new MutationObserver(() => nameDropdowns(root)).observe(root, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["aria-label", "aria-labelledby", "aria-hidden"],
  });

  // The search page is for searching: load Pagefind now (its entry, wasm and metadata), then run
  // the URL's search, if any; the input and the dropdowns follow the "search" event.
  Promise.resolve(instance.triggerLoad()).finally(() => {
    if (!restoring) return;
    restoring = false;
    instance.triggerSearchWithFilters(wanted.term, wanted.filters);
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
