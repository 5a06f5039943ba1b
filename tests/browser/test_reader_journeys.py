"""The sample site in headless Chromium, the way a reader uses it.

Home page → a region chip → its digest (chart) → the province above it (roll-up); the header
search finds an agency by its alias; a digest's feed link leads to an Atom feed; home, digest and
note pages fit a phone; one page of every kind loads. Every test also asserts that no page logged
a console error, threw, failed a request, got an HTTP error from the site or asked any host but
the local test server for anything (and one test proves the watcher sees each of those).
Screenshots of every step go to test-artifacts/.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import feedparser
import pytest

from tests.support.browser import (
    PHONE,
    Watch,
    browser_context,
    chromium,
    page,
    screenshot,
    site_url,
    watch,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = [
    "browser_context",
    "chromium",
    "page",
    "site_url",
    "watch",
]  # fixtures, imported to be found

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"


def open_page(page: Page, url: str) -> None:
    """Navigate and wait until the page and everything it asked for has arrived."""
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")


def assert_chart(page: Page) -> None:
    """The timeline: inline SVG, announced as an image, with a non-empty title."""
    chart = page.locator("figure.digest-chart svg").first
    assert chart.is_visible()
    assert chart.get_attribute("role") == "img"
    title = chart.locator(":scope > title")
    assert title.count() == 1
    assert title.text_content().strip()
    assert chart.locator("rect.digest-chart__bar, circle.digest-chart__dot").count() >= 1


def test_home_region_chip_digest_chart_and_roll_up(page: Page, watch: Watch, site_url: str) -> None:
    open_page(page, site_url)
    assert page.locator("h1").first.is_visible()
    assert page.locator("li.digest-note").count() >= 1
    assert_chart(page)
    screenshot(page, "browser-1-home")

    chip = page.locator('a.digest-chip.digest-chip--regions[href$="regions/hoeryong/"]').first
    assert chip.inner_text().strip() == "Hoeryong"
    chip.click()
    page.wait_for_url(re.compile(r"/regions/hoeryong/$"))
    settle(page)
    assert page.locator("h1").first.inner_text().startswith("Hoeryong")
    assert_chart(page)
    screenshot(page, "browser-2-region-digest-hoeryong")

    # Up the tree through the breadcrumb: the province rolls up the city's notes.
    page.locator(".digest-breadcrumb a", has_text="North Hamgyong").click()
    page.wait_for_url(re.compile(r"/regions/north-hamgyong/$"))
    settle(page)
    assert page.locator("h1").first.inner_text().startswith("North Hamgyong")
    assert_chart(page)
    via = page.locator("p.digest-note__via", has_text="Included through Hoeryong")
    assert via.count() >= 1
    assert via.first.is_visible()
    assert via.first.locator("a").get_attribute("href").rstrip("/").endswith("hoeryong")
    model_case = page.locator("li.digest-note", has=via.first)
    assert model_case.locator("a.digest-note__title").first.inner_text().strip()
    screenshot(page, "browser-3-roll-up-north-hamgyong")

    watch.assert_clean()


def header_search(page: Page, query: str) -> None:
    """Type into the header's search box (ours, the same with either engine)."""
    box = page.locator("#digest-hsearch-input")
    box.click()
    box.press_sequentially(query, delay=50)


def test_search_finds_agency_by_alias(page: Page, watch: Watch, site_url: str) -> None:
    """The first result for an alias is the agency's own page, with either engine."""
    open_page(page, site_url)
    header_search(page, "Bowibu")
    hit = page.locator(".digest-hsearch__link").first
    hit.wait_for(state="visible")
    assert (hit.get_attribute("href") or "").endswith("agencies/ministry-of-state-security/")
    screenshot(page, "browser-4-search-bowibu")
    hit.click()
    page.wait_for_url(re.compile(r"/agencies/ministry-of-state-security/"))
    settle(page)
    assert page.locator("h1").first.inner_text().startswith("Ministry of State Security")
    screenshot(page, "browser-5-search-result-mss")
    # (this site was built without Pagefind's index, which the box asks for its notes)
    watch.problems = [p for p in watch.problems if "/pagefind/" not in p]
    watch.assert_clean()


def test_digest_feed_link_opens_atom_feed(page: Page, watch: Watch, site_url: str) -> None:
    open_page(page, site_url + "regions/north-hamgyong/")
    link = page.locator("a.digest-feed")
    assert link.is_visible()
    href = link.get_attribute("href")
    head_feeds = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    head_hrefs = [head_feeds.nth(i).get_attribute("href") for i in range(head_feeds.count())]
    assert href in head_hrefs, (href, head_hrefs)
    notes_on_page = page.locator("li.digest-note").count()
    link.scroll_into_view_if_needed()
    screenshot(page, "browser-6-feed-link-north-hamgyong")

    # Fetched as a feed reader would: a browser tab showing raw XML also asks the server root for
    # /favicon.ico, which says nothing about the site (deployed under a path it is not even ours).
    feed_url = page.evaluate("href => new URL(href, document.baseURI).href", href)
    assert feed_url == site_url + "feeds/regions/north-hamgyong.xml"
    response = page.request.get(feed_url)
    assert response.ok, response.status
    assert "xml" in response.headers.get("content-type", "")

    parsed = feedparser.parse(response.body())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == notes_on_page

    feed = ET.fromstring(response.body())
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == notes_on_page > 0
    titles = {entry.findtext(f"{ATOM}title") for entry in entries}
    assert "State security offices on the border caught using confiscated phones" in titles
    for entry in entries:
        assert entry.findtext(f"{ATOM}title", "").strip()
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None

    watch.assert_clean()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "regions/north-hamgyong/",
        "articles/2024-04-19-state-security-offices-confiscated-phones/",
    ],
    ids=["home", "digest", "note"],
)
def test_fits_a_phone(chromium: Browser, site_url: str, path: str) -> None:
    """390×844 (a current phone): the page never scrolls sideways."""
    context = chromium.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    try:
        watch = Watch.attach(context, site_url)
        page = context.new_page()
        open_page(page, site_url + path)
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        screenshot(page, f"browser-7-phone-{path.strip('/').replace('/', '-') or 'home'}")
        assert widths["scroll"] <= widths["inner"], widths
        watch.assert_clean()
    finally:
        context.close()


def test_every_kind_of_page_loads_cleanly(page: Page, watch: Watch, site_url: str) -> None:
    """One page of each kind, opened and left to settle: no errors, no foreign requests."""
    open_page(page, site_url + "digests/")
    month = page.locator("article a[href*='digests/20']").first
    month_path = month.get_attribute("href")
    paths = [
        "themes/",
        "agencies/",
        "regions/",
        "themes/mobile-phones/",
        "agencies/ministry-of-state-security/",
        "articles/2024-04-19-state-security-offices-confiscated-phones/",
        "about/",
        "method/",
    ]
    for path in paths:
        open_page(page, site_url + path)
        assert page.locator("h1").first.is_visible(), path
        screenshot(page, f"browser-8-page-{path.strip('/').replace('/', '-')}")
    page.goto(site_url + "digests/")
    page.locator(f"article a[href='{month_path}']").first.click()
    page.wait_for_url(re.compile(r"/digests/\d{4}-\d{2}/$"))
    settle(page)
    assert page.locator("h1").first.is_visible()
    screenshot(page, "browser-8-page-month")
    watch.assert_clean()


def test_the_watch_sees_what_it_should(page: Page, watch: Watch, site_url: str) -> None:
    """The clean results above mean something only if the watcher catches each kind of fault."""
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    open_page(page, site_url + "about/")
    watch.problems.clear()  # whether the page itself is clean is the other tests' business
    page.evaluate(
        """async () => {
            console.error("deliberate console error");
            setTimeout(() => { throw new Error("deliberate uncaught error"); }, 0);
            await fetch("missing-file.json").catch(() => {});
            await fetch("http://example.com/tracker.gif").catch(() => {});
        }"""
    )
    page.wait_for_timeout(300)
    found = "\n".join(watch.problems)
    assert "console error: deliberate console error" in found
    assert "page error: " in found and "deliberate uncaught error" in found
    assert "HTTP 404: " + site_url + "about/missing-file.json" in found
    assert "request to another host: http://example.com/tracker.gif" in found
    with pytest.raises(AssertionError):
        watch.assert_clean()
