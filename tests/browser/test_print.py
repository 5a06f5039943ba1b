"""Printing: a region digest and a busy month of the synthetic site to PDF with Chromium.

Page 1 must carry the page, not a heading and a blank half (the map used to jump to page 2),
and no page may end on a heading whose notes start on the next page. The PDF is read back with
poppler's `pdftoppm` (ink on page 1) and `pdftotext` (each page's last line).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.browser import ARTIFACTS, chromium, serve
from tests.support.readers_site import BUSY_MONTH, THEMES

if TYPE_CHECKING:
    from playwright.sync_api import Browser

__all__ = ["chromium"]
pytestmark = pytest.mark.browser

INKED = 0.6  # the lowest ink on page 1 is at least this far down the page


def need_poppler() -> None:
    if shutil.which("pdftoppm") and shutil.which("pdftotext"):
        return
    reason = "the print test reads PDFs with poppler-utils (apt-get install poppler-utils)"
    if os.environ.get("DIGEST_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def readers_url(readers_site: Path) -> Iterator[str]:
    with serve(readers_site) as url:
        yield url


def print_pdf(chromium: Browser, url: str, name: str, scheme: str = "dark") -> Path:
    """The page as Chromium prints it (A4), in the given screen scheme (print is black on white)."""
    context = chromium.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        page.emulate_media(media="print")
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"print-{name}.pdf"
        page.pdf(path=str(target), format="A4", print_background=True)
        return target
    finally:
        context.close()


def lowest_ink(pdf: Path, page: int = 1) -> float:
    """How far down the page its lowest dark pixel is, from 0 (top) to 1 (bottom)."""
    gray = subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", "30", "-gray", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    header, rest = gray.split(b"\n", 1)
    assert header == b"P5"
    size, rest = rest.split(b"\n", 1)
    width, height = map(int, size.split())
    pixels = rest.split(b"\n", 1)[1]
    rows = [pixels[y * width : (y + 1) * width] for y in range(height)]
    inked = [y for y, row in enumerate(rows) if min(row) < 160]
    return (max(inked) + 1) / height if inked else 0.0


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.mark.parametrize(
    ("path", "name"),
    [("regions/coastland/", "region"), (f"digests/{BUSY_MONTH}/", "month")],
)
def test_page_one_is_not_mostly_blank(
    chromium: Browser, readers_url: str, path: str, name: str
) -> None:
    need_poppler()
    pdf = print_pdf(chromium, readers_url + path, name)
    pages = pages_text(pdf)
    assert len(pages) >= 2, "the test needs a page that runs onto a second sheet"
    assert lowest_ink(pdf) >= INKED, f"page 1 of {path} is mostly blank"
    first = pages[0]
    assert "Search" not in first.split("\n")[0]  # no header, tabs or search
    if name == "region":
        assert "Map data: Natural Earth" in first  # the map is on page 1, whole
    headings = {theme_name for _, theme_name, _ in THEMES} | {"Notes", "Related terms"}
    for number, text in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines and lines[-1] not in headings, f"page {number} of {path} ends on a heading"


def test_source_addresses_are_printed(
    chromium: Browser, readers_url: str, readers_site: Path
) -> None:
    need_poppler()
    note = next(p for p in sorted((readers_site / "articles").iterdir()) if p.is_dir())
    pdf = print_pdf(chromium, f"{readers_url}articles/{note.name}/", "note", scheme="light")
    text = "".join(pages_text(pdf))
    assert "<https://example.org/reports/" in text
