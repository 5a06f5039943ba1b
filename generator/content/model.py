"""The content as frozen values: vocabularies, terms, notes, the corpus. No I/O here.

Everything above this module (digests, rendering) works on these values only, so it can be
tested without files and can never touch `content/` by accident.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .. import routes
from ..facets import SECTION, VOCABULARIES
from .areas import AreaGeometry


@dataclass(frozen=True)
class Term:
    vocabulary: str
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    kind: str | None = None
    description: str | None = None
    coordinates: tuple[float, float] | None = None
    keywords: tuple[str, ...] = ()
    description_html: str = ""  # the description as sanitised HTML
    description_links: tuple[TextLink, ...] = ()
    # outlets only (content/vocabulary/outlets.yml)
    reliability: str | None = None  # Admiralty grade A–F
    homepage: str | None = None
    language: str | None = None  # BCP 47

    @property
    def section(self) -> str:
        return SECTION[self.vocabulary]

    @property
    def url(self) -> str:
        """Site-relative URL of the term's digest page."""
        return routes.term_url(self.vocabulary, self.id)


@dataclass(frozen=True)
class Vocabulary:
    """One controlled vocabulary: its terms, their tree, and the index used to resolve aliases."""

    name: str
    terms: Mapping[str, Term]
    # normalised id/name/alias → the ids it may name (more than one means ambiguous)
    index: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    narrower: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # term → its ancestors, filled as they are asked for (see `ancestors`)
    ancestry: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    path: str = ""  # the file it was read from, as shown: named when it has no terms

    @classmethod
    def of(
        cls,
        name: str,
        terms: Mapping[str, Term],
        index: Mapping[str, tuple[str, ...]] | None = None,
        path: str = "",
    ) -> Vocabulary:
        """Build with the children map derived once, so tree walks cost O(size of the subtree)."""
        narrower: dict[str, list[str]] = {tid: [] for tid in terms}
        for term in terms.values():
            if term.parent in narrower:
                narrower[term.parent].append(term.id)
        children = {k: tuple(v) for k, v in narrower.items()}
        return cls(name, terms, index or {}, children, path=path)

    def children(self, term_id: str) -> tuple[str, ...]:
        return self.narrower.get(term_id, ())

    def roots(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.terms.values() if t.parent not in self.terms)

    def ancestors(self, term_id: str) -> tuple[str, ...]:
        """Broader terms, nearest first: walked up when first asked for, then kept.

        Not computed for every term in `of`: along a parent chain that costs the sum of all
        depths, quadratic in its length, and `digest check` never asks (a 5,000-level chain
        kept it busy for minutes)."""
        found = self.ancestry.get(term_id)
        if found is None:
            found = self.ancestry[term_id] = _ancestors(self.terms, term_id)
        return found

    def descendants(self, term_id: str) -> Iterator[str]:
        stack = list(self.children(term_id))
        while stack:
            current = stack.pop()
            yield current
            stack.extend(self.children(current))

    def depth(self, term_id: str) -> int:
        return len(self.ancestors(term_id))


def _ancestors(terms: Mapping[str, Term], term_id: str) -> tuple[str, ...]:
    """Walk up the parents, in time linear in the depth; validation breaks cycles, the `seen`
    guard (a set: a list made every step cost the depth again) makes that optional."""
    if term_id not in terms:
        return ()
    found: list[str] = []
    seen = {term_id}
    parent = terms[term_id].parent
    while parent is not None and parent in terms and parent not in seen:
        found.append(parent)
        seen.add(parent)
        parent = terms[parent].parent
    return tuple(found)


@dataclass(frozen=True)
class TextLink:
    """A link from content Markdown to a note or hand-written page, checked across notes."""

    line: int
    written: str  # as the author wrote it, e.g. ../2023/other-note.md#part
    kind: str  # "note", "page", or "" when it leads to neither
    target: str  # the note's slug or the page's name
    anchor: str = ""


CONFIDENCE_LEVELS = ("confirmed", "likely", "unconfirmed", "disputed")
RELATIONS = ("follows", "updates", "contradicts", "same-event", "background")
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
WAYBACK = "https://web.archive.org/web/{stamp}/{url}"


@dataclass(frozen=True)
class Source:
    """One report a note is about. `published` is the note's date unless the author gave one."""

    name: str  # the outlet's name (its vocabulary name when outlets.yml resolves it)
    url: str | None = None
    author: str | None = None
    title: str | None = None  # the report's own headline
    published: date | None = None
    accessed: date | None = None
    archive: str | None = None
    language: str | None = None  # BCP 47
    outlet: str | None = None  # the outlet's term id, when outlets.yml exists
    url_line: int = field(default=0, compare=False)  # where url and archive are written
    archive_line: int = field(default=0, compare=False)
    offline: bool = False  # never online (print, broadcast): no url or archive to expect

    @property
    def archive_link(self) -> str | None:
        """The archived copy: the one given, else the Wayback Machine's at the publication date
        (a lookup URL only; nothing is fetched)."""
        if self.archive:
            return self.archive
        if self.url and self.published:
            return WAYBACK.format(stamp=self.published.strftime("%Y%m%d"), url=self.url)
        return None


@dataclass(frozen=True)
class Correction:
    date: date
    text: str


@dataclass(frozen=True)
class SeeAlso:
    """A typed link to another note: this note `follows`, `updates` … the note `note`."""

    note: str  # the other note's slug
    relation: str
    line: int = 0  # where it is written, for the checks across notes


@dataclass(frozen=True)
class Note:
    slug: str
    path: str
    title: str
    date: date
    source: Source
    terms: Mapping[str, tuple[str, ...]]  # vocabulary name → term ids, as the note lists them
    body: str
    summary: str
    draft: bool = False
    html: str = ""  # the body as sanitised HTML
    links: tuple[TextLink, ...] = ()  # links in the body to other notes and pages
    anchors: frozenset[str] = frozenset()  # ids in the body a link may point at
    sources: tuple[Source, ...] = ()  # every report; `source` is the first
    confidence: str | None = None  # one of CONFIDENCE_LEVELS
    updated: dt.date | None = None  # the last substantive change
    corrections: tuple[Correction, ...] = ()  # oldest first, as written
    see_also: tuple[SeeAlso, ...] = ()
    authors: tuple[str, ...] = ()  # the note's writers; none: the site's author
    language: str | None = None  # BCP 47: the language the note is written in; none: the site's

    @property
    def url(self) -> str:
        return routes.note_url(self.slug)

    # Cached: the digest indexes ask for these once per term a note is listed under.
    @cached_property
    def month(self) -> str:
        return f"{self.date.year:04d}-{self.date.month:02d}"

    @cached_property
    def term_keys(self) -> tuple[tuple[str, str], ...]:
        """(vocabulary, term id) for every term the note lists."""
        return tuple((v, t) for v in VOCABULARIES for t in self.terms.get(v, ()))


@dataclass(frozen=True)
class Page:
    """A hand-written page from `content/pages/`, published as sanitised HTML."""

    name: str
    path: str
    title: str
    html: str
    description: str | None = None
    links: tuple[TextLink, ...] = ()

    @property
    def url(self) -> str:
        return routes.page_url(self.name)


@dataclass(frozen=True)
class Corpus:
    vocabularies: Mapping[str, Vocabulary]
    notes: tuple[Note, ...]  # published and drafts, sorted newest first
    pages: tuple[Page, ...] = ()
    # the locations' shapes from vocabulary/locations.geojson (optional), by term id
    areas: Mapping[str, AreaGeometry] = field(default_factory=dict)

    @property
    def published(self) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if not n.draft)

    def term(self, vocabulary: str, term_id: str) -> Term:
        return self.vocabularies[vocabulary].terms[term_id]
