"""The archive as files to download: the dataset (JSON, CSV) and the bibliography (BibTeX,
RIS, CSL-JSON), each by format name, for the site's `data/` folder and `digest export`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import routes
from ..content.model import Corpus, Note
from ..settings import SiteInfo
from . import bibliography, dataset, research

Export = Callable[[Iterable[Note], Corpus, SiteInfo], str]


class _Entries:
    """The bibliography's entries for the last notes asked for: the three formats of one build
    are written from one list (making the entries is most of their cost)."""

    def __init__(self) -> None:
        self.notes: tuple[Note, ...] = ()
        self.site: SiteInfo | None = None
        self.entries: list[bibliography.Item] = []

    def __call__(self, notes: Iterable[Note], site: SiteInfo) -> list[bibliography.Item]:
        published = tuple(note for note in notes if not note.draft)
        same = len(published) == len(self.notes) and all(
            a is b for a, b in zip(published, self.notes, strict=True)
        )
        if not same or site != self.site:
            cited = [research.cited(note, site) for note in published]
            self.notes, self.site, self.entries = published, site, bibliography.items(cited)
        return self.entries


_entries = _Entries()


def _bibliography(write: Callable[[list[bibliography.Item]], str]) -> Export:
    def export(notes: Iterable[Note], corpus: Corpus, site: SiteInfo) -> str:
        return write(_entries(notes, site))

    return export


FORMATS: dict[str, Export] = {
    "json": lambda notes, corpus, site: dataset.to_json(notes, corpus, site.url),
    "csv": lambda notes, corpus, site: dataset.to_csv(notes, corpus, site.url),
    "bibtex": _bibliography(bibliography.bibtex_of),
    "ris": _bibliography(bibliography.ris_of),
    "csl-json": _bibliography(bibliography.csl_json_of),
}
BIBLIOGRAPHY_FILES = {
    routes.DATA_BIBTEX: FORMATS["bibtex"],
    routes.DATA_RIS: FORMATS["ris"],
    routes.DATA_CSL: FORMATS["csl-json"],
}
