"""What readers get, checked on whole content trees: months, charts, feeds, the dataset."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest

from generator import routes
from generator.build.check import check
from generator.settings import DIGEST_PAGE_NOTES, FEED_ENTRIES, SiteInfo
from generator.site.digests import build_digests
from generator.site.render import Renderer
from tests.support import FIXTURES, ROOT, render_site

SITE = SiteInfo(name="Test site", url="https://example.org/base/")


@pytest.fixture(scope="module", params=["fixtures", "sample"])
def rendered(request: pytest.FixtureRequest) -> tuple[dict[str, str | bytes], object]:
    content = FIXTURES / "content" if request.param == "fixtures" else ROOT / "content"
    checked = check(content)
    digests = build_digests(checked.corpus)
    return render_site(digests, SITE), digests


def test_a_monthly_digest_for_every_month_with_notes(rendered: tuple) -> None:
    files, digests = rendered
    months = {n.month for n in digests.notes}
    assert {p[8:15] for p in files if p.startswith("digests/2")} == months


def test_every_digest_page_has_a_chart_and_a_feed_link(rendered: tuple) -> None:
    files, digests = rendered
    for digest in digests.terms.values():
        page = files[routes.term(digest.term.vocabulary, digest.term.id).path]
        assert isinstance(page, str)
        assert '<svg role="img"' in page, digest.term.id
        assert f'feed: "feeds/{digest.term.section}/{digest.term.id}.xml"' in page
        assert 'class="digest-feed"' in page


def test_every_feed_is_atom_with_the_right_entries(rendered: tuple) -> None:
    files, digests = rendered
    expected = {"feeds/all.xml": [n.slug for n in digests.notes][:FEED_ENTRIES]}
    for digest in digests.terms.values():
        slugs = [e.note.slug for e in digest.entries][:FEED_ENTRIES]
        expected[f"feeds/{digest.term.section}/{digest.term.id}.xml"] = slugs
    for path, slugs in expected.items():
        feed = feedparser.parse(files[path])
        assert feed.version == "atom10" and not feed.bozo, path
        links = [e.link for e in feed.entries]
        assert links == [f"https://example.org/base/articles/{s}/" for s in slugs], path


def test_dataset_holds_exactly_the_published_notes(rendered: tuple) -> None:
    files, digests = rendered
    published = [n.slug for n in digests.notes]
    data = json.loads(files["data/articles.json"])
    assert [a["slug"] for a in data["articles"]] == published
    rows = list(csv.DictReader(io.StringIO(str(files["data/articles.csv"]))))
    assert [r["slug"] for r in rows] == published
    drafts = {n.slug for n in digests.corpus.notes if n.draft}
    assert not drafts & {a["slug"] for a in data["articles"]}


def test_feed_and_page_counts_stay_bounded_for_big_terms(tmp_path: Path) -> None:
    """A term with more notes than a page lists gets yearly pages; its feed keeps 50 entries."""
    from benchmarks.synth import generate

    generate(tmp_path, notes=400, seed=3)
    checked = check(tmp_path / "content")
    digests = build_digests(checked.corpus)
    files = render_site(digests, SITE)
    biggest = max(digests.terms.values(), key=lambda d: d.count)
    assert biggest.count > FEED_ENTRIES > DIGEST_PAGE_NOTES
    page = str(files[routes.term(biggest.term.vocabulary, biggest.term.id).path])
    assert page.count('class="digest-note"') == DIGEST_PAGE_NOTES
    for year in biggest.years:
        assert routes.term_year(biggest.term.vocabulary, biggest.term.id, year).path in files
    feed = feedparser.parse(files[f"feeds/{biggest.term.section}/{biggest.term.id}.xml"])
    assert len(feed.entries) == FEED_ENTRIES


def test_a_busy_year_goes_on_over_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No page lists more than a page's worth: a year's notes beyond it go on numbered pages,
    linked in order, together exactly the year's notes."""
    from benchmarks.synth import generate
    from generator.site import render

    monkeypatch.setattr(render, "YEAR_PAGE_NOTES", 7)
    generate(tmp_path, notes=400, seed=3)
    digests = build_digests(check(tmp_path / "content").corpus)
    files = render_site(digests, SITE)
    biggest = max(digests.terms.values(), key=lambda d: d.count)
    term = biggest.term
    year = max(biggest.years, key=lambda y: sum(e.note.date.year == y for e in biggest.entries))
    expected = [e.note.slug for e in biggest.entries if e.note.date.year == year]
    assert len(expected) > 7
    listed: list[str] = []
    for page in range(1, -(-len(expected) // 7) + 1):
        text = str(files[routes.term_year(term.vocabulary, term.id, year, page).path])
        lines = re.findall(r'<li>[^<]*<a href="(?:\.\./)+articles/([^/]+)/"', text)
        assert 0 < len(lines) <= 7
        listed += lines
        assert f"page {page} of " in text
    assert listed == expected
    last = routes.term_year(term.vocabulary, term.id, year, len(listed) // 7 + 2).path
    assert last not in files


def test_a_busy_month_goes_on_over_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A month's digest lists at most a page's worth of notes: the rest go on numbered pages,
    linked in order, each grouped by theme, together exactly the month's notes; the counts of
    regions and agencies (of the whole month) are on the first page only."""
    from benchmarks.synth import generate
    from generator.site import render

    monkeypatch.setattr(render, "MONTH_PAGE_NOTES", 5)
    generate(tmp_path, notes=400, seed=3)
    digests = build_digests(check(tmp_path / "content").corpus)
    files = render_site(digests, SITE)
    month = max(digests.months, key=lambda m: len(m.notes))
    assert len(month.notes) > 5
    pages = -(-len(month.notes) // 5)
    listed: set[str] = set()
    for page in range(1, pages + 1):
        text = str(files[routes.month(month.month, page).path])
        slugs = set(re.findall(r'<a href="(?:\.\./)+articles/([^/]+)/"', text))
        assert 0 < len(slugs) <= 5
        assert not slugs & listed
        listed |= slugs
        assert f"page {page} of {pages}" in text
        assert ('class="digest-columns"' in text) == (page == 1)
        up = "../" * routes.month(month.month, page).url.count("/")
        newer = up + routes.month_url(month.month, page - 1)
        older = up + routes.month_url(month.month, page + 1)
        assert (f'<a rel="next" href="{older}">older →' in text) == (page < pages)
        assert (f'<a rel="prev" href="{newer}">← newer' in text) == (page > 1)
    assert listed == {note.slug for note in month.notes}
    assert routes.month(month.month, pages + 1).path not in files


def test_a_title_that_looks_like_the_link_marker_of_cached_lines_stays_text(
    tmp_path: Path,
) -> None:
    """Lines and cards are rendered once with a marker for the way up to the site root, then
    placed at each page's depth; a title holding the marker's text must not be rewritten."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    note_file = next((content / "articles").rglob("*.md"))
    text = note_file.read_text(encoding="utf-8")
    note_file.write_text(
        re.sub(r"(?m)^title: .*$", 'title: "Phones <digest-root/> seized"', text, count=1),
        encoding="utf-8",
    )
    digests = build_digests(check(content).corpus)
    renderer = Renderer(digests, SITE)
    note = next(n for n in digests.notes if "seized" in n.title)
    for page in ("", "themes/phones/", "themes/phones/2024/"):
        for markup in (renderer.lines([note], page), renderer.card(note, page)):
            assert "Phones &lt;digest-root/&gt; seized" in markup, markup
            assert "<digest-root/>" not in markup
            assert f'href="{"../" * page.count("/")}articles/' in markup
