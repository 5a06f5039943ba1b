"""Shared fixtures: the sample site built once per session, content trees made per test."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright leaves threads alive in this process, and a
    process with threads must not fork, so the tests that prove the forked build would
    otherwise fall back to one process and fail."""
    browser = ROOT / "tests" / "browser"
    items.sort(key=lambda item: item.path.is_relative_to(browser))


@pytest.fixture
def forkable() -> Iterator[None]:
    """This process with no thread but its own, so that the build may fork. Threads other
    tests left finishing (a link check's requests, a test server's handlers) are given a
    while to end; one that does not is named in the failure."""
    deadline = time.monotonic() + 30
    for thread in threading.enumerate():
        if thread is not threading.main_thread():
            thread.join(max(0.0, deadline - time.monotonic()))
    alive = [thread.name for thread in threading.enumerate() if thread.is_alive()]
    assert len(alive) == 1, f"threads still running, so the build cannot fork: {alive}"
    yield
