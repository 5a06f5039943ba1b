"""`digest check` on the research fields: every bad value one located line with a hint.

Each case changes the research fixture (`tests/fixtures/research/`) in one place and asserts the
whole report; the last test puts every mistake in one note and expects them all in one run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import cli
from tests.cli.test_check import PROBLEM
from tests.support import FIXTURES

TODAY = "2025-01-01"
ALPHA = "articles/2024/alpha-report.md"


@pytest.fixture
def research(tmp_path: Path) -> Path:
    target = tmp_path / "research"
    shutil.copytree(FIXTURES / "research", target)
    return target


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = cli.main(["check", "--content", str(content), "--today", TODAY])
    lines = [line for line in capsys.readouterr().out.splitlines() if PROBLEM.match(line)]
    return code, [line.removeprefix(f"{content}/") for line in lines]


def edit(content: Path, relative: str, old: str, new: str) -> None:
    file = content / relative
    text = file.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    (
        "unknown-relation",
        (ALPHA, "relation: follows}", "relation: folows}"),
        [f"{ALPHA}:27: error: unknown relation 'folows' (did you mean 'follows'?)"],
    ),
    (
        "missing-see-also-target",
        (ALPHA, "note: beta-report,", "note: beta-reprot,"),
        [f"{ALPHA}:27: error: see_also: no note 'beta-reprot' (did you mean 'beta-report'?)"],
    ),
    (
        "see-also-itself",
        (ALPHA, "note: beta-report,", "note: alpha-report,"),
        [
            f"{ALPHA}:27: error: see_also points at the note itself ('alpha-report') (link another note)"
        ],
    ),
    (
        "source-and-sources",
        (ALPHA, "confidence: likely", "source: {name: SynthWire}\nconfidence: likely"),
        [
            f"{ALPHA}:4: error: a note has 'source' or 'sources', not both"
            " (keep one: move the source into the 'sources' list)"
        ],
    ),
    (
        "correction-before-the-note",
        (ALPHA, "{date: 2024-04-25,", "{date: 2024-01-25,"),
        [
            f"{ALPHA}:21: error: corrections[2].date 2024-01-25 is before the note's date"
            " 2024-04-19 (check the year)"
        ],
    ),
    (
        "correction-in-the-future",
        (ALPHA, "{date: 2024-04-25,", "{date: 2031-04-25,"),
        [f"{ALPHA}:21: error: corrections[2].date 2031-04-25 is in the future (check the year)"],
    ),
    (
        "correction-text-with-a-comma-unquoted",
        (
            ALPHA,
            'text: "The second office was in Old Town, not Bay County."',
            "text: In Old Town, not Bay County.",
        ),
        [
            f"{ALPHA}:20: error: unknown key 'corrections[1].not Bay County.'"
            " (quote the text: inside {…} a comma ends a value)"
        ],
    ),
    (
        "unknown-outlet",
        (ALPHA, "  - name: SynthWire", "  - name: Synthetc Wire"),
        [
            f"{ALPHA}:5: error: unknown outlet 'Synthetc Wire' in sources[1].name"
            " (did you mean 'synthetic-wire'?)"
        ],
    ),
    (
        "javascript-archive",
        (ALPHA, "archive: https://archive.example.org/alpha-ko", "archive: javascript:alert(1)"),
        [
            f"{ALPHA}:15: error: sources[2].archive 'javascript:alert(1)' is not an http(s) URL"
            " (give the https:// address)"
        ],
    ),
    (
        "language-written-as-a-name",
        (ALPHA, "    language: en\n", "    language: English\n"),
        [
            f"{ALPHA}:10: error: sources[1].language 'English' is not a BCP 47 language tag"
            " (did you mean 'en'?)"
        ],
    ),
    (
        "language-with-an-underscore",
        (ALPHA, "    language: en\n", "    language: en_US\n"),
        [
            f"{ALPHA}:10: error: sources[1].language 'en_US' is not a BCP 47 language tag"
            " (did you mean 'en-US'?)"
        ],
    ),
    (
        "unknown-confidence",
        (ALPHA, "confidence: likely", "confidence: probable"),
        [
            f"{ALPHA}:17: error: confidence 'probable' is not a level"
            " (one of confirmed, likely, unconfirmed, disputed)"
        ],
    ),
    (
        "updated-before-the-note",
        (ALPHA, "updated: 2024-05-03", "updated: 2024-03-03"),
        [
            f"{ALPHA}:18: error: updated 2024-03-03 is before the note's date 2024-04-19"
            " (the last substantive change: on or after the note's date)"
        ],
    ),
    (
        "accessed-in-the-future",
        (ALPHA, "accessed: 2024-04-20", "accessed: 2030-04-20"),
        [f"{ALPHA}:9: error: sources[1].accessed 2030-04-20 is in the future (check the year)"],
    ),
    (
        "unknown-source-key",
        (ALPHA, "    author: Kim Testwriter", "    autor: Kim Testwriter"),
        [f"{ALPHA}:8: error: unknown key 'sources[1].autor' (did you mean 'author'?)"],
    ),
    (
        "outlet-reliability-not-a-grade",
        ("vocabulary/outlets.yml", "reliability: B", "reliability: G"),
        [
            "vocabulary/outlets.yml:6: error: reliability 'G' is not A–F (an Admiralty grade:"
            " A (completely reliable) to E (unreliable), F (cannot be judged))"
        ],
    ),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_research_field(
    research: Path,
    capsys: pytest.CaptureFixture[str],
    change: tuple[str, str, str],
    expected: list[str],
) -> None:
    edit(research, *change)
    code, lines = check(research, capsys)
    assert lines == expected
    assert code == 1


def test_the_research_fixture_is_clean(research: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(research, capsys) == (0, [])


def test_a_draft_target_is_an_error_for_a_published_note(
    research: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(research, "articles/2024/beta-report.md", "confidence: disputed", "draft: true")
    code, lines = check(research, capsys)
    assert code == 1
    assert lines == [
        f"{ALPHA}:27: error: see_also: 'beta-report' is a draft"
        " (publish that note first, or remove the link)",
        "articles/2024/gamma-report.md:10: error: see_also: 'beta-report' is a draft"
        " (publish that note first, or remove the link)",
    ]


def test_without_outlets_source_names_are_free_text(
    research: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (research / "vocabulary" / "outlets.yml").unlink()
    edit(research, ALPHA, "  - name: SynthWire", "  - name: Any Outlet At All")
    assert check(research, capsys) == (0, [])


def test_every_mistake_in_one_run(research: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for change in [c[1] for c in CASES if c[1][0] == ALPHA and c[0] != "source-and-sources"]:
        file = research / change[0]
        text = file.read_text(encoding="utf-8")
        if change[1] in text:
            file.write_text(text.replace(change[1], change[2], 1), encoding="utf-8")
    code, lines = check(research, capsys)
    assert code == 1
    assert len(lines) >= 10, lines
    assert all(line.startswith(f"{ALPHA}:") for line in lines)
