"""The sample site with its Pagefind index, built once per test session for the search tests.

`make site` runs `digest build`, `mkdocs build --strict` and then Pagefind over site/; this does
the same into a temp dir. The /search/ page comes from templates/search.md.j2 through the
generator; should the docs tree have no search page (the generator not rendering it), the page
is rendered here from the same template with the generator's own renderer, so that the search
tests exercise the template either way.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BIN, ROOT, build_site

SEARCH_PAGES = ("search/index.md", "search.md")
_BUILT: dict[Path, Path] = {}


def require_pagefind() -> None:
    """Skip (fail under DIGEST_REQUIRE_BROWSER=1, as in CI) when Pagefind is not installed."""
    if importlib.util.find_spec("pagefind") is None or not (
        importlib.util.find_spec("pagefind_bin")
        or importlib.util.find_spec("pagefind_bin_extended")
    ):
        reason = "Pagefind is not installed: pip install -e '.[dev]' (pagefind[bin])"
        if os.environ.get("DIGEST_REQUIRE_BROWSER") == "1":  # CI: never skip silently
            pytest.fail(reason + " (DIGEST_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(reason)


def run_pagefind(site: Path) -> subprocess.CompletedProcess[str]:
    """`python -m pagefind --site SITE`, the command `make site` runs after mkdocs."""
    return subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )


def _render_search_page(content: Path, docs: Path) -> None:
    from generator.digest import build_digests
    from generator.pipeline import check
    from generator.render import Renderer, SiteInfo, front_matter

    renderer = Renderer(build_digests(check(content).corpus), SiteInfo())
    page = getattr(renderer, "search", None)
    text = (
        page()
        if callable(page)
        else front_matter(title="Search") + renderer._render("search.md.j2", "search/")
    )
    (docs / "search").mkdir(parents=True, exist_ok=True)
    (docs / "search" / "index.md").write_text(text, encoding="utf-8")


def build_search_site(content: Path, tmp: Path) -> Path:
    """digest build + mkdocs build --strict (+ the search page if missing) + Pagefind."""
    require_pagefind()
    site = build_site(content, tmp)
    docs = tmp / "docs"
    if not any((docs / page).is_file() for page in SEARCH_PAGES):
        _render_search_page(content, docs)
        mk = subprocess.run(
            [str(BIN / "mkdocs"), "build", "--strict", "-f", str(tmp / "mkdocs.yml")],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            check=False,
        )
        assert mk.returncode == 0, mk.stderr
    result = run_pagefind(site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def sample_search_site(factory: pytest.TempPathFactory) -> Path:
    """The sample content's site with Pagefind, shared by every search test module."""
    base = factory.getbasetemp()
    if base not in _BUILT:
        _BUILT[base] = build_search_site(ROOT / "content", factory.mktemp("search-site"))
    return _BUILT[base]
