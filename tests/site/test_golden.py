"""Golden files: rendered pages of the fixture content compared byte for byte.

Refresh after an intended change with `make golden` (DIGEST_UPDATE_GOLDEN=1), then review the
diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.site.digests import build_digests
from generator.pipeline import check
from generator.settings import SiteInfo

from tests.support import FIXTURES, ROOT, render_site

GOLDEN = ROOT / "tests" / "golden"
PAGES = [
    "regions/north-province.md",
    "articles/alpha.md",
    "themes/index.md",
    "digests/2024-04.md",
    "feeds/regions/north-province.xml",
]


@pytest.fixture(scope="module")
def rendered() -> dict[str, str | bytes]:
    checked = check(FIXTURES / "content")
    assert not checked.problems
    site = SiteInfo(name="Golden test site", url="https://example.org/digest/")
    return render_site(build_digests(checked.corpus), site)


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden_file(rendered: dict[str, str | bytes], page: str) -> None:
    golden = GOLDEN / page.replace("/", "__")
    actual = rendered[page]
    assert isinstance(actual, str)
    if os.environ.get("DIGEST_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run `make golden`"
    assert actual == golden.read_text(encoding="utf-8")
