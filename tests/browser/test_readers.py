"""A reader on the synthetic site: the header search puts a term's page first for its aliases,
charts are readable on a phone, and a filtered search says in words what it is filtered by."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.browser import PHONE, Watch, chromium, screenshot, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser

__all__ = ["chromium"]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def readers_url(readers_site: Path) -> Iterator[str]:
    with serve(readers_site) as url:
        yield url


@pytest.mark.parametrize(
    ("alias", "page"),
    [
        ("Portwatch", "agencies/harbour-authority/"),
        ("Wavekeepers", "agencies/coast-guard/"),
        ("Velagrad", "regions/port-vela/"),
        ("Fisheries", "themes/fishing/"),
    ],
)
def test_header_search_puts_the_terms_page_first(
    chromium: Browser, readers_url: str, alias: str, page: str
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch.attach(context, readers_url)
    tab = context.new_page()
    try:
        tab.goto(readers_url, wait_until="networkidle")
        tab.locator("#digest-hsearch-input").click()
        tab.locator("#digest-hsearch-input").press_sequentially(alias, delay=30)
        first = tab.locator(".digest-hsearch__link").first
        first.wait_for(state="visible")
        href = first.get_attribute("href") or ""
        assert href.split("#")[0].split("?")[0].endswith(page), (alias, href)
    finally:
        context.close()
    watch.assert_clean()


def test_chart_text_is_11_px_or_more_on_a_phone(chromium: Browser, readers_url: str) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        for path in ("", "regions/coastland/", "themes/fishing/"):
            page.goto(readers_url + path, wait_until="networkidle")
            sizes = page.eval_on_selector_all(
                "figure.digest-chart text",
                "els => els.map(e => e.getBoundingClientRect().height)",
            )
            kind = page.locator("figure.digest-chart").get_attribute("class") or ""
            ticks = page.locator("figure.digest-chart text[text-anchor=end]").count()
            if "digest-chart--bars" in kind:
                assert ticks >= 2, f"y-axis of {path!r} has {ticks} ticks"
            else:  # dots: each month's number is written in its dot, no y-axis
                assert "digest-chart--dots" in kind and ticks == 0, path
            assert sizes and min(sizes) >= 11
            caption = page.locator("figure.digest-chart figcaption").inner_text()
            assert "busiest month" not in caption or "each" not in caption
            assert page.locator("figure.digest-chart details table tr").count() >= 2
        screenshot(page, "chart-fishing-phone")
    finally:
        context.close()


def test_filtered_search_names_the_chosen_values(chromium: Browser, readers_url: str) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(readers_url + "search/?region=port-vela&theme=fishing", wait_until="networkidle")
        chosen = page.locator("[data-search-chosen]")
        chosen.wait_for(state="visible")
        assert chosen.inner_text() == "Filtered by Region: Port Vela · Theme: Fishing"
        trigger = page.locator("pagefind-filter-dropdown[filter=region] .pf-dropdown-trigger")
        assert trigger.get_attribute("aria-label") == "Region: Port Vela"
        page.locator(".digest-search__results li").first.wait_for(state="visible")
        date = page.locator(".digest-search__result-date").first.inner_text()
        assert date[:1].isdigit() and date[-4:].isdigit() and "-" not in date  # 19 Apr 2024
        screenshot(page, "search-filtered-named")
    finally:
        context.close()
