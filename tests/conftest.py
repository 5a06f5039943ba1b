"""Shared fixtures: the sample site built once per session, content trees made per test."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DIGEST = str(BIN / "digest")
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_digest(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `digest` entry point, as an author would."""
    return subprocess.run(
        [DIGEST, *args], cwd=cwd or ROOT, capture_output=True, text=True, check=False
    )


def mkdocs_config(tmp: Path, docs: Path, site: Path) -> Path:
    """The project's mkdocs.yml, pointed at another docs tree and site folder."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: build/docs", f"docs_dir: {docs}")
    text = text.replace("site_dir: site", f"site_dir: {site}")
    text = text.replace(
        "custom_dir: templates/overrides", f"custom_dir: {ROOT / 'templates' / 'overrides'}"
    )
    config = tmp / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def build_site(content: Path, tmp: Path) -> Path:
    """`digest build` then `mkdocs build --strict`, both through their real commands."""
    docs, site = tmp / "docs", tmp / "site"
    config = mkdocs_config(tmp, docs, site)
    result = run_digest(
        "build", "--content", str(content), "--out", str(docs), "--config", str(config)
    )
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mk = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert mk.returncode == 0, mk.stderr
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built into a site, once for the whole session."""
    return build_site(ROOT / "content", tmp_path_factory.mktemp("sample"))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the small, valid fixture content, safe to break in a test."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", target)
    return target


@pytest.fixture
def cap_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Fails the test on any warning logged that the test did not expect (mkdocs-gen-files' idea)."""
    caplog.set_level(logging.WARNING)
    yield caplog
    unexpected = [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and not getattr(r, "expected", False)
    ]
    assert not unexpected, [r.getMessage() for r in unexpected]
