"""The dataset: one record per published note, as JSON and as CSV that no spreadsheet runs."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from generator.site import dataset
from generator.site.digests import Digests


def test_json_holds_every_published_note_with_its_terms(digests: Digests) -> None:
    data = json.loads(dataset.to_json(digests.notes, digests.corpus, "https://example.org/b/"))
    assert data["schema_version"] == dataset.SCHEMA_VERSION and data["count"] == len(digests.notes)
    alpha = next(a for a in data["articles"] if a["slug"] == "alpha")
    assert alpha["url"] == "https://example.org/b/articles/alpha/"
    assert alpha["terms"]["locations"] == ["river-city", "bay-county"]
    assert alpha["term_names"]["themes"] == ["Mobile phones", "Bribery"]


def test_drafts_never_reach_the_dataset(digests: Digests) -> None:
    notes = digests.corpus.notes  # drafts included
    assert any(n.draft for n in notes)
    slugs = {a["slug"] for a in json.loads(dataset.to_json(notes, digests.corpus))["articles"]}
    assert slugs == {n.slug for n in notes if not n.draft}


def test_csv_cells_that_look_like_formulas_are_neutralised(digests: Digests) -> None:
    note = replace(digests.notes[0], title="=HYPERLINK(1)", summary="+1", slug="z")
    rows = list(csv.DictReader(io.StringIO(dataset.to_csv([note], digests.corpus))))
    assert rows[0]["title"] == "'=HYPERLINK(1)" and rows[0]["summary"] == "'+1"
    assert list(rows[0]) == list(dataset.CSV_COLUMNS)


def test_lines_are_made_once_with_a_memo(digests: Digests, monkeypatch: pytest.MonkeyPatch) -> None:
    memo: dataset.Records = {}
    first = dataset.lines(digests.notes, digests.corpus, "", memo)
    made: list[str] = []
    real = dataset.record
    monkeypatch.setattr(
        dataset, "record", lambda note, *a: made.append(note.slug) or real(note, *a)
    )
    edited = (replace(digests.notes[0], title="Edited"), *digests.notes[1:])
    again = dataset.lines(edited, digests.corpus, "", memo)
    assert made == [digests.notes[0].slug], "only the edited note is turned again"
    assert again[1:] == first[1:] and again[0] != first[0]
    assert dataset.to_json(edited, digests.corpus, "", memo) == dataset.to_json(
        edited, digests.corpus
    )
    assert dataset.to_csv(edited, digests.corpus, "", memo) == dataset.to_csv(
        edited, digests.corpus
    )


HOSTILE_CELLS = ["plain", "a;@SUM(1+1)*cmd|' /C calc'!A0", '=1+2";=1+2', "-2+3", "b,c", 'say "hi"']
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _hostile_note(digests: Digests) -> dataset.Note:
    return replace(
        digests.notes[0],
        slug="z",
        title="Border trade, 2019-2020; a report",
        summary=HOSTILE_CELLS[2],
        authors=tuple(HOSTILE_CELLS),
    )


def test_csv_cells_read_back_unchanged_by_csv_and_pandas(digests: Digests) -> None:
    """OWASP: every cell quoted, a `'` before each formula character that could start a cell;
    Python's reader and pandas read every other value back as written."""
    import pandas

    text = dataset.to_csv([_hostile_note(digests)], digests.corpus)
    authors = "plain;a;'@SUM(1+1)*cmd|' /C calc'!A0;'=1+2\";'=1+2;'-2+3;b,c;say \"hi\""
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["title"] == "Border trade, 2019-2020; a report"
    assert row["summary"] == "'=1+2\";'=1+2"
    assert row["authors"] == authors
    frame = pandas.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert frame.loc[0, "title"] == row["title"] and frame.loc[0, "authors"] == authors
    assert list(frame.columns) == list(dataset.CSV_COLUMNS)
    assert frame.to_dict("records") == [row]


def test_no_cell_starts_like_a_formula_whatever_the_separator(digests: Digests) -> None:
    """A spreadsheet whose separator is `;` or a tab honours quotes only at a cell's start, so
    at worst it cuts the file at every one: no cell it makes may start with a formula."""
    text = dataset.to_csv([_hostile_note(digests)], digests.corpus)
    for separator in (",", ";", "\t"):
        cells = [cell for line in text.splitlines() for cell in line.split(separator)]
        starts = [cell for cell in cells if cell.lstrip(' "').startswith(FORMULA)]
        assert starts == [], (separator, starts)
