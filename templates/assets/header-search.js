// The header's search box on every page (templates/overrides/partials/search.html).
//
// Why not the theme's own header search: Material's (lunr) and Zensical's each build an index
// of their own, split words only at spaces and hyphens (lunr's trimmer then drops every letter
// outside a-z, so `회령` or `보위부` found nothing) and index what /search/ does not. Two indexes
// never agree. So this box asks the one index /search/ asks, Pagefind's (./pagefind.js,
// `searchNotes`): the same notes for the same words, in Korean, Chinese or Latin script, with
// Pagefind's segmenting and its merged bundles for big archives. Topics (a term's digest page,
// a hand-written page) are matched here by name and alias from ../search/terms.json, which
// `digest build` writes (`Renderer.search_terms`): matching ignores case, accents, spaces and
// punctuation, as the generator's own matching of terms does (content/words.py `normalise`).
//
// Everything shown is built with textContent and createElement: content text (a title, an
// excerpt, an alias) never becomes markup. Pagefind's excerpt is escaped text with <mark>
// around the matched words: it is split at the marks and its entities decoded, never parsed.
// Elements are found through `data-digest-hsearch` and ids starting with `digest-` or `__`,
// which content cannot set (docs/security.md).

const TOPICS_SHOWN = 5;
const NOTES_SHOWN = 5;
const PAUSE_MS = 120; // typing pause before a search

const root = document.querySelector("[data-digest-hsearch]");
const toggle = document.getElementById("__search"); // the theme's toggle (phones: opens the box)

/** The generator's matching key: no accents, no case, letters and digits only (any script). */
export function normalise(text) {
  return String(text)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "")
    .normalize("NFC");
}

let topics = null;

/** Topics from ../search/terms.json, each with its names' keys (name first, then aliases). */
function loadTopics() {
  if (!topics) {
    const address = new URL("../search/terms.json", import.meta.url);
    topics = fetch(address)
      .then((response) => (response.ok ? response.json() : { entries: [] }))
      .then((data) =>
        (data.entries || []).map(([name, kind, url, count, aliases]) => ({
          name: String(name),
          kind: String(kind),
          url: new URL(String(url), new URL("../", import.meta.url)).href,
          count: Number(count) || 0,
          names: [name, ...(aliases || [])].map((text) => ({ text: String(text), key: normalise(text) })),
        })),
      )
      .catch(() => []);
  }
  return topics;
}

/** The topics whose name or an alias matches `query`: exact first, then those it begins, then
 *  (from two letters) those it is part of; busier topics first within each. */
export function matchTopics(entries, query, limit = TOPICS_SHOWN) {
  const key = normalise(query);
  if (!key) return [];
  const found = [];
  for (const entry of entries) {
    let best = null;
    entry.names.forEach((name, index) => {
      if (!name.key) return;
      const rank = name.key === key ? 0 : name.key.startsWith(key) ? 1 : key.length > 1 && name.key.includes(key) ? 2 : 3;
      if (rank < 3 && (!best || rank < best.rank || (rank === best.rank && index === 0))) {
        best = { rank, alias: index === 0 ? null : name.text };
      }
    });
    if (best) found.push({ ...entry, ...best });
  }
  found.sort((a, b) => a.rank - b.rank || b.count - a.count || a.name.localeCompare(b.name));
  return found.slice(0, limit);
}

let notesModule = null;

/** Pagefind, through ./pagefind.js; null when the site has no index (the preview). */
function loadNotes() {
  if (!notesModule) notesModule = import("./pagefind.js").catch(() => null);
  return notesModule;
}

// ---- drawing ---------------------------------------------------------------------------------

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Pagefind's escaped excerpt text as plain text. */
export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === "#") {
      const code = name[1].toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return Object.hasOwn(ENTITIES, name.toLowerCase()) ? ENTITIES[name.toLowerCase()] : whole;
  });
}

/** The excerpt as text nodes and <mark> elements: split at Pagefind's marks, never parsed. */
function excerptNode(excerpt) {
  const holder = element("span", "digest-hsearch__excerpt");
  String(excerpt || "")
    .split(/<(\/?)mark>/)
    .reduce((marked, piece, index) => {
      if (index % 2 === 1) return piece !== "/"; // a captured "/" closes, "" opens
      if (piece) holder.append(marked ? element("mark", "", decodeEntities(piece)) : decodeEntities(piece));
      return marked;
    }, false);
  return holder;
}

/** Only addresses of this site are followed (Pagefind's and terms.json's always are). */
function sameSite(address) {
  try {
    const url = new URL(address, window.location.href);
    return url.origin === window.location.origin ? url.href : null;
  } catch {
    return null;
  }
}

function item(href, title, meta, extra) {
  const li = element("li", "digest-hsearch__item");
  const link = element("a", "digest-hsearch__link");
  link.href = href;
  link.append(element("span", "digest-hsearch__title", title));
  if (meta) link.append(element("span", "digest-hsearch__meta", meta));
  if (extra) link.append(extra);
  li.append(link);
  return li;
}

function notesWord(count) {
  return `${count} note${count === 1 ? "" : "s"}`;
}

function topicList(found) {
  const list = element("ul", "digest-hsearch__list");
  for (const topic of found) {
    const parts = [topic.kind];
    if (topic.count) parts.push(notesWord(topic.count));
    if (topic.alias) parts.push(`also written “${topic.alias}”`);
    list.append(item(topic.url, topic.name, parts.join(" · ")));
  }
  return list;
}

function noteList(notes) {
  const list = element("ul", "digest-hsearch__list");
  for (const note of notes) {
    const href = sameSite(note.url);
    if (!href) continue;
    const meta = note.meta || {};
    const line = [meta.shown, meta.source].filter(Boolean).join(" · ");
    list.append(item(href, meta.title || note.url, line, excerptNode(note.excerpt)));
  }
  return list;
}

function allResultsLink(form, query, count) {
  const address = new URL(form.action);
  address.search = new URLSearchParams({ query }).toString();
  const words = count === null ? `Search all notes for “${query}”` : `All ${notesWord(count)} for “${query}” on the search page`;
  const link = element("a", "digest-hsearch__all", `${words} →`);
  link.href = address.href;
  return link;
}

function statusText(query, topicsFound, notes) {
  const parts = [];
  if (topicsFound) parts.push(`${topicsFound} topic${topicsFound === 1 ? "" : "s"}`);
  if (notes && notes.count) parts.push(notesWord(notes.count));
  if (!parts.length) return notes ? `Nothing found for “${query}”.` : `No topic found for “${query}”.`;
  return `${parts.join(" and ")} for “${query}”.`;
}

// ---- the box ----------------------------------------------------------------------------------

function start() {
  if (!root) return;
  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const panel = root.querySelector(".digest-hsearch__panel");
  const status = root.querySelector(".digest-hsearch__status");
  const results = root.querySelector(".digest-hsearch__results");
  if (!form || !input || !panel || !status || !results) return;
  let asked = 0; // the latest search; answers to older ones are dropped
  let timer = 0;
  let dismissed = false; // closed with Escape: focus alone does not open it again

  const open = (shown) => {
    panel.hidden = !shown;
  };
  const close = () => {
    open(false);
    if (toggle && toggle.checked) toggle.checked = false;
  };

  const search = async () => {
    const query = input.value.trim();
    const number = ++asked;
    if (!query) {
      results.replaceChildren();
      status.textContent = "";
      open(false);
      return;
    }
    const [entries, pagefind] = await Promise.all([loadTopics(), loadNotes()]);
    let notes = null;
    if (pagefind) {
      try {
        notes = await pagefind.searchNotes(query, NOTES_SHOWN);
      } catch {
        notes = null;
      }
    }
    if (number !== asked) return;
    const found = matchTopics(entries, query);
    const parts = [];
    if (found.length) parts.push(element("p", "digest-hsearch__heading", "Topics"), topicList(found));
    if (notes && notes.count) parts.push(element("p", "digest-hsearch__heading", "Notes"), noteList(notes.notes));
    if (!pagefind) parts.push(element("p", "digest-hsearch__note", "The notes' full text is searched on the published site."));
    parts.push(allResultsLink(form, query, notes ? notes.count : null));
    results.replaceChildren(...parts);
    status.textContent = statusText(query, found.length, notes);
    open(document.activeElement !== null && root.contains(document.activeElement));
  };

  input.addEventListener("input", () => {
    dismissed = false;
    window.clearTimeout(timer);
    timer = window.setTimeout(search, PAUSE_MS);
  });
  input.addEventListener("click", () => {
    dismissed = false;
    if (input.value.trim() && results.childElementCount) open(true);
  });
  input.addEventListener("focus", () => {
    loadTopics();
    loadNotes();
    if (!dismissed && input.value.trim() && results.childElementCount) open(true);
  });

  const links = () => [...panel.querySelectorAll("a")];
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      dismissed = true;
      if (!panel.hidden) {
        open(false);
        input.focus();
      } else {
        close();
        input.blur();
      }
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const all = links();
    if (!all.length || panel.hidden) return;
    event.preventDefault();
    const at = all.indexOf(document.activeElement);
    if (at === -1) {
      (event.key === "ArrowDown" ? all[0] : all[all.length - 1]).focus();
    } else if (event.key === "ArrowUp" && at === 0) {
      input.focus();
    } else {
      all[(at + (event.key === "ArrowDown" ? 1 : -1) + all.length) % all.length].focus();
    }
  });
  root.addEventListener("focusout", (event) => {
    if (!event.relatedTarget || !root.contains(event.relatedTarget)) open(false);
  });
  document.addEventListener("pointerdown", (event) => {
    if (!root.contains(event.target)) open(false);
  });

  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) input.focus();
      else open(false);
    });
  }
  // "/" puts the cursor in the box, as the themes' own search boxes do
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))) return;
    event.preventDefault();
    if (toggle) toggle.checked = true;
    input.focus();
  });
}

start();
