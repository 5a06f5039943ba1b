"""The digests after an edit, reusing what the edit did not touch.

A note is unchanged when the checking stage handed back the very same `Note` object (the build
keeps checked notes by file, `notes.py`, and the state keeps them with the digests in one file,
so they are the same objects after a restart too): identity tells which notes an edit changed.
"""

from __future__ import annotations

from collections import defaultdict

from ..content.model import Corpus
from ..site.digests import (
    Digests,
    Entry,
    Plans,
    RelatedNotes,
    build_digests,
    note_plan,
    term_digest,
)

INCREMENTAL_LIMIT = 50  # changed notes beyond which an update is a build from scratch


def update_digests(previous: Digests | None, corpus: Corpus) -> Digests:
    """`build_digests`, reusing the term digests of `previous` that no changed note touches.

    Only the terms the changed notes are (or were) listed under, with their broader terms, are
    worked out again; months and the related-notes index are cheap and built anew.
    """
    notes = corpus.published
    if previous is None or previous.corpus.vocabularies != corpus.vocabularies:
        return build_digests(corpus)
    before = {note.slug: note for note in previous.notes}
    after = {note.slug: note for note in notes}
    changed = {
        slug for slug in before.keys() | after.keys() if before.get(slug) is not after.get(slug)
    }
    if len(changed) > INCREMENTAL_LIMIT:
        return build_digests(corpus)
    plans: Plans = {}
    added: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    touched: set[tuple[str, str]] = set()
    for slug in changed:
        if slug in before:
            touched.update(key for key, _ in note_plan(corpus, before[slug], plans))
        if slug in after:
            for key, via in note_plan(corpus, after[slug], plans):
                added[key].append(Entry(after[slug], via))
    touched |= added.keys()
    position = {note.slug: index for index, note in enumerate(notes)}
    rolled = {}
    for key in touched:
        old = previous.terms[key].entries if key in previous.terms else ()
        kept = [entry for entry in old if entry.note.slug not in changed]
        rolled[key] = sorted(kept + added[key], key=lambda entry: position[entry.note.slug])
    counts = {key: digest.count for key, digest in previous.terms.items()}
    counts.update({key: len(entries) for key, entries in rolled.items()})
    terms = dict(previous.terms)
    for key, entries in rolled.items():
        if entries:
            terms[key] = term_digest(corpus, corpus.term(*key), entries, counts)
        else:
            del terms[key]
    return Digests(corpus, notes, RelatedNotes(notes), terms)
