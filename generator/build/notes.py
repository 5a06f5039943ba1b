"""The notes, read and checked, reusing what the last run found for every file that is the same.

A note file is parsed and checked again only when it changed: its signature moved and its bytes
differ (`inputs.py`), or what its check depends on changed: the vocabularies (any change: a
term may be renamed, removed or made ambiguous), or the day, for a note holding a date the new
day could judge differently (a date after the earlier of the two days). The checked note is
kept with its file, so a note that did not change is the very same object as last time, and
the next stages see by identity (and by value, after a restart) what changed.

Many changed notes (a first build, new vocabularies) are read and checked by several processes:
parsing YAML with line numbers is most of a check, and a checked note is small to send back.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from ..content.model import Note, Vocabulary
from ..content.read import NoteFile, read_note
from ..content.validate import CheckedNote, NoteChecker, NotesChecked
from ..site.parallel import can_fork, run_parts, workers
from .inputs import content_digest, is_racy, signature
from .state import NoteRecord

PARALLEL_CHECK_NOTES = 2000  # fewer notes are read faster by one process than by forking


@dataclass(frozen=True)
class Reuse:
    """Which stored checks may stand: all of them, or those holding no date after `before`."""

    vocabularies: bool  # the vocabularies are the ones the records were checked against
    before: date | None  # None: the day is the same; else checks of later dates are redone


def check_notes(
    files: list[NoteFile],
    records: Mapping[str, NoteRecord],
    vocabularies: Mapping[str, Vocabulary],
    today: date,
    reuse: Reuse,
) -> tuple[NotesChecked, dict[str, NoteRecord], int]:
    """Every note file checked, in reading order, reusing `records`; the new records, and how
    many files were checked again."""
    now = time.time_ns()
    kept: dict[str, NoteRecord] = {}
    again: list[tuple[Path, str, bytes]] = []
    for file, shown in files:
        record, digest = _reusable(file, shown, records.get(shown), reuse, now)
        if record is not None:
            kept[shown] = record
        else:
            again.append((file, shown, digest))
    fresh = _check_all([(file, shown) for file, shown, _ in again], vocabularies, today)
    for (file, shown, digest), checked in zip(again, fresh, strict=True):
        found = signature(file)
        kept[shown] = NoteRecord(
            found or (0, 0, 0, 0), digest, found is None or is_racy(found, now), file.stem, checked
        )
    return _in_order(files, kept), kept, len(again)


def _reusable(
    file: Path, shown: str, record: NoteRecord | None, reuse: Reuse, now: int
) -> tuple[NoteRecord | None, bytes]:
    """The stored record if it stands (updated if the file was touched), else None and the
    digest of the file's bytes as they are now."""
    found = signature(file)
    if record is not None and found == record.signature and not record.racy:
        return (record if _check_stands(record, reuse) else None), record.digest
    digest = _digest_of(file) if found is not None else b""
    if record is None or not digest or digest != record.digest or not _check_stands(record, reuse):
        return None, digest
    assert found is not None
    return NoteRecord(found, digest, is_racy(found, now), record.slug, record.checked), digest


def _check_stands(record: NoteRecord, reuse: Reuse) -> bool:
    if not reuse.vocabularies:
        return False
    if reuse.before is None:
        return True
    note = record.checked[0]
    return isinstance(note, Note) and latest_date(note) <= reuse.before


def latest_date(note: Note) -> date:
    """The latest date a note's check compared with the day it was made on."""
    dates = [note.date, *(c.date for c in note.corrections)]
    dates += [note.updated] if note.updated else []
    for source in note.sources or (note.source,):
        dates += [day for day in (source.published, source.accessed) if day is not None]
    return max(dates)


def _digest_of(file: Path) -> bytes:
    try:
        return content_digest(file.read_bytes())
    except (OSError, ValueError):
        return b""


def _check_all(
    files: list[NoteFile], vocabularies: Mapping[str, Vocabulary], today: date
) -> list[CheckedNote]:
    checker = NoteChecker(vocabularies, today)
    count = workers()
    if len(files) < PARALLEL_CHECK_NOTES or count < 2 or not can_fork():
        return _check_part(files, checker)
    parts = [partial(_check_part, files[i::count], checker) for i in range(count)]
    results: list[CheckedNote] = [(None, [])] * len(files)
    for index, part in enumerate(run_parts(parts)):
        results[index::count] = part
    return results


def _check_part(files: Iterable[NoteFile], checker: NoteChecker) -> list[CheckedNote]:
    return [checker(read_note(file, shown)) for file, shown in files]


def _in_order(files: list[NoteFile], records: Mapping[str, NoteRecord]) -> NotesChecked:
    checked = NotesChecked()
    for _, shown in files:
        record = records[shown]
        note, problems = record.checked
        checked.problems += problems
        checked.files.append((shown, record.slug))
        if note is not None:
            checked.notes.append(note)
    return checked
