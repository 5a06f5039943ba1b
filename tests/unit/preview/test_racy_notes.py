"""A note saved twice within one tick of the file system's clock, at the same length, is seen
the second time: the preview's note cache does not trust a file read right after it changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from generator.preview import session
from generator.preview.session import Session


def _save_within_one_tick(note: Path, old: str, new: str) -> None:
    """Rewrite `note` with text of the same length, keeping its modification time to the
    nanosecond (what a coarse clock gives two quick saves)."""
    before = note.stat()
    text = note.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    note.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert note.stat().st_size == before.st_size


def _title(found: Session, content: Path, slug: str) -> str:
    notes = {note.slug: note for note in found.check(content).corpus.notes}
    return notes[slug].title


def test_a_second_save_in_one_tick_is_seen(content: Path) -> None:
    beta = content / "articles" / "2024" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8"), encoding="utf-8")  # the first save
    preview = Session()
    assert _title(preview, content, "beta") == "Synthetic beta report on smuggling"
    _save_within_one_tick(beta, "on smuggling", "on smuggler!")
    assert _title(preview, content, "beta") == "Synthetic beta report on smuggler!"


def test_an_old_file_is_not_read_again(content: Path, monkeypatch: object) -> None:
    beta = content / "articles" / "2024" / "beta.md"
    old = time.time_ns() - 10 * session.RACY_NS
    os.utime(beta, ns=(old, old))
    preview = Session()
    _title(preview, content, "beta")
    reads: list[str] = []
    original = session.read_note

    def counting(file: Path, shown: str) -> object:
        reads.append(shown)
        return original(file, shown)

    setattr(session, "read_note", counting)  # noqa: B010 (restored below)
    try:
        _title(preview, content, "beta")
    finally:
        setattr(session, "read_note", original)  # noqa: B010
    assert not [shown for shown in reads if shown.endswith("beta.md")]
