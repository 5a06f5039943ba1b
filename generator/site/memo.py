"""What rendering keeps from one build to the next: work an edit rarely changes.

A build that remembers (`build/`) keeps one `SiteMemo` in its state, in memory for the preview
and on disk for the command line, so that the dataset's records and the bibliography's entries
of notes that did not change are not made again: at 10,000 notes they are most of the data
files' cost. Everything in it is a pure function of the notes it was made from, so a memo
carried over can only save time, never change a byte; a build without one makes it afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..content.model import Note
from ..settings import SiteInfo
from . import bibliography, research
from .dataset import Records


@dataclass
class Entries:
    """The bibliography's entries for the last notes asked for: the three formats of one build
    are written from one list, and each note's citation is made again only when it changed
    (the entries themselves are worked out across notes: keys unique, shared reports merged)."""

    notes: tuple[Note, ...] = ()
    site: SiteInfo | None = None
    items: list[bibliography.Item] = field(default_factory=list)
    cited: dict[str, tuple[Note, bibliography.CitedNote]] = field(default_factory=dict)

    def __call__(self, notes: Iterable[Note], site: SiteInfo) -> list[bibliography.Item]:
        published = tuple(note for note in notes if not note.draft)
        same = len(published) == len(self.notes) and all(
            a is b or a == b for a, b in zip(published, self.notes, strict=True)
        )
        if same and site == self.site:
            return self.items
        if site != self.site:
            self.cited = {}
        cited = {note.slug: self._cited(note, site) for note in published}
        self.cited = cited
        entries = bibliography.items([found for _, found in cited.values()])
        self.notes, self.site, self.items = published, site, entries
        return self.items

    def _cited(self, note: Note, site: SiteInfo) -> tuple[Note, bibliography.CitedNote]:
        found = self.cited.get(note.slug)
        if found is not None and (found[0] is note or found[0] == note):
            return found
        return note, research.cited(note, site)


@dataclass
class SiteMemo:
    records: Records = field(default_factory=dict)  # the dataset's records, by note
    entries: Entries = field(default_factory=Entries)
    bibtex: bibliography.Texts = field(default_factory=bibliography.bibtex_texts)
    ris: bibliography.Texts = field(default_factory=bibliography.ris_texts)
    csl: bibliography.Texts = field(default_factory=bibliography.csl_texts)

    def forget_records(self) -> None:
        """The vocabularies changed: records name terms anew."""
        self.records.clear()
