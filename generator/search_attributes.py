"""What Pagefind reads from a note page: metadata, sort key and filters, as attributes.

Pagefind indexes the built site. A note page carries, on its `note-meta` element, the names and
aliases of the note's terms and of their broader terms (a search for "Bowibu" finds the
Ministry of State Security's notes), its date and source, and one filter value per term, for
the agency, region, theme and year filters of the search page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from .model import Corpus, Note, Vocabulary

FACETS = {"agencies": "agency", "locations": "region", "themes": "theme"}  # Pagefind filter names

# Escapes an attribute value; cached, as most are term names repeated on thousands of pages.
_attribute = lru_cache(maxsize=1 << 14)(html.escape)


@dataclass(frozen=True)
class SearchTerms:
    """A note's terms as Pagefind sees them: words to match and (facet, value) filters."""

    own: list[str]
    broader: list[str]
    filters: list[tuple[str, str]]


class SearchAttributes:
    """Makes the attributes of a note's `note-meta` element; keeps each term's words."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._searchable: dict[tuple[str, str], tuple[str, list[str]]] = {}

    def terms(self, note: Note) -> SearchTerms:
        """The note's terms for Pagefind: its own, then broader ones (each counts for both)."""
        terms = SearchTerms([], [], [])
        for vocabulary, facet in FACETS.items():
            tree = self.corpus.vocabularies[vocabulary]
            own = note.terms.get(vocabulary, ())
            broader = [a for t in own for a in tree.ancestors(t) if a not in own]
            for term_id in dict.fromkeys([*own, *broader]):
                name, words = self._words(tree, term_id)
                terms.filters.append((facet, name))
                (terms.own if term_id in own else terms.broader).extend(words)
        return terms

    def _words(self, tree: Vocabulary, term_id: str) -> tuple[str, list[str]]:
        found = self._searchable.get((tree.name, term_id))
        if found is None:
            term = tree.terms[term_id]
            found = self._searchable[(tree.name, term_id)] = (term.name, [term.name, *term.aliases])
        return found

    def __call__(self, note: Note) -> Markup:
        """Pagefind's metadata, sort key and filters as attributes of one element.

        Pagefind reads `key[attribute]` captures from a single element, so a note's dozen or
        more filter values cost its page no extra HTML tag (MkDocs parses every tag three times).
        """
        terms = self.terms(note)
        values = {
            "data-title": note.title,
            "data-terms": " · ".join(terms.own),
            "data-broader": " · ".join(terms.broader),
            "data-date": note.date.isoformat(),
            "data-source": note.source.name,
            "data-year": str(note.date.year),
        }
        filters = ["year[data-year]"]
        for index, (facet, value) in enumerate(terms.filters):
            values[f"data-f{index}"] = value
            filters.append(f"{facet}[data-f{index}]")
        meta = "title[data-title], terms[data-terms], broader[data-broader], "
        meta += "date[data-date], source[data-source]"
        head = {
            "data-pagefind-meta": meta,
            "data-pagefind-sort": "date[data-date]",
            "data-pagefind-filter": ", ".join(filters),
        }
        return Markup(
            " ".join(f'{key}="{_attribute(value)}"' for key, value in {**head, **values}.items())
        )
