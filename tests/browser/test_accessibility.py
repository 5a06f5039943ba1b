"""axe-core on every page type of the synthetic site, in light and dark, at a desktop's and a
phone's width: no serious or critical violation anywhere. Each page is also saved as a
screenshot in test-artifacts/ (`look-<scheme>-<width>-<kind>.png`), to be looked at.

axe-core comes from the npm registry, pinned in tests/js/package.json and package-lock.json
(`make test` runs `npm ci` there); it is injected into each page with Playwright. Material's
colour scheme follows the browser's, so each scheme is a context with `color_scheme` set.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support import ROOT
from tests.support.browser import DESKTOP, PHONE, Watch, chromium, screenshot, serve
from tests.support.readers_site import SITE_PATH, as_published

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["chromium"]
pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
JUDGED = {"serious", "critical"}
# one page of every kind the site has
PAGES = {
    "home": "",
    "themes index": "themes/",
    "agencies index": "agencies/",
    "regions index": "regions/",
    "outlets index": "outlets/",
    "months index": "digests/",
    "theme digest": "themes/fishing/",
    "agency digest": "agencies/harbour-authority/",
    "region digest": "regions/coastland/",
    "outlet digest": "outlets/gull-gazette/",
    "yearly page": "regions/port-vela/2024/",
    "month": "digests/2024-04/",
    "note": "articles/2024-04-15-harbour-report-19/",
    "page": "about/",
    "search": "search/?region=port-vela&theme=fishing",
    "404": "404.html",
    "newsletter": "digests/2024-04/email.html",
}


def axe_source() -> str:
    if not AXE.is_file():
        reason = f"axe-core is not installed: run `npm ci --prefix tests/js` ({AXE} missing)"
        if os.environ.get("DIGEST_REQUIRE_BROWSER") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def readers_url(readers_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site under site_url's path, so that 404.html finds its stylesheets."""
    with serve(as_published(readers_site, tmp_path_factory.mktemp("published"))) as url:
        yield url + SITE_PATH


def open_search_filters(page: Page) -> None:
    """The search page as a reader uses it: results listed, a filter's dropdown open."""
    page.locator(".digest-search__results li").first.wait_for(state="visible")
    page.locator("pagefind-filter-dropdown button").first.click()
    page.locator("pagefind-filter-dropdown [role=option]").first.wait_for(state="visible")


def violations(page: Page, source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=source)
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in result if v.get("impact") in JUDGED]


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for violation in found:
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:4]:
            lines.append(f"    {json.dumps(node['target'])} {node.get('failureSummary', '')[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_violation(chromium: Browser, readers_url: str, scheme: str) -> None:
    source = axe_source()
    context = chromium.new_context(viewport=DESKTOP, color_scheme=scheme)  # type: ignore[arg-type]
    watch = Watch.attach(context, readers_url)
    failures = []
    try:
        for kind, path in PAGES.items():
            page = context.new_page()
            for viewport in (DESKTOP, PHONE):
                page.set_viewport_size(viewport)  # type: ignore[arg-type]
                page.goto(readers_url + path, wait_until="networkidle")
                if kind == "search":
                    open_search_filters(page)
                found = violations(page, source)
                screenshot(page, f"look-{scheme}-{viewport['width']}-{kind}")
                if found:
                    failures.append(
                        f"{kind} ({path}, {scheme}, {viewport['width']} px):\n{describe(found)}"
                    )
            page.close()
    finally:
        context.close()
    assert not failures, "\n".join(failures)
    # a browser asks for /favicon.ico by itself on a page without an icon (the newsletter, which
    # links nothing of its own); outside the site's path, it is no request of the site's
    watch.problems = [p for p in watch.problems if not p.rstrip(")").endswith("/favicon.ico")]
    watch.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_404_page_outside_the_sites_path(
    chromium: Browser, readers_site: Path, scheme: str
) -> None:
    """404.html opened where site_url's path does not lead (`python3 -m http.server -d site`,
    as the README suggests): its stylesheets are not found, the theme's toggles show, and each
    must still be named (axe `label`, critical, on the search toggle before)."""
    source = axe_source()
    context = chromium.new_context(viewport=DESKTOP, color_scheme=scheme)  # type: ignore[arg-type]
    try:
        with serve(readers_site) as url:
            page = context.new_page()
            page.goto(url + "404.html", wait_until="networkidle")
            found = violations(page, source)
            screenshot(page, f"look-{scheme}-1280-404-unstyled")
    finally:
        context.close()
    assert not found, describe(found)
