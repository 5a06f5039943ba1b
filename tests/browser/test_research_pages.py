"""Research notes in Chromium: a `see_also` link leads to the other note, which links back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.support import FIXTURES, build_site
from tests.support.browser import browser_context, chromium, screenshot, serve

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

__all__ = ["browser_context", "chromium"]  # fixtures, imported to be found

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def research_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(FIXTURES / "research", tmp_path_factory.mktemp("research-browser"))
    with serve(site) as url:
        yield url


def test_a_see_also_link_and_its_backlink(
    browser_context: BrowserContext, research_url: str
) -> None:
    page = browser_context.new_page()
    page.goto(research_url + "articles/alpha-report/", wait_until="load")
    links = page.locator(".note-links li")
    follows = links.filter(has_text="Follows:").get_by_role("link")
    assert follows.inner_text() == "Synthetic beta report, disputed"
    follows.click()
    page.wait_for_url("**/articles/beta-report/")
    back = page.locator(".note-links li").filter(has_text="Followed by:").get_by_role("link")
    assert back.inner_text() == "Synthetic alpha report, corroborated"
    assert page.locator(".note-links li").filter(has_text="Contradicted by:").count() == 1
    screenshot(page, "research-backlinks")
    back.click()
    page.wait_for_url("**/articles/alpha-report/")
    page.close()


def test_the_citation_opens_and_reads_as_text(
    browser_context: BrowserContext, research_url: str
) -> None:
    page = browser_context.new_page()
    page.goto(research_url + "articles/alpha-report/", wait_until="load")
    cite = page.locator("details.note-cite")
    assert not page.locator(".note-cite__bibtex").is_visible()
    cite.locator("summary").click()
    assert page.locator(".note-cite__bibtex").is_visible()
    assert "@online{alpha-report," in page.locator(".note-cite__bibtex").inner_text()
    assert page.locator(".note-cite__text").inner_text().startswith("Analyst, H. O., & 김연구.")
    page.close()
