"""The Pagefind index of the sample site, read without a browser, and Material's slimmer index.

The filters in the index must say what the digest pages say: a note counts for each of its
terms and for every broader term above them (a Hoeryong note is a North Hamgyong note). The
aliases of a note's terms are searchable words (Bowibu → the Ministry of State Security's
notes). Material's header index keeps titles and term names but not the note bodies.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks import search_size
from generator.build.check import check
from generator.content.model import Corpus, Note
from generator.facets import FILTER
from generator.site.research import CONFIDENCE
from tests.support import ENGINES, ROOT, header_search_index
from tests.support.search_site import rolled_up, sample_search_site

MSS = "ministry-of-state-security"


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_search_site(tmp_path_factory, request.param)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return check(ROOT / "content").corpus


@pytest.fixture(scope="module")
def bundle(site: Path) -> search_size.Bundle:
    return search_size.Bundle(site)


def published(corpus: Corpus) -> dict[str, Note]:
    return {note.url: note for note in corpus.published}


def expected_filters(corpus: Corpus, note: Note) -> dict[str, set[str]]:
    expected = {"year": {str(note.date.year)}}
    if note.confidence:
        expected["confidence"] = {CONFIDENCE[note.confidence][0]}
    for vocabulary, name in FILTER.items():
        ids = rolled_up(corpus, note, vocabulary)
        if ids:
            expected[name] = {corpus.term(vocabulary, i).name for i in ids}
    return expected


def fragments(bundle: search_size.Bundle) -> Iterator[tuple[int, dict[str, Any]]]:
    for page in range(len(bundle.pages)):
        yield page, bundle.fragment(page)


def page_urls(bundle: search_size.Bundle) -> dict[int, str]:
    return {page: "/" + fragment["url"].lstrip("/") for page, fragment in fragments(bundle)}


# ------------------------------------------------------------------------------------------


def test_pagefind_indexes_every_published_note_and_nothing_else(
    site: Path, bundle: search_size.Bundle, corpus: Corpus
) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    notes = published(corpus)
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(notes)
    urls = {url.lstrip("/") for url in page_urls(bundle).values()}
    assert urls == set(notes), "only the note pages carry data-pagefind-body"
    assert not any(n.draft for n in corpus.notes if n.url in urls)


def test_each_note_has_its_filters_rolled_up_the_tree(
    bundle: search_size.Bundle, corpus: Corpus
) -> None:
    notes = published(corpus)
    for _, fragment in fragments(bundle):
        note = notes[fragment["url"].lstrip("/")]
        got = {name: set(values) for name, values in fragment["filters"].items()}
        assert got == expected_filters(corpus, note), note.slug
        assert fragment["meta"]["title"] == note.title
        assert fragment["meta"]["source"] == note.source.name
        assert str(note.date.year) in fragment["meta"]["date"]


def test_the_filter_index_matches_the_digests(bundle: search_size.Bundle, corpus: Corpus) -> None:
    """What the browser downloads: filter → value → pages, the same sets as the digest pages."""
    filters = bundle.filters()
    assert set(filters) == {"agency", "region", "theme", "outlet", "confidence", "year"}
    urls = page_urls(bundle)
    notes = list(published(corpus).values())
    for vocabulary, name in FILTER.items():
        for term in corpus.vocabularies[vocabulary].terms.values():
            want = {n.url for n in notes if term.id in rolled_up(corpus, n, vocabulary)}
            got = {urls[p].lstrip("/") for p in filters[name].get(term.name, [])}
            assert got == want, (name, term.id)
    # the model case: the Hoeryong note is a North Hamgyong (and a North Korea) note
    province = {urls[p] for p in filters["region"]["North Hamgyong Province"]}
    assert any("confiscated-phones" in url for url in province)
    years = {int(y) for y in filters["year"]}
    assert years == {n.date.year for n in notes}


def test_aliases_are_searchable_words(bundle: search_size.Bundle, corpus: Corpus) -> None:
    """`Bowibu` (an alias, in no title) finds every note of the ministry and its units."""
    urls = page_urls(bundle)
    found = {urls[p].lstrip("/") for p in bundle.pages_with(["bowibu"])}
    mss = {n.url for n in corpus.published if MSS in rolled_up(corpus, n, "agencies")}
    assert mss, "the sample content has Ministry of State Security notes"
    assert mss <= found
    mentions = {n.url for n in corpus.published if re.search(r"bowibu", n.body, re.IGNORECASE)}
    assert found <= mss | mentions


def test_notes_sort_by_date(bundle: search_size.Bundle) -> None:
    order = bundle.sorts["date"]
    assert sorted(order) == list(range(len(bundle.pages)))
    dates = [re.search(r"\d{4}", bundle.fragment(p)["meta"]["date"])[0] for p in order]  # type: ignore[index]
    assert dates == sorted(dates)


def test_the_search_page_sits_beside_materials_index(site: Path, corpus: Corpus) -> None:
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert header_search_index(site), "the engine's own index is there too"
    assert "<noscript>" in page and "Search needs JavaScript" in page
    assert 'src="../assets/search.js"' in page
    for name in ("agency", "region", "theme", "year"):
        assert f'filter="{name}"' in page
    terms = re.search(
        r'<script type="application/json" id="digest-search-terms">(.*?)</script>', page, re.S
    )
    assert terms is not None
    data = json.loads(terms[1])
    assert data["names"]["agency"][MSS] == "Ministry of State Security"
    assert data["names"]["region"]["north-hamgyong"] == "North Hamgyong Province"
    for name in ("search.js", "search.css", "pagefind.js"):
        assert (site / "assets" / name).is_file(), name
    for name in ("pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind.js"):
        assert (site / "pagefind" / name).is_file(), name


def test_the_pages_counts_stand_in_for_the_filter_index(
    site: Path, bundle: search_size.Bundle
) -> None:
    """Until a filter is used, the dropdowns show counts the generator wrote into the page; they
    must be the counts Pagefind's filter index would give."""
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    terms = re.search(
        r'<script type="application/json" id="digest-search-terms">(.*?)</script>', page, re.S
    )
    assert terms is not None
    counts = json.loads(terms[1])["counts"]
    real = {
        name: {value: len(pages) for value, pages in values.items()}
        for name, values in bundle.filters().items()
    }
    assert counts == real


def test_materials_index_holds_one_short_entry_per_note(site: Path, corpus: Corpus) -> None:
    """Material's header search is for digests and titles: a note is its title, nothing more;
    its terms' names and aliases lead to their digest pages."""
    docs = [d for d in header_search_index(site) if str(d["location"]).startswith("articles/")]
    by_location = {d["location"]: d for d in docs}
    assert len(docs) == len(by_location) == len(corpus.published), "one entry per note"
    for note in corpus.published:
        entry = by_location[note.url]
        assert html.unescape(entry["title"]) == note.title, note.slug
        assert entry["text"] == "", note.slug
    text = json.dumps(docs)
    assert "2 yuan a minute" not in text and "Bowibu" not in text and "Related notes" not in text
    index = header_search_index(site)
    agency = next(d for d in index if d["location"] == f"agencies/{MSS}/")
    assert "Bowibu" in agency["text"], "an alias finds the digest page"
    for note in corpus.published:
        for vocabulary, term_id in note.term_keys:
            term = corpus.term(vocabulary, term_id)
            assert any(d["location"] == term.url for d in index), term.url


def test_search_sizes(site: Path) -> None:
    sizes = search_size.search_sizes(site, "phones")
    groups = search_size.first_query_files(site, "phones")
    assert set(groups) <= set(sizes)
    for key in groups:
        assert sizes[key] > 0, key
    assert sizes["first_query_total"] == sum(sizes[k] for k in groups)
    assert sizes["first_query_index_only"] == sizes["first_query_total"] - sizes["search_ui"]
    assert sizes["faceted_query_total"] == sizes["first_query_total"] + sizes["pagefind_filters"]
    assert 0 < sizes["first_query_total_gzip"] < sizes["first_query_total"]
    assert sizes["material_index"] > sizes["material_index_gzip"] > 0
    assert sizes["results"] >= 1
    assert sizes["pagefind_pages"] == 17 or sizes["pagefind_pages"] > 0
    assert sizes["faceted_query_total_gzip"] < 300_000
