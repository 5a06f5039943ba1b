"""Captures you can manage: orphaned ones listed by `digest check`, removed with one command, and
taken up again by a second import of the same file once its note is gone.

Everything runs through the real `digest` executable, as an author would.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.support import FIXTURES, run_digest

CAPTURE = FIXTURES / "captures" / "river-city.txt"
SLUG = "2024-03-02-bureau-raids-handset-dealers-river-city"
ORPHAN_HINT = (
    "(remove every orphaned capture with `digest captures --remove-orphans`, or import it again)"
)


def _import(content: Path) -> str:
    result = run_digest("import", "--content", str(content), "--today", "2024-06-01", str(CAPTURE))
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[0]


def _orphan(content: Path) -> Path:
    """A capture whose draft was deleted, as the guide says to do with unwanted imports."""
    _import(content)
    (content / "articles" / "2024" / f"{SLUG}.md").unlink()
    return content / "captures" / "2024" / f"{SLUG}.txt"


def test_check_warns_about_an_orphaned_capture(content: Path) -> None:
    capture = _orphan(content)
    result = run_digest("check", "--content", str(content))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        f"{capture}:1: warning: orphaned capture: no note refers to it {ORPHAN_HINT}"
    ]
    assert run_digest("check", "--content", str(content), "--strict").returncode == 1


def test_a_capture_its_note_names_is_no_orphan(content: Path) -> None:
    """Renamed, or with errors in its front matter: the note's `capture:` line still counts."""
    _import(content)
    note = content / "articles" / "2024" / f"{SLUG}.md"
    text = note.read_text(encoding="utf-8").replace("title:", "title: Broken: yes\nx:", 1)
    note.rename(note.with_name("renamed.md"))
    note.with_name("renamed.md").write_text(text, encoding="utf-8")
    result = run_digest("check", "--content", str(content))
    assert "orphaned capture" not in result.stdout
    assert run_digest("captures", "--content", str(content)).stdout == ""


def test_captures_lists_the_orphans_and_removes_them(content: Path) -> None:
    capture = _orphan(content)
    listed = run_digest("captures", "--content", str(content))
    assert (listed.returncode, listed.stdout, listed.stderr) == (
        0,
        f"{capture}\n",
        "1 orphaned capture(s); `digest captures --remove-orphans` removes them\n",
    )
    removed = run_digest("captures", "--content", str(content), "--remove-orphans")
    assert (removed.returncode, removed.stdout, removed.stderr) == (
        0,
        f"removed {capture}\n",
        "1 orphaned capture(s) removed\n",
    )
    assert sorted(p.name for p in (content / "captures").iterdir()) == [".gitignore"]
    assert run_digest("check", "--content", str(content)).stdout == ""


def test_removing_keeps_the_captures_notes_refer_to(content: Path) -> None:
    _import(content)
    kept = content / "captures" / "2024" / f"{SLUG}.txt"
    removed = run_digest("captures", "--content", str(content), "--remove-orphans")
    assert (removed.returncode, removed.stdout) == (0, "")
    assert kept.is_file()


def test_removing_refuses_when_a_note_cannot_be_read(content: Path) -> None:
    capture = _orphan(content)
    os.mkfifo(content / "articles" / "2024" / "stuck.md")
    result = run_digest("captures", "--content", str(content), "--remove-orphans")
    assert result.returncode == 1
    assert result.stderr == (
        f"digest: error: cannot tell which capture {content}/articles/2024/stuck.md names: "
        "the note cannot be read; nothing was removed\n"
    )
    assert capture.is_file()


def test_importing_again_a_capture_whose_note_is_gone(content: Path) -> None:
    capture = _orphan(content)
    note = content / "articles" / "2024" / f"{SLUG}.md"
    assert _import(content) == (
        f"{CAPTURE}: written {note} (capture: {capture}, kept from an earlier import whose "
        "note is gone)"
    )
    assert f"capture: captures/2024/{SLUG}.txt" in note.read_text(encoding="utf-8")
    assert sorted(p.name for p in capture.parent.iterdir()) == [capture.name]
    assert run_digest("check", "--content", str(content)).stdout == ""


def test_importing_again_while_the_note_exists_is_skipped(content: Path) -> None:
    _import(content)
    assert _import(content).startswith(f"{CAPTURE}: skipped: already imported (same capture as ")
