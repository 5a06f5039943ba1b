"""Golden files: rendered pages of the fixture content compared byte for byte.

Refresh after an intended change with `make golden` (DIGEST_UPDATE_GOLDEN=1), then review the
diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from generator import routes
from generator.build.check import check
from generator.settings import SiteInfo
from generator.site.digests import build_digests
from tests.support import FIXTURES, ROOT, render_site

GOLDEN = ROOT / "tests" / "golden"
# (fixture content, the docs-tree file): the plain fixture, and the one with every research field
PAGES = [
    ("content", routes.home().path),
    ("content", routes.search_terms().path),
    ("content", routes.asset(routes.UPDATED_CSS).path),
    ("content", routes.term("locations", "north-province").path),
    ("content", routes.note("alpha").path),
    ("content", routes.vocabulary_index("themes").path),
    ("content", routes.month("2024-04").path),
    ("content", routes.term_feed("locations", "north-province").path),
    ("research", routes.note("alpha-report").path),
    ("research", routes.note("beta-report").path),
    ("research", routes.term("outlets", "synthetic-wire").path),
    ("research", routes.vocabulary_index("outlets").path),
    ("research", routes.ALL_FEED),
]
SITE = SiteInfo(
    name="Golden test site",
    url="https://example.org/digest/",
    author="Golden test team",
    contact="team@example.org",
    repo_url="https://github.com/example/digest",
    today=date(2025, 1, 1),  # the build date: "the last 12 months" end here
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
    # named after the page: regions__north-province.md, themes__index.md, feeds__all.xml
    name = page.replace("/", "__")
    if name.count("__") > 1 and name.endswith("__index.md"):
        name = name.removesuffix("__index.md") + ".md"
    golden = GOLDEN / (name if fixture == "content" else f"{fixture}__{name}")
    actual = rendered[fixture][page]
    assert isinstance(actual, str)
    if os.environ.get("DIGEST_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run `make golden`"
    assert actual == golden.read_text(encoding="utf-8")
