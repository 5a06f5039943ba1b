"""The build's state between runs never makes it trust what changed: the faults a prober found in
the last build (an edit keeping size and time, a damaged docs tree, `--strict` after a build with
warnings, a build during a publish), and a state that is missing, old or damaged.

Each through the real `digest` command, as an author runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from generator.build.inputs import signature
from generator.build.state import BODY, HEAD, cache_folder, load_head
from generator.files import locked
from tests.support import DIGEST, run_digest

TODAY = "2026-01-01"


def _build(content: Path, out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return run_digest(
        "build", "--content", str(content), "--out", str(out), "--today", TODAY, *more
    )


def _line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stderr.splitlines()[-1]


def test_an_edit_that_keeps_size_and_modification_time_is_built(
    content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "docs"
    _build(content, out)
    note = content / "articles" / "2024" / "beta.md"
    before = note.stat()
    note.write_text(note.read_text().replace("Beta body.", "Beta BODY."), encoding="utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert note.stat().st_size == before.st_size and note.stat().st_mtime_ns == before.st_mtime_ns
    assert _line(_build(content, out)).startswith("digest build: 1 note changed → ")
    assert "Beta BODY." in (out / "articles" / "beta" / "index.md").read_text()


def test_the_same_edit_long_after_the_last_run_is_built(content: Path, tmp_path: Path) -> None:
    """Old files whose bytes change with size and modification time kept: the change time
    (which no program can set back) gives them away."""
    out = tmp_path / "docs"
    note = content / "articles" / "2024" / "beta.md"
    os.utime(note, ns=(0, time.time_ns() - 10**11))
    _build(content, out)
    time.sleep(2.1)  # older than any clock's tick: the quick look trusts signatures now
    assert _line(_build(content, out)).startswith("digest build: nothing changed, ")
    before = note.stat()
    note.write_text(note.read_text().replace("Beta body.", "Beta BODY."), encoding="utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _line(_build(content, out)).startswith("digest build: 1 note changed → ")
    assert "Beta BODY." in (out / "articles" / "beta" / "index.md").read_text()


def test_a_damaged_docs_tree_is_put_right(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    _build(content, out)
    clean = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    page = out / "articles" / "beta" / "index.md"
    page.write_text("damaged")
    (out / "articles" / "alpha" / "index.md").unlink()
    (out / "stray.md").write_text("not the build's")
    line = _line(_build(content, out))
    assert line.startswith("digest build: 0 notes changed, 3 damaged files put right → "), line
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == clean


def test_strict_after_a_build_with_warnings_fails(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    note = content / "articles" / "2024" / "beta.md"
    note.write_text(note.read_text().replace("date: 2024-03-02", "date: 2027-03-02"))
    first = _build(content, out)
    assert first.returncode == 0 and "is in the future" in first.stdout
    strict = _build(content, out, "--strict")
    assert strict.returncode == 1
    assert "beta.md:3: warning: date 2027-03-02 is in the future" in strict.stdout
    assert strict.stderr.splitlines()[-1].startswith("build failed: ")
    again = _build(content, out)
    assert again.returncode == 0 and "is in the future" in again.stdout


def test_a_build_waits_for_a_publish_or_index_holding_the_lock(
    content: Path, tmp_path: Path
) -> None:
    """One lock covers build, publish and index: a build started while another holds it waits,
    so no reader ever gets a site mixed of two builds."""
    out = tmp_path / "docs"
    _build(content, out)
    note = content / "articles" / "2024" / "beta.md"
    note.write_text(note.read_text().replace("Beta body.", "Beta waited."))
    with locked(tmp_path / "cache" / "docs", "a test"):
        waiting = subprocess.Popen(
            [DIGEST, "build", "--content", str(content), "--out", str(out), "--today", TODAY],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.5)
        assert waiting.poll() is None, "the build waits for the lock"
        assert "Beta waited." not in (out / "articles" / "beta" / "index.md").read_text()
    assert waiting.wait(timeout=30) == 0
    assert "Beta waited." in (out / "articles" / "beta" / "index.md").read_text()


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda cache: (cache / HEAD).unlink(), "there is none yet"),
        (lambda cache: (cache / HEAD).write_bytes(b"not a pickle"), f"{HEAD} is damaged"),
        (lambda cache: (cache / BODY).write_bytes(b"\x80\x05truncated"), "its two files do not"),
    ],
    ids=["missing", "damaged-head", "damaged-body"],
)
def test_a_missing_or_damaged_state_means_a_full_build_said_in_one_line(
    content: Path, tmp_path: Path, damage: object, why: str
) -> None:
    out = tmp_path / "docs"
    _build(content, out)
    note = content / "articles" / "2024" / "beta.md"
    note.write_text(note.read_text().replace("Beta body.", "Beta after."))
    damage(tmp_path / "cache" / "docs")  # type: ignore[operator]
    result = _build(content, out)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    if why == "its two files do not":  # a damaged body: the notes are checked again
        assert _line(result).startswith("digest build: full build (no usable state: its two")
    else:
        assert _line(result).startswith(f"digest build: full build (no usable state: {why}")
    assert "Beta after." in (out / "articles" / "beta" / "index.md").read_text()
    assert _line(_build(content, out)).startswith("digest build: nothing changed")


def test_a_template_or_config_change_is_a_full_build(content: Path, tmp_path: Path) -> None:
    import shutil

    from tests.support import ROOT, mkdocs_config

    templates, out = tmp_path / "templates", tmp_path / "docs"
    shutil.copytree(ROOT / "templates", templates)
    config = mkdocs_config(tmp_path, out, tmp_path / "site")
    args = ("--templates", str(templates), "--config", str(config))
    _build(content, out, *args)
    css = templates / "assets" / "digest.css"
    css.write_text(css.read_text() + "\n/* edited */\n")
    line = _line(_build(content, out, *args))
    assert line.startswith(
        "digest build: full build (the templates, the config or this package changed) → "
    )
    assert (out / "assets" / "digest.css").read_text().endswith("/* edited */\n")
    config.write_text(config.read_text().replace("site_name:", "site_name: Renamed", 1))
    assert "full build (the templates, the config" in _line(_build(content, out, *args))


def test_a_docs_tree_restored_with_new_signatures_is_read_once(
    content: Path, tmp_path: Path
) -> None:
    """A tree restored from CI's cache, or copied, has new inodes and times: the next run reads
    every file to find it unchanged, and records the new signatures, so that the run after it
    trusts a `stat` again (it read all 106,760 files of a 100,000-note tree on every run)."""
    out = tmp_path / "docs"
    _build(content, out)
    for folder in (content, out):  # as a fresh clone and the cache's restore leave them
        shutil.copytree(folder, tmp_path / "restored")
        shutil.rmtree(folder)
        (tmp_path / "restored").rename(folder)
    time.sleep(2.1)  # past any clock's tick: a recorded signature is trusted as it is
    assert _line(_build(content, out)).startswith("digest build: 0 notes changed → ")
    head = load_head(cache_folder(out), str(content), str(out))
    stale = [
        path for path, output in head.outputs.items() if signature(out / path) != output.signature
    ]
    assert stale == []
    assert _line(_build(content, out)).startswith("digest build: nothing changed, ")


def test_a_docs_tree_alone_restored_is_recorded_too(content: Path, tmp_path: Path) -> None:
    """The notes as they were, the docs tree copied: the same, with the same line as above."""
    out = tmp_path / "docs"
    _build(content, out)
    shutil.copytree(out, tmp_path / "restored")
    shutil.rmtree(out)
    (tmp_path / "restored").rename(out)
    time.sleep(2.1)
    assert _line(_build(content, out)).startswith("digest build: 0 notes changed → ")
    assert _line(_build(content, out)).startswith("digest build: nothing changed, ")
