"""Region maps in Chromium, on the synthetic site: geography drawn, labels apart and readable.

The boxes are the browser's own (getBoundingClientRect of each label as laid out), not the
generator's estimates, at a phone's width and a desktop's.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.browser import PHONE, chromium, screenshot, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser

__all__ = ["chromium"]
pytestmark = pytest.mark.browser

PAGES = ["regions/coastland/", "regions/harbour-county/", "regions/"]
MIN_LABEL_PX = 11


@pytest.fixture(scope="module")
def readers_url(readers_site: Path) -> Iterator[str]:
    with serve(readers_site) as url:
        yield url


def _boxes(page: object, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(  # type: ignore[attr-defined,no-any-return]
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.left, y: r.top, w: r.width, h: r.height, text: e.textContent}; })",
    )


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    "viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"]
)
def test_map_has_geography_and_labels_apart(
    chromium: Browser, readers_url: str, path: str, viewport: dict[str, int]
) -> None:
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(readers_url + path, wait_until="networkidle")
        figure = page.locator("figure.digest-map")
        assert figure.count() == 1
        for layer in ("coast", "border", "land"):
            d = figure.locator(f"path.digest-map__{layer}").first.get_attribute("d")
            assert d and len(d) > 20, f"no {layer} on {path}"
        labels = _boxes(page, "figure.digest-map .digest-map__label")
        assert len(labels) >= 2, path
        for a, b in combinations(labels, 2):
            assert not _overlap(a, b), f"{a['text']!r} overlaps {b['text']!r} on {path}"
        scale = page.eval_on_selector("figure.digest-map svg", "svg => svg.getScreenCTM().a")
        font = float(figure.locator(".digest-map__places").get_attribute("font-size") or 0)
        assert font * scale >= MIN_LABEL_PX, f"labels are {font * scale:.1f} px on {path}"
        # every place is one link with a name, and none hides inside another interactive element
        places = figure.locator("a.digest-map__place")
        assert places.count() >= len(labels)
        for index in range(places.count()):
            assert "note" in (places.nth(index).get_attribute("aria-label") or "")
        assert figure.locator("svg").get_attribute("role") == "group"
        if viewport is PHONE:
            height = figure.locator("svg").bounding_box()
            assert height and height["height"] < viewport["height"] * 0.8
        screenshot(page, f"map-{path.strip('/').replace('/', '-')}-{viewport['width']}")
    finally:
        context.close()


def test_choropleth_shades_the_counties(chromium: Browser, readers_url: str) -> None:
    page = chromium.new_page()
    try:
        page.goto(readers_url + "regions/coastland/", wait_until="networkidle")
        areas = page.locator("figure.digest-map path.digest-map__area")
        assert areas.count() == 3  # the three counties, not the towns inside them
        titles = [areas.nth(i).locator("title").text_content() for i in range(areas.count())]
        assert any(t and t.startswith("Harbour County: ") for t in titles), titles
    finally:
        page.close()
