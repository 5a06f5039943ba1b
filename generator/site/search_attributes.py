"""What Pagefind reads from a note page: metadata, sort key and filters, as attributes.

Pagefind indexes the built site. A note page carries, on its `note-meta` element, the names and
aliases of the note's terms and of their broader terms (a search for "Bowibu" finds the
Ministry of State Security's notes), its date and source, and one filter value per term, for
the agency, region, theme and year filters of the search page.
"""

from __future__ import annotations

import html
from functools import lru_cache

from markupsafe import Markup

from ..content.model import Corpus, Note, Vocabulary
from ..facets import FILTER
from .charts import MONTH_NAMES
from .research import CONFIDENCE, CONFIDENCE_FILTER

_META = (
    'data-pagefind-meta="title[data-title], terms[data-terms], broader[data-broader], '
    'date[data-date], shown[data-shown], source[data-source]" '
    'data-pagefind-sort="date[data-date]"'
)

# Escapes an attribute value that repeats across notes (a source's name).
_attribute = lru_cache(maxsize=1 << 10)(html.escape)


class SearchAttributes:
    """Makes the attributes of a note's `note-meta` element.

    Escaping and joining are the cost here, once per note page: each term's name and its words
    (name and aliases) are escaped once, and a note's attributes are joined from those pieces
    (escaping "a · b" is escaping "a" and "b", as the separator has nothing to escape).
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._escaped: dict[tuple[str, str], tuple[str, str]] = {}

    def _term(self, tree: Vocabulary, term_id: str) -> tuple[str, str]:
        """A term's escaped name (its filter value) and escaped words, joined by " · "."""
        found = self._escaped.get((tree.name, term_id))
        if found is None:
            term = tree.terms[term_id]
            words = " · ".join([term.name, *term.aliases])
            found = self._escaped[(tree.name, term_id)] = (
                html.escape(term.name),
                html.escape(words),
            )
        return found

    def __call__(self, note: Note) -> Markup:
        """Pagefind's metadata, sort key and filters as attributes of one element.

        Pagefind reads `key[attribute]` captures from a single element, so a note's dozen or
        more filter values cost its page no extra HTML tag (MkDocs parses every tag three times).
        A term counts for the note's broader terms too, as the digest pages roll up.
        """
        own_words: list[str] = []
        broader_words: list[str] = []
        filters = ["year[data-year]"]
        values: list[str] = []
        for vocabulary, facet in FILTER.items():
            tree = self.corpus.vocabularies[vocabulary]
            own = note.terms.get(vocabulary, ())
            broader = [a for t in own for a in tree.ancestors(t) if a not in own]
            for term_id in dict.fromkeys([*own, *broader]):
                name, words = self._term(tree, term_id)
                index = len(values)
                filters.append(f"{facet}[data-f{index}]")
                values.append(f' data-f{index}="{name}"')
                (own_words if term_id in own else broader_words).append(words)
        if note.confidence:
            filters.append(f"{CONFIDENCE_FILTER}[data-confidence]")
            values.append(f' data-confidence="{CONFIDENCE[note.confidence][0]}"')
        date = note.date.isoformat()
        shown = f"{note.date.day} {MONTH_NAMES[note.date.month - 1]} {note.date.year}"
        return Markup(
            f'{_META} data-pagefind-filter="{", ".join(filters)}"'
            f' data-title="{html.escape(note.title)}" data-terms="{" · ".join(own_words)}"'
            f' data-broader="{" · ".join(broader_words)}" data-date="{date}" data-shown="{shown}"'
            f' data-source="{_attribute(note.source.name)}" data-year="{note.date.year}"'
            + "".join(values)
        )
