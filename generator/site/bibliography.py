"""The bibliography: every published note and every report it cites, as BibTeX, RIS and CSL-JSON.

Researchers paste citations into papers and load whole bibliographies into Zotero, so each format
is written by its real writer (bibtexparser 2, rispy; CSL-JSON has none, so `json` after the
CSL-JSON schema) and the tests read each back with its real reader. No I/O here.

Entries: a note is a web page (BibTeX `@online`, RIS `ELEC`, CSL `webpage`); a cited report is a
newspaper article (`@article` with `journaltitle`, RIS `NEWS`, CSL `article-newspaper`), written
once however many notes cite it (same URL, or same outlet, title and date when there is no URL).
Order: notes newest first, then reports newest first. Keys: a note's slug (folded to ASCII plus a
hash of the slug when it is not a key as it is), so `note_bibtex` and the whole file agree; a
report's `outlet-yyyy-mm-dd-firstword`, and `-b`, `-c`, … when that is taken. A note points at
the keys of its reports: BibTeX `related`, RIS `N1` and CSL `note` ("Cites: …").

Authors: a name of two to four capitalised Latin-script words ("Held Out Analyst") is a person,
family name last; "Family, Given" says so explicitly (write "Kim, Yeon-gu" for a romanised Korean
name). Anything else (Hangul, an outlet, "Daily NK staff") and every report's free-text byline is
a literal name: split, it would be misfiled, so BibTeX wraps it in braces and CSL uses `literal`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from itertools import chain, count
from string import ascii_lowercase
from typing import Any

import rispy
from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.middlewares import default_unparse_stack
from bibtexparser.model import Block, Entry, Field


@dataclass(frozen=True)
class CitedReport:
    """One news report a note cites."""

    outlet: str
    title: str | None
    url: str | None
    author: str | None  # the byline, free text
    published: dt.date
    accessed: dt.date | None
    archive: str | None  # URL of an archived copy
    language: str | None  # BCP 47


@dataclass(frozen=True)
class CitedNote:
    """One research note of the digest site, a web page."""

    slug: str
    title: str
    authors: tuple[str, ...]
    date: dt.date
    updated: dt.date | None
    url: str  # absolute public URL
    site_name: str
    summary: str
    reports: tuple[CitedReport, ...]


@dataclass(frozen=True)
class Item:
    """One entry of the bibliography, whatever the format."""

    key: str
    kind: str  # "note" or "report"
    title: str
    authors: tuple[tuple[str, tuple[str, str] | None], ...]  # (name, (family, given) or None)
    container: str  # the site, or the outlet
    issued: dt.date
    accessed: dt.date | None = None
    url: str = ""
    abstract: str = ""
    language: str = ""
    remarks: tuple[str, ...] = ()  # human-readable lines: updated, archived copy
    cites: tuple[str, ...] = ()  # keys of the reports a note cites


# BibTeX type, the BibTeX field of the container, RIS type, CSL type
_TYPES = {
    "note": ("online", "organization", "ELEC", "webpage"),
    "report": ("article", "journaltitle", "NEWS", "article-newspaper"),
}


def items(notes: Iterable[CitedNote]) -> list[Item]:
    """Every entry in file order: merge the reports notes share, give every entry a unique key."""
    ordered = sorted(notes, key=lambda n: (-n.date.toordinal(), n.slug))
    found: dict[tuple[object, ...], CitedReport] = {}
    for report in (r for n in ordered for r in n.reports):
        ident = _identity(report)
        found[ident] = _merge(found[ident], report) if ident in found else report
    taken: set[str] = set()
    note_keys = [_unique(_note_key(n), taken) for n in ordered]
    listed = sorted(found.items(), key=lambda pair: _report_order(pair[1]))
    keys = {ident: _unique(_report_key(report), taken) for ident, report in listed}
    result = [
        _note_item(key, note, tuple(dict.fromkeys(keys[_identity(r)] for r in note.reports)))
        for key, note in zip(note_keys, ordered, strict=True)
    ]
    return result + [_report_item(keys[ident], report) for ident, report in listed]


def _note_item(key: str, note: CitedNote, cites: tuple[str, ...]) -> Item:
    authors = tuple((_line(a), _person(a)) for a in note.authors if _line(a))
    updated = (f"Updated {note.updated.isoformat()}",) if note.updated else ()
    return Item(key, "note", _line(note.title), authors, _line(note.site_name), note.date,
                url=_url(note.url), abstract=_line(note.summary), remarks=updated, cites=cites)  # fmt: skip


def _report_item(key: str, report: CitedReport) -> Item:
    author = ((_line(report.author), None),) if report.author else ()
    archive = _url(report.archive or "")
    remark = (f"Archived copy: {archive}",) if report.url and archive else ()
    return Item(key, "report", _line(report.title or ""), author, _line(report.outlet),
                report.published, report.accessed, _url(report.url or archive),
                language=_line(report.language or ""), remarks=remark)  # fmt: skip


def _identity(report: CitedReport) -> tuple[object, ...]:
    if report.url:
        return ("url", report.url.strip())
    title = _line(report.title or "").casefold()
    return ("report", _line(report.outlet).casefold(), title, report.published)


def _merge(first: CitedReport, other: CitedReport) -> CitedReport:
    """The newest note's citation wins; fields it left empty come from the others."""
    empty = [f.name for f in fields(first) if getattr(first, f.name) is None]
    return replace(first, **{name: getattr(other, name) for name in empty})


def _report_order(report: CitedReport) -> tuple[object, ...]:
    title, url = report.title or "", report.url or ""
    return (-report.published.toordinal(), report.outlet.casefold(), title, url)


_STOPWORDS = frozenset(["a", "an", "the", "of", "on", "in", "at", "to", "for", "from", "by"])


def _note_key(note: CitedNote) -> str:
    """The slug, if it is a key already; else folded plus a hash of the slug, so that the key
    depends on the note alone (Hangul slugs of one day would all fold to the date)."""
    folded = _fold(note.slug)
    if folded == note.slug:
        return folded
    digest = hashlib.sha1(note.slug.encode(), usedforsecurity=False).hexdigest()[:6]
    return f"{folded or 'note'}-{digest}"


def _report_key(report: CitedReport) -> str:
    outlet = _fold(report.outlet).replace("-", "") or "report"
    words = (_fold(word).replace("-", "") for word in (report.title or "").split())
    first = next((w for w in words if w and w not in _STOPWORDS), "")
    return "-".join(part for part in (outlet, report.published.isoformat(), first) if part)


def _fold(text: str) -> str:
    """ASCII, lower case, other runs as one hyphen: a key every format and citeproc accept."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _unique(base: str, taken: set[str]) -> str:
    """The base, else base-b, base-c, … base-z, base-27, …: the first holder keeps the plain key."""
    letters = (f"-{c}" for c in ascii_lowercase[1:])
    suffixes = chain([""], letters, (f"-{n}" for n in count(len(ascii_lowercase) + 1)))
    key = next(base + s for s in suffixes if base + s not in taken)
    taken.add(key)
    return key


def _line(text: str) -> str:
    """One line, single spaces, no control characters: RIS is line-based, titles are one line."""
    if text.isprintable():  # no control character to replace (the common case, checked in C)
        return " ".join(text.split())
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())


def _url(url: str, unsafe: str = "") -> str:
    """Percent-encode whitespace and the characters a format cannot hold verbatim."""
    url = url.strip()
    if not _ENCODED.search(url):  # nothing to encode: most URLs, found in C
        return url
    return "".join(f"%{ord(c):02X}" if c.isspace() or c in unsafe else c for c in url)


_ENCODED = re.compile(r"[\s{}\\;]")  # what `_url` may encode: white space, and the unsafe sets


# Words that make a name an organisation's, or "A and B" two people: never split such a name.
_NOT_PERSONAL = frozenset((
    "and", "agency", "association", "center", "centre", "committee", "daily", "digest", "group",
    "institute", "ministry", "network", "news", "office", "press", "radio", "service", "staff",
    "team", "times", "university",
))  # fmt: skip


def _person(name: str) -> tuple[str, str] | None:
    """(family, given) for a personal name in Latin script, else None: keep it whole."""
    family, comma, given = name.partition(",")
    if not comma:
        *first, family = name.split() or [""]
        given = " ".join(first)
    words = f"{family} {given}".split()
    if not given.strip() or not 2 <= len(words) <= 4:
        return None
    if not all(_latin_word(w) and w.casefold() not in _NOT_PERSONAL for w in words):
        return None
    return " ".join(family.split()), " ".join(given.split())


def _latin_word(word: str) -> bool:
    letters = [c for c in word if c not in "'’.-"]
    latin = all(c.isalpha() and unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return bool(letters) and letters[0].isupper() and latin


# LaTeX for the characters that would otherwise be markup, as Zotero's BibTeX export writes them:
# `\{\vphantom{\}}` keeps braces balanced for BibTeX itself, which counts escaped braces too.
_TEX = str.maketrans({
    "\\": r"{\textbackslash}", "{": r"\{\vphantom{\}}", "}": r"\vphantom{\{}\}",
    "~": r"{\textasciitilde}", "^": r"{\textasciicircum}", **{c: "\\" + c for c in "#$%&_"},
})  # fmt: skip
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")


def _tex(text: str) -> str:
    """Text as a BibTeX value that reads back as the same text; `--` must not become a dash."""
    return _LIGATURE.sub("{}", text.translate(_TEX))


def _bibtex_entry(item: Item, related: bool = True) -> Entry:
    entry_type, container, _, _ = _TYPES[item.kind]
    names = (f"{_tex(p[0])}, {_tex(p[1])}" if p else f"{{{_tex(n)}}}" for n, p in item.authors)
    values = {
        "author": " and ".join(names),
        "title": _tex(item.title),
        container: _tex(item.container),
        "date": item.issued.isoformat(),
        "year": str(item.issued.year),  # classic BibTeX styles print no date without it
        "url": _url(item.url, "{}\\"),  # verbatim in biblatex: only braces and \ would break it
        "urldate": item.accessed.isoformat() if item.accessed else "",
        "abstract": _tex(item.abstract),
        "related": ",".join(item.cites) if related else "",
        "note": _tex(". ".join(item.remarks)),
    }
    return Entry(entry_type, item.key, [Field(k, v) for k, v in values.items() if v])


def _write_bibtex(entries: list[Block]) -> str:
    stack = default_unparse_stack(allow_inplace_modification=True)  # the library is throwaway
    return write_string(Library(entries), unparse_stack=stack)


def to_bibtex(notes: Iterable[CitedNote]) -> str:
    """The bibliography as UTF-8 biblatex.

    `@online`, not `@misc` with `howpublished`: Zotero's BibTeX import reads `@online` as a web
    page but `@misc` as a book; biblatex defines `@online` with `url`, `urldate` and
    `organization` (the site); bibtexparser reads any entry type alike. Dates are biblatex `date`
    fields, which Zotero reads whole, and `year` too: classic BibTeX styles (which read `@online`
    as `@misc`) print the year only from it.
    """
    return bibtex_of(items(notes))


class Texts:
    """Each entry's text in one format, kept for the entries of the last file written: a build
    that remembers (`build/`) writes the bibliography after every edit, and an edit changes an
    entry or two of thousands. Entries are frozen values, so an equal entry has the same text.
    A build keeps one per format in its state (`site/memo.py`); without one, texts are made
    afresh."""

    def __init__(self, write: Callable[[Item], str], separator: str) -> None:
        self.write, self.separator = write, separator
        self.texts: dict[Item, str] = {}

    def __call__(self, entries: Iterable[Item]) -> str:
        old, new = self.texts, {}
        for item in entries:
            found = old.get(item)
            new[item] = found if found is not None else self.write(item)
        self.texts = new
        return self.separator.join(new.values())


# bibtexparser separates blocks by two blank lines; rispy ends each record with `ER  - ` and a
# line break and separates records by a blank line (both checked against their whole-file
# writers by the unit tests)
def _bibtex_one(item: Item) -> str:
    return _write_bibtex([_bibtex_entry(item)])


def bibtex_texts() -> Texts:
    return Texts(_bibtex_one, "\n\n")


def bibtex_of(entries: Iterable[Item], texts: Texts | None = None) -> str:
    return (texts or bibtex_texts())(entries)


def note_bibtex(note: CitedNote) -> str:
    """The note's own entry for its "Cite this note" block, without `related` keys to nowhere."""
    return _write_bibtex([_bibtex_entry(_note_item(_note_key(note), note, ()), related=False)])


def _ris_record(item: Item) -> dict[str, Any]:
    record = {
        "type_of_reference": _TYPES[item.kind][2],
        "id": item.key,
        "authors": [", ".join(p) if p else n for n, p in item.authors],
        "title": item.title,
        "secondary_title": item.container,
        "date": item.issued.strftime("%Y/%m/%d"),
        "year": str(item.issued.year),
        "access_date": item.accessed.strftime("%Y/%m/%d") if item.accessed else "",
        "urls": [_url(item.url, ";")] if item.url else [],  # rispy splits UR values at ';'
        "abstract": item.abstract,
        "language": item.language,
        "notes": [*item.remarks, *([f"Cites: {', '.join(item.cites)}"] if item.cites else [])],
    }
    return {k: v for k, v in record.items() if v}


class _RisWriter(rispy.RisWriter):  # type: ignore[misc]  # an untyped base class
    """rispy's writer without its `1.`, `2.` … header lines, which RIS does not define."""

    def set_header(self, count: int) -> str:
        return ""


def to_ris(notes: Iterable[CitedNote]) -> str:
    """The bibliography as RIS: one value per line, so every value is collapsed to one line."""
    return ris_of(items(notes))


def _ris_one(item: Item) -> str:
    return str(rispy.dumps([_ris_record(item)], implementation=_RisWriter))


def ris_texts() -> Texts:
    return Texts(_ris_one, "\n")


def ris_of(entries: Iterable[Item], texts: Texts | None = None) -> str:
    return (texts or ris_texts())(entries)


def _csl_date(day: dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def _csl_item(item: Item) -> dict[str, Any]:
    cites = [f"Cites: {', '.join(item.cites)}"] if item.cites else []
    data = {
        "id": item.key,
        "type": _TYPES[item.kind][3],
        "title": item.title,
        "author": [
            {"family": p[0], "given": p[1]} if p else {"literal": n} for n, p in item.authors
        ],
        "issued": _csl_date(item.issued),
        "accessed": _csl_date(item.accessed) if item.accessed else None,
        "URL": item.url,
        "container-title": item.container,
        "language": item.language,
        "abstract": item.abstract,
        "note": "\n".join([*item.remarks, *cites]),
    }
    return {k: v for k, v in data.items() if v}


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def to_csl_json(notes: Iterable[CitedNote]) -> str:
    """The bibliography as a CSL-JSON array, one item a line (see `dataset.to_json` for why)."""
    return csl_json_of(items(notes))


def _csl_one(item: Item) -> str:
    return _ENCODER.encode(_csl_item(item))


def csl_texts() -> Texts:
    return Texts(_csl_one, ",\n")


def csl_json_of(entries: Iterable[Item], texts: Texts | None = None) -> str:
    lines = (texts or csl_texts())(entries)
    return "[\n" + lines + "\n]\n" if lines else "[]\n"


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def cite_text(note: CitedNote) -> str:
    """An APA-style (7th edition) reference to the note as plain text, e.g.
    "Analyst, H. O., & 김연구. (2024, April 19). Title. Site. https://…".

    Written by hand, not rendered with citeproc-py: the page needs one fixed style, and this keeps
    citeproc-py and lxml out of the site build (the tests render the CSL-JSON with citeproc-py).
    """
    day, authors = note.date, tuple(a for a in note.authors if _line(a))
    when = f"({day.year}, {_MONTHS[day.month - 1]} {day.day})."
    title = _sentence(note.title)
    head = [_apa_authors(authors), when, title] if authors else [title, when]
    return " ".join([*head, _sentence(note.site_name), _url(note.url)])


def _sentence(text: str) -> str:
    text = _line(text)
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def _apa_authors(authors: tuple[str, ...]) -> str:
    """APA: "A, B, & C"; past twenty names, the first nineteen, an ellipsis and the last."""
    names = [_apa_name(a) for a in authors]
    if len(names) > 20:
        return _sentence(", ".join(names[:19]) + ", . . . " + names[-1])
    if len(names) < 2:
        return _sentence("".join(names))
    return _sentence(", ".join(names[:-1]) + ", & " + names[-1])


def _apa_name(name: str) -> str:
    person = _person(name)
    if person is None:
        return _line(name)
    family, given = person
    initials = " ".join("-".join(p[0] + "." for p in w.split("-") if p) for w in given.split())
    return f"{family}, {initials}"
