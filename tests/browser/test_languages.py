"""A Korean note in Chromium: the page is Korean, and its text takes a CJK font stack."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.site.test_languages import SLUG, korean_content
from tests.support import build_site
from tests.support.browser import browser_context, chromium, serve

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

__all__ = ["browser_context", "chromium"]  # fixtures, imported to be found

pytestmark = pytest.mark.browser
FONT = "font-family"


@pytest.fixture(scope="module")
def korean_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("languages-browser")
    with serve(build_site(korean_content(tmp), tmp)) as url:
        yield url


def _style(context: BrowserContext, url: str, selector: str, name: str) -> str:
    page = context.new_page()
    page.goto(url, wait_until="load")
    value: str = page.eval_on_selector(
        selector, "(element, name) => getComputedStyle(element).getPropertyValue(name)", name
    )
    page.close()
    return value


def test_korean_text_takes_a_cjk_font_stack(
    browser_context: BrowserContext, korean_url: str
) -> None:
    korean = korean_url + f"articles/{SLUG}/"
    page = browser_context.new_page()
    page.goto(korean, wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "ko"
    page.close()
    assert _style(browser_context, korean, ".note-body p", FONT).startswith(
        '"Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR"'
    )
    assert _style(browser_context, korean, ".note-body p", "word-break") == "keep-all"
    english = korean_url + "articles/alpha/"
    assert "Gothic" not in _style(browser_context, english, ".note-body p", FONT)
    assert _style(browser_context, english, ".note-body p", "word-break") == "normal"
