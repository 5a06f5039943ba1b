"""`digest new`: a note skeleton with today's date, checked terms and a slug no other note has.

Terms are resolved on the spot, so a typo is caught before the file exists; the file is created
whole and exclusively (`files.create_new`), so an existing note is never overwritten, not even
by a `digest new` of the same title at the same instant: that one takes the next free name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..content.fields import is_web_url
from ..content.front_matter import NO_TERMS
from ..content.model import Corpus, Vocabulary
from ..content.placeholders import NEW_BODY, NEW_SUMMARY
from ..content.read import MAX_NOTE_BYTES, RawNote, split_front_matter
from ..content.validate import NoteChecker
from ..content.vocabulary import resolve, spellings
from ..content.words import hint_for
from ..content.yaml_nodes import parse_yaml
from ..facets import OUTLETS, SINGULAR, VOCABULARIES
from ..files import NameTakenError, create_new, size_text
from ..problems import Problem, Severity, error, one_line
from .drafts import free_slug, note_folder, note_text
from .duplicates import from_note, likely_duplicates, outlet_key
from .headlines import headline_slug

SHOWN_URL = 60  # characters of a refused --url a message shows


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
                vocabulary = vocabularies[name]
                hint = hint_for(written, spellings(vocabulary)) or _no_terms(vocabulary)
                problems.append(error("--" + name, 0, f"unknown {noun} '{written}'", hint))
    return resolved, problems


def _no_terms(vocabulary: Vocabulary) -> str | None:
    """Why no term of `vocabulary` can be named: its file is missing, or holds no terms (it
    said "unknown theme 'corruption'" with `themes.yml` missing, and named no file)."""
    if vocabulary.terms or not vocabulary.path:
        return None
    there = os.path.lexists(vocabulary.path)
    return f"{vocabulary.path} {'has no terms' if there else 'is missing'}"


def url_problem(url: str | None) -> Problem | None:
    """`--url` must be what `digest check` accepts (http or https): refused before anything is
    written, not found by `check` later in a note already there."""
    if url is None or is_web_url(url):
        return None
    shown = one_line(url if len(url) <= SHOWN_URL else url[:SHOWN_URL] + "…")
    return error("--url", 0, f"--url '{shown}' is not an http(s) URL", "give the https:// address")


def draft_problems(
    path: str, text: str, vocabularies: Mapping[str, Vocabulary], today: date
) -> list[Problem]:
    """The errors `digest check` would report for the draft `text` at `path`, its size
    included, but for one: a draft may be written with no terms yet (`new` then says to tag
    it before publishing)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_NOTE_BYTES:
        message = f"the note would be larger than {size_text(MAX_NOTE_BYTES)}, the limit for a note"
        return [error(path, 1, message, "shorten the title")]
    front_text, body, body_line, problems = split_front_matter(text, path)
    front, yaml_problems = parse_yaml(front_text or "", path, line_offset=2)
    raw = RawNote(path, Path(path).stem, front, 1, body, (*problems, *yaml_problems), body_line)
    # the corpus carries an empty outlets vocabulary when outlets.yml is not there (read from
    # no file): `check` then takes source names as free text, and so must this check
    read = {name: v for name, v in vocabularies.items() if name != OUTLETS or v.path}
    found = NoteChecker(read, today)(raw)[1]
    return [p for p in found if p.severity is Severity.ERROR and p.message != NO_TERMS]


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
