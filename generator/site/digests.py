"""The indexes behind every page: notes by term with roll-up, by month, and what relates to what.

Each index is built in one pass over the notes (cost grows with notes × terms per note × tree
depth), never by comparing notes pairwise, so an archive of 10,000 notes costs ten times one
of 1,000.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import chain
from operator import neg
from typing import NamedTuple

from ..content.model import Corpus, Note, Term, Vocabulary

RELATED_TERMS = 8
RELATED_NOTES = 5
RELATED_WINDOW = 10  # notes looked at either side, in date order, in each shared term's list


class Entry(NamedTuple):
    """A note on a digest page; `via` names the listed sub-terms that brought it in.

    A named tuple, not a dataclass: a big archive makes a hundred thousand of them.
    """

    note: Note
    via: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermDigest:
    term: Term
    entries: tuple[Entry, ...]  # newest first
    direct: int
    months: Mapping[str, int]
    subterms: tuple[tuple[Term, int], ...]
    related: tuple[tuple[Term, int], ...]

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def first(self) -> date:
        return self.entries[-1].note.date

    @property
    def last(self) -> date:
        return self.entries[0].note.date

    @cached_property  # asked for by each of the term's yearly pages
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({e.note.date.year for e in self.entries}, reverse=True))


@dataclass(frozen=True)
class MonthDigest:
    month: str  # yyyy-mm
    notes: tuple[Note, ...]
    by_theme: tuple[tuple[Term | None, tuple[Note, ...]], ...]
    regions: tuple[tuple[Term, int], ...]
    agencies: tuple[tuple[Term, int], ...]
    previous: str | None
    next: str | None
    # (vocabulary, term id) → the narrower listed terms its count comes through, with how many
    # of its notes do not list it itself: "State Affairs Commission 1 (through Ministry of …)"
    through: Mapping[tuple[str, str], tuple[int, tuple[str, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Digests:
    """Every index of the published notes. The term digests and months are worked out when
    first asked for: a build renders note pages, which need neither, in other processes
    meanwhile (`build.run.Build._write_all`)."""

    corpus: Corpus
    notes: tuple[Note, ...]  # published, newest first
    related_notes: RelatedNotes
    given_terms: Mapping[tuple[str, str], TermDigest] | None = field(default=None, repr=False)

    @cached_property
    def terms(self) -> Mapping[tuple[str, str], TermDigest]:
        if self.given_terms is not None:
            return self.given_terms
        return _term_digests(self.corpus, self.notes)

    @cached_property
    def months(self) -> tuple[MonthDigest, ...]:  # newest first
        return _months(self.corpus, self.notes)

    @cached_property
    def by_slug(self) -> Mapping[str, Note]:
        return {note.slug: note for note in self.notes}

    @cached_property
    def backlinks(self) -> Mapping[str, tuple[tuple[Note, str], ...]]:
        """For each note, the published notes whose `see_also` points at it, with the relation."""
        found: dict[str, list[tuple[Note, str]]] = defaultdict(list)
        for note in self.notes:
            for link in note.see_also:
                found[link.note].append((note, link.relation))
        return {slug: tuple(links) for slug, links in found.items()}

    def digest(self, term: Term) -> TermDigest | None:
        return self.terms.get((term.vocabulary, term.id))

    def count(self, term: Term) -> int:
        found = self.digest(term)
        return found.count if found else 0

    def busiest(
        self, vocabulary: str, since: date | None = None, limit: int = 8
    ) -> list[tuple[Term, int]]:
        """Terms listed most often on notes dated `since` or later (all notes when None)."""
        counts: Counter[str] = Counter()
        for note in self.notes:  # newest first
            if since is not None and note.date < since:
                break
            counts.update(note.terms.get(vocabulary, ()))
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [(self.corpus.term(vocabulary, tid), n) for tid, n in ranked]


def window_start(today: date, months: int = 12) -> date:
    """The first day of the `months` calendar months that end with `today`'s month: "the last
    12 months" of a build on 7 Dec 2026 run from 1 Jan 2026."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


Plans = dict[tuple[str, tuple[str, ...]], list[tuple[tuple[str, str], tuple[str, ...]]]]


def _roll_up(corpus: Corpus, notes: Iterable[Note]) -> dict[tuple[str, str], list[Entry]]:
    """Every note under each listed term and each of its ancestors, remembering the path in."""
    entries: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    plans: Plans = {}
    for note in notes:
        for key, via in note_plan(corpus, note, plans):
            entries[key].append(Entry(note, via))
    return entries


def note_plan(
    corpus: Corpus, note: Note, plans: Plans
) -> Iterator[tuple[tuple[str, str], tuple[str, ...]]]:
    """The term keys a note is listed under, each with the listed terms it comes through."""
    for vocabulary_name, listed in note.terms.items():
        plan = plans.get((vocabulary_name, listed))
        if plan is None:  # notes listing the same terms share one walk up the tree
            vocabulary = corpus.vocabularies[vocabulary_name]
            plan = plans[(vocabulary_name, listed)] = _plan(vocabulary_name, vocabulary, listed)
        yield from plan


def _plan(
    name: str, vocabulary: Vocabulary, listed: tuple[str, ...]
) -> list[tuple[tuple[str, str], tuple[str, ...]]]:
    """(term key, the listed terms it is reached through) for the listed terms and ancestors."""
    via: dict[str, list[str]] = {}
    for term_id in listed:
        via.setdefault(term_id, [])
        for ancestor in vocabulary.ancestors(term_id):
            via.setdefault(ancestor, []).append(term_id)
    return [
        ((name, term_id), () if term_id in listed else tuple(dict.fromkeys(through)))
        for term_id, through in via.items()
    ]


def _related_terms(
    corpus: Corpus, term: Term, entries: list[Entry]
) -> tuple[tuple[Term, int], ...]:
    """The terms most often listed with `term`, leaving out its own broader and narrower ones."""
    vocabulary = corpus.vocabularies[term.vocabulary]
    counts = Counter(chain.from_iterable(entry.note.term_keys for entry in entries))
    for family in (term.id, *vocabulary.ancestors(term.id), *vocabulary.descendants(term.id)):
        counts.pop((term.vocabulary, family), None)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:RELATED_TERMS]
    return tuple((corpus.term(*key), n) for key, n in ranked)


def term_digest(
    corpus: Corpus, term: Term, entries: list[Entry], counts: Mapping[tuple[str, str], int]
) -> TermDigest:
    vocabulary = corpus.vocabularies[term.vocabulary]
    subterms = tuple(
        (vocabulary.terms[child], counts[(term.vocabulary, child)])
        for child in sorted(
            vocabulary.children(term.id), key=lambda c: vocabulary.terms[c].name.casefold()
        )
        if counts.get((term.vocabulary, child))
    )
    return TermDigest(
        term=term,
        entries=tuple(entries),
        direct=sum(1 for e in entries if not e.via),
        months=Counter(e.note.month for e in entries),
        subterms=subterms,
        related=_related_terms(corpus, term, entries),
    )


def _months(corpus: Corpus, notes: tuple[Note, ...]) -> tuple[MonthDigest, ...]:
    by_month: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        by_month[note.month].append(note)
    keys = sorted(by_month, reverse=True)
    result = []
    for index, month in enumerate(keys):
        month_notes = tuple(by_month[month])
        through: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}
        result.append(
            MonthDigest(
                month=month,
                notes=month_notes,
                by_theme=group_by_theme(corpus, month_notes),
                regions=_rolled_counts(corpus, "locations", month_notes, through),
                agencies=_rolled_counts(corpus, "agencies", month_notes, through),
                previous=keys[index + 1] if index + 1 < len(keys) else None,
                next=keys[index - 1] if index > 0 else None,
                through=through,
            )
        )
    return tuple(result)


def group_by_theme(
    corpus: Corpus, notes: tuple[Note, ...]
) -> tuple[tuple[Term | None, tuple[Note, ...]], ...]:
    """Notes under each of their themes (a note with two is under both), the busiest first;
    notes without a theme last."""
    groups: dict[str | None, list[Note]] = defaultdict(list)
    for note in notes:
        for theme in note.terms.get("themes", ()) or (None,):
            groups[theme].append(note)
    themes = corpus.vocabularies["themes"].terms
    order = sorted(
        groups, key=lambda t: (t is None, -len(groups[t]), themes[t].name.casefold() if t else "")
    )
    return tuple((themes[t] if t else None, tuple(groups[t])) for t in order)


def _rolled_counts(
    corpus: Corpus,
    vocabulary_name: str,
    notes: Iterable[Note],
    through: dict[tuple[str, str], tuple[int, tuple[str, ...]]],
) -> tuple[tuple[Term, int], ...]:
    """Notes per term, each counted for its broader terms too; `through` gets, for each term
    counted for notes that do not list it, how many and the listed terms they came through."""
    vocabulary = corpus.vocabularies[vocabulary_name]
    counts: Counter[str] = Counter()
    indirect: dict[str, tuple[int, dict[str, None]]] = {}
    for note in notes:
        listed = note.terms.get(vocabulary_name, ())
        counts.update({a for t in listed for a in (t, *vocabulary.ancestors(t))})
        for (_, term_id), came_through in _plan(vocabulary_name, vocabulary, listed):
            if came_through:
                n, names = indirect.get(term_id, (0, {}))
                indirect[term_id] = (n + 1, names | dict.fromkeys(came_through))
    for term_id, (n, names) in indirect.items():
        through[(vocabulary_name, term_id)] = (n, tuple(names))
    ranked = sorted(
        counts.items(), key=lambda item: (-item[1], vocabulary.terms[item[0]].name.casefold())
    )
    return tuple((vocabulary.terms[t], n) for t, n in ranked)


class RelatedNotes(Mapping[str, tuple[Note, ...]]):
    """Notes sharing the most listed terms, found through an inverted index, worked out when
    first asked for (a preview's edit renders a few note pages, not ten thousand).

    Each posting list is in date order and only a window around the note is scanned, so a term
    shared by thousands of notes costs a fixed amount per note, and the whole pass stays linear.
    """

    def __init__(self, notes: tuple[Note, ...]) -> None:
        self.notes = notes
        self.index = {note.slug: i for i, note in enumerate(notes)}
        chronological = sorted(range(len(notes)), key=lambda i: (notes[i].date, notes[i].slug))
        self.rank = [0] * len(notes)
        for r, i in enumerate(chronological):
            self.rank[i] = r
        self.postings: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in chronological:
            for key in notes[i].term_keys:
                self.postings[key].append(i)
        self.ranks = {key: [self.rank[i] for i in ids] for key, ids in self.postings.items()}
        self.found: dict[str, tuple[Note, ...]] = {}

    def __getitem__(self, slug: str) -> tuple[Note, ...]:
        found = self.found.get(slug)
        if found is None:
            found = self.found[slug] = self._related(self.index[slug])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def _window(self, i: int, key: tuple[str, str], width: int) -> list[int]:
        at = bisect_left(self.ranks[key], self.rank[i])
        return self.postings[key][max(0, at - width) : at + width + 1]

    def _related(self, i: int) -> tuple[Note, ...]:
        shared: Counter[int] = Counter()
        for key in self.notes[i].term_keys:
            shared.update(self._window(i, key, RELATED_WINDOW))
        del shared[i]
        # `notes` is newest first, so on equal counts the lower index is the newer note; the
        # (−count, index) pairs are made and sorted in C, without a key function per candidate
        best = sorted(zip(map(neg, shared.values()), shared, strict=True))[:RELATED_NOTES]
        return tuple(self.notes[j] for _, j in best)

    def neighbours(self, slug: str) -> set[str]:
        """The notes whose related list may change when this one comes, changes or goes: those
        within a window of it in any of its terms' date-ordered lists (taking a note out or
        putting one in moves only the windows that hold it, before or after)."""
        i = self.index.get(slug)
        if i is None:
            return set()
        near = {j for key in self.notes[i].term_keys for j in self._window(i, key, RELATED_WINDOW)}
        return {self.notes[j].slug for j in near}


def build_digests(corpus: Corpus) -> Digests:
    """All indexes for the published notes (drafts never reach a page, feed or dataset)."""
    notes = corpus.published
    return Digests(corpus, notes, RelatedNotes(notes))


def _term_digests(corpus: Corpus, notes: tuple[Note, ...]) -> dict[tuple[str, str], TermDigest]:
    rolled = _roll_up(corpus, notes)
    counts = {key: len(entries) for key, entries in rolled.items()}
    return {
        key: term_digest(corpus, corpus.term(*key), entries, counts)
        for key, entries in rolled.items()
    }
