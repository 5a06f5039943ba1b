"""`make site` never leaves a half-cleaned `site/`: MkDocs builds into a fresh folder that
`digest publish` swaps in, so killing `mkdocs build` keeps the previous site whole."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from tests.support import DIGEST, ROOT, mkdocs_config, run_digest


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _staging(tmp_path: Path) -> list[Path]:
    return sorted(tmp_path.glob(".site.staging-*"))


def test_make_site_and_ci_never_run_mkdocs_into_the_site_itself() -> None:
    """The recipe MkDocs is run by: `digest publish`, never a bare `mkdocs build`."""
    recipe = re.search(r"^site:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert recipe is not None
    steps = [line.strip() for line in recipe[1].splitlines()]
    assert steps == [
        "$(BIN)/digest build",
        "$(BIN)/digest publish --engine $(ENGINE)",
        "$(BIN)/digest index --site site",
    ]
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        assert "mkdocs build" not in workflow.read_text(), workflow.name


def test_killing_mkdocs_build_keeps_the_previous_site(content: Path, tmp_path: Path) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    config = mkdocs_config(tmp_path, docs, site)
    build = ("build", "--content", str(content), "--out", str(docs), "--config", str(config))
    assert run_digest(*build).returncode == 0
    first = run_digest("publish", "--config", str(config), "--site", str(site))
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines()[-1].startswith(
        f"digest publish: full build by MkDocs (the first run) → {site} ("
    )
    before = _files(site)
    assert "index.html" in before and len(before) > 50

    note = content / "articles" / "2024" / "beta.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Beta body.", "Beta again."))
    assert run_digest(*build).returncode == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [DIGEST, "publish", "--config", str(config), "--site", str(site)]
    running = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
        any(folder.rglob("*.html")) for folder in _staging(tmp_path)
    ):  # MkDocs has started writing the new site
        time.sleep(0.02)
    os.killpg(running.pid, signal.SIGKILL)  # digest publish and mkdocs build with it
    running.wait()
    assert _staging(tmp_path), "killed while MkDocs was writing"
    assert _files(site) == before, "the previous site is whole"

    again = run_digest("publish", "--config", str(config), "--site", str(site))
    assert again.returncode == 0, again.stderr
    assert "Beta again." in (site / "articles" / "beta" / "index.html").read_text()
    assert _staging(tmp_path) == []


def test_a_failed_mkdocs_build_keeps_the_site_and_says_so(content: Path, tmp_path: Path) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    config = mkdocs_config(tmp_path, docs, site)
    site.mkdir()
    (site / "sitemap.xml").write_text("old")
    result = run_digest("publish", "--config", str(config), "--site", str(site))  # no docs tree
    assert (result.returncode, result.stderr) == (
        1,
        f"digest: error: {docs} is not a complete docs tree (missing, or left half written by a "
        "build that was stopped): run digest build first\n",
    )
    build = ("build", "--content", str(content), "--out", str(docs), "--config", str(config))
    assert run_digest(*build).returncode == 0
    (docs / "about" / "index.md").write_text("[a link to nowhere](nowhere.md)\n")  # strict fails
    result = run_digest("publish", "--config", str(config), "--site", str(site))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"digest publish: error: mkdocs build failed (exit 1); {site} was left as it was"
    )
    assert _files(site) == {"sitemap.xml": b"old"}
    assert _staging(tmp_path) == []


def test_a_folder_mkdocs_did_not_build_is_not_replaced(tmp_path: Path) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "keep.md").write_text("keep me")
    result = run_digest("publish", "--site", str(precious))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"digest: error: refusing to replace {precious}: it is not a site MkDocs built "
        "(no sitemap.xml)"
    )
    assert (precious / "keep.md").read_text() == "keep me"
