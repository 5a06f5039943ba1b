"""The monthly newsletter (`digests/<yyyy>-<mm>/email.html`) as a mail client would get it.

It is opened from disk in Chromium with every request recorded and refused: an email that
needs a stylesheet, a font, an image or a script from anywhere shows broken in a mail client,
so the page must render whole with none.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.browser import PHONE, chromium, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

__all__ = ["chromium"]
pytestmark = pytest.mark.browser

MAX_BYTES = 100_000


def months(site: Path) -> list[Path]:
    return sorted(site.glob("digests/*/email.html"))


def test_every_month_has_an_email_under_100_kb_with_no_script(readers_site: Path) -> None:
    found = months(readers_site)
    assert len(found) == len(list(readers_site.glob("digests/*/index.html")))
    for email in found:
        html = email.read_text(encoding="utf-8")
        assert len(html.encode()) < MAX_BYTES, email
        assert "<script" not in html.lower() and "<style" not in html.lower(), email
        assert "<link" not in html.lower() and "class=" not in html, email  # inline styles only
        assert "<table" in html, email  # layout by tables, as mail clients need
        for href in re.findall(r'href="([^"]*)"', html):
            assert href.startswith("https://"), (email, href)  # absolute links only
        assert (email.parent / "email.txt").is_file()


def test_email_renders_with_no_request(chromium: Browser, readers_site: Path) -> None:
    email = readers_site / "digests" / "2024-04" / "email.html"
    requests: list[str] = []

    def refuse(route: Route) -> None:
        requests.append(route.request.url)
        route.abort()

    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.route(re.compile(r"^(?!file:).*"), refuse)
        page.goto(email.as_uri(), wait_until="load")
        assert page.locator("h1").inner_text() == "Digest for Apr 2024"
        title = page.locator("a", has_text="Harbour report 19").first
        assert title.is_visible()
        assert title.get_attribute("href", timeout=1000).startswith("https://")
        # readable on a phone: nothing wider than the screen, body text 13 px or more
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
        smallest = page.evaluate(
            "Math.min(...[...document.querySelectorAll('p')]"
            ".map(p => parseFloat(getComputedStyle(p).fontSize)))"
        )
        assert smallest >= 13
        screenshot(page, "newsletter-2024-04-phone")
    finally:
        context.close()
    assert requests == []
