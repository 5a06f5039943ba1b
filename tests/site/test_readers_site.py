"""What readers get, read from the built synthetic site (tests/support/readers_site.py):
sharing tags, sitemap dates, the header search index, the newsletter's text and feed, months
that say where their counts come from, one date style."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from generator.build.check import check
from generator.content.model import Corpus
from tests.support.readers_site import write_readers_content

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = "https://example.github.io/research-digest/"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return check(write_readers_content(tmp_path_factory.mktemp("corpus"))).corpus


class Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        key = values.get("property") or values.get("name")
        if tag == "meta" and key and values.get("content") is not None:
            self.found[key] = values["content"] or ""


def meta(page: Path) -> dict[str, str]:
    parser = Meta()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.name != "email.html" and "pagefind" not in p.parts]


def test_every_page_has_open_graph_and_twitter_tags(readers_site: Path) -> None:
    found = pages(readers_site)
    assert len(found) > 100
    for page in found:
        tags = meta(page)
        for key in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card"):
            assert tags.get(key), f"{page}: no {key}"
        assert tags["twitter:title"] == tags["og:title"]
        if page.name == "index.html":
            assert tags["og:url"].startswith(SITE_URL), page
    note = next((readers_site / "articles").glob("*/index.html"))
    assert meta(note)["og:type"] == "article"
    assert meta(readers_site / "index.html")["og:type"] == "website"


def test_sitemap_lastmod_is_the_newest_notes_date(readers_site: Path, corpus: Corpus) -> None:
    tree = ET.parse(readers_site / "sitemap.xml")
    lastmod = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in tree.getroot()
    }
    notes = corpus.published
    for note in notes:
        assert lastmod[SITE_URL + note.url] == (note.updated or note.date).isoformat()
    newest = max(n.updated or n.date for n in notes).isoformat()
    assert lastmod[SITE_URL] == newest
    april = [n for n in notes if n.month == "2024-04"]
    assert (
        lastmod[SITE_URL + "digests/2024-04/"]
        == max(n.updated or n.date for n in april).isoformat()
    )
    port_vela = [n for n in notes if "port-vela" in n.terms.get("locations", ())]
    assert (
        lastmod[SITE_URL + "regions/port-vela/"]
        == max(n.updated or n.date for n in port_vela).isoformat()
    )
    assert date.fromisoformat(newest) < date.today()  # never the build date


def test_header_search_finds_an_alias_only_on_its_terms_page(
    readers_site: Path, corpus: Corpus
) -> None:
    """Material ranks by where a word occurs: an alias that occurs on its term's page alone puts
    that page first (the indexes list aliases for readers, out of the index)."""
    index = json.loads((readers_site / "search" / "search_index.json").read_text("utf-8"))
    checked = 0
    for vocabulary in ("agencies", "locations", "themes"):
        for term in corpus.vocabularies[vocabulary].terms.values():
            for alias in term.aliases:
                if len(alias) < 3:
                    continue
                word = re.compile(rf"\b{re.escape(alias.lower())}\b")
                holders = {
                    doc["location"].split("#")[0]
                    for doc in index["docs"]
                    if word.search(doc["title"].lower()) or word.search(doc["text"].lower())
                }
                assert holders == {term.url}, (alias, holders)
                checked += 1
    assert checked >= 6


def test_months_feed_carries_each_month_in_full(readers_site: Path, corpus: Corpus) -> None:
    feed = feedparser.parse((readers_site / "feeds" / "digests.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title.startswith("Monthly digests")
    assert len(feed.entries) == 12
    newest = feed.entries[0]
    month = max(n.month for n in corpus.published)
    assert newest.link == f"{SITE_URL}digests/{month}/"
    content = newest.content[0].value
    for note in (n for n in corpus.published if n.month == month):
        assert note.title in content and f'href="{SITE_URL}{note.url}"' in content


def test_email_text_and_month_page(readers_site: Path, corpus: Corpus) -> None:
    text = (readers_site / "digests" / "2024-04" / "email.txt").read_text(encoding="utf-8")
    april = [n for n in corpus.published if n.month == "2024-04"]
    for note in april:
        assert note.title in text and SITE_URL + note.url in text
    assert "<" not in text.replace("<digest-root/>", "")  # plain text, no markup
    month = (readers_site / "digests" / "2024-04" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="(../../digests/2024-04/)?email.html"', month)
    assert re.search(r'href="(../../digests/2024-04/)?email.txt"', month)
    # a broader term's count says which narrower term it comes through
    assert re.search(
        r"Harbour Authority</a> <span class=\"digest-count\">\d+</span> "
        r"<span class=\"digest-count__via\">\((\d+ )?through Coast Guard\)",
        month,
    )


def test_one_date_style(readers_site: Path) -> None:
    note = next((readers_site / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    shown = re.search(r'data-shown="(\d{1,2} [A-Z][a-z]{2} \d{4})"', note)
    assert shown, "the search result's date"
    search = (readers_site / "search" / "index.html").read_text(encoding="utf-8")
    assert "meta.shown" in search
