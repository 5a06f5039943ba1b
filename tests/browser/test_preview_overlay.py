"""Content errors in the browser: the real `digest serve`, a page open in Chromium, a note broken
and fixed while it runs. The overlay lists every problem as `path:line: message` with the file
as a link, on every page, as text even when the problem quotes markup; it goes with the next
good build, and the terminal says once that the content is clean again.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.browser import browser_context, chromium, screenshot
from tests.support.preview import Preview

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

__all__ = ["browser_context", "chromium"]  # fixtures, imported to be found

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OVERLAY = "#digest-problems"
HOSTILE = "<img src=x onerror=alert(1)>"


def _replace(note: Path, old: str, new: str) -> None:
    text = note.read_text(encoding="utf-8")
    assert old in text
    note.write_text(text.replace(old, new), encoding="utf-8")


def test_the_overlay_shows_the_problems_and_goes_when_they_are_fixed(
    browser_context: BrowserContext, content: Path, tmp_path: Path
) -> None:
    beta = content / "articles" / "2024" / "beta.md"
    gamma = content / "articles" / "2023" / "gamma.md"
    dialogs: list[str] = []
    with Preview(content, tmp_path) as preview:
        preview.wait_for_line("Serving on")
        page = browser_context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(preview.root + "articles/beta/", wait_until="load")
        assert page.locator(OVERLAY).count() == 0

        _replace(beta, "date: 2024-03-02", "date: 2024-13-02")
        _replace(gamma, "themes: [Mobile Phones]", f"themes: ['{HOSTILE}']")
        overlay = page.locator(OVERLAY)
        overlay.wait_for(state="visible", timeout=30_000)  # live reload brings it in
        items = overlay.locator("li")
        expected = [
            f"{gamma}:9: error: unknown theme '{HOSTILE}'",
            f"{beta}:3: error: date '2024-13-02' is not a real date (check the day and month)",
        ]
        assert [text.strip() for text in items.all_inner_texts()] == sorted(expected)
        assert "1 error" not in overlay.inner_text() and "2 error(s)" in overlay.inner_text()
        link = items.filter(has_text="beta.md").get_by_role("link")
        assert link.inner_text() == f"{beta}:3"
        assert link.get_attribute("href") == beta.resolve().as_uri()
        assert overlay.locator("img").count() == 0, "problems are text, never markup"
        screenshot(page, "preview-overlay")

        other = browser_context.new_page()  # every page carries it, the 404 page too
        other.goto(preview.root, wait_until="load")
        assert other.locator(OVERLAY).is_visible()
        other.goto(preview.root + "articles/no-such-note/", wait_until="load")
        assert other.locator(OVERLAY).is_visible()
        other.close()

        _replace(beta, "date: 2024-13-02", "date: 2024-03-02")
        _replace(gamma, f"themes: ['{HOSTILE}']", "themes: [Mobile Phones]")
        page.wait_for_selector(OVERLAY, state="detached", timeout=30_000)
        assert page.locator("h1").first.inner_text().startswith("Synthetic beta report")
        output = preview.stop()
    assert dialogs == []
    assert len(re.findall(r"(?m)^content is clean again", output)) == 1, output


# A page whose content took the banner's id before the banner (in an engine or a future theme
# that let it through): a paragraph, and a JSON script of its own with a `javascript:` link.
PLANTED = (
    '<!doctype html><html><body><p id="digest-problems-data">content paragraph</p>'
    '<script type="application/json" id="digest-problems-data">'
    '{"title": "Planted", "problems": [{"where": "planted.md:1", "rest": ": fake",'
    ' "href": "javascript:alert(1)"}]}</script>'
)


def test_content_cannot_feed_the_banner(browser_context: BrowserContext, tmp_path: Path) -> None:
    """The banner reads the data beside its own script, never by a document-wide id lookup;
    and it follows a link only to a file or the configured editor."""
    from generator.preview import overlay
    from generator.problems import error

    note = tmp_path / "note.md"
    note.write_text("---\n", encoding="utf-8")
    real = overlay.overlay_html([error(str(note), 3, "a real problem")], {})
    editor = overlay.overlay_html(
        [error(str(note), 3, "with an editor")], {overlay.EDITOR_URL: "vscode://file/{path}"}
    )
    page = browser_context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for banner, scheme in ((real, "file:"), (editor, "vscode:")):
        page.set_content(PLANTED + banner.decode() + "</body></html>")
        items = page.locator(f"{OVERLAY} li")
        assert items.all_inner_texts() == [
            f"{note}:3: error: {'a real problem' if scheme == 'file:' else 'with an editor'}"
        ]
        assert "Planted" not in page.locator(OVERLAY).inner_text()
        assert page.locator(f"{OVERLAY} a").get_attribute("href").startswith(scheme)
    hostile = real.replace(note.resolve().as_uri().encode(), b"javascript:alert(2)")
    page.set_content(PLANTED + hostile.decode() + "</body></html>")
    assert page.locator(f"{OVERLAY} a").count() == 0, "a link of another scheme is not a link"
    assert page.locator(f"{OVERLAY} li").all_inner_texts() == [f"{note}:3: error: a real problem"]
    assert dialogs == []
