"""The archive as files to download: the dataset (JSON, CSV) and the bibliography (BibTeX,
RIS, CSL-JSON), each by format name, for the site's `data/` folder and `digest export`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import routes
from ..content.model import Corpus, Note
from ..settings import SiteInfo
from . import bibliography, dataset, research

Export = Callable[[Iterable[Note], Corpus, SiteInfo], str]


def _bibliography(write: Callable[[list[bibliography.CitedNote]], str]) -> Export:
    def export(notes: Iterable[Note], corpus: Corpus, site: SiteInfo) -> str:
        return write([research.cited(note, site) for note in notes if not note.draft])

    return export


FORMATS: dict[str, Export] = {
    "json": lambda notes, corpus, site: dataset.to_json(notes, corpus, site.url),
    "csv": lambda notes, corpus, site: dataset.to_csv(notes, corpus, site.url),
    "bibtex": _bibliography(bibliography.to_bibtex),
    "ris": _bibliography(bibliography.to_ris),
    "csl-json": _bibliography(bibliography.to_csl_json),
}
BIBLIOGRAPHY_FILES = {
    routes.DATA_BIBTEX: FORMATS["bibtex"],
    routes.DATA_RIS: FORMATS["ris"],
    routes.DATA_CSL: FORMATS["csl-json"],
}
