"""The dataset: every published note with its resolved terms, as JSON and as CSV.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
return) are prefixed with an apostrophe, the OWASP advice against CSV injection.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from ..content.model import Corpus, Note
from ..facets import VOCABULARIES

SCHEMA_VERSION = 1
CSV_COLUMNS = (
    "slug",
    "url",
    "title",
    "date",
    "source_name",
    "source_url",
    "source_author",
    "agencies",
    "locations",
    "themes",
    "summary",
)
_ENCODER = json.JSONEncoder(ensure_ascii=False)  # `json.dumps` with options makes one a call
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def record(note: Note, corpus: Corpus, base_url: str = "") -> dict[str, Any]:
    """One note as a plain record; terms are ids, with their names beside them for readers."""
    base = base_url.rstrip("/") + "/" if base_url else "/"
    return {
        "slug": note.slug,
        "url": base + note.url,
        "title": note.title,
        "date": note.date.isoformat(),
        "source": {"name": note.source.name, "url": note.source.url, "author": note.source.author},
        "terms": {v: list(note.terms.get(v, ())) for v in VOCABULARIES},
        "term_names": {
            v: [corpus.term(v, t).name for t in note.terms.get(v, ())] for v in VOCABULARIES
        },
        "summary": note.summary,
    }


Records = dict[int, tuple[Note, dict[str, Any]]]  # id(note) → (note, record), kept by a preview


def records(
    notes: Iterable[Note], corpus: Corpus, base_url: str, memo: Records | None = None
) -> list[dict[str, Any]]:
    """The published notes' records; with `memo`, a note seen before is not turned again.

    The memo holds the vocabularies' names as they were: the caller empties it when they change.
    """
    if memo is None:
        return [record(n, corpus, base_url) for n in notes if not n.draft]
    result = []
    for note in notes:
        if note.draft:
            continue
        found = memo.get(id(note))
        if found is None or found[0] is not note:
            found = memo[id(note)] = (note, record(note, corpus, base_url))
        result.append(found[1])
    return result


def to_json(
    notes: Iterable[Note], corpus: Corpus, base_url: str = "", memo: Records | None = None
) -> str:
    """The dataset as JSON, one article per line.

    `indent` would switch json to its pure-Python encoder (ten times slower at 10,000 notes);
    a line per article keeps the file readable and its diffs short all the same.
    """
    lines = [_ENCODER.encode(r) for r in records(notes, corpus, base_url, memo)]
    head = f'{{"schema_version": {SCHEMA_VERSION}, "count": {len(lines)}, "articles": ['
    return head + ("\n" + ",\n".join(lines) + "\n" if lines else "") + "]}\n"


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def to_csv(
    notes: Iterable[Note], corpus: Corpus, base_url: str = "", memo: Records | None = None
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for data in records(notes, corpus, base_url, memo):
        row = [
            data["slug"],
            data["url"],
            data["title"],
            data["date"],
            data["source"]["name"],
            data["source"]["url"] or "",
            data["source"]["author"] or "",
            *(";".join(data["terms"][v]) for v in VOCABULARIES),
            data["summary"],
        ]
        writer.writerow([neutralise(str(cell)) for cell in row])
    return out.getvalue()
