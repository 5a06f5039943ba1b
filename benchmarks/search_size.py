"""Bytes a reader downloads to search a built site: Pagefind's first query vs Material's index.

    .venv/bin/python -m benchmarks.search_size site [--query phones]

``search_sizes(site, query)`` reads the Pagefind bundle that ``pagefind --site site`` wrote into
``site/pagefind/`` and works out, without a browser, the files the /search/ page fetches up to the
first page of results for ``query``:

* the fixed part: ``pagefind-entry.json``, ``pagefind.js``, ``pagefind-worker.js``, the language's
  WebAssembly (``wasm.<lang>.pagefind``) and its metadata (``pagefind.<hash>.pf_meta``, which
  lists every page, every index chunk and the sort orders);
* for a faceted search, also every filter chunk (``filter/*.pf_filter``: each filter value's
  pages); the search page downloads them only once a filter is used (until then the dropdowns
  show counts written into the page), and then all of them, since the dropdowns count the
  results of every filter;
* the index chunks (``index/*.pf_index``) Pagefind's ``request_indexes`` picks for the query:
  each chunk covers a sorted range of words, its bounds cut to the shortest prefixes that tell
  it from its neighbours; for every word of the query as typed (lower-cased, not stemmed) the
  first chunk whose range holds it, and if no word finds one, the first chunk whose range holds
  it once word and bounds are cut to the shorter length (``_pagefind_finds``);
* the fragments (``fragment/*.pf_fragment``) of the first ``RESULTS_SHOWN`` pages that contain
  the query's words (the results list loads a fragment when its result scrolls into view);
* the UI: Pagefind's component UI script and stylesheet and our ``assets/search.js``,
  ``assets/pagefind.js`` and ``assets/search.css``.

Pagefind's own files (``.pf_*``, ``.pagefind``) are stored gzip-compressed and sent as they are;
the JavaScript, CSS and JSON files are sent compressed by any static host (GitHub Pages gzips
them), so both the raw size and the gzip size (level 6, what servers use) are reported.
Material's header search downloads ``search/search_index.json`` whole on the first keystroke.

The Pagefind file formats read here (gzip, a ``pagefind_dcd`` signature, then CBOR) are those of
the pinned Pagefind version; ``tests/test_search.py`` checks the figures against a real browser.
It imports nothing from the rest of the package: ``tests/test_search.py`` and
``tests/test_search_browser.py`` still import it as a top-level ``search_size``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import struct
import sys
from pathlib import Path
from typing import Any

RESULTS_SHOWN = 10  # results whose fragment the first screen of results loads
SIGNATURE = b"pagefind_dcd"
UI_FILES = (
    "pagefind/pagefind-component-ui.js",
    "pagefind/pagefind-component-ui.css",
    "assets/search.js",
    "assets/pagefind.js",
    "assets/search.css",
)
_COMPRESSIBLE = (".js", ".css", ".json", ".html")


# ------------------------------------------------------------------------------------------
# Pagefind's files: gzip, then the signature, then one CBOR value


def _cbor(data: bytes, i: int = 0) -> tuple[Any, int]:
    """Decode one CBOR item (the subset Pagefind writes) at ``data[i]``; returns (value, next i)."""
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    arg: int | None
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        width = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        arg = int.from_bytes(data[i : i + width], "big")
        i += width
    elif info == 31:
        arg = None  # indefinite length
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x}")
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - (arg or 0), i
    if major in (2, 3):
        assert arg is not None
        raw = data[i : i + arg]
        return (raw if major == 2 else raw.decode("utf-8")), i + arg
    if major == 4:
        items: list[Any] = []
        while (len(items) < arg) if arg is not None else data[i] != 0xFF:
            value, i = _cbor(data, i)
            items.append(value)
        return items, (i if arg is not None else i + 1)
    if major == 5:
        mapping: dict[Any, Any] = {}
        for _ in range(arg or 0):
            key, i = _cbor(data, i)
            mapping[key], i = _cbor(data, i)
        return mapping, i
    if major == 6:
        return _cbor(data, i)
    if major == 7:
        if info in (20, 21, 22, 23):
            return {20: False, 21: True, 22: None, 23: None}[info], i
        if info == 26:
            return struct.unpack(">f", data[i - 4 : i])[0], i
        if info == 27:
            return struct.unpack(">d", data[i - 8 : i])[0], i
    raise ValueError(f"unsupported CBOR item 0x{head:02x}")


def read_pagefind_file(path: Path) -> Any:
    """A ``.pf_meta`` / ``.pf_index`` / ``.pf_filter`` file, decoded (``.pf_fragment`` is JSON)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    body = data[len(SIGNATURE) :]
    if path.suffix == ".pf_fragment":
        return json.loads(body)
    return _cbor(body)[0]


class Bundle:
    """A Pagefind bundle of a built site (by default the first, `pagefind/`), for one language."""

    def __init__(self, site: Path, language: str | None = None, root: Path | None = None) -> None:
        self.site = site
        self.root = root or site / "pagefind"
        entry = json.loads((self.root / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages: dict[str, Any] = entry["languages"]
        self.language = language or max(languages, key=lambda k: languages[k]["page_count"])
        info = languages[self.language]
        self.wasm = self.root / f"wasm.{info['wasm']}.pagefind"
        self.meta_path = self.root / f"pagefind.{info['hash']}.pf_meta"
        meta = read_pagefind_file(self.meta_path)
        # [version, pages [[hash, words]], index chunks [[from, to, hash]], filters [[name, hash]],
        #  sorts [[name, [page numbers]]], meta fields]
        self.version: str = meta[0]
        self.pages: list[str] = [page[0] for page in meta[1]]
        self.chunks: list[tuple[str, str, str]] = [tuple(c) for c in meta[2]]
        self.filter_files: dict[str, str] = dict(meta[3])
        self.sorts: dict[str, list[int]] = dict(meta[4])
        self._chunk_cache: dict[str, list[Any]] = {}

    def fragment_path(self, page: int) -> Path:
        return self.root / "fragment" / f"{self.pages[page]}.pf_fragment"

    def fragment(self, page: int) -> dict[str, Any]:
        data: dict[str, Any] = read_pagefind_file(self.fragment_path(page))
        return data

    def filters(self) -> dict[str, dict[str, list[int]]]:
        """Filter name → value → page numbers, as the filter chunks hold them."""
        out: dict[str, dict[str, list[int]]] = {}
        for name, chunk in self.filter_files.items():
            decoded = read_pagefind_file(self.root / "filter" / f"{chunk}.pf_filter")
            out[name] = dict(decoded[1])
        return out

    def _entries(self, chunk: str) -> list[Any]:
        if chunk not in self._chunk_cache:
            path = self.root / "index" / f"{chunk}.pf_index"
            self._chunk_cache[chunk] = read_pagefind_file(path)[0]
        return self._chunk_cache[chunk]

    def _chunks_from(self, prefix: str) -> list[str]:
        """The chunks that may hold words starting with ``prefix``. A chunk's bounds are
        prefixes of its first and last words, so its words ``w`` have ``lo <= w`` and
        ``w[:len(hi)] <= hi`` (``("suh", "syn")`` holds ``synthet``)."""
        last = prefix + "\U0010ffff"
        return [chunk for lo, hi, chunk in self.chunks if lo <= last and prefix[: len(hi)] <= hi]

    def stem(self, word: str) -> str:
        """Pagefind looks a query word up by its Snowball stem; without the stemmer, take the
        longest truncation of the word (by up to four letters) that the index holds."""
        for candidate in _stems(word):
            for chunk in self._chunks_from(candidate):
                if any(entry[0] == candidate for entry in self._entries(chunk)):
                    return candidate
        return word

    def request_indexes(self, terms: list[str]) -> list[str]:
        """The index chunks Pagefind fetches for a query's terms, as its ``request_indexes``
        (pagefind_web/src/lib.rs) picks them: one chunk per term, the first whose bounds hold
        the term; if no term finds one, the same with term and bounds cut to the shorter."""
        for loose in (False, True):
            found = set()
            for term in terms:
                data = term.encode("utf-8")
                chunk = next(
                    (
                        chunk
                        for lo, hi, chunk in self.chunks
                        if _pagefind_finds(data, lo.encode("utf-8"), hi.encode("utf-8"), loose)
                    ),
                    None,
                )
                if chunk is not None:
                    found.add(chunk)
            if found or not any(terms):
                return sorted(found)
        return []

    def chunks_for(self, word: str) -> list[str]:
        """The index chunks Pagefind fetches for a one-word query."""
        return self.request_indexes(pagefind_terms(word))

    def pages_with(self, words: list[str]) -> list[int]:
        """Pages holding every word of the query (the stem as a prefix, as Pagefind matches)."""
        found: set[int] | None = None
        for word in words:
            stem = self.stem(word)
            pages: set[int] = set()
            for chunk in self._chunks_from(stem):
                for entry in self._entries(chunk):
                    if entry[0].startswith(stem):
                        page = 0
                        for posting in entry[1]:  # page numbers are delta-encoded
                            page += posting[0]
                            pages.add(page)
            found = pages if found is None else found & pages
        return sorted(found or ())


def _pagefind_finds(term: bytes, lo: bytes, hi: bytes, loose: bool) -> bool:
    """Whether a chunk with bounds ``lo``..``hi`` holds ``term``, as Pagefind compares them:
    as UTF-8 bytes; loosely, each side cut to the shorter length, and never inside a
    character (Rust's ``str::get`` gives None there)."""
    if not loose:
        return lo <= term <= hi
    n, m = min(len(term), len(lo)), min(len(term), len(hi))
    if not all(_boundary(b, k) for b, k in ((term, n), (lo, n), (term, m), (hi, m))):
        return False
    return term[:n] >= lo[:n] and term[:m] <= hi[:m]


def _boundary(data: bytes, k: int) -> bool:
    return k == len(data) or (data[k] & 0xC0) != 0x80


def pagefind_terms(query: str) -> list[str]:
    """The query's terms as Pagefind's ``search()`` hands them to ``request_indexes``:
    lower-cased, some punctuation removed, split on single spaces."""
    term = re.sub(r"[.`~!@#$%^&*(){}\[\]\\|:;'\",<>/?\-]", "", query.lower().strip())
    term = re.sub(r"\s{2,}", " ", term).strip()
    return term.split(" ") if term else []


def _stems(word: str) -> list[str]:
    """The word and its truncations by up to four letters, longest first: where Pagefind's
    Snowball stem of it is (phones → phone, teenagers → teenag)."""
    return [word[:n] for n in range(len(word), max(3, len(word) - 4) - 1, -1)]


def query_words(query: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", query.casefold()) if w]


def _gzip_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix not in _COMPRESSIBLE:
        return len(data)  # Pagefind's own files are gzip already
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def bundles(site: Path) -> list[Bundle]:
    """Every bundle `digest index` wrote: the first, then those `pagefind/bundles.json` lists
    (a big archive is indexed in several, which the search page merges)."""
    first = Bundle(site)
    manifest = first.root / "bundles.json"
    if not manifest.is_file():
        return [first]
    listed = json.loads(manifest.read_text(encoding="utf-8")).get("bundles", [])
    return [first, *(Bundle(site, first.language, first.root / b["path"]) for b in listed)]


def first_query_files(
    site: Path, query: str = "phones", bundle: Bundle | None = None
) -> dict[str, list[Path]]:
    """The files of the site a browser fetches for a first query without filters, by group.

    With several bundles, each is asked for its metadata and the query's chunks; the runtime
    and the WebAssembly come from the first. The fragments are those of the first results, all
    of them when the query finds no more than a screenful."""
    every = [bundle] if bundle else bundles(site)
    first = every[0]
    words = query_words(query)
    results = [(b, p) for b in every for p in (b.pages_with(words) if words else [])]
    manifest = first.root / "bundles.json"
    return {
        "pagefind_runtime": [
            first.root / "pagefind-entry.json",
            first.root / "pagefind.js",
            first.root / "pagefind-worker.js",
            *([manifest] if manifest.is_file() else []),
            *(b.root / "pagefind-entry.json" for b in every[1:]),
        ],
        "pagefind_wasm": [first.wasm],
        "pagefind_meta": [b.meta_path for b in every],
        "pagefind_index": [
            b.root / "index" / f"{chunk}.pf_index"
            for b in every
            for chunk in b.request_indexes(pagefind_terms(query))
        ],
        "pagefind_fragments": [b.fragment_path(p) for b, p in results[:RESULTS_SHOWN]],
        "search_ui": [site / name for name in UI_FILES],
    }


def search_sizes(site: Path, query: str = "phones") -> dict[str, int]:
    """Bytes downloaded for the first Pagefind query on /search/, and Material's index size.

    Keys (bytes): ``pagefind_runtime`` (entry, pagefind.js, worker), ``pagefind_wasm``,
    ``pagefind_meta``, ``pagefind_index`` (the query's index chunks), ``pagefind_fragments``
    (first results' fragments), ``search_ui`` (the UI's scripts and styles), then
    ``first_query_total`` (their sum, as stored) and ``first_query_total_gzip`` (as sent by a
    server that gzips JS/CSS/JSON), ``first_query_index_only`` (without the UI: the part that
    grows with the archive); ``pagefind_filters`` (all filter chunks, fetched when a filter is
    first used) and ``faceted_query_total`` / ``faceted_query_total_gzip`` (a first query with
    filters: the above plus the filter chunks); ``material_index`` and ``material_index_gzip``
    (site/search/search_index.json, or Zensical's site/search.json: downloaded whole by the header search). Counts:
    ``pagefind_pages``, ``pagefind_index_chunks``, ``pagefind_filter_chunks``, ``results``.
    """
    site = Path(site)
    parts = bundles(site)
    first = first_query_files(site, query)
    results = [p for b in parts for p in b.pages_with(query_words(query))]
    filter_files = [
        b.root / "filter" / f"{chunk}.pf_filter" for b in parts for chunk in b.filter_files.values()
    ]

    def size(paths: list[Path]) -> int:
        return sum(p.stat().st_size for p in paths if p.is_file())

    def gzip_size(paths: list[Path]) -> int:
        return sum(_gzip_size(p) for p in paths if p.is_file())

    sizes = {name: size(paths) for name, paths in first.items()}
    every = [p for paths in first.values() for p in paths]
    sizes["first_query_total"] = size(every)
    sizes["first_query_total_gzip"] = gzip_size(every)
    sizes["first_query_index_only"] = sizes["first_query_total"] - sizes["search_ui"]
    sizes["pagefind_filters"] = size(filter_files)
    sizes["faceted_query_total"] = sizes["first_query_total"] + sizes["pagefind_filters"]
    sizes["faceted_query_total_gzip"] = sizes["first_query_total_gzip"] + gzip_size(filter_files)
    # the engine's header-search index: MkDocs + Material's, or Zensical's
    index = site / "search" / "search_index.json"
    index = index if index.is_file() else site / "search.json"
    sizes["material_index"] = size([index])
    sizes["material_index_gzip"] = gzip_size([index])
    sizes["pagefind_pages"] = sum(len(b.pages) for b in parts)
    sizes["pagefind_bundles"] = len(parts)
    sizes["pagefind_index_chunks"] = len(first["pagefind_index"])
    sizes["pagefind_filter_chunks"] = len(filter_files)
    sizes["results"] = len(results)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.search_size", description=__doc__.splitlines()[0]
    )
    parser.add_argument("site", type=Path, help="a built site with its Pagefind bundle")
    parser.add_argument("--query", default="phones")
    args = parser.parse_args(argv)
    sizes = search_sizes(args.site, args.query)
    width = max(map(len, sizes))
    for key, value in sizes.items():
        print(f"{key:<{width}}  {value:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
