"""Which pages an edit touches: old digests + new digests → the keys of the pages to render again.

A build keeps the last run's digests (`state.py`). After an edit it compares them with the new
ones and renders only the pages whose inputs differ: the edited note, the notes whose related
list shows it, the notes it links to (their backlinks), the digests (and their yearly pages and
feeds) of its terms and their broader terms, its month, and the few pages that summarise
everything (home, indexes, the all-notes feed, the dataset). Jobs carry the key of what they show (`routes.Key`), so nothing here reads a path.
The comparisons are cheap because the checking stage hands back the very same `Note` objects
for files that did not change (`notes.py`).

Anything this module cannot reason about (vocabularies, pages, templates) makes it answer
"everything"; tests compare its result with a full rebuild after each kind of edit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..content.model import Note
from ..routes import Key
from ..settings import DIGEST_PAGE_NOTES
from ..site.digests import Digests, Entry, MonthDigest, RelatedNotes, TermDigest

Wanted = Callable[[Key], bool]
# Pages that summarise the whole archive (cheap, touched by almost any edit), and files that
# are copied or rebuilt whole.
ALWAYS = frozenset({"home", "months", "search", "index", "data", "asset", "sitemap"})


def everything(key: Key) -> bool:
    return True


def pages_to_render(old: Digests | None, new: Digests) -> Wanted:
    """A predicate on page keys: True for the pages whose content may have changed."""
    if old is None or old.corpus.vocabularies != new.corpus.vocabularies:
        return everything
    if old.corpus.pages != new.corpus.pages or old.corpus.areas != new.corpus.areas:
        return everything
    changed_notes = _changed_notes(old.notes, new.notes)
    notes = changed_notes | _notes_with_changed_related(
        old.related_notes, new.related_notes, changed_notes
    )
    notes |= _linked_from(old, new, changed_notes)
    terms = _changed(old.terms, new.terms)
    years = {
        (*key, str(year))
        for key in terms
        for year in _changed_years(old.terms.get(key), new.terms.get(key))
    }
    months = _changed_months(old.months, new.months)

    def wanted(key: Key) -> bool:
        kind, rest = key[0], key[1:]
        if kind in ALWAYS:
            return True
        if kind == "note":
            return rest[0] in notes
        if kind in ("term", "feed"):
            return not rest or rest in terms  # ("feed",) alone is the whole site's feed
        if kind == "year":
            return rest[:3] in years  # every page of a changed year
        if kind == "month":
            return rest[0] in months
        # hand-written pages are the same (checked above); a kind not known here: render it
        return kind != "page"

    return wanted


def _changed_notes(old: tuple[Note, ...], new: tuple[Note, ...]) -> set[str]:
    before = {note.slug: note for note in old}
    after = {note.slug: note for note in new}
    return {slug for slug in before.keys() | after.keys() if before.get(slug) != after.get(slug)}


def _notes_with_changed_related(
    old: RelatedNotes, new: RelatedNotes, changed: set[str]
) -> set[str]:
    """Notes whose related list may have changed: a related list is drawn from a window
    around the note in each of its terms' date-ordered lists, so only notes near a changed one
    (before or after the change) can see theirs change, or show its changed line."""
    slugs = set()
    for slug in changed:
        slugs |= old.neighbours(slug) | new.neighbours(slug)
    return {slug for slug in slugs if slug in new}


def _linked_from(old: Digests, new: Digests, changed: set[str]) -> set[str]:
    """Notes a changed note points at (before or after the edit): their backlinks change."""
    slugs = set()
    for slug in changed:
        for digests in (old, new):
            note = digests.by_slug.get(slug)
            slugs |= {link.note for link in note.see_also} if note else set()
    return slugs


def _changed(
    old: Mapping[tuple[str, str], TermDigest], new: Mapping[tuple[str, str], TermDigest]
) -> set[tuple[str, str]]:
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def _changed_years(old: TermDigest | None, new: TermDigest | None) -> set[int]:
    """The years whose yearly page of a term differs: all of them if the list of years (shown
    on each) changed, else those whose notes changed."""
    archived = (old is not None and old.count > DIGEST_PAGE_NOTES) != (
        new is not None and new.count > DIGEST_PAGE_NOTES
    )
    if old is None or new is None or old.years != new.years or archived:
        return {*(old.years if old else ()), *(new.years if new else ())}
    before, after = _by_year(old.entries), _by_year(new.entries)
    return {year for year in after if before.get(year) != after[year]}


def _by_year(entries: tuple[Entry, ...]) -> dict[int, list[Entry]]:
    years: dict[int, list[Entry]] = {}
    for entry in entries:
        years.setdefault(entry.note.date.year, []).append(entry)
    return years


def _changed_months(old: tuple[MonthDigest, ...], new: tuple[MonthDigest, ...]) -> set[str]:
    before = {m.month: m for m in old}
    after = {m.month: m for m in new}
    return {
        month for month in before.keys() | after.keys() if before.get(month) != after.get(month)
    }
