"""`digest new`: a note skeleton with today's date, checked terms and a slug no other note has.

Terms are resolved on the spot, so a typo is caught before the file exists; the file is created
whole and exclusively (`files.create_new`), so an existing note is never overwritten, not even
by a `digest new` of the same title at the same instant: that one takes the next free name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..content.model import Corpus, Vocabulary
from ..content.placeholders import NEW_BODY, NEW_SUMMARY
from ..content.vocabulary import resolve, spellings
from ..content.words import hint_for
from ..facets import OUTLETS, SINGULAR, VOCABULARIES
from ..files import NameTakenError, create_new
from ..problems import Problem, error
from .drafts import free_slug, note_folder, note_text
from .duplicates import from_note, likely_duplicates, outlet_key
from .headlines import headline_slug


@dataclass(frozen=True)
class NewNote:
    title: str
    when: date
    source_name: str
    source_url: str | None
    terms: dict[str, list[str]]  # vocabulary → as typed


def slug_for(title: str, when: date) -> str:
    return headline_slug(title, when, "note")


def resolve_terms(
    wanted: dict[str, list[str]], vocabularies: dict[str, Vocabulary]
) -> tuple[dict[str, list[str]], list[Problem]]:
    """Typed terms → ids; unknown or ambiguous ones become problems with a did-you-mean."""
    resolved: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for name in VOCABULARIES:
        for written in wanted.get(name, []):
            result = resolve(vocabularies[name], written)
            noun = SINGULAR[name]
            if result.term_id:
                if result.term_id not in resolved.setdefault(name, []):
                    resolved[name].append(result.term_id)
            elif result.candidates:
                names = " or ".join(f"'{c}'" for c in result.candidates)
                problems.append(
                    error("--" + name, 0, f"ambiguous {noun} '{written}': it may mean {names}")
                )
            else:
                hint = hint_for(written, spellings(vocabularies[name]))
                problems.append(error("--" + name, 0, f"unknown {noun} '{written}'", hint))
    return resolved, problems


def unique_path(content: Path, slug: str, when: date, taken: set[str]) -> Path:
    folder = note_folder(content, when)
    free = free_slug(slug, taken, lambda candidate: not (folder / f"{candidate}.md").exists())
    return folder / f"{free}.md"


def create_note(content: Path, slug: str, when: date, taken: set[str], text: str) -> Path:
    """The note written at the first free `<slug>[-n].md` of its year's folder. A name taken
    meanwhile (by another process: `create_new` fails rather than overwrite) sends it on to the
    next; nothing else does (a file where the year's folder should be is an error, not a taken
    name: taken for one, it made `new` try `-2`, `-3` … forever). Any other `OSError` names the
    note's path."""
    data = text.encode("utf-8")
    while True:
        path = unique_path(content, slug, when, taken)
        try:
            create_new([(path, data)])
        except NameTakenError:
            taken.add(path.stem.lower())
            continue
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
        return path


def new_note_text(note: NewNote, term_ids: dict[str, list[str]]) -> str:
    metadata: dict[str, object] = {
        "title": note.title,
        "date": note.when,
        "source": {
            "name": note.source_name,
            **({"url": note.source_url} if note.source_url else {}),
        },
    }
    for name in VOCABULARIES:
        metadata[name] = term_ids.get(name, [])
    metadata["summary"] = NEW_SUMMARY
    metadata["draft"] = True
    return note_text(metadata, NEW_BODY + "\n")


def likely_duplicates_of(note: NewNote, corpus: Corpus) -> list[str]:
    """The notes already written that are likely on the same report (see `duplicates.py`)."""
    outlets = corpus.vocabularies.get(OUTLETS)
    existing = [from_note(written, outlets) for written in corpus.notes]
    keys = frozenset({outlet_key(note.source_name, outlets)})
    return likely_duplicates(note.title, note.when, keys, existing)
