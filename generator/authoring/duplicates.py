"""Likely duplicates: a new note, or an import, about a report the archive already has a note on.

Two notes are likely about one report when

- their titles are the same (compared as matching keys: case, accents and punctuation ignored),
  a note's title being compared with the other's title and with the headlines of its reports
  (`source.title`: an imported capture's title is the report's headline); or
- they cite the same outlet on the same date and their titles are similar: most meaningful words
  of the shorter title have a close match in the other (rapidfuzz, so `office` meets `offices`).
  An outlet rarely runs two reports on one subject in a day, and a note's title is often the
  headline reworded: the sample's hand-written note "State security offices on the border caught
  using confiscated phones" and a capture headed "Hoeryong security office caught renting out
  confiscated phones", both Daily NK of 19 April 2024, share five of eight words; half is enough.

`digest new` and `digest import` warn and name the note; neither refuses, the author decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from ..content.model import Note, Vocabulary
from ..content.read import RawNote
from ..content.vocabulary import resolve
from ..content.words import normalise, normalise_spaced
from ..content.yaml_nodes import Node
from .headlines import STOP_WORDS

SIMILAR_WORDS = 0.5  # share of the shorter title's words with a close match in the other
CLOSE_WORD = 80  # rapidfuzz ratio at which two words count as one (office/offices, seize/seized)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Existing:
    """What the duplicate check needs of a note already written."""

    path: str
    title: str
    when: date | None
    outlets: frozenset[str]  # outlet keys (see `outlet_key`)
    headlines: tuple[str, ...] = ()  # its reports' own headlines


def outlet_key(name: str, outlets: Vocabulary | None) -> str:
    """An outlet as compared: its id in outlets.yml when that knows the name (so the byline
    `DailyNK(North Korean Media)` meets `Daily NK`), else the name's matching key."""
    if outlets is not None:
        found = resolve(outlets, name).term_id
        if found:
            return found
    return normalise(name)


def from_note(note: Note, outlets: Vocabulary | None) -> Existing:
    names = frozenset(outlet_key(s.outlet or s.name, outlets) for s in note.sources)
    headlines = tuple(s.title for s in note.sources if s.title)
    return Existing(note.path, note.title, note.date, names, headlines)


def from_raw(raw: RawNote, outlets: Vocabulary | None) -> Existing | None:
    """A note as read, before checking (a note with errors is a duplicate all the same)."""
    front = raw.front
    if front is None or not isinstance(_scalar(front.get("title")), str):
        return None
    when = _scalar(front.get("date"))
    sources = [front.get("source")] if front.get("source") is not None else []
    many = front.get("sources")
    sources += many.value if many is not None and many.kind == "seq" else []
    names, headlines = set(), []
    for source in sources:
        if source is None or source.kind != "map":
            continue
        name, headline = _scalar(source.get("name")), _scalar(source.get("title"))
        if isinstance(name, str) and name.strip():
            names.add(outlet_key(name, outlets))
        if isinstance(headline, str) and headline.strip():
            headlines.append(headline)
    title = str(_scalar(front.get("title")))
    day = when if isinstance(when, date) else None
    return Existing(raw.path, title, day, frozenset(names), tuple(headlines))


def _scalar(node: Node | None) -> object:
    return node.value if node is not None and node.kind == "scalar" else None


def likely_duplicates(
    title: str, when: date, outlets: frozenset[str], existing: Iterable[Existing]
) -> list[str]:
    """Why each existing note is likely about the same report, as `path (reason)` lines."""
    found = []
    key = normalise(title)
    for note in existing:
        if key and key in {normalise(note.title), *map(normalise, note.headlines)}:
            found.append(f"{note.path} (same title)")
        elif note.when == when and outlets & note.outlets and similar(title, note.title):
            found.append(f"{note.path} (same outlet and date, similar title: '{note.title}')")
    return found


def similar(one: str, other: str) -> bool:
    """Most meaningful words of the shorter title have a close match in the longer one."""
    shorter, longer = sorted((_words(one), _words(other)), key=len)
    if not shorter:
        return False
    matched = sum(any(fuzz.ratio(a, b) >= CLOSE_WORD for b in longer) for a in shorter)
    return matched / len(shorter) >= SIMILAR_WORDS


def _words(title: str) -> list[str]:
    return [w for w in _WORD.findall(normalise_spaced(title)) if w not in STOP_WORDS]
