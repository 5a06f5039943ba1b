"""The vocabularies as the site shows them: one table for Python, templates and scripts.

Each vocabulary has a URL section (`locations` are published under `/regions/`), a singular noun
for messages, and the name of its filter on the search page and in search URLs (`region=…`).
Notes tag the first three in their front matter; outlets come from their sources (and only
when `content/vocabulary/outlets.yml` exists). Templates get the table as globals and the search
page hands it to its script as data, so no other file spells these out again.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Facet:
    vocabulary: str  # the vocabulary file's name, e.g. locations
    section: str  # the URL folder of its pages, e.g. regions
    singular: str  # one of its terms, in messages, e.g. location
    filter: str  # its search filter and URL parameter, e.g. region
    tagged: bool = True  # notes list its terms in their front matter (outlets: through sources)


OUTLETS = "outlets"
FACETS: tuple[Facet, ...] = (
    Facet("agencies", "agencies", "agency", "agency"),
    Facet("locations", "regions", "location", "region"),
    Facet("themes", "themes", "theme", "theme"),
    Facet(OUTLETS, "outlets", "outlet", "outlet", tagged=False),
)
TAG_FACETS: tuple[Facet, ...] = tuple(facet for facet in FACETS if facet.tagged)
# The vocabularies notes tag, in the order pages show them; then every vocabulary; then the
# table's columns by vocabulary.
VOCABULARIES: tuple[str, ...] = tuple(facet.vocabulary for facet in TAG_FACETS)
ALL_VOCABULARIES: tuple[str, ...] = tuple(facet.vocabulary for facet in FACETS)
SECTION = MappingProxyType({facet.vocabulary: facet.section for facet in FACETS})
SINGULAR = MappingProxyType({facet.vocabulary: facet.singular for facet in FACETS})
FILTER = MappingProxyType({facet.vocabulary: facet.filter for facet in FACETS})
