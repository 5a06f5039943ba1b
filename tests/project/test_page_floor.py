"""`benchmarks/page_floor.py`: the per-page cost of MkDocs, measured on empty pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import page_floor


def test_the_tree_holds_the_nav_pages_and_the_empty_ones(tmp_path: Path) -> None:
    page_floor.write_tree(tmp_path / "docs", 4)
    pages = sorted(p.relative_to(tmp_path / "docs").as_posix() for p in tmp_path.rglob("*.md"))
    sections = [f"{s}/index.md" for s in page_floor.SECTIONS]
    empty = [f"themes/page-{n}.md" for n in range(1, 5)]
    assert pages == sorted(["index.md", *sections, *empty])
    assert "search: {exclude: true}" in (tmp_path / "docs/themes/page-1.md").read_text()


def test_it_builds_both_trees_with_the_project_configuration(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert page_floor.main(["--pages", "3", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "with 3 empty pages" in out and "one empty page costs MkDocs" in out
