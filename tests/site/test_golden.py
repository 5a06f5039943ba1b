"""Golden files: rendered pages of the fixture content compared byte for byte.

Refresh after an intended change with `make golden` (DIGEST_UPDATE_GOLDEN=1), then review the
diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from generator.site.digests import build_digests
from generator.pipeline import check
from generator.settings import SiteInfo

from tests.support import FIXTURES, ROOT, render_site

GOLDEN = ROOT / "tests" / "golden"
# (fixture content, page): the plain fixture, and the one with every research field
PAGES = [
    ("content", "regions/north-province.md"),
    ("content", "articles/alpha.md"),
    ("content", "themes/index.md"),
    ("content", "digests/2024-04.md"),
    ("content", "feeds/regions/north-province.xml"),
    ("research", "articles/alpha-report.md"),
    ("research", "articles/beta-report.md"),
    ("research", "outlets/synthetic-wire.md"),
    ("research", "outlets/index.md"),
    ("research", "feeds/all.xml"),
]
SITE = SiteInfo(
    name="Golden test site", url="https://example.org/digest/", author="Golden test team"
)


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, str | bytes]]:
    sites = {}
    for fixture in ("content", "research"):
        checked = check(FIXTURES / fixture, date(2025, 1, 1))
        assert not checked.problems
        sites[fixture] = render_site(build_digests(checked.corpus), SITE)
    return sites


@pytest.mark.parametrize(("fixture", "page"), PAGES)
def test_page_matches_golden_file(
    rendered: dict[str, dict[str, str | bytes]], fixture: str, page: str
) -> None:
    name = page.replace("/", "__")
    golden = GOLDEN / (name if fixture == "content" else f"{fixture}__{name}")
    actual = rendered[fixture][page]
    assert isinstance(actual, str)
    if os.environ.get("DIGEST_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run `make golden`"
    assert actual == golden.read_text(encoding="utf-8")
