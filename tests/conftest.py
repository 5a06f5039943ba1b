"""Shared fixtures: the sample site built once per session, content trees made per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import ENGINES, FIXTURES, ROOT, build_site


@pytest.fixture(scope="session", params=ENGINES)
def built_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built into a site by each engine, once for the whole session."""
    engine: str = request.param
    return build_site(ROOT / "content", tmp_path_factory.mktemp(f"sample-{engine}"), engine)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the small, valid fixture content, safe to break in a test."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", target)
    return target


@pytest.fixture(scope="session")
def readers_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic site no other test has seen (tests/support/readers_site.py), with Pagefind."""
    from tests.support.readers_site import readers_site as build

    return build(tmp_path_factory)
