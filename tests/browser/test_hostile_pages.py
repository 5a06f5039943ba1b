"""Every page of the hostile site in Chromium: hovered, focused, clicked; no dialog opens.

The site is built from `tests/fixtures/hostile/` with the checks that refuse unsafe links
switched off (`test_hostile.build_unchecked`), so only the sanitiser stands between the payloads
and the reader. Every payload calls `alert`; one dialog fails the test. A planted control page
proves the harness sees a dialog when there is one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.site.test_hostile import HOSTILE, build_unchecked
from tests.support.browser import browser_context, chromium, serve

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

__all__ = ["browser_context", "chromium"]  # fixtures, imported to be found

pytestmark = pytest.mark.browser

# Fires every kind of event a handler could wait for on every element, focuses and clicks it.
# Links to http(s)/mailto addresses are kept from navigating; any other scheme is followed,
# so a `javascript:` link that survived would run.
EXERCISE = """() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a');
    if (link && ['http:', 'https:', 'mailto:'].includes(link.protocol)) event.preventDefault();
  }, true);
  const types = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'focusin',
    'focus', 'blur', 'focusout', 'keydown', 'keyup', 'input', 'change', 'error', 'load',
    'toggle', 'animationstart', 'transitionend', 'pointerover', 'pointerdown', 'wheel'];
  const elements = Array.from(document.querySelectorAll('body *'));
  for (const element of elements) {
    for (const type of types) element.dispatchEvent(new Event(type, {bubbles: true}));
    if (typeof element.focus === 'function') element.focus();
    if (typeof element.click === 'function') element.click();
  }
  return elements.length;
}"""
CONTROL = (
    "<!doctype html><title>control</title>"
    "<img src=x onerror=\"alert('control 1')\">"
    "<a href=\"javascript:alert('control 2')\">link</a>"
    "<p onmouseover=\"alert('control 3')\">hover</p>"
)


@pytest.fixture(scope="module")
def hostile_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    site = build_unchecked(HOSTILE, tmp_path_factory.mktemp("hostile-browser"))
    (site / "control-page.html").write_text(CONTROL, encoding="utf-8")
    with serve(site) as url:
        yield site, url


def dialogs_on(context: BrowserContext, url: str) -> list[str]:
    """The dialogs a page opens while it loads and while every element is exercised."""
    page = context.new_page()
    opened: list[str] = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(url, wait_until="load")
        for link in page.locator(".md-content a").all()[:40]:
            if link.is_visible():
                link.hover()
        page.evaluate(EXERCISE)
        page.wait_for_timeout(200)  # handlers that wait a moment
    finally:
        page.close()
    return opened


def test_the_harness_sees_a_dialog(
    browser_context: BrowserContext, hostile_served: tuple[Path, str]
) -> None:
    _, url = hostile_served
    opened = dialogs_on(browser_context, url + "control-page.html")
    assert set(opened) == {"control 1", "control 2", "control 3"}


def test_no_hostile_page_opens_a_dialog(
    browser_context: BrowserContext, hostile_served: tuple[Path, str]
) -> None:
    site, url = hostile_served
    pages = sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("index.html")
        if "search" not in path.parts  # Pagefind's page holds no content text
    )
    assert "articles/encoded-schemes/index.html" in pages
    opened = {page: dialogs_on(browser_context, url + page) for page in pages}
    assert {page: found for page, found in opened.items() if found} == {}
