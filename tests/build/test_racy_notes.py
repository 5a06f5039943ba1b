"""A note saved twice within one tick of the file system's clock, at the same length, is seen
the second time: a build does not trust a file read right after it changed."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from generator.build import notes as noting
from generator.build.check import Rechecked, check_reusing
from generator.build.inputs import RACY_NS

TODAY = date(2026, 1, 1)


def _save_within_one_tick(note: Path, old: str, new: str) -> None:
    """Rewrite `note` with text of the same length, keeping its modification time to the
    nanosecond (what a coarse clock gives two quick saves)."""
    before = note.stat()
    text = note.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    note.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert note.stat().st_size == before.st_size


class _Runs:
    """Checks one after another, each reusing the last one's records, as a build's runs do."""

    def __init__(self) -> None:
        self.last: Rechecked | None = None

    def title(self, content: Path, slug: str) -> str:
        last = self.last
        if last is None:
            self.last = check_reusing(content, {}, TODAY)
        else:
            self.last = check_reusing(content, last.records, TODAY, last.vocabularies)
        notes = {note.slug: note for note in self.last.checked.corpus.notes}
        return notes[slug].title


def test_a_second_save_in_one_tick_is_seen(content: Path) -> None:
    beta = content / "articles" / "2024" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8"), encoding="utf-8")  # the first save
    runs = _Runs()
    assert runs.title(content, "beta") == "Synthetic beta report on smuggling"
    _save_within_one_tick(beta, "on smuggling", "on smuggler!")
    assert runs.title(content, "beta") == "Synthetic beta report on smuggler!"


def test_an_old_file_is_not_read_again(content: Path, monkeypatch: object) -> None:
    beta = content / "articles" / "2024" / "beta.md"
    old = time.time_ns() - 10 * RACY_NS
    os.utime(beta, ns=(old, old))
    time.sleep(RACY_NS / 1e9)  # the change time (set by utime itself) ages too
    runs = _Runs()
    runs.title(content, "beta")
    reads: list[str] = []
    original = noting.read_note

    def counting(file: Path, shown: str) -> object:
        reads.append(shown)
        return original(file, shown)

    setattr(noting, "read_note", counting)  # noqa: B010 (restored below)
    try:
        runs.title(content, "beta")
    finally:
        setattr(noting, "read_note", original)  # noqa: B010
    assert not [shown for shown in reads if shown.endswith("beta.md")]
