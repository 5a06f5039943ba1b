"""The write stage: swapped in whole, unchanged files untouched, foreign folders refused."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.build.outputs import update_in_place
from generator.problems import BuildError
from generator.site.write import MARKER, write_pieces
from tests.support import write_tree


def test_first_write_creates_tree_with_marker(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    report = write_tree({"a.md": "A", "sub/b.md": b"B"}, out)
    assert sorted(report.written) == ["a.md", "sub/b.md"]
    assert (out / "a.md").read_text() == "A" and (out / MARKER).exists()


def test_unchanged_files_keep_inode_and_mtime(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree({"a.md": "A", "b.md": "B"}, out)
    before = {name: (out / name).stat() for name in ("a.md", "b.md")}
    report = write_tree({"a.md": "A", "b.md": "B2"}, out)
    assert report.written == ["b.md"] and report.unchanged == 1
    after = (out / "a.md").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before["a.md"].st_ino, before["a.md"].st_mtime_ns)
    assert (out / "b.md").read_text() == "B2"


def test_nothing_changed_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree({"a.md": "A"}, out)
    folder = out.stat()
    report = write_tree({"a.md": "A"}, out)
    assert report.written == [] and report.removed == []
    assert out.stat().st_ino == folder.st_ino


def test_stale_files_are_removed_from_the_generated_tree_only(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree({"a.md": "A", "old.md": "O"}, out)
    report = write_tree({"a.md": "A"}, out)
    assert report.removed == ["old.md"] and not (out / "old.md").exists()


def test_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "content"
    out.mkdir()
    (out / "precious.md").write_text("keep me")
    with pytest.raises(BuildError, match="refusing to replace"):
        write_tree({"a.md": "A"}, out)
    with pytest.raises(BuildError, match="refusing to replace"):
        update_in_place(out, {"a.md": "A"}, {}, (), set())
    assert (out / "precious.md").read_text() == "keep me"


def test_refuses_paths_escaping_the_tree(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="outside the output folder"):
        write_tree({"../escape.md": "x"}, tmp_path / "docs")
    assert not (tmp_path / "escape.md").exists()
    assert not list(tmp_path.glob(".docs.staging-*")), "the staging tree is cleaned up"


def test_an_update_in_place_rewrites_only_changes(tmp_path: Path) -> None:
    out, outputs = tmp_path / "docs", {}
    update_in_place(out, {"a.md": "A", "b.md": "B"}, outputs, (), set())
    inode = (out / "a.md").stat().st_ino
    report = update_in_place(out, {"a.md": "A", "c.md": "C"}, outputs, ["b.md"], set())
    assert report.written == ["c.md"] and report.removed == ["b.md"]
    assert (out / "a.md").stat().st_ino == inode
    assert set(outputs) == {"a.md", "c.md"}


@pytest.mark.usefixtures("forkable")
def test_pieces_rendered_in_forked_processes_land_in_one_tree(tmp_path: Path) -> None:
    """Processes take pieces as they go; the tree and the report cover every piece."""

    def piece(number: int) -> dict[str, str | bytes]:
        time.sleep(0.05)  # slow enough that no process takes every piece before the others start
        return {f"piece{number}/pid.txt": str(os.getpid()), f"x{number}.md": "x"}

    report = write_pieces(piece, 6, tmp_path / "out", processes=3)
    assert len(report.written) == 12 and report.unchanged == 0
    pids = {(tmp_path / "out" / f"piece{i}" / "pid.txt").read_text() for i in range(6)}
    assert len(pids) >= 2, "some pieces ran in child processes"


@pytest.mark.usefixtures("forkable")
def test_a_failing_piece_leaves_the_previous_tree(tmp_path: Path) -> None:
    write_tree({"a.md": "A"}, tmp_path / "out")

    def piece(number: int) -> dict[str, str | bytes]:
        if number == 1:
            raise ValueError("template exploded")
        return {f"{number}.md": "B"}

    with pytest.raises(BuildError, match="ValueError: template exploded"):
        write_pieces(piece, 4, tmp_path / "out", processes=2)
    assert (tmp_path / "out" / "a.md").read_text() == "A"
    assert not list(tmp_path.glob(".out.staging-*"))
