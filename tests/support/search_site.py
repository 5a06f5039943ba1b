"""The sample site with its Pagefind index, built once per test session for the search tests.

`make site` runs `digest build`, `mkdocs build --strict` and then `digest index` (Pagefind) over
site/; this does the same into a temp dir.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path

import pytest

from generator.content.model import Corpus, Note
from tests.support import BIN, ROOT, build_site

_BUILT: dict[tuple[Path, str, int | None], Path] = {}
# How the sample is searched in the tests: each engine, and MkDocs' site in bundles of 5 notes
SEARCH_SITES = (("mkdocs", None), ("zensical", None), ("mkdocs", 5))


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


def run_pagefind(site: Path, bundle_notes: int | None = None) -> subprocess.CompletedProcess[str]:
    """`digest index --site SITE`, the command `make site` runs after the engine."""
    bundles = ["--bundle-notes", str(bundle_notes)] if bundle_notes else []
    return subprocess.run(
        [str(BIN / "digest"), "index", "--site", str(site), *bundles],
        capture_output=True,
        text=True,
        check=False,
    )


def build_search_site(
    content: Path, tmp: Path, engine: str = "mkdocs", bundle_notes: int | None = None
) -> Path:
    """digest build + the engine's strict build + digest index, as `make site` does; with
    `bundle_notes`, the index in bundles of at most that many notes (as a big archive's is)."""
    require_pagefind()
    site = build_site(content, tmp, engine)
    result = run_pagefind(site, bundle_notes)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def sample_search_site(
    factory: pytest.TempPathFactory, engine: str = "mkdocs", bundle_notes: int | None = None
) -> Path:
    """The sample content's site with Pagefind, per engine and bundle size, shared by every
    search test module."""
    key = (factory.getbasetemp(), engine, bundle_notes)
    if key not in _BUILT:
        folder = factory.mktemp(f"search-site-{engine}-{bundle_notes or 'one'}")
        _BUILT[key] = build_search_site(ROOT / "content", folder, engine, bundle_notes)
    return _BUILT[key]


def rolled_up(corpus: Corpus, note: Note, vocabulary: str) -> set[str]:
    """Ids of the note's terms in one vocabulary and of every broader term above them."""
    tree = corpus.vocabularies[vocabulary]
    ids: set[str] = set()
    for term_id in note.terms.get(vocabulary, ()):
        ids |= {term_id, *tree.ancestors(term_id)}
    return ids
