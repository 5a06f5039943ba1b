"""The dataset: every published note with its resolved terms, as JSON and as CSV.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
return) are prefixed with an apostrophe, the OWASP advice against CSV injection.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from ..content.model import Corpus, Note, Source
from ..facets import ALL_VOCABULARIES

# 2: sources, outlets, confidence, updated, corrections, see_also, authors
# 3: the note's language; a source's offline
SCHEMA_VERSION = 3
CSV_COLUMNS = (
    "slug",
    "url",
    "title",
    "date",
    "language",
    "source_name",
    "source_url",
    "source_author",
    "source_title",
    "source_published",
    "source_language",
    "source_archive",
    "sources",
    "agencies",
    "locations",
    "themes",
    "outlets",
    "confidence",
    "updated",
    "authors",
    "corrections",
    "see_also",
    "summary",
)
_ENCODER = json.JSONEncoder(ensure_ascii=False)  # `json.dumps` with options makes one a call
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def record(note: Note, corpus: Corpus, base_url: str = "") -> dict[str, Any]:
    """One note as a plain record; terms are ids, with their names beside them for readers."""
    base = base_url.rstrip("/") + "/" if base_url else "/"
    sources = [_source(source) for source in note.sources]
    return {
        "slug": note.slug,
        "url": base + note.url,
        "title": note.title,
        "date": note.date.isoformat(),
        "language": note.language,
        "source": sources[0],
        "sources": sources,
        "terms": {v: list(note.terms.get(v, ())) for v in ALL_VOCABULARIES},
        "term_names": {
            v: [corpus.term(v, t).name for t in note.terms.get(v, ())] for v in ALL_VOCABULARIES
        },
        "summary": note.summary,
        "confidence": note.confidence,
        "updated": note.updated.isoformat() if note.updated else None,
        "corrections": [{"date": c.date.isoformat(), "text": c.text} for c in note.corrections],
        "see_also": [{"note": s.note, "relation": s.relation} for s in note.see_also],
        "authors": list(note.authors),
    }


def _source(source: Source) -> dict[str, Any]:
    return {
        "name": source.name,
        "outlet": source.outlet,
        "url": source.url,
        "author": source.author,
        "title": source.title,
        "published": source.published.isoformat() if source.published else None,
        "accessed": source.accessed.isoformat() if source.accessed else None,
        "archive": source.archive,
        "archive_link": source.archive_link,
        "language": source.language,
        "offline": source.offline,
    }


# slug → (note, its JSON line, its CSV line): kept by a build between runs, so that an edit
# encodes the lines of the notes it changed, not of the whole archive
Records = dict[str, tuple[Note, str, str]]


def records(notes: Iterable[Note], corpus: Corpus, base_url: str) -> list[dict[str, Any]]:
    """The published notes' records."""
    return [record(n, corpus, base_url) for n in notes if not n.draft]


def lines(
    notes: Iterable[Note], corpus: Corpus, base_url: str, memo: Records | None = None
) -> list[tuple[str, str]]:
    """Each published note's (JSON line, CSV line); with `memo`, a note seen before is not
    turned again. The memo holds the vocabularies' names and the base URL as they were: the
    caller empties it when they change. It is left holding this call's notes only."""
    kept: Records = {}
    for note in notes:
        if note.draft:
            continue
        found = memo.get(note.slug) if memo is not None else None
        if found is None or not (found[0] is note or found[0] == note):
            data = record(note, corpus, base_url)
            found = (note, _ENCODER.encode(data), _csv_line(data))
        kept[note.slug] = found
    if memo is not None:
        memo.clear()
        memo.update(kept)
    return [(json_line, csv_line) for _, json_line, csv_line in kept.values()]


def to_json(
    notes: Iterable[Note], corpus: Corpus, base_url: str = "", memo: Records | None = None
) -> str:
    """The dataset as JSON, one article per line.

    `indent` would switch json to its pure-Python encoder (ten times slower at 10,000 notes);
    a line per article keeps the file readable and its diffs short all the same.
    """
    found = [json_line for json_line, _ in lines(notes, corpus, base_url, memo)]
    head = f'{{"schema_version": {SCHEMA_VERSION}, "count": {len(found)}, "articles": ['
    return head + ("\n" + ",\n".join(found) + "\n" if found else "") + "]}\n"


# A formula character where a spreadsheet may start a cell: at the start, or after a separator
# (a spreadsheet whose separator is `;` or a tab reads `a;@SUM(…)` as two cells, quotes or not:
# it honours a quote only at the start of a cell).
_FORMULA_AFTER_SEPARATOR = re.compile(r"""((?:^|[,;\t])[ "']*)(?=[=+\-@\t\r])""")


def neutralise(cell: str) -> str:
    """`'` before each formula character that could start a cell (OWASP's CSV guidance)."""
    if not cell.startswith(_FORMULA_START) and not _FORMULA_AFTER_SEPARATOR.search(cell, 1):
        return cell
    return _FORMULA_AFTER_SEPARATOR.sub(r"\1'", cell)


def to_csv(
    notes: Iterable[Note], corpus: Corpus, base_url: str = "", memo: Records | None = None
) -> str:
    """The dataset as CSV, safe to open in a spreadsheet (OWASP's CSV injection guidance):
    every cell quoted, and a `'` before a formula character wherever a spreadsheet could start
    a cell, at the start or after a separator, since one whose separator is `;` (German or
    French Excel) cuts a list cell such as `a;@SUM(…)` in two."""
    head = _csv_row(CSV_COLUMNS)
    return head + "".join(csv_line for _, csv_line in lines(notes, corpus, base_url, memo))


def _csv_row(cells: Iterable[object]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(cells)
    return out.getvalue()


def _csv_line(data: dict[str, Any]) -> str:
    source = data["source"]
    row = [
        data["slug"],
        data["url"],
        data["title"],
        data["date"],
        data["language"] or "",
        *(source[key] or "" for key in ("name", "url", "author", "title", "published")),
        *(source[key] or "" for key in ("language", "archive_link")),
        len(data["sources"]),
        *(";".join(data["terms"][v]) for v in ALL_VOCABULARIES),
        data["confidence"] or "",
        data["updated"] or "",
        ";".join(data["authors"]),
        len(data["corrections"]),
        ";".join(f"{s['relation']}:{s['note']}" for s in data["see_also"]),
        data["summary"],
    ]
    return _csv_row(neutralise(str(cell)) for cell in row)
