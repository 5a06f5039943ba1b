"""The sample site as a reader sees it, built by each engine, in headless Chromium: a research
publication that says who stands behind it, how to reach them and when it last changed, with
charts and maps worth reading on a phone and note pages that hold together (issue 29).

Every page type is saved as a screenshot at 1280 and 390 px, light and dark
(`test-artifacts/sample-<engine>-<scheme>-<width>-<page>.png`): look at them after a change.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator.build.check import check
from generator.settings import site_info
from generator.site import research
from generator.site.charts import timeline_svg
from tests.support import ROOT
from tests.support.browser import DESKTOP, PHONE, Watch, chromium, screenshot, serve
from tests.support.readers_site import SITE_PATH, as_published

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

__all__ = ["chromium"]
pytestmark = pytest.mark.browser

NOTE = "articles/2024-04-19-state-security-offices-confiscated-phones/"
ARCHIVED = "articles/2020-08-26-shoot-on-sight-order-china-border/"  # a source with a URL
PAGES = {
    "home": "",
    "themes-index": "themes/",
    "agencies-index": "agencies/",
    "regions-index": "regions/",
    "outlets-index": "outlets/",
    "months-index": "digests/",
    "theme-digest": "themes/mobile-phones/",
    "agency-digest": "agencies/ministry-of-state-security/",
    "region-digest": "regions/north-hamgyong/",
    "outlet-digest": "outlets/daily-nk/",
    "month": "digests/2024-04/",
    "note": NOTE,
    "page": "about/",
    "search": "search/",
    "404": "404.html",
}
SITE = site_info(ROOT / "mkdocs.yml")


@pytest.fixture(scope="module")
def engine(built_site: Path) -> str:
    return built_site.parent.name.split("-")[1].rstrip("0123456789")


@pytest.fixture(scope="module")
def site_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample under site_url's path, as GitHub Pages serves it (404.html finds its assets)."""
    with serve(as_published(built_site, tmp_path_factory.mktemp("published"))) as url:
        yield url + SITE_PATH


@pytest.fixture
def context(chromium: Browser) -> Iterator[BrowserContext]:
    made = chromium.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    made.set_default_timeout(10_000)
    try:
        yield made
    finally:
        made.close()


def newest_change() -> str:
    notes = check(ROOT / "content").corpus.published
    newest = max(n.updated or n.date for n in notes)
    return f"{newest.day} {newest.strftime('%b %Y')}"


def after(page: Page, selector: str) -> str:
    """The text a stylesheet puts after an element (`::after`)."""
    found: str = page.eval_on_selector(selector, "e => getComputedStyle(e, '::after').content")
    return found.strip('"')


# ---- identity and trust -----------------------------------------------------------------------


def test_every_page_says_who_stands_behind_it(context: BrowserContext, site_url: str) -> None:
    """The team's name and logo, the notes' licence, contact, corrections and the site's last
    update, in every page's footer; the team's own logo and favicon in the header and tab."""
    watch = Watch.attach(context, site_url)
    page = context.new_page()
    updated = f"Site last updated {newest_change()}"
    for kind, path in PAGES.items():
        page.goto(site_url + path, wait_until="networkidle")
        footer = page.locator(".md-footer .digest-footer")
        text = footer.inner_text()
        assert SITE.team in text and "notes licensed CC BY 4.0" in text, (kind, text)
        licence = footer.locator("a[rel=license]")
        assert licence.get_attribute("href") == "https://creativecommons.org/licenses/by/4.0/"
        assert footer.locator(f"a[href='mailto:{SITE.contact}']").count() == 1
        assert (
            footer.get_by_role("link", name="Report a correction").get_attribute("href")
            == SITE.corrections
        )
        assert after(page, ".digest-footer__updated") == updated, kind
        for logo in (page.locator(".md-header img").first, footer.locator("img")):
            assert (logo.get_attribute("src") or "").endswith("assets/logo.svg")
            assert logo.evaluate("i => i.complete && i.naturalWidth > 0"), kind
        icon = page.locator("link[rel=icon]").get_attribute("href") or ""
        assert icon.endswith("assets/favicon.svg"), icon
        assert "Made with" not in text
    # (the search page asks for Pagefind's index, which this site was built without)
    watch.problems = [p for p in watch.problems if "/pagefind/" not in p]
    watch.assert_clean()


def test_a_note_links_to_corrections_and_to_its_source(
    context: BrowserContext, site_url: str
) -> None:
    page = context.new_page()
    page.goto(site_url + NOTE, wait_until="networkidle")
    note = next(n for n in check(ROOT / "content").corpus.published if NOTE.endswith(f"/{n.slug}/"))
    correction = page.locator(".note-actions").get_by_role("link", name="Report a correction")
    href = correction.get_attribute("href") or ""
    assert href == research.note_actions(note, SITE).correction
    assert href.startswith(SITE.corrections + "&title=Correction:%20")
    assert f"note={SITE.url}{NOTE}" in href  # the issue form's field, filled in
    source = page.locator(".note-actions").get_by_role("link", name="View source")
    assert source.get_attribute("href") == (
        f"{SITE.repo_url}/blob/main/content/articles/2024/{note.slug}.md"
    )
    assert (ROOT / "content" / "articles" / "2024" / f"{note.slug}.md").is_file()


def test_the_citation_copies_in_one_click(context: BrowserContext, site_url: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + NOTE, wait_until="networkidle")
    page.locator("details.note-cite summary").click()
    for name, kind in (("Copy the BibTeX", "bibtex"), ("Copy the citation", "text")):
        page.get_by_role("button", name=name).click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.locator(f".note-cite__{kind}").inner_text().strip()
        assert page.locator(f"button[data-digest-copy='{kind}']").inner_text() == "Copied"
    bibtex = page.locator(".note-cite__bibtex").inner_text()
    assert re.search(r"\n\s*year = \{2024\},", bibtex), bibtex  # BibTeX styles print the year


# ---- note pages -------------------------------------------------------------------------------


def test_related_notes_are_newest_first_and_not_the_linked_ones(
    context: BrowserContext, site_url: str
) -> None:
    page = context.new_page()
    page.goto(site_url + NOTE, wait_until="networkidle")
    linked = page.locator(".note-links a").evaluate_all("as => as.map(a => a.pathname)")
    related = page.locator(".note-related li")
    paths = related.locator("a").evaluate_all("as => as.map(a => a.pathname)")
    assert linked and paths and not set(linked) & set(paths)
    dates = [
        page.evaluate("t => Date.parse(t)", line.split(" · ")[0])
        for line in related.all_inner_texts()
    ]
    assert dates == sorted(dates, reverse=True)


def test_the_archived_copy_mark_is_an_icon_beside_its_link(
    chromium: Browser, site_url: str
) -> None:
    """Not a character no stock font has (U+29C9 drew a box), and never on a line apart."""
    context = chromium.new_context(viewport=PHONE)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(site_url + ARCHIVED, wait_until="networkidle")
        links = page.locator("a.note-archive")
        assert links.count() >= 1
        for index in range(links.count()):
            mark = links.nth(index).evaluate(
                """a => { const s = getComputedStyle(a, '::before');
                   return {content: s.content, mask: s.maskImage || s.webkitMaskImage,
                           width: parseFloat(s.width), lines: a.getClientRects().length}; }"""
            )
            assert mark["content"] in ('""', "none", ""), mark  # no glyph to be missing
            assert "svg" in mark["mask"] and mark["width"] > 0, mark
            assert mark["lines"] == 1, mark
    finally:
        context.close()


FLAGGED_PAGES = ["", "agencies/ministry-of-state-security/", "regions/hyesan/", NOTE]


def test_a_flag_never_starts_a_line_of_its_own(chromium: Browser, site_url: str) -> None:
    """ "unconfirmed" stays on the line of the source before it, at a phone's width."""
    context = chromium.new_context(viewport=PHONE)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        seen = 0
        for path in FLAGGED_PAGES:
            page.goto(site_url + path, wait_until="networkidle")
            gaps = page.locator(".digest-flag").evaluate_all(
                """flags => flags.map(flag => {
                    const range = document.createRange();
                    let node = flag.previousSibling;
                    while (node && !(node.textContent || '').trim()) node = node.previousSibling;
                    const text = node.nodeType === 3 ? node : node.lastChild || node;
                    const length = (text.textContent || '').trimEnd().length;
                    range.setStart(text, Math.max(0, length - 1));
                    range.setEnd(text, length);
                    const before = range.getClientRects();
                    return Math.abs(before[before.length - 1].top - flag.getClientRects()[0].top);
                })"""
            )
            seen += len(gaps)
            assert all(gap < 8 for gap in gaps), (path, gaps)
        assert seen >= 3
    finally:
        context.close()


# ---- index and term pages ---------------------------------------------------------------------


def test_index_pages_lead_with_their_terms(chromium: Browser, site_url: str) -> None:
    """No left sidebar holding one link to the page itself where the tabs show; a count never
    runs into the other names; on a phone the menu is still there."""
    context = chromium.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(site_url + "themes/", wait_until="networkidle")
        assert not page.locator(".md-sidebar--primary").is_visible()
        content = page.locator(".md-content").bounding_box()
        assert content is not None and content["x"] < 100, content
        first = page.locator(".digest-tree > li").first
        name, aliases = first.locator("a").first, first.locator(".digest-tree__aliases")
        if aliases.count():
            name_box, alias_box = name.bounding_box(), aliases.bounding_box()
            assert (
                name_box and alias_box and alias_box["y"] >= name_box["y"] + name_box["height"] - 2
            )
            assert aliases.inner_text().startswith("also ")
        page.set_viewport_size(PHONE)  # type: ignore[arg-type]
        page.locator("label.md-header__button[for='__drawer']").click()
        assert page.locator(".md-nav--primary").get_by_role("link", name="Agencies").is_visible()
    finally:
        context.close()


def test_a_term_page_opens_with_its_description(context: BrowserContext, site_url: str) -> None:
    """The Ministry of State Security has two dozen other names: they follow its description,
    folded behind one line, instead of five italic lines before it."""
    page = context.new_page()
    page.goto(site_url + "agencies/ministry-of-state-security/", wait_until="networkidle")
    description = page.locator(".digest-description").bounding_box()
    aliases = page.locator("details.digest-aliases")
    box = aliases.bounding_box()
    assert description and box and box["y"] > description["y"]
    assert box["height"] < 40  # one line, folded
    assert "Bowibu" in aliases.inner_text() or "Bowibu" in aliases.text_content()  # type: ignore[operator]


# ---- charts and maps --------------------------------------------------------------------------


def text_boxes(page: Page, selector: str) -> list[dict[str, float]]:
    boxes: list[dict[str, float]] = page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); "
        "return {x: r.x, y: r.y, w: r.width, h: r.height, text: e.textContent}; })"
    )
    return boxes


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if _meet(a["x"], a["w"], b["x"], b["w"]) and _meet(a["y"], a["h"], b["y"], b["h"])
    ]


def _meet(a: float, a_size: float, b: float, b_size: float) -> bool:
    """Whether two spans overlap by more than half a pixel."""
    return a < b + b_size - 0.5 and b < a + a_size - 0.5


CHARTED = {
    "": (2019, 2025),
    "agencies/ministry-of-state-security/": (2019, 2025),
    "regions/north-hamgyong/": (2019, 2024),
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_charts_read_at_every_width(
    chromium: Browser, site_url: str, viewport: dict[str, int]
) -> None:
    """Every year from the first note's to the last labelled (2020 went missing, North
    Hamgyong's axis stopped at 2023); text 11 px or more, never larger than the text around
    it; no label over another; sparse series as dots with their numbers, not a 0-1 barcode."""
    context = chromium.new_context(viewport=viewport)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        for path, (first, last) in CHARTED.items():
            page.goto(site_url + path, wait_until="networkidle")
            chart = page.locator("figure.digest-chart").first
            assert "digest-chart--dots" in (chart.get_attribute("class") or "")
            boxes = text_boxes(page, "figure.digest-chart text")
            years = [b["text"] for b in boxes if re.fullmatch(r"\d{4}", b["text"])]
            assert years == [str(y) for y in range(first, last + 1)], (path, years)
            assert not overlapping(boxes), path
            body = page.evaluate(
                "() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
            )
            heights = [b["h"] for b in boxes]
            assert min(heights) >= 11 and max(heights) <= body * 1.25, (path, heights, body)
            caption = chart.locator("figcaption").inner_text()
            assert "Each dot is a month with notes" in caption
    finally:
        context.close()


def archive_counts(notes: int, first: date, last: date, seed: str) -> dict[str, int]:
    """Notes per month of an archive whose notes' dates are spread evenly at random between
    `first` and `last`, as benchmarks/synth.py spreads its 10,000 (2015 to 2024)."""
    rng = random.Random(seed)
    days = (last - first).days + 1
    months = Counter(
        (first + timedelta(days=rng.randrange(days))).strftime("%Y-%m") for _ in range(notes)
    )
    return dict(months)


def test_the_charts_of_a_big_archive_read_on_a_phone(
    chromium: Browser, built_site: Path, tmp_path: Path
) -> None:
    """The whole of a 10,000-note archive (bars: every month has notes) and a rare term in it
    (30 notes over ten years: dots), drawn with the site's own stylesheets at 390 px."""
    first, last = date(2015, 1, 1), date(2024, 12, 31)
    charts = [
        timeline_svg(archive_counts(10_000, first, last, "archive"), "Whole archive", "big"),
        timeline_svg(archive_counts(30, first, last, "rare"), "A rare term", "rare"),
    ]
    styles = sorted((built_site / "assets" / "stylesheets").rglob("*.css"))  # main, palette
    links = "".join(f'<link rel="stylesheet" href="{s.as_uri()}">' for s in styles)
    links += f'<link rel="stylesheet" href="{(built_site / "assets" / "digest.css").as_uri()}">'
    page_file = tmp_path / "charts.html"
    page_file.write_text(
        f'<!doctype html><html><head>{links}</head><body data-md-color-scheme="default" '
        f'data-md-color-primary="blue-grey"><div class="md-content">'
        f'<article class="md-content__inner md-typeset">{"".join(charts)}</article></div></body></html>',
        encoding="utf-8",
    )
    context = chromium.new_context(viewport=PHONE)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(page_file.as_uri(), wait_until="load")
        kinds = page.locator("figure.digest-chart").evaluate_all("fs => fs.map(f => f.className)")
        assert "digest-chart--bars" in kinds[0] and "digest-chart--dots" in kinds[1], kinds
        for index in range(2):
            figure = f"figure.digest-chart:nth-of-type({index + 1})"
            boxes = text_boxes(page, f"{figure} text")
            assert boxes and min(b["h"] for b in boxes) >= 11
            assert not overlapping(boxes), index
            years = [int(b["text"]) for b in boxes if re.fullmatch(r"\d{4}", b["text"])]
            step = years[1] - years[0]
            assert step in (1, 2, 5) and years == list(range(years[0], 2025, step)), years
            assert years[0] - first.year < step  # no year in range goes unlabelled but by a step
            ticks = page.locator(f"{figure} line.digest-chart__axis").count()
            assert ticks >= (last.year - first.year + 1) + 1  # a tick where every year starts
        screenshot(page, "chart-10000-notes-phone")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_maps_name_their_countries_and_keep_their_text_small(
    chromium: Browser, site_url: str, viewport: dict[str, int]
) -> None:
    context = chromium.new_context(viewport=viewport)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(site_url + "regions/hoeryong/", wait_until="networkidle")
        figure = page.locator("figure.digest-map")
        names = figure.locator(".digest-map__name").evaluate_all("ts => ts.map(t => t.textContent)")
        assert {"CHINA", "NORTH KOREA"} <= set(names), names
        legend = text_boxes(page, ".digest-map__legend text")
        assert [b["text"] for b in legend] == ["4 notes"]  # one dot: no sizes it does not use
        body = page.evaluate(
            "() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
        )
        sizes = [b["h"] for b in text_boxes(page, "figure.digest-map text")]
        assert min(sizes) >= 11 and max(sizes) <= body * 1.25, (sizes, body)
        svg, caption = (
            figure.locator("svg").bounding_box(),
            figure.locator("figcaption").bounding_box(),
        )
        assert svg and caption and abs(svg["x"] - caption["x"]) < 1  # under the map's left edge
    finally:
        context.close()


# ---- how every page type looks ----------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_type_fits_a_phone_and_is_saved_as_a_screenshot(
    chromium: Browser, site_url: str, engine: str, scheme: str
) -> None:
    """No page scrolls sideways on a phone; each is saved to look at, at both widths."""
    context = chromium.new_context(viewport=DESKTOP, color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)  # type: ignore[arg-type]
            for kind, path in PAGES.items():
                page.goto(site_url + path, wait_until="networkidle")
                width = page.evaluate("() => document.documentElement.scrollWidth")
                assert width <= viewport["width"], (kind, width)
                screenshot(page, f"sample-{engine}-{scheme}-{viewport['width']}-{kind}")
    finally:
        context.close()
