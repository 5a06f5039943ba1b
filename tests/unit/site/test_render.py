"""One page of each kind, rendered from the fixture content: what each must hold."""

from __future__ import annotations

import feedparser

from generator.content.model import Note
from generator.settings import FEED_ENTRIES
from generator.site.digests import Digests
from generator.site.render import Renderer


def _note(digests: Digests, slug: str) -> Note:
    return next(n for n in digests.notes if n.slug == slug)


def test_a_note_page(renderer: Renderer, digests: Digests) -> None:
    page = renderer.note(_note(digests, "alpha"))
    assert page.startswith('---\ntitle: "Synthetic alpha report on phones"\n')
    assert '<a class="digest-chip digest-chip--regions" href="../../regions/river-city/">' in page
    assert "<p>A second paragraph with <strong>emphasis</strong>.</p>" in page
    assert '<div class="note-body" data-pagefind-body data-search-exclude>' in page


def test_a_province_digest_rolls_up_its_cities(renderer: Renderer, digests: Digests) -> None:
    province = next(d for d in digests.terms.values() if d.term.id == "north-province")
    page = renderer.digest(province)
    assert "Included through" in page and 'href="../../articles/alpha/"' in page
    assert 'feed: "feeds/regions/north-province.xml"' in page
    assert 'href="../../search/?region=north-province"' in page


def test_cards_and_lines_are_made_once_per_depth(renderer: Renderer, digests: Digests) -> None:
    note = _note(digests, "alpha")
    assert renderer.card(note, "themes/x/") is renderer.card(note, "regions/y/")
    shallow, deep = renderer.lines([note], "digests/"), renderer.lines([note], "themes/x/2024/")
    assert 'href="../articles/alpha/"' in shallow and 'href="../../../articles/alpha/"' in deep


def test_feeds_are_atom_with_at_most_the_newest_entries(
    renderer: Renderer, digests: Digests
) -> None:
    notes = list(digests.notes) * (FEED_ENTRIES // len(digests.notes) + 2)
    feed = feedparser.parse(renderer.feed(notes, "All", "", "feeds/all.xml"))
    assert feed.version == "atom10" and not feed.bozo
    assert len(feed.entries) == FEED_ENTRIES
    assert feed.entries[0].link == "https://example.org/base/articles/alpha/"


def test_a_hand_written_page_is_a_raw_html_block(renderer: Renderer, digests: Digests) -> None:
    page = renderer.page(digests.corpus.pages[0])
    assert page.startswith("---\ntitle: ")
    assert '\n<div class="page-body">\n' in page and page.endswith("\n</div>\n")
