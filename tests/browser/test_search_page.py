"""The /search/ page in headless Chromium: Pagefind's UI over the sample site's notes.

A query with two filters picked in the dropdowns returns exactly the notes it should, and the
address bar then holds query and filters; that URL, opened afresh, restores the same search; an
alias (`Bowibu`) finds the agency's notes; a digest's pre-filtered link lists its term's notes,
sorted by date; the page fits Material's dark mode; without JavaScript it says so. Every test
also checks that no page logged an error, failed a request or asked another host for anything.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.build.check import check
from generator.content.model import Corpus, Note
from generator.facets import FACETS
from tests.support import FIXTURES, ROOT
from tests.support.browser import (
    DESKTOP,
    PHONE,
    Watch,
    browser_context,
    chromium,
    page,
    screenshot,
    serve,
    watch,
)
from tests.support.search_site import (
    SEARCH_SITES,
    build_search_site,
    rolled_up,
    sample_search_site,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

__all__ = ["browser_context", "chromium", "page", "watch"]  # fixtures, imported to be found

pytestmark = pytest.mark.browser

MSS = "ministry-of-state-security"
NORTH_HAMGYONG = "north-hamgyong"


@pytest.fixture(
    scope="module", params=SEARCH_SITES, ids=["mkdocs", "zensical", "mkdocs-in-bundles"]
)
def search_site(request: pytest.FixtureRequest) -> tuple[str, int | None]:
    """Which engine built the site, and how many notes a search bundle held."""
    kind: tuple[str, int | None] = request.param
    return kind


@pytest.fixture(scope="module")
def site_url(
    tmp_path_factory: pytest.TempPathFactory, search_site: tuple[str, int | None]
) -> Iterator[str]:
    site = sample_search_site(tmp_path_factory, *search_site)
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return check(ROOT / "content").corpus


# ---- what the content says the answers are ----------------------------------------------


def searchable_text(corpus: Corpus, note: Note) -> str:
    """What Pagefind indexes of a note: title, summary, body, its terms' names and aliases."""
    words = [note.title, note.summary, note.body]
    for vocabulary in ("agencies", "locations", "themes"):
        for term_id in rolled_up(corpus, note, vocabulary):
            term = corpus.term(vocabulary, term_id)
            words += [term.name, *term.aliases]
    return " ".join(words)


def expected(corpus: Corpus, word: str | None = None, **terms: str) -> set[str]:
    """Site paths of the notes under every given term (with roll-up) and matching `word`."""
    vocabulary_of = {facet.filter: facet.vocabulary for facet in FACETS}
    found = set()
    for note in corpus.published:
        if not all(t in rolled_up(corpus, note, vocabulary_of[k]) for k, t in terms.items()):
            continue
        if word and not re.search(rf"\b{word}", searchable_text(corpus, note), re.IGNORECASE):
            continue
        found.add("/" + note.url)
    return found


# ---- driving the page -------------------------------------------------------------------


def open_search(page: Page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url
    page.locator("pagefind-input input").wait_for(state="visible")


def results(page: Page, count: int | None = None, term: str = "") -> list[str]:
    """The result links (site paths), once the search for `term` and its results have loaded."""
    summary = page.locator("pagefind-summary")
    # (not \b after the term: in a JavaScript pattern it fails after a Korean or Chinese word)
    done = r"(\d+ results?|No results)" + (
        rf" for \W?{re.escape(term)}(?![A-Za-z0-9])" if term else r"\s*$"
    )
    page.wait_for_function(
        "pattern => new RegExp(pattern, 'i').test("
        "(document.querySelector('pagefind-summary')?.textContent || '').trim())",
        arg=done,
    )
    text = summary.inner_text()
    total = 0 if re.search(r"no results", text, re.IGNORECASE) else int(re.search(r"\d+", text)[0])  # type: ignore[index]
    if count is not None:
        assert total == count, text
    links = page.locator(".digest-search__results a.digest-search__result-link")
    # results fill in as they scroll into view: scroll until every one has loaded
    for _ in range(50):
        if links.count() >= total:
            break
        page.mouse.wheel(0, 2000)
        page.wait_for_timeout(100)
    assert links.count() == total, (links.count(), total)
    return [urlsplit(links.nth(i).get_attribute("href") or "").path for i in range(total)]


def pick(page: Page, filter_name: str, value: str) -> None:
    dropdown = page.locator(f'pagefind-filter-dropdown[filter="{filter_name}"]')
    dropdown.locator(".pf-dropdown-trigger").click()
    dropdown.locator(f'[role="option"][data-value="{value}"]').click()
    dropdown.locator(".pf-dropdown-menu").wait_for(state="hidden")  # a choice closes it


def url_state(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# ---- the tests --------------------------------------------------------------------------


def test_query_and_two_filters_then_the_url_restores_them(
    page: Page, watch: Watch, site_url: str, corpus: Corpus, browser_context: BrowserContext
) -> None:
    open_search(page, site_url + "search/")
    assert url_state(page) == {}
    page.locator("pagefind-input input").fill("phones")
    pick(page, "agency", "Ministry of State Security")
    pick(page, "region", "North Hamgyong Province")
    want = expected(corpus, "phone", agency=MSS, region=NORTH_HAMGYONG)
    assert want, "the sample content has such notes"
    assert set(results(page, len(want), "phones")) == want
    screenshot(page, "search-1-query-two-filters")

    page.wait_for_function("() => new URL(location.href).searchParams.get('region')")
    shared = page.url
    assert url_state(page) == {"query": ["phones"], "agency": [MSS], "region": [NORTH_HAMGYONG]}

    # A bookmark, or a link a colleague sent: a fresh tab restores query, filters and results.
    other = browser_context.new_page()
    open_search(other, shared)
    assert set(results(other, len(want), "phones")) == want
    assert other.locator("pagefind-input input").input_value() == "phones"
    for name in ("agency", "region"):
        badge = other.locator(
            f'pagefind-filter-dropdown[filter="{name}"] .pf-dropdown-selected-badge'
        )
        assert badge.inner_text().strip() == "1", name
    assert url_state(other) == url_state(page)
    screenshot(other, "search-2-restored-from-url")
    other.close()
    watch.assert_clean()


def test_an_alias_finds_the_agencys_notes(
    page: Page, watch: Watch, site_url: str, corpus: Corpus
) -> None:
    open_search(page, site_url + "search/")
    page.locator("pagefind-input input").press_sequentially("Bowibu", delay=30)
    want = expected(corpus, "bowibu")
    mss = expected(corpus, agency=MSS)
    assert mss and mss <= want
    assert set(results(page, len(want), "Bowibu")) == want
    assert "Bowibu" not in " ".join(n.title for n in corpus.published)
    page.wait_for_function("() => new URL(location.href).searchParams.get('query') === 'Bowibu'")
    screenshot(page, "search-3-alias-bowibu")
    watch.assert_clean()


# ---- the header's search box ----------------------------------------------------------------
# It asks Pagefind, as /search/ does (templates/assets/header-search.js): the same notes for the
# same words, in Korean, Chinese and Latin script, and a link to all of them on /search/.

HEADER_WORDS = ["회령", "보위부", "丹东", "Bowibu", "Hoeryŏng", "phones", "fence"]


def header_search(page: Page, word: str) -> tuple[int, list[str], list[str]]:
    """Type `word` into the header's box: (how many notes it says it found, the notes it lists,
    the topics it lists), once its answer for `word` is in."""
    box = page.locator("#digest-hsearch-input")
    if not box.is_visible():  # a phone: the theme's magnifier button opens the box
        page.locator("label.md-header__button[for='__search']").click()
    box.click()
    box.press_sequentially(word, delay=30)
    status = page.locator(".digest-hsearch__status")
    page.wait_for_function(
        "word => (document.querySelector('.digest-hsearch__status')?.textContent || '')"
        ".includes('“' + word + '”')",
        arg=word,
    )
    found = re.search(r"(\d+) notes? for", status.inner_text())
    count = int(found[1]) if found else 0
    links = page.locator(".digest-hsearch__list a.digest-hsearch__link")
    paths = [urlsplit(links.nth(i).get_attribute("href") or "").path for i in range(links.count())]
    topics = [p for p in paths if not p.startswith("/articles/")]
    return count, [p for p in paths if p.startswith("/articles/")], topics


def tagged(corpus: Corpus, vocabulary: str, term: str) -> set[str]:
    return {"/" + n.url for n in corpus.published if term in rolled_up(corpus, n, vocabulary)}


@pytest.mark.parametrize("word", HEADER_WORDS)
def test_the_header_box_finds_what_the_search_page_finds(
    page: Page, watch: Watch, site_url: str, corpus: Corpus, word: str
) -> None:
    """Same notes in the same order, whatever the script; "all results" opens /search/."""
    page.goto(site_url + "regions/", wait_until="networkidle")
    count, shown, _ = header_search(page, word)
    assert count >= 1 and shown and len(shown) == min(count, 5), (word, count, shown)
    every = page.locator(".digest-hsearch__all")
    assert f"All {count} note" in every.inner_text()
    every.click()
    page.wait_for_url(re.compile(r"/search/\?query="))
    assert url_state(page) == {"query": [word]}
    listed = results(page, count, word)
    assert shown == listed[: len(shown)], (word, shown, listed)
    watch.assert_clean()


def test_korean_and_chinese_names_find_their_place_and_its_notes(
    page: Page, watch: Watch, site_url: str, corpus: Corpus
) -> None:
    """The issue's case: `회령` stayed at "Type to start searching"; now Hoeryong's page comes
    first and its four notes follow, as `丹东` brings Dandong's."""
    page.goto(site_url, wait_until="networkidle")
    for word, term in (("회령", "hoeryong"), ("丹东", "dandong")):
        page.locator("#digest-hsearch-input").fill("")
        count, shown, topics = header_search(page, word)
        assert topics[0] == f"/regions/{term}/"
        want = tagged(corpus, "locations", term)
        assert count == len(want) and set(shown) == want, (word, shown)
        screenshot(page, f"header-search-{term}")
    watch.assert_clean()


def test_the_header_box_by_keyboard_and_on_a_phone(chromium: Browser, site_url: str) -> None:
    """Arrow keys walk the results and Escape closes them; Enter opens /search/; on a phone the
    theme's magnifier opens the box over the header. The themes' own indexes are never fetched."""
    for viewport in (DESKTOP, PHONE):
        context = chromium.new_context(viewport=viewport)  # type: ignore[arg-type]
        try:
            watch = Watch.attach(context, site_url)
            theirs = _themes_index_requests(context)
            page = context.new_page()
            page.goto(site_url + "themes/", wait_until="networkidle")
            header_search(page, "phones")
            box = page.locator("#digest-hsearch-input")
            panel = page.locator(".digest-hsearch__panel")
            assert panel.is_visible()
            page.keyboard.press("ArrowDown")
            first = page.locator(".digest-hsearch__link").first
            assert first.evaluate("a => a === document.activeElement")
            page.keyboard.press("Escape")
            assert not panel.is_visible()
            assert box.evaluate("i => i === document.activeElement")
            screenshot(page, f"header-search-keyboard-{viewport['width']}")
            box.press("Enter")
            page.wait_for_url(re.compile(r"/search/\?query=phones"))
            results(page, term="phones")
            assert theirs == []
            watch.assert_clean()
        finally:
            context.close()


def _themes_index_requests(context: BrowserContext) -> list[str]:
    """Requests for Material's or Zensical's own search index, which the site never needs."""
    found: list[str] = []
    theirs = ("search_index.json", "/search.json")
    context.on("request", lambda r: found.append(r.url) if r.url.endswith(theirs) else None)
    return found


def test_the_header_box_works_without_javascript(chromium: Browser, site_url: str) -> None:
    """A plain form: Enter opens /search/?query=…, which says the full search needs JavaScript."""
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "themes/")
        page.locator("#digest-hsearch-input").fill("회령")
        page.locator("#digest-hsearch-input").press("Enter")
        page.wait_for_url(re.compile(r"/search/\?query="))
        assert url_state(page) == {"query": ["회령"]}
    finally:
        context.close()


def test_a_filter_dropdown_closes_on_a_choice_and_on_escape(
    page: Page, watch: Watch, site_url: str
) -> None:
    """Pagefind's multi-select stayed open after a choice, and Escape did nothing once a click
    had moved the focus from its button."""
    open_search(page, site_url + "search/?query=phones")
    results(page, term="phones")
    dropdown = page.locator('pagefind-filter-dropdown[filter="region"]')
    trigger, menu = dropdown.locator(".pf-dropdown-trigger"), dropdown.locator(".pf-dropdown-menu")
    trigger.click()
    dropdown.locator('[role="option"]').first.click()
    menu.wait_for(state="hidden")
    assert trigger.evaluate("b => b === document.activeElement")
    trigger.click()
    menu.wait_for(state="visible")
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("Escape")
    menu.wait_for(state="hidden")
    trigger.press("Enter")  # by keyboard: open, choose with Enter, closed again
    menu.wait_for(state="visible")
    trigger.press("ArrowDown")
    trigger.press("Enter")
    menu.wait_for(state="hidden")
    watch.assert_clean()


def test_a_digest_link_lists_its_terms_notes_by_date(
    page: Page, watch: Watch, site_url: str, corpus: Corpus
) -> None:
    """The digest pages link to `search/?region=<id>`: no query, the notes newest first."""
    open_search(page, site_url + f"search/?region={NORTH_HAMGYONG}")
    want = expected(corpus, region=NORTH_HAMGYONG)
    got = results(page, len(want))
    assert set(got) == want
    dates = {"/" + n.url: n.date for n in corpus.published}
    assert [dates[u] for u in got] == sorted((dates[u] for u in got), reverse=True)

    page.locator("[data-search-sort]").select_option("oldest")
    page.wait_for_function("() => new URL(location.href).searchParams.get('sort') === 'oldest'")
    page.wait_for_timeout(300)
    got = results(page, len(want))
    assert [dates[u] for u in got] == sorted(dates[u] for u in got)
    screenshot(page, "search-4-digest-link-oldest-first")
    watch.assert_clean()


def test_fits_materials_dark_mode(page: Page, watch: Watch, site_url: str) -> None:
    open_search(page, site_url + "search/?query=phones")
    results(page, term="phones")
    colours = """() => {
        const input = document.querySelector('pagefind-input input');
        const body = getComputedStyle(document.body);
        return {
            scheme: document.body.getAttribute('data-md-color-scheme'),
            input: getComputedStyle(input).backgroundColor,
            text: getComputedStyle(input).color,
            page: body.backgroundColor,
            fg: body.color,
        };
    }"""
    light = page.evaluate(colours)
    page.locator("label.md-header__button[for^='__palette']").first.click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = page.evaluate(colours)
    screenshot(page, "search-5-dark-mode")
    assert (light["scheme"], dark["scheme"]) == ("default", "slate")
    for mode in (light, dark):
        assert mode["input"] == mode["page"], mode
    assert light["input"] != dark["input"]
    assert light["text"] != dark["text"]
    watch.assert_clean()


def test_fits_a_phone(chromium: Browser, site_url: str) -> None:
    context = chromium.new_context(
        viewport=PHONE,  # type: ignore[arg-type]
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    try:
        watch = Watch.attach(context, site_url)
        page = context.new_page()
        open_search(page, site_url + f"search/?query=phones&region={NORTH_HAMGYONG}")
        results(page, term="phones")
        page.locator('pagefind-filter-dropdown[filter="agency"] .pf-dropdown-trigger').tap()
        menu = page.locator('pagefind-filter-dropdown[filter="agency"] .pf-dropdown-menu')
        menu.locator('[role="option"]').first.wait_for(state="visible")
        box = menu.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["width"] >= PHONE["width"] * 0.8, "the menu spans the row of filters"
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        screenshot(page, "search-8-phone")
        assert widths["scroll"] <= widths["inner"], widths
        watch.assert_clean()
    finally:
        context.close()


def test_without_javascript_the_page_says_so(chromium: Browser, site_url: str) -> None:
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "search/?query=phones")
        message = page.locator(".digest-search__noscript")
        assert message.is_visible()
        assert "needs JavaScript" in message.inner_text()
        assert message.locator("a[href$='themes/']").count() == 1
        assert page.locator("pagefind-input").count() == 0
        assert not page.locator("[data-search-loading]").is_visible()
        screenshot(page, "search-6-no-javascript")
    finally:
        context.close()


HOSTILE_TITLE = "<img src=x onerror=alert(1)> Zanzibar & co"


def test_hostile_content_shows_as_text(
    chromium: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A title, source and body full of markup come out of Pagefind's results as text."""
    tmp = tmp_path_factory.mktemp("hostile-search")
    content = tmp / "content"
    shutil.copytree(FIXTURES / "content", content)
    (content / "articles" / "2024" / "hostile.md").write_text(
        "---\n"
        f'title: "{HOSTILE_TITLE}"\n'
        "date: 2024-01-05\n"
        'source: {name: "<b>Evil</b> wire", url: "https://example.org/?a=1&b=<2>"}\n'
        'summary: "Zanzibar <script>alert(2)</script> summary"\n'
        "themes: [phones]\n"
        "---\n"
        "Body about zanzibar with <script>alert(3)</script>.\n",
        encoding="utf-8",
    )
    site = build_search_site(content, tmp)
    context = chromium.new_context()
    try:
        with serve(site) as url:
            watch = Watch.attach(context, url)
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            open_search(page, url + "search/?query=zanzibar")
            results(page, 1, "zanzibar")
            result = page.locator(".digest-search__result")
            assert result.locator(".digest-search__result-link").inner_text() == HOSTILE_TITLE
            assert (
                result.locator(".digest-search__result-source").inner_text() == "<b>Evil</b> wire"
            )
            assert result.locator("img, b, script").count() == 0
            assert "<script>alert(2)</script>" in result.inner_text()
            screenshot(page, "search-7-hostile-content")
            # the header's box builds its list with text only, excerpt included
            header_search(page, "zanzibar")
            panel = page.locator(".digest-hsearch__panel")
            assert HOSTILE_TITLE in panel.inner_text()
            assert "<script>alert(2)</script>" in panel.inner_text()
            assert panel.locator("img, b, script").count() == 0
            assert panel.locator("mark").count() >= 1
            assert dialogs == []
            watch.assert_clean()
    finally:
        context.close()


def test_without_an_index_the_page_says_so(chromium: Browser, site_url: str) -> None:
    """`digest serve` (or a deploy that skipped Pagefind) has no /pagefind/: not a blank page."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.route(re.compile(r"/pagefind/"), lambda route: route.fulfill(status=404))
        page.goto(site_url + "search/?query=phones", wait_until="networkidle")
        failed = page.locator("[data-search-failed]")
        failed.wait_for(state="visible")
        assert "could not be loaded" in failed.inner_text()
        assert not page.locator("[data-search-loading]").is_visible()
    finally:
        context.close()


def test_sizes_match_what_the_browser_fetched(
    browser_context: BrowserContext,
    page: Page,
    watch: Watch,
    site_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    search_site: tuple[str, int | None],
) -> None:
    """benchmarks/search_size.py counts the very files a first query makes the browser fetch
    (the web worker's requests included), and no filter chunk is among them."""

    from benchmarks import search_size

    fetched: set[str] = set()
    browser_context.on("requestfinished", lambda r: fetched.add(urlsplit(r.url).path))
    open_search(page, site_url + "search/")
    page.locator("pagefind-input input").fill("phones")
    results(page, term="phones")
    page.wait_for_load_state("networkidle")

    site = sample_search_site(tmp_path_factory, *search_site)
    groups = search_size.first_query_files(site, "phones")
    counted = {"/" + p.relative_to(site).as_posix() for paths in groups.values() for p in paths}
    ours = {
        p for p in fetched if p.startswith(("/pagefind/", "/assets/search", "/assets/pagefind"))
    }
    assert ours == counted, (sorted(ours - counted), sorted(counted - ours))
    assert not any(p.endswith(".pf_filter") for p in fetched)

    # the first use of a filter brings in the filter index, and then every filter chunk
    page.locator('pagefind-filter-dropdown[filter="agency"] .pf-dropdown-trigger').click()
    page.wait_for_function(
        "() => document.querySelectorAll('pagefind-filter-dropdown[filter=agency] [role=option]').length > 0"
    )
    want = search_size.search_sizes(site)["pagefind_filter_chunks"]
    for _ in range(50):  # (the load state "networkidle" was reached long ago: poll)
        chunks = {p for p in fetched if p.endswith(".pf_filter")}  # of every bundle
        if len(chunks) >= want:
            break
        page.wait_for_timeout(100)
    assert len(chunks) == want
    watch.assert_clean()
