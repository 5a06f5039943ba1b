"""Every note, vocabulary and page read and checked: the first half of a build, on its own.

`digest check`, `export`, `links`, `new` and `schema` check the content without writing
anything; a `Build` checks it the same way, reusing what its state kept (`run.py`).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..content.read import note_files, read_content
from ..content.validate import Checked, NotesChecked, assemble, build_vocabularies
from .notes import Reuse, check_notes
from .state import NoteRecord


@dataclass(frozen=True)
class Rechecked:
    """A check that reused what it could: the content checked, and what to keep of it."""

    checked: Checked
    records: dict[str, NoteRecord]  # every note file as read and checked, for the state
    notes: int  # note files read and checked again
    vocabularies: str  # the digest of the vocabularies the notes were checked against


def check(content: Path, today: date | None = None) -> Checked:
    """Every note, vocabulary and page read and checked; big archives in several processes."""
    return check_reusing(content, {}, today or date.today()).checked


def check_reusing(
    content: Path,
    records: dict[str, NoteRecord],
    today: date,
    vocabularies: str | None = None,
    before: date | None = None,
) -> Rechecked:
    """`check`, reusing the checked notes of `records`: they were checked against the
    vocabularies of digest `vocabularies` (None: unknown), and on a day whose judgement of
    dates stands for every date up to `before` (None: the same day as `today`)."""
    rest = read_content(content, with_notes=False)
    checked_vocabularies, problems = build_vocabularies(rest)
    known = vocabularies_digest(checked_vocabularies)
    files, listing = note_files(content, str(content))
    reuse = Reuse(known == vocabularies, before)
    notes, kept, rechecked = check_notes(files, records, checked_vocabularies, today, reuse)
    merged = NotesChecked(notes.notes, [*listing, *notes.problems], notes.files)
    return Rechecked(assemble(rest, checked_vocabularies, problems, merged), kept, rechecked, known)


def vocabularies_digest(value: object) -> str:
    """A digest of the vocabularies as checked (dataclasses, tuples and dicts)."""
    return hashlib.sha256(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
