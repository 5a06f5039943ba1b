"""The archive as files to download: the dataset (JSON, CSV) and the bibliography (BibTeX,
RIS, CSL-JSON), each by format name, for the site's `data/` folder and `digest export`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import routes
from ..content.model import Corpus, Note
from ..settings import SiteInfo
from . import bibliography, dataset
from .memo import SiteMemo

Export = Callable[[Iterable[Note], Corpus, SiteInfo, SiteMemo | None], str]


def _json(notes: Iterable[Note], corpus: Corpus, site: SiteInfo, memo: SiteMemo | None) -> str:
    return dataset.to_json(notes, corpus, site.url, memo.records if memo else None)


def _csv(notes: Iterable[Note], corpus: Corpus, site: SiteInfo, memo: SiteMemo | None) -> str:
    return dataset.to_csv(notes, corpus, site.url, memo.records if memo else None)


def _bibtex(notes: Iterable[Note], corpus: Corpus, site: SiteInfo, memo: SiteMemo | None) -> str:
    memo = memo or SiteMemo()
    return bibliography.bibtex_of(memo.entries(notes, site), memo.bibtex)


def _ris(notes: Iterable[Note], corpus: Corpus, site: SiteInfo, memo: SiteMemo | None) -> str:
    memo = memo or SiteMemo()
    return bibliography.ris_of(memo.entries(notes, site), memo.ris)


def _csl(notes: Iterable[Note], corpus: Corpus, site: SiteInfo, memo: SiteMemo | None) -> str:
    memo = memo or SiteMemo()
    return bibliography.csl_json_of(memo.entries(notes, site), memo.csl)


FORMATS: dict[str, Export] = {
    "json": _json,
    "csv": _csv,
    "bibtex": _bibtex,
    "ris": _ris,
    "csl-json": _csl,
}
DATA_FILES = {
    routes.DATA_JSON: _json,
    routes.DATA_CSV: _csv,
    routes.DATA_BIBTEX: _bibtex,
    routes.DATA_RIS: _ris,
    routes.DATA_CSL: _csl,
}
