"""Concurrent `digest new` and `digest import`, as real processes started together: nothing is
written twice, nothing is overwritten, nothing fails.

Before: two `digest new` of one title failed with `FileExistsError` 1 time in 8, and two
simultaneous imports of one capture both wrote (`…-river.md` and `…-river-2.md`, two
captures) 4 times in 12.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import pytest

from generator.authoring import new as new_note
from tests.support import DIGEST, FIXTURES, digest_main

TODAY = "2025-01-01"
CAPTURE = FIXTURES / "captures" / "river-city.txt"
SLUG = "2024-03-02-bureau-raids-handset-dealers-river-city"


def together(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Every command started at once, as separate processes; → their results, in order."""
    running = [
        (
            command,
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        )
        for command in commands
    ]
    done = []
    for command, process in running:
        stdout, stderr = process.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(command, process.returncode, stdout, stderr))
    return done


def _new(content: Path, title: str, when: str) -> list[str]:
    return [DIGEST, "new", title, "--content", str(content), "--date", when, "--theme", "phones"]


def _import(content: Path) -> list[str]:
    return [DIGEST, "import", str(CAPTURE), "--content", str(content), "--today", TODAY]


def test_simultaneous_new_of_one_title_never_collide(content: Path) -> None:
    results = together(*[_new(content, "Phones seized", "2024-05-01")] * 3)
    assert [r.returncode for r in results] == [0] * 3, [r.stderr for r in results]
    assert not any("Traceback" in r.stderr for r in results)
    paths = sorted(Path(r.stdout.strip()).name for r in results)
    stem = "2024-05-01-phones-seized"
    assert paths == sorted([f"{stem}.md"] + [f"{stem}-{n}.md" for n in range(2, 4)])
    notes = sorted(p.name for p in (content / "articles" / "2024").glob(f"{stem}*"))
    assert notes == paths, "one file per command, none overwritten"


def test_a_name_taken_between_choosing_it_and_writing_it(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of two `digest new`, made certain: another process creates the chosen file just
    before this one writes it. This one takes the next name; the other's note is untouched."""
    choose = new_note.unique_path
    taken: list[Path] = []

    def chosen_then_taken(*args: object) -> Path:
        path = choose(*args)  # type: ignore[arg-type]
        if not taken:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("the other process's note", encoding="utf-8")
            taken.append(path)
        return path

    monkeypatch.setattr(new_note, "unique_path", chosen_then_taken)
    result = digest_main(*_new(content, "Phones seized", "2024-05-01")[1:])
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).name == "2024-05-01-phones-seized-2.md"
    assert taken[0].read_text(encoding="utf-8") == "the other process's note"


def test_another_import_of_the_capture_while_this_one_writes(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of two imports, made certain: a second `digest import` of the same capture is
    started after this one has decided to write and before it writes, and given time to
    finish. It waits for this one (the content folder's lock), then skips the capture."""
    from generator.authoring import importer

    write = importer._write
    other: list[subprocess.Popen[str]] = []

    def with_another_import(plan: object, *rest: object) -> str | None:
        process = subprocess.Popen(
            _import(content), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        other.append(process)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=4)  # it cannot finish before this one has written
        return write(plan, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "_write", with_another_import)
    result = digest_main(*_import(content)[1:])
    assert result.stderr.splitlines()[-1] == "1 imported, 0 skipped, 0 failed"
    stdout, stderr = other[0].communicate(timeout=120)
    assert stderr.splitlines()[-1] == "0 imported, 1 skipped, 0 failed", stderr
    capture = content / "captures" / "2024" / f"{SLUG}.txt"
    assert stdout.strip() == f"{CAPTURE}: skipped: already imported (same capture as {capture})"
    assert sorted(p.name for p in (content / "captures" / "2024").iterdir()) == [f"{SLUG}.txt"]
    assert sorted(p.name for p in (content / "articles" / "2024").glob(f"{SLUG}*")) == [
        f"{SLUG}.md"
    ]


def test_simultaneous_imports_of_one_capture_write_it_once(content: Path) -> None:
    results = together(*[_import(content)] * 3)
    assert not any("Traceback" in r.stderr for r in results)
    summaries = sorted(r.stderr.splitlines()[-1] for r in results)
    assert summaries == ["0 imported, 1 skipped, 0 failed"] * 2 + [
        "1 imported, 0 skipped, 0 failed"
    ]
    notes = sorted(p.name for p in (content / "articles" / "2024").glob(f"{SLUG}*"))
    captures = sorted((content / "captures" / "2024").glob(f"{SLUG}*"))
    assert (notes, [p.name for p in captures]) == ([f"{SLUG}.md"], [f"{SLUG}.txt"])
    skipped = f"{CAPTURE}: skipped: already imported (same capture as {captures[0]})"
    assert sorted(r.stdout.strip() for r in results)[:2] == [skipped] * 2  # "written" sorts last


def test_new_and_import_of_one_slug_at_once(content: Path) -> None:
    new, imported = together(
        _new(content, "The Bureau X raids handset dealers in River City", "2024-03-02"),
        _import(content),
    )
    assert (new.returncode, imported.returncode) == (0, 0), new.stderr + imported.stderr
    notes = sorted(p.name for p in (content / "articles" / "2024").glob(f"{SLUG}*"))
    assert notes == [f"{SLUG}-2.md", f"{SLUG}.md"]
    assert Path(new.stdout.strip()).name in notes
    captures = sorted(p.name for p in (content / "captures" / "2024").iterdir())
    assert len(captures) == 1 and captures[0].removesuffix(".txt") + ".md" in notes


def test_a_writer_that_holds_the_content_folder_too_long_is_said_in_one_line(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl
    import os

    from generator import files

    monkeypatch.setattr(files, "LOCK_WAIT_SECONDS", 0.2)
    holder = os.open(content, os.O_RDONLY)  # another process's lock, as far as flock can tell
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        result = digest_main(*_new(content, "Phones seized", "2024-05-01")[1:])
    finally:
        os.close(holder)
    assert (result.returncode, result.stderr) == (
        1,
        f"digest: error: {content} is in use by another digest new or digest import "
        "(waited 0.2 s); run the command again when it has finished\n",
    )
    assert not list((content / "articles" / "2024").glob("2024-05-01-*"))
