"""generator.validate: raw records built in memory → the corpus and every problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path, PurePosixPath

import pytest

from generator.content.read import (
    RawContent,
    RawNote,
    RawVocabulary,
    read_content,
    split_front_matter,
)
from generator.content.validate import Checked, check_content
from generator.content.yaml_nodes import parse_yaml
from generator.problems import Severity

TODAY = date(2025, 1, 1)
VOCABULARIES = {
    "agencies": "terms:\n  - id: mss\n    name: Ministry of State Security\n    aliases: [Bowibu, 보위부]\n",
    "locations": (
        "terms:\n  - id: north-hamgyong\n    name: North Hamgyong\n"
        "  - id: hoeryong\n    name: Hoeryong\n    aliases: [Hoeryŏng, 회령]\n    parent: north-hamgyong\n"
        "  - id: uiju\n    name: Uiju County\n"
    ),
    "themes": (
        "terms:\n  - id: corruption\n    name: Corruption\n"
        "  - id: mobile-phones\n    name: Mobile phones\n    aliases: [cell phones]\n"
        "  - id: smuggling\n    name: Smuggling\n"
    ),
}
MODEL_NOTE = """\
---
title: State security offices   on the border caught using confiscated phones
date: 2024-04-19
source:
  name: Daily NK
  url: https://www.dailynk.com/english/example
agencies: [Bowibu]
locations: [Hoeryŏng, uiju]
themes: [corruption, Cell Phones, smuggling]
---
The Ministry of State Security declared April a month against illegal activities.

Second paragraph.
"""


def raw_note(text: str, path: str = "c/articles/2024/note.md") -> RawNote:
    """What read_note would give for this text, without a file."""
    front_text, body, _, problems = split_front_matter(text, path)
    front, yaml_problems = parse_yaml(front_text, path, 2) if front_text is not None else (None, [])
    front = front if front is not None and front.kind == "map" else None
    return RawNote(path, PurePosixPath(path).stem, front, 1, body, tuple(problems + yaml_problems))


def raw_content(*notes: RawNote, vocabularies: dict[str, str] | None = None) -> RawContent:
    raw_vocabularies = {}
    for name, text in (vocabularies or VOCABULARIES).items():
        root, problems = parse_yaml(text, f"c/vocabulary/{name}.yml")
        raw_vocabularies[name] = RawVocabulary(
            name, f"c/vocabulary/{name}.yml", root, tuple(problems)
        )
    return RawContent(tuple(notes), raw_vocabularies, ())


def checked(text: str, path: str = "c/articles/2024/note.md") -> Checked:
    return check_content(raw_content(raw_note(text, path)), TODAY)


def messages(result: Checked) -> list[tuple[int, str, str | None]]:
    return [(p.line, p.message, p.hint) for p in result.problems]


def with_fields(**fields: str | None) -> str:
    """MODEL_NOTE with top-level fields replaced or (None) removed; new ones appended."""
    head, body = MODEL_NOTE[4:].split("\n---\n", 1)
    blocks: dict[str, str] = {}
    for line in head.split("\n"):
        if line.startswith(" "):
            blocks[list(blocks)[-1]] += "\n" + line
        else:
            blocks[line.split(":")[0]] = line
    for key, value in fields.items():
        if value is None:
            blocks.pop(key)
        else:
            blocks[key] = value
    return "---\n" + "\n".join(blocks.values()) + "\n---\n" + body


# --------------------------------------------------------------------------------------------
# the model note


def test_the_model_note_becomes_a_note() -> None:
    result = checked(MODEL_NOTE)
    assert result.problems == []
    (note,) = result.corpus.notes
    assert note.slug == "note"
    assert note.title == "State security offices on the border caught using confiscated phones"
    assert note.date == date(2024, 4, 19)
    assert (note.source.name, note.source.url, note.source.author) == (
        "Daily NK",
        "https://www.dailynk.com/english/example",
        None,
    )
    assert dict(note.terms) == {
        "agencies": ("mss",),
        "locations": ("hoeryong", "uiju"),
        "themes": ("corruption", "mobile-phones", "smuggling"),
    }
    assert note.summary.startswith("The Ministry of State Security declared April")
    assert "Second paragraph" not in note.summary
    assert note.body.startswith("The Ministry") and not note.draft


def test_the_with_fields_helper_roundtrips() -> None:
    assert checked(with_fields()).problems == []


def test_own_summary_draft_and_author() -> None:
    text = with_fields(
        summary="summary: '  Our   words. '",
        draft="draft: true",
        source="source: {name: Daily NK, author: Kang Mi-jin}",
    )
    (note,) = checked(text).corpus.notes
    assert (note.summary, note.draft, note.source.author) == ("Our words.", True, "Kang Mi-jin")


@pytest.mark.parametrize(
    "written", ["2024-04-19", "'2024-04-19'", "2024-04-19T09:30:00", "2024-04-19 09:30:00+09:00"]
)
def test_date_spellings_accepted(written: str) -> None:
    (note,) = checked(with_fields(date=f"date: {written}")).corpus.notes
    assert note.date == date(2024, 4, 19)


def test_a_single_term_may_be_written_without_a_list() -> None:
    (note,) = checked(with_fields(themes="themes: Corruption")).corpus.notes
    assert note.terms["themes"] == ("corruption",)


def test_terms_only_in_one_vocabulary_are_enough() -> None:
    text = with_fields(agencies=None, locations=None, themes="themes: [smuggling]")
    (note,) = checked(text).corpus.notes
    assert dict(note.terms) == {"themes": ("smuggling",)}


def test_notes_newest_first_and_drafts_not_published() -> None:
    notes = [
        raw_note(with_fields(date="date: 2023-01-01"), "c/a/old.md"),
        raw_note(with_fields(date="date: 2024-06-01", draft="draft: true"), "c/a/draft.md"),
        raw_note(with_fields(date="date: 2024-05-01"), "c/a/new.md"),
    ]
    corpus = check_content(raw_content(*notes), TODAY).corpus
    assert [n.slug for n in corpus.notes] == ["draft", "new", "old"]
    assert [n.slug for n in corpus.published] == ["new", "old"]


# --------------------------------------------------------------------------------------------
# problems


def test_a_note_with_errors_is_left_out_and_the_others_kept() -> None:
    good = raw_note(MODEL_NOTE, "c/a/good.md")
    bad = raw_note(with_fields(themes="themes: [corupption]"), "c/a/bad.md")
    result = check_content(raw_content(good, bad), TODAY)
    assert [n.slug for n in result.corpus.notes] == ["good"]
    assert [(p.path, p.line, p.message, p.hint) for p in result.problems] == [
        ("c/a/bad.md", 9, "unknown theme 'corupption'", "did you mean 'corruption'?")
    ]


def test_warnings_do_not_drop_the_note() -> None:
    result = checked(with_fields(date="date: 2025-06-01"))
    assert [(p.severity, p.message) for p in result.problems] == [
        (Severity.WARNING, "date 2025-06-01 is in the future")
    ]
    assert len(result.corpus.notes) == 1


def test_today_defaults_to_the_real_today() -> None:
    result = check_content(raw_content(raw_note(with_fields(date="date: 9999-12-31"))))
    assert [p.severity for p in result.problems] == [Severity.WARNING]


def test_ambiguous_alias_in_a_note() -> None:
    vocabularies = dict(VOCABULARIES)
    vocabularies["locations"] += (
        "  - id: hoeryong-county\n    name: Hoeryong County\n    aliases: [회령]\n"
    )
    note = raw_note(with_fields(locations="locations: [회령]"))
    result = check_content(raw_content(note, vocabularies=vocabularies), TODAY)
    assert [(p.path, p.line, p.message, p.hint) for p in result.problems] == [
        (
            "c/articles/2024/note.md",
            8,
            "ambiguous location '회령': it may mean 'hoeryong' or 'hoeryong-county'",
            "write the id",
        ),
        (
            "c/vocabulary/locations.yml",
            12,
            "'회령' names both 'hoeryong' and 'hoeryong-county'; notes must write the id",
            "drop the shared alias from one term",
        ),
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"themes": "themes: ['']"}, [(9, "blank theme in the list", "remove it or write a name")]),
        (
            {"agencies": None, "locations": None, "themes": "themes: ''"},
            [(7, "note has no terms", "tag at least one agency, location or theme")],
        ),
        (
            {"agencies": "agencies: ~", "locations": "locations: []", "themes": None},
            [(7, "note has no terms", "tag at least one agency, location or theme")],
        ),
        (  # an unknown term is its own error; "no terms" would only repeat it
            {"agencies": None, "locations": None, "themes": "themes: [nothing-known]"},
            [(7, "unknown theme 'nothing-known'", None)],
        ),
        (
            {"title": "title: 2024"},
            [(2, "'title' must be text", "quote it if it looks like a number or date")],
        ),
        (
            {"title": "title: true"},
            [(2, "'title' must be text", "quote it if it looks like a number or date")],
        ),
        (
            {"source": "source: {name: Daily NK, offline: true, author: [a, b]}"},
            [(4, "'source.author' must be text", "quote it if it looks like a number or date")],
        ),
        (
            {"source": "source: {name: [Daily, NK]}"},
            [(4, "'source.name' must be text", "quote it if it looks like a number or date")],
        ),
        (
            {"source": "source: {name: '  '}"},
            [(4, "'source.name' is missing or empty", "name the outlet")],
        ),
        (
            {"source": "source: {name: X, url: 'https://exa mple.org/'}"},
            [
                (
                    4,
                    "source.url 'https://exa mple.org/' is not an http(s) URL",
                    "give the https:// address",
                )
            ],
        ),
        (
            {"source": "source: {name: X, url: 'https://[::1'}"},
            [(4, "source.url 'https://[::1' is not an http(s) URL", "give the https:// address")],
        ),
        (
            {"source": "source:\n  - name: X"},
            [
                (
                    4,
                    "'source' is a list, but it takes one report (a mapping)",
                    "remove the '- ' before 'name:', or write 'sources:' for several reports",
                )
            ],
        ),
        (
            {"draft": "draft: [true]"},
            [
                (
                    10,
                    "'draft' must be true or false, not a list",
                    "write draft: true or draft: false, without quotes",
                )
            ],
        ),
        ({"date": "date: {y: 2024}"}, [(3, "date must be one date, not a list or mapping", None)]),
        ({"date": "date:"}, [(3, "date '' is not an ISO date", "write it as YYYY-MM-DD")]),
        ({"Title": "Title: x"}, [(10, "unknown key 'Title'", "did you mean 'title'?")]),
        (
            {"themes": "themes:\n  corruption: yes"},
            [(9, "'themes' must be a list of theme names", "write themes: [id, other-id]")],
        ),
    ],
)
def test_field_problems(
    fields: dict[str, str | None], expected: list[tuple[int, str, str | None]]
) -> None:
    result = checked(with_fields(**fields))
    assert messages(result) == expected
    assert result.corpus.notes == ()


def test_problems_are_sorted_and_come_from_every_stage() -> None:
    notes = [
        raw_note("", "c/b.md"),
        raw_note(with_fields(themes="themes: [zzz]", title=None), "c/a.md"),
    ]
    vocabularies = dict(
        VOCABULARIES, themes=VOCABULARIES["themes"] + "  - id: Bad\n    name: Bad\n"
    )
    result = check_content(raw_content(*notes, vocabularies=vocabularies), TODAY)
    assert [(p.path, p.line) for p in result.problems] == [
        ("c/a.md", 1),
        ("c/a.md", 8),
        ("c/b.md", 1),
        ("c/vocabulary/themes.yml", 9),
    ]


def test_a_raw_note_without_front_matter_only_carries_its_read_problems() -> None:
    result = checked("no front matter here\n")
    assert messages(result) == [
        (
            1,
            "no front matter",
            "start the file with a line '---', the front matter, and another '---'",
        )
    ]


def test_missing_vocabularies_in_raw_content_count_as_empty() -> None:
    raw = RawContent((raw_note(MODEL_NOTE),), {}, ())
    result = check_content(raw, TODAY)
    assert {p.message.split(" '")[0] for p in result.problems} == {
        "unknown agency",
        "unknown location",
        "unknown theme",
    }


# --------------------------------------------------------------------------------------------
# slugs and pages


def test_duplicate_slugs_ignore_case_and_name_both_files() -> None:
    notes = [raw_note(MODEL_NOTE, "c/2023/Note.md"), raw_note(MODEL_NOTE, "c/2024/note.md")]
    result = check_content(raw_content(*notes), TODAY)
    assert [(p.path, p.message) for p in result.problems] == [
        ("c/2023/Note.md", "duplicate slug 'Note': also c/2024/note.md"),
        ("c/2024/note.md", "duplicate slug 'note': also c/2023/Note.md"),
    ]


@pytest.mark.parametrize(
    ("stem", "ok"),
    [
        ("a-note", True),
        ("2024-04-19_daily.nk", True),
        ("UPPER", True),
        ("with space", False),
        ("index", False),
        ("INDEX", False),
        ("-leading", False),
        ("a?b", False),
        ("회령", False),
        ("a#b", False),
    ],
)
def test_slugs_that_can_be_urls(stem: str, ok: bool) -> None:
    result = checked(MODEL_NOTE, f"c/{stem}.md")
    assert (result.problems == []) is ok, result.problems
    if not ok:
        assert result.problems[0].message == f"slug '{stem}' cannot be a URL"


def test_a_page_that_would_replace_generated_pages(tmp_path: Path) -> None:
    for name in ("about", "themes", "index"):
        (tmp_path / "pages").mkdir(exist_ok=True)
        (tmp_path / "pages" / f"{name}.md").write_text("# x\n", encoding="utf-8")
    result = check_content(read_content(tmp_path, "c"), TODAY)
    errors = [(p.path, p.message) for p in result.problems if p.severity is Severity.ERROR]
    assert errors == [
        ("c/pages/index.md", "page 'index' would replace the generated /index/ pages"),
        ("c/pages/themes.md", "page 'themes' would replace the generated /themes/ pages"),
    ]


def test_the_fixture_content_is_valid(content: Path) -> None:
    result = check_content(read_content(content, "content"), date(2024, 12, 31))
    assert result.problems == []
    assert len(result.corpus.notes) == 4 and len(result.corpus.published) == 3
    alpha = next(n for n in result.corpus.notes if n.slug == "alpha")
    assert dict(alpha.terms) == {
        "agencies": ("secret-office",),
        "locations": ("river-city", "bay-county"),
        "themes": ("phones", "bribery"),
    }
