"""`digest check`: every bad input, each with its exact line.

The cases run in this process through `cli.main`, the code the `digest` executable runs (fast:
no interpreter start per case); one test per exit code goes through the real executable.

Each case drops one mistake into otherwise good content (the `content` fixture) and asserts the
whole report: exit code, and the exact `path:line[:col]: severity: message (hint)` lines.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from generator import cli
from tests.support import run_digest

TODAY = "2025-01-01"
PROBLEM = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<severity>error|warning): "
)

GOOD_NOTE = """\
---
title: A good test note
date: 2024-05-01
source:
  name: Test Wire
  url: https://example.org/good
themes: [phones]
---
Body.
"""


@pytest.fixture(autouse=True)
def _no_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """Annotations only where a test asks for them, even when the suite runs on GitHub."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def check(content: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`digest check` run in this process, its output and exit code as a subprocess's."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(["check", "--content", str(content), "--today", TODAY, *args])
        except SystemExit as exit_:  # argparse's usage errors
            code = int(exit_.code or 0)
    result = subprocess.CompletedProcess(["digest", "check"], code, out.getvalue(), err.getvalue())
    assert "Traceback" not in result.stderr + result.stdout
    return result


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The problem lines of stdout (the closing count is on stderr)."""
    return [line for line in result.stdout.splitlines() if PROBLEM.match(line)]


def shown(content: Path, relative: str) -> str:
    return f"{content}/{relative}"


def write(content: Path, relative: str, text: str | bytes) -> Path:
    file = content / relative
    file.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8", newline="")
    return file


def note(**fields: str | None) -> str:
    """GOOD_NOTE's front matter with fields replaced (a value), removed (None) or added."""
    lines = {
        "title": "title: A good test note",
        "date": "date: 2024-05-01",
        "source": "source:\n  name: Test Wire\n  url: https://example.org/good",
        "themes": "themes: [phones]",
    }
    for key, value in fields.items():
        if value is None:
            lines.pop(key, None)
        else:
            lines[key] = value
    return "---\n" + "\n".join(lines.values()) + "\n---\nBody.\n"


# --------------------------------------------------------------------------------------------
# good content


def test_good_content_exits_0(content: Path) -> None:
    result = check(content)
    assert result.returncode == 0, result.stderr
    assert problems(result) == []
    assert f"{content}: 4 note(s) checked, no errors" in result.stderr.splitlines()


def test_the_good_note_used_by_the_cases_is_good(content: Path) -> None:
    write(content, "articles/2024/case.md", GOOD_NOTE)
    write(content, "articles/2024/case2.md", note())
    result = check(content)
    assert result.returncode == 0, result.stderr
    assert f"{content}: 6 note(s) checked, no errors" in result.stderr.splitlines()


def test_the_project_sample_content_is_clean() -> None:
    result = run_digest("check", "--content", "content", "--today", TODAY)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------
# one bad note: (id, file text, [(line, "severity: message (hint)"), ...]) — the whole report

NOTE_CASES: list[tuple[str, str | bytes, list[str]]] = [
    # file level
    (
        "not-utf8",
        b"---\ntitle: caf\xe9\ndate: 2024-05-01\n---\n",
        [
            "2: error: file is not UTF-8: byte 0xe9 at offset 14 cannot be decoded (save the file as UTF-8)"
        ],
    ),
    (
        "not-utf8-after-bom",
        b"\xef\xbb\xbf---\r\ntitle: ok\r\nsource: caf\xc3\x28\r\n---\r\n",
        [
            "3: error: file is not UTF-8: byte 0xc3 at offset 30 cannot be decoded (save the file as UTF-8)"
        ],
    ),
    ("empty", "", ["1: error: empty file (a note starts with '---' and front matter)"]),
    ("blank", "  \n\n", ["1: error: empty file (a note starts with '---' and front matter)"]),
    (
        "no-front-matter",
        "# Just a body\n\ntitle: x\n",
        [
            "1: error: no front matter (start the file with a line '---', "
            "the front matter, and another '---')"
        ],
    ),
    (
        "unclosed",
        "---\ntitle: x\ndate: 2024-05-01\nsource: {name: Test Wire, url: https://example.org/a}"
        "\nthemes: [phones]\n\nBody.\n",
        [
            "1: error: front matter is not closed: no '---' line after this one "
            "(add a line '---' after line 5, the last line of the front matter)"
        ],
    ),
    (
        "closed-by-four-hyphens",
        "---\ntitle: x\ndate: 2024-05-01\nsource: {name: Test Wire, url: https://example.org/a}"
        "\nthemes: [phones]\n----\nBody.\n",
        [
            "6: error: front matter closed by '----' (close it with a line of exactly three hyphens: ---)"
        ],
    ),
    (
        "empty-front-matter",
        "---\n---\nBody\n",
        ["1: error: front matter is empty (add title, date, source)"],
    ),
    (
        "front-matter-a-list",
        "---\n- title\n- date\n---\n",
        [
            "2: error: front matter is a list, not a mapping of keys "
            "(remove the '- ' before each key: front matter is 'key: value' lines)"
        ],
    ),
    (
        "front-matter-a-string",
        "---\n\njust some text\n---\n",
        [
            "3: error: front matter must be a mapping of keys (write 'key: value' lines, e.g. 'title: …')"
        ],
    ),
    (
        "yaml-bad-indent",
        "---\ntitle: x\ndate: 2024-05-01\n  bad: indent\nthemes: [phones]\n---\n",
        [
            "4:6: error: key 'bad' is indented deeper than the line before it allows "
            "(indent it like the keys around it)"
        ],
    ),
    (
        "yaml-unclosed-flow",
        "---\ntitle: x\nthemes: [phones\ndate: 2024-05-01\n---\n",
        [
            "4:5: error: YAML syntax error: did not find expected ',' or ']' "
            "(while parsing a flow sequence from line 3)"
        ],
    ),
    (
        "yaml-unclosed-quote",
        '---\ntitle: "unterminated\ndate: 2024-05-01\n---\n',
        [
            "3:17: error: YAML syntax error: found unexpected end of stream "
            "(while scanning a quoted scalar from line 2)"
        ],
    ),
    (
        "yaml-tab",
        "---\ntitle: x\n\tdate: 2024-05-01\n---\n",
        [
            "3:1: error: the line is indented with a tab (indent with spaces: YAML does not allow tabs)"
        ],
    ),
    (
        "yaml-control-character",
        "---\ntitle: x\nsummary: a\x01b\n---\n",
        [
            "3:11: error: YAML syntax error: character U+0001 is not allowed in YAML (remove the character)"
        ],
    ),
    (
        "yaml-undefined-alias",
        "---\ntitle: *nothing\n---\n",
        ["2:8: error: YAML syntax error: found undefined alias"],
    ),
    (
        "key-twice",
        note(summary="summary: One.\ntitle: Again"),
        [
            "9: error: key 'title' given twice (first on line 2) "
            "(keep one; YAML loaders silently keep the last)"
        ],
    ),
    (
        "nested-key-twice",
        note(source="source:\n  name: Test Wire\n  name: Other Wire\n  url: https://example.org/a"),
        [
            "6: error: key 'name' given twice (first on line 5) "
            "(keep one; YAML loaders silently keep the last)"
        ],
    ),
    # fields
    (
        "unknown-key",
        note(sumary="sumary: x"),
        ["8: error: unknown key 'sumary' (did you mean 'summary'?)"],
    ),
    (
        "capture-outside-captures",
        note(capture="capture: ../secret.txt"),
        [
            "8: error: capture '../secret.txt' is not under captures/ "
            "(a path inside content/captures/, e.g. captures/2024/note.txt)"
        ],
    ),
    (
        "unknown-key-no-match",
        note(zzz="zzz: 1"),
        [
            "8: error: unknown key 'zzz' (allowed: title, date, source, sources, agencies, "
            "locations, themes, summary, author, confidence, updated, corrections, see_also, "
            "draft, capture, language)"
        ],
    ),
    (
        "unknown-source-key",
        note(source="source:\n  name: Test Wire\n  ulr: https://example.org/x"),
        [
            "4: warning: no source can be followed: none has a url or an archive (add the "
            "report's url or an archived copy, or write offline: true in a source that is not "
            "online)",
            "6: error: unknown key 'source.ulr' (did you mean 'url'?)",
        ],
    ),
    ("missing-title", note(title=None), ["1: error: missing required field 'title'"]),
    ("empty-title", note(title="title:"), ["2: error: 'title' is empty (write the title)"]),
    ("blank-title", note(title="title: '   '"), ["2: error: 'title' is empty (write the title)"]),
    (
        "title-with-a-control-character",
        note(title='title: "Phones\\0 seized"'),
        [
            "2: error: 'title' holds a control character (\\x00)"
            " (remove it: pages and feeds cannot carry it)"
        ],
    ),
    (
        "source-name-with-an-escape-character",
        note(source='source:\n  name: "Test\\e Wire"'),
        [
            "5: error: 'source.name' holds a control character (\\x1b)"
            " (remove it: pages and feeds cannot carry it)"
        ],
    ),
    (
        "title-a-list",
        note(title="title: [a, b]"),
        ["2: error: 'title' must be text (quote it if it looks like a number or date)"],
    ),
    (
        "missing-date",
        note(date=None),
        ["1: error: missing required field 'date' (the report's date as YYYY-MM-DD)"],
    ),
    (
        "date-not-iso",
        note(date="date: 19/04/2024"),
        ["3: error: date '19/04/2024' is written with slashes (write it as 2024-04-19)"],
    ),
    (
        "date-with-slashes",
        note(date="date: 2024/04/19"),
        ["3: error: date '2024/04/19' is written with slashes (write it as 2024-04-19)"],
    ),
    (
        "date-day-or-month-first",
        note(date="date: 04/05/2024"),
        [
            "3: error: date '04/05/2024' is written with slashes "
            "(write it as YYYY-MM-DD: 2024-05-04 or 2024-04-05?)"
        ],
    ),
    (
        "date-with-dots",
        note(date="date: 19.04.2024"),
        ["3: error: date '19.04.2024' is written with dots (write it as 2024-04-19)"],
    ),
    (
        "date-in-curly-quotes",
        note(date="date: “2024-04-19”"),
        [
            "3: error: date '“2024-04-19”' is in curly quotes (write it as 2024-04-19, without quotes)"
        ],
    ),
    (
        "title-with-an-unquoted-colon",
        note(title="title: Daily NK: state security offices caught using confiscated phones"),
        [
            "2:16: error: unquoted ': ' in the value of 'title': YAML reads it as the start of a "
            'new key (quote the title: title: "Daily NK: …")'
        ],
    ),
    (
        "source-name-with-an-unquoted-colon",
        note(source="source:\n  name: Daily NK: Seoul desk\n  url: https://example.org/a"),
        [
            "5:17: error: unquoted ': ' in the value of 'name': YAML reads it as the start of a "
            'new key (quote the name: name: "Daily NK: …")'
        ],
    ),
    (
        "title-in-curly-quotes-with-a-colon",
        note(title="title: “Daily NK: state security offices”"),
        [
            "2:17: error: the value of 'title' is in curly quotes (“…”), which YAML does not read "
            'as quotes (write straight quotes: title: "Daily NK: …")'
        ],
    ),
    (
        "note-language-a-name",
        note(date="date: 2024-05-01\nlanguage: Korean"),
        ["4: error: language 'Korean' is not a BCP 47 language tag (did you mean 'ko'?)"],
    ),
    (
        "note-language-with-an-underscore",
        note(date="date: 2024-05-01\nlanguage: ko_KR"),
        ["4: error: language 'ko_KR' is not a BCP 47 language tag (did you mean 'ko-KR'?)"],
    ),
    (
        "source-a-list",
        note(source="source:\n  - name: Test Wire\n    url: https://example.org/a"),
        [
            "4: error: 'source' is a list, but it takes one report (a mapping) "
            "(remove the '- ' before 'name:', or write 'sources:' for several reports)"
        ],
    ),
    (
        "yaml-error-and-a-broken-link-in-the-body",
        note(title="title: Daily NK: phones") + "See [the earlier note](../2024/alpah.md).\n",
        [
            "2:16: error: unquoted ': ' in the value of 'title': YAML reads it as the start of a "
            'new key (quote the title: title: "Daily NK: …")',
            "10: error: link '../2024/alpah.md' leads to no note (did you mean 'alpha'?)",
        ],
    ),
    (
        "field-error-and-a-broken-link-in-the-body",
        note(themes="themes: [phnes]") + "See [the earlier note](../2024/alpah.md).\n",
        [
            "7: error: unknown theme 'phnes' (did you mean 'phones'?)",
            "10: error: link '../2024/alpah.md' leads to no note (did you mean 'alpha'?)",
        ],
    ),
    (
        "date-words",
        note(date="date: April 19, 2024"),
        ["3: error: date 'April 19, 2024' is not an ISO date (write it as YYYY-MM-DD)"],
    ),
    (
        "date-a-number",
        note(date="date: 20240419"),
        ["3: error: date '20240419' is not an ISO date (write it as YYYY-MM-DD)"],
    ),
    (
        "date-impossible",
        note(date="date: 2024-02-30"),
        ["3: error: date '2024-02-30' is not a real date (check the day and month)"],
    ),
    (
        "date-impossible-quoted",
        note(date="date: '2023-02-29'"),
        ["3: error: date '2023-02-29' is not a real date (check the day and month)"],
    ),
    (
        "date-a-list",
        note(date="date:\n  - 2024-05-01"),
        ["3: error: date must be one date, not a list or mapping"],
    ),
    (
        "missing-source",
        note(source=None),
        ["1: error: missing required field 'source' (source: {name: Outlet, url: https://…})"],
    ),
    (
        "source-not-a-mapping",
        note(source="source: Daily NK"),
        [
            "4: error: 'source' must be a mapping with a name "
            "(write source: {name: Outlet, url: https://…})"
        ],
    ),
    (
        "source-without-name",
        note(source="source:\n  url: https://example.org/x"),
        ["4: error: 'source.name' is missing or empty (name the outlet)"],
    ),
    (
        "source-url-javascript",
        note(source="source:\n  name: Test Wire\n  url: javascript:alert(1)"),
        [
            "6: error: source.url 'javascript:alert(1)' is not an http(s) URL (give the https:// address)"
        ],
    ),
    (
        "source-url-ftp",
        note(source="source: {name: Test Wire, url: 'ftp://example.org/x'}"),
        [
            "4: error: source.url 'ftp://example.org/x' is not an http(s) URL (give the https:// address)"
        ],
    ),
    (
        "source-url-no-host",
        note(source="source: {name: Test Wire, url: 'https:/example.org'}"),
        [
            "4: error: source.url 'https:/example.org' is not an http(s) URL (give the https:// address)"
        ],
    ),
    (
        "draft-not-boolean",
        note(draft="draft: maybe"),
        [
            "8: error: 'draft' must be true or false, not 'maybe' "
            "(write draft: true or draft: false, without quotes)"
        ],
    ),
    (
        "draft-quoted",
        note(draft="draft: 'false'"),
        [
            "8: error: 'draft' must be true or false, not 'false' "
            "(write draft: true or draft: false, without quotes)"
        ],
    ),
    (
        "summary-a-list",
        note(summary="summary: [one, two]"),
        ["8: error: 'summary' must be text (quote it if it looks like a number or date)"],
    ),
    (
        "summary-a-number",
        note(summary="summary: 42"),
        ["8: error: 'summary' must be text (quote it if it looks like a number or date)"],
    ),
    (
        "terms-a-mapping",
        note(themes="themes: {phones: yes}"),
        ["7: error: 'themes' must be a list of theme names (write themes: [id, other-id])"],
    ),
    (
        "terms-numbers",
        note(themes="themes: [phones, 12]"),
        ["7: error: 'themes' must be a list of theme names (write themes: [id, other-id])"],
    ),
    (
        "terms-nested-list",
        note(themes="themes:\n  - [phones]"),
        ["7: error: 'themes' must be a list of theme names (write themes: [id, other-id])"],
    ),
    (
        "term-twice",
        note(themes="themes: [phones, handsets]"),
        [
            "7: error: theme 'phones' listed twice ('phones' on line 7, 'handsets' here) (remove one)"
        ],
    ),
    (
        "term-twice-block",
        note(themes="themes:\n  - Mobile Phones\n  - phones"),
        [
            "9: error: theme 'phones' listed twice ('Mobile Phones' on line 8, 'phones' here) (remove one)"
        ],
    ),
    (
        "unknown-term-id",
        note(themes="themes: [phnes]"),
        ["7: error: unknown theme 'phnes' (did you mean 'phones'?)"],
    ),
    (
        "unknown-term-alias",
        note(themes="themes: [handset]"),
        ["7: error: unknown theme 'handset' (did you mean 'handsets'?)"],
    ),
    (
        "unknown-term-name",
        note(agencies="agencies:\n  - Secret Ofice"),
        ["9: error: unknown agency 'Secret Ofice' (did you mean 'secret-office'?)"],
    ),
    (
        "unknown-term-no-match",
        note(locations="locations: [Atlantis]"),
        ["8: error: unknown location 'Atlantis'"],
    ),
    (
        "no-terms",
        note(themes=None),
        ["1: error: note has no terms (tag at least one agency, location or theme)"],
    ),
    (
        "empty-term-lists",
        note(themes="themes: []", agencies="agencies:"),
        ["7: error: note has no terms (tag at least one agency, location or theme)"],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in NOTE_CASES], ids=[c[0] for c in NOTE_CASES]
)
def test_bad_note(content: Path, text: str | bytes, expected: list[str]) -> None:
    write(content, "articles/2024/case.md", text)
    result = check(content)
    assert result.returncode == 1, result.stderr
    path = shown(content, "articles/2024/case.md")
    assert problems(result) == [f"{path}:{line}" for line in expected]


def test_each_case_is_exactly_one_line_and_the_rest_stays_quiet(content: Path) -> None:
    """All the cases at once: one file each, each reported, nothing else reported."""
    expected = []
    for name, text, lines in NOTE_CASES:
        write(content, f"articles/cases/{name}.md", text)
        expected += [f"{shown(content, f'articles/cases/{name}.md')}:{line}" for line in lines]
    result = check(content)
    assert result.returncode == 1
    assert sorted(problems(result)) == sorted(expected)


def test_a_value_in_curly_quotes_is_a_warning(content: Path) -> None:
    """YAML keeps curly quotes pasted from a word processor as part of the text."""
    write(content, "articles/2024/case.md", note(title="title: “State security offices caught”"))
    result = check(content)
    assert result.returncode == 0
    assert problems(result) == [
        f"{shown(content, 'articles/2024/case.md')}:2:8: warning: value in curly quotes (“…”): "
        'YAML keeps them as part of the text (write straight quotes ("…"), or none)'
    ]


FOLLOW = (
    "warning: no source can be followed: none has a url or an archive (add the report's url or "
    "an archived copy, or write offline: true in a source that is not online)"
)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("source: {name: Test Wire}", [f"4: {FOLLOW}"]),
        ("sources:\n  - {name: Test Wire}\n  - {name: Other Wire}", [f"4: {FOLLOW}"]),
        ("source: {name: Test Wire, offline: true}", []),
        ("source: {name: Test Wire, archive: 'https://archive.example.org/x'}", []),
        ("sources:\n  - {name: Test Wire}\n  - {name: Other Wire, url: 'https://e.org/x'}", []),
        ("sources:\n  - {name: Test Wire, offline: true}\n  - {name: Other Wire}", []),
        ("source: {name: Test Wire, offline: false}", [f"4: {FOLLOW}"]),
        (
            "source: {name: Test Wire, offline: 'yes'}",
            [
                "4: error: 'source.offline' must be true or false, not 'yes' "
                "(write offline: true or offline: false, without quotes)"
            ],
        ),
        (  # a wrong address is an error at its line, said once
            "source: {name: Test Wire, url: 'ftp://example.org/x'}",
            [
                "4: error: source.url 'ftp://example.org/x' is not an http(s) URL "
                "(give the https:// address)"
            ],
        ),
    ],
    ids=[
        "no-address", "no-address-in-any", "offline", "archive-only", "one-of-several",
        "one-offline", "offline-false", "offline-not-a-boolean", "bad-url",
    ],
)  # fmt: skip
def test_a_published_note_has_a_source_to_follow(
    content: Path, source: str, expected: list[str]
) -> None:
    write(content, "articles/2024/case.md", note(source=source))
    path = shown(content, "articles/2024/case.md")
    assert problems(check(content)) == [f"{path}:{line}" for line in expected]


def test_a_draft_need_not_have_a_source_to_follow(content: Path) -> None:
    write(content, "articles/2024/case.md", note(source="source: {name: X}", draft="draft: true"))
    assert problems(check(content)) == []


def test_aliases_in_other_scripts_resolve_to_one_term(content: Path) -> None:
    write(content, "articles/2024/case.md", note(locations="locations: [회령, 강시, Rivér Cíty]"))
    result = check(content)
    path = shown(content, "articles/2024/case.md")
    assert problems(result) == [  # same line: ordered by message
        f"{path}:8: error: location 'river-city' listed twice ('강시' on line 8, "
        "'Rivér Cíty' here) (remove one)",
        f"{path}:8: error: unknown location '회령'",
    ]


# --------------------------------------------------------------------------------------------
# file level: encodings, size, symlinks


def test_bom_and_crlf_are_accepted(content: Path) -> None:
    text = GOOD_NOTE.replace("\n", "\r\n")
    write(content, "articles/2024/crlf.md", text)
    write(content, "articles/2024/bom.md", "\ufeff" + GOOD_NOTE)
    write(content, "articles/2024/both.md", "\ufeff" + text)
    result = check(content)
    assert result.returncode == 0, result.stderr
    assert f"{content}: 7 note(s) checked, no errors" in result.stderr.splitlines()


@pytest.mark.parametrize("prefix", ["", "\ufeff"], ids=["no-bom", "bom"])
@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_bom_and_crlf_keep_line_numbers(content: Path, prefix: str, newline: str) -> None:
    text = note(themes="themes:\n  - phones\n  - corruptoin").replace("\n", newline)
    write(content, "articles/2024/case.md", prefix + text)
    result = check(content)
    path = shown(content, "articles/2024/case.md")
    assert problems(result) == [f"{path}:9: error: unknown theme 'corruptoin'"]


def test_a_file_over_1_mb_is_an_error(content: Path) -> None:
    """A 50 MB one-paragraph note made a 428 MB site with a mere warning."""
    write(content, "articles/2024/big.md", GOOD_NOTE + ("word " * 200_000 + "\n"))
    path = shown(content, "articles/2024/big.md")
    line = (
        f"{path}:1: error: file is larger than 1 MB, the limit for a note "
        "(split the note or trim it)"
    )
    result = check(content)
    assert result.returncode == 1
    assert problems(result) == [line]
    assert "1 error(s), 0 warning(s)" in result.stderr.splitlines()


def test_a_symlink_to_a_file_outside_content_is_refused(content: Path, tmp_path: Path) -> None:
    outside = write(tmp_path, "elsewhere/secret.md", GOOD_NOTE)
    (content / "articles/2024/link.md").symlink_to(outside)
    result = check(content)
    assert result.returncode == 1
    assert problems(result) == [
        f"{shown(content, 'articles/2024/link.md')}:1: error: symlink leads outside the content "
        "folder; refused (copy it into the content folder instead of linking to it)"
    ]


def test_a_symlink_to_a_folder_outside_content_is_refused(content: Path, tmp_path: Path) -> None:
    write(tmp_path, "elsewhere/secret.md", GOOD_NOTE)
    (content / "articles/linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = check(content)
    assert result.returncode == 1
    assert problems(result) == [
        f"{shown(content, 'articles/linked')}:1: error: symlink leads outside the content "
        "folder; refused (copy it into the content folder instead of linking to it)"
    ]


def test_a_symlink_inside_content_is_read(content: Path) -> None:
    write(content, "drafts/inner.md", GOOD_NOTE)
    (content / "articles/2024/inner.md").symlink_to(content / "drafts/inner.md")
    result = check(content)
    assert result.returncode == 0, result.stderr
    assert f"{content}: 5 note(s) checked, no errors" in result.stderr.splitlines()


def test_a_symlink_loop_does_not_hang(content: Path) -> None:
    (content / "articles/2024/loop").symlink_to(content / "articles", target_is_directory=True)
    result = check(content)
    assert "Traceback" not in result.stderr


def test_a_vocabulary_symlinked_outside_is_refused(content: Path, tmp_path: Path) -> None:
    themes = content / "vocabulary/themes.yml"
    outside = write(tmp_path, "elsewhere/themes.yml", themes.read_text(encoding="utf-8"))
    themes.unlink()
    themes.symlink_to(outside)
    result = check(content)
    assert result.returncode == 1
    assert (
        f"{shown(content, 'vocabulary/themes.yml')}:1: error: symlink leads outside the content "
        "folder; refused (copy it into the content folder instead of linking to it)"
    ) in problems(result)


# --------------------------------------------------------------------------------------------
# across files


def test_two_notes_with_one_slug_name_both_files(content: Path) -> None:
    alpha = (content / "articles/2024/alpha.md").read_text(encoding="utf-8")
    write(content, "articles/2023/alpha.md", alpha)
    result = check(content)
    assert result.returncode == 1
    first, second = (
        shown(content, "articles/2023/alpha.md"),
        shown(content, "articles/2024/alpha.md"),
    )
    assert problems(result) == [
        f"{first}:1: error: duplicate slug 'alpha': also {second} (rename one file)",
        f"{second}:1: error: duplicate slug 'alpha': also {first} (rename one file)",
    ]


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("my note", "my-note"), ("index", "index-note"), ("회령", "hoeryeong"), ("-dash", "dash")],
)
def test_slugs_that_cannot_be_urls(content: Path, name: str, suggestion: str) -> None:
    write(content, f"articles/2024/{name}.md", GOOD_NOTE)
    result = check(content)
    assert result.returncode == 1
    assert problems(result) == [
        f"{shown(content, f'articles/2024/{name}.md')}:1: error: slug '{name}' cannot be a URL "
        f"(rename the file with letters, digits and hyphens, e.g. {suggestion})"
    ]


# --------------------------------------------------------------------------------------------
# vocabularies: terms appended to a good file, so the notes keep resolving


def append(content: Path, name: str, text: str) -> int:
    """Append YAML to a vocabulary file; → the file line of the appended text's first line."""
    file = content / "vocabulary" / f"{name}.yml"
    old = file.read_text(encoding="utf-8")
    file.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


VOCABULARY_CASES: list[tuple[str, str, list[tuple[int, str]]]] = [
    ("missing-id", "  - name: No id\n", [(0, "error: term has no id")]),
    ("missing-name", "  - id: no-name\n", [(0, "error: term 'no-name' has no name")]),
    (
        "id-uppercase",
        "  - id: Bad_Id\n    name: Bad\n",
        [
            (
                0,
                "error: term id 'Bad_Id' is not valid (lowercase letters, digits and single hyphens, e.g. bad-id)",
            )
        ],
    ),
    (
        "id-double-hyphen",
        "  - id: bad--id\n    name: Bad\n",
        [
            (
                0,
                "error: term id 'bad--id' is not valid (lowercase letters, digits and single hyphens, e.g. bad-id)",
            )
        ],
    ),
    (
        "id-not-ascii",
        "  - id: 회령\n    name: Hoeryong\n",
        [
            (
                0,
                "error: term id '회령' is not valid (lowercase letters, digits and single hyphens, e.g. hoeryeong)",
            )
        ],
    ),
    (
        "duplicate-id",
        "  - id: trade\n    name: Trade again\n",
        [(0, "error: duplicate term id 'trade' (first on line 10) (give each term its own id)")],
    ),
    (
        "ids-equal-once-normalised",
        "  - id: tra-de\n    name: Tra De\n",
        [
            (
                0,
                "error: term id 'tra-de' cannot be told apart from 'trade' (line 10) (give each term its own id)",
            )
        ],
    ),
    (
        "dangling-parent",
        "  - id: bribes\n    name: Bribes\n    parent: bribry\n",
        [(2, "error: term 'bribes' has unknown parent 'bribry' (did you mean 'bribery'?)")],
    ),
    (
        "dangling-parent-no-match",
        "  - id: bribes\n    name: Bribes\n    parent: zzz\n",
        [
            (
                2,
                "error: term 'bribes' has unknown parent 'zzz' (the parent must be a term id in this file)",
            )
        ],
    ),
    (
        "cycle",
        "  - id: cyc-a\n    name: A\n    parent: cyc-b\n  - id: cyc-b\n    name: B\n    parent: cyc-a\n",
        [(0, "error: parent cycle: cyc-a → cyc-b → cyc-a (a term cannot be its own ancestor)")],
    ),
    (
        "cycle-of-three",
        "  - id: c1\n    name: C1\n    parent: c3\n  - id: c2\n    name: C2\n    parent: c1\n"
        "  - id: c3\n    name: C3\n    parent: c2\n",
        [(0, "error: parent cycle: c1 → c3 → c2 → c1 (a term cannot be its own ancestor)")],
    ),
    (
        "own-parent",
        "  - id: selfish\n    name: Selfish\n    parent: selfish\n",
        [(0, "error: parent cycle: selfish → selfish (a term cannot be its own ancestor)")],
    ),
    (
        "unknown-term-key",
        "  - id: fish\n    name: Fish\n    alias: [cod]\n",
        [(2, "error: unknown key 'alias' in term (did you mean 'aliases'?)")],
    ),
    (
        "unknown-file-key",
        "version: 2\n",
        [(0, "error: unknown key 'version' in vocabulary file (allowed: terms, meta)")],
    ),
    (
        "coordinates-out-of-range",
        "  - id: far\n    name: Far\n    coordinates: [129.7, 42.4]\n",
        [
            (
                2,
                "error: coordinates [129.7, 42.4] out of range "
                "(latitude within ±90, longitude within ±180, in that order)",
            )
        ],
    ),
    (
        "coordinates-not-a-pair",
        "  - id: far\n    name: Far\n    coordinates: [42.4]\n",
        [(2, "error: coordinates must be [latitude, longitude]")],
    ),
    (
        "alias-is-another-id",
        "  - id: fish\n    name: Fish\n    aliases: [cod, trade]\n",
        [
            (
                2,
                "error: alias 'trade' of 'fish' is the id of another term 'trade' (remove the alias)",
            )
        ],
    ),
    (
        "name-is-another-id",
        "  - id: fish\n    name: Bribery\n",
        [
            (
                1,
                "error: name 'Bribery' of 'fish' is the id of another term 'bribery' (rename one of them)",
            )
        ],
    ),
    (
        "term-not-a-mapping",
        "  - just-an-id\n",
        [(0, "error: a term must be a mapping with id and name")],
    ),
    (
        "aliases-not-a-list",
        "  - id: fish\n    name: Fish\n    aliases: {cod: 1}\n",
        [(2, "error: 'aliases' must be a list of text")],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in VOCABULARY_CASES], ids=[c[0] for c in VOCABULARY_CASES]
)
def test_bad_vocabulary(content: Path, text: str, expected: list[tuple[int, str]]) -> None:
    start = append(content, "themes", text)
    result = check(content)
    assert result.returncode == 1, result.stderr
    path = shown(content, "vocabulary/themes.yml")
    assert problems(result) == [f"{path}:{start + offset}: {line}" for offset, line in expected]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- id: trade\n  name: Trade\n", 1),
        ("meta: {source: nowhere}\n", 1),
        ("\n\nterm:\n  - id: trade\n    name: Trade\n", 3),
    ],
    ids=["a-list", "no-terms", "misspelt-terms"],
)
def test_vocabulary_not_a_mapping_with_terms(content: Path, text: str, line: int) -> None:
    (content / "vocabulary/themes.yml").write_text(text, encoding="utf-8")
    result = check(content)
    assert result.returncode == 1
    path = shown(content, "vocabulary/themes.yml")
    assert (
        f"{path}:{line}: error: a vocabulary must be a mapping with 'terms' "
        "(write 'terms:' followed by a list of terms)"
    ) in problems(result)


def test_vocabulary_terms_not_a_list(content: Path) -> None:
    (content / "vocabulary/themes.yml").write_text("terms: phones\n", encoding="utf-8")
    result = check(content)
    path = shown(content, "vocabulary/themes.yml")
    assert f"{path}:1: error: 'terms' must be a list of terms" in problems(result)


def test_vocabulary_yaml_error(content: Path) -> None:
    start = append(content, "themes", "  - id: fish\n    name: Fish\n  - id: [\n")
    result = check(content)
    assert result.returncode == 1
    path = shown(content, "vocabulary/themes.yml")
    assert (  # and the notes using themes now fail: the vocabulary could not be read
        f"{path}:{start + 3}:1: error: YAML syntax error: did not find expected node content"
    ) in problems(result)


def test_vocabulary_key_given_twice(content: Path) -> None:
    start = append(content, "themes", "  - id: fish\n    name: Fish\n    name: Cod\n")
    result = check(content)
    assert result.returncode == 1
    assert problems(result) == [
        f"{shown(content, 'vocabulary/themes.yml')}:{start + 2}: error: key 'name' given twice "
        f"(first on line {start + 1}) (keep one; YAML loaders silently keep the last)"
    ]


def test_ambiguous_alias_names_both_candidates(content: Path) -> None:
    themes = content / "vocabulary/themes.yml"
    text = themes.read_text(encoding="utf-8")
    text = text.replace("aliases: [graft]", "aliases: [graft, contraband]")
    text += "    aliases: [Contraband]\n"  # the last term is smuggling
    themes.write_text(text, encoding="utf-8")
    write(content, "articles/2024/case.md", note(themes="themes: [contraband]"))
    result = check(content)
    assert result.returncode == 1
    vocabulary, path = (
        shown(content, "vocabulary/themes.yml"),
        shown(content, "articles/2024/case.md"),
    )
    assert problems(result) == [
        f"{path}:7: error: ambiguous theme 'contraband': it may mean 'bribery' or 'smuggling' "
        "(write the id)",
        f"{vocabulary}:15: warning: 'contraband' names both 'bribery' and 'smuggling'; notes must "
        "write the id (drop the shared alias from one term)",
    ]


def test_a_missing_vocabulary_file_is_a_warning(content: Path) -> None:
    (content / "vocabulary/agencies.yml").unlink()
    for name in ("alpha", "beta"):  # the notes that use agencies
        file = content / f"articles/2024/{name}.md"
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        file.write_text(
            "".join(x for x in lines if not x.startswith("agencies:")), encoding="utf-8"
        )
    result = check(content)
    assert result.returncode == 0, result.stderr
    assert problems(result) == [
        f"{shown(content, 'vocabulary/agencies.yml')}:1: warning: vocabulary file missing; it "
        "counts as empty"
    ]


# --------------------------------------------------------------------------------------------
# the report as a whole


def test_every_mistake_of_a_file_is_reported_in_one_run(content: Path) -> None:
    text = (
        "---\n"
        "titel: Typo in the key\n"
        "date: 2024-02-30\n"
        "source: {name: Wire, url: 'javascript:alert(1)'}\n"
        "themes: [phnes]\n"
        "draft: perhaps\n"
        "---\n"
    )
    write(content, "articles/2024/case.md", text)
    result = check(content)
    assert result.returncode == 1
    path = shown(content, "articles/2024/case.md")
    assert problems(result) == [
        f"{path}:1: error: missing required field 'title'",
        f"{path}:2: error: unknown key 'titel' (did you mean 'title'?)",
        f"{path}:3: error: date '2024-02-30' is not a real date (check the day and month)",
        f"{path}:4: error: source.url 'javascript:alert(1)' is not an http(s) URL "
        "(give the https:// address)",
        f"{path}:5: error: unknown theme 'phnes' (did you mean 'phones'?)",
        f"{path}:6: error: 'draft' must be true or false, not 'perhaps' "
        "(write draft: true or draft: false, without quotes)",
        f"{path}:8: error: the note has no body "
        "(write the note in your own words, or set `draft: true`)",
    ]
    assert "7 error(s), 0 warning(s)" in result.stderr.splitlines()


def test_output_is_sorted_by_path_then_line(content: Path) -> None:
    write(content, "articles/2024/zz.md", note(themes="themes: [phnes]", date="date: 2024-13-01"))
    write(content, "articles/2023/aa.md", note(themes="themes: [nope]", title=None))
    write(content, "articles/2024/mm.md", "")
    append(content, "locations", "  - id: Bad\n    name: Bad\n")
    append(content, "agencies", "  - name: x\n")
    result = check(content)
    found = [PROBLEM.match(line) for line in problems(result)]
    keys = [(m["path"], int(m["line"])) for m in found if m]
    assert len(keys) == 7
    assert keys == sorted(keys)
    assert keys[0][0].endswith("articles/2023/aa.md")


def test_content_in_a_relative_folder_is_shown_relative(content: Path) -> None:
    write(content, "articles/2024/case.md", note(themes="themes: [phnes]"))
    result = run_digest("check", "--content", "content", "--today", TODAY, cwd=content.parent)
    assert problems(result) == [
        "content/articles/2024/case.md:7: error: unknown theme 'phnes' (did you mean 'phones'?)"
    ]


def test_a_future_date_is_a_warning(content: Path) -> None:
    write(content, "articles/2024/case.md", note(date="date: 2025-01-02"))
    line = (
        f"{shown(content, 'articles/2024/case.md')}:3: warning: date 2025-01-02 is in the future "
        "(check the year)"
    )
    result = check(content)
    assert result.returncode == 0, result.stderr
    assert problems(result) == [line]
    assert "0 error(s), 1 warning(s)" in result.stderr.splitlines()
    strict = check(content, "--strict")
    assert strict.returncode == 1
    assert problems(strict) == [line]


def test_today_is_not_in_the_future(content: Path) -> None:
    write(content, "articles/2024/case.md", note(date=f"date: {TODAY}"))
    result = check(content, "--strict")
    assert result.returncode == 0, result.stderr


def test_json_format(content: Path) -> None:
    write(content, "articles/2024/case.md", note(themes="themes: [phnes]", date="date: 2030-01-01"))
    result = check(content, "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    path = shown(content, "articles/2024/case.md")
    assert data == [
        {
            "path": path,
            "line": 3,
            "col": None,
            "severity": "warning",
            "message": "date 2030-01-01 is in the future",
            "hint": "check the year",
        },
        {
            "path": path,
            "line": 7,
            "col": None,
            "severity": "error",
            "message": "unknown theme 'phnes'",
            "hint": "did you mean 'phones'?",
        },
    ]


def test_json_format_of_good_content_is_an_empty_list(content: Path) -> None:
    result = check(content, "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_json_format_keeps_the_column(content: Path) -> None:
    write(content, "articles/2024/case.md", "---\ntitle: a: b\n---\n")
    data = json.loads(check(content, "--format", "json").stdout)
    assert [(d["line"], d["col"], d["severity"]) for d in data] == [(2, 9, "error")]


def test_github_annotations(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write(content, "articles/2024/case.md", note(themes="themes: [phnes]", date="date: 2030-01-01"))
    write(content, "articles/2024/yaml.md", "---\ntitle: a: b\n---\n")
    result = check(content)
    assert result.returncode == 1
    case, yaml = shown(content, "articles/2024/case.md"), shown(content, "articles/2024/yaml.md")
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::warning file={case},line=3::date 2030-01-01 is in the future (check the year)",
        f"::error file={case},line=7::unknown theme 'phnes' (did you mean 'phones'?)",
        f"::error file={yaml},line=2,col=9::unquoted ': ' in the value of 'title': YAML reads it "
        'as the start of a new key (quote the title: title: "a: …")',
    ]
    assert len(problems(result)) == 3  # the plain lines too, before the annotations


def test_no_annotations_outside_github(content: Path) -> None:
    write(content, "articles/2024/case.md", note(themes="themes: [phnes]"))
    assert not [line for line in check(content).stdout.splitlines() if line.startswith("::")]


def test_findings_on_stdout_the_count_on_stderr(content: Path) -> None:
    """`digest check > report.txt` keeps the findings; the terminal still shows the count."""
    write(content, "articles/2024/case.md", note(themes="themes: [phnes]"))
    result = run_digest("check", "--content", str(content), "--today", TODAY)
    path = shown(content, "articles/2024/case.md")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:7: error: unknown theme 'phnes' (did you mean 'phones'?)"
    ]
    assert result.stderr.splitlines() == ["1 error(s), 0 warning(s)"]


def test_values_with_line_breaks_stay_on_one_line(content: Path) -> None:
    write(content, "articles/2024/case.md", note(themes='themes: ["phones\\nsmuggling\\tx"]'))
    result = check(content)
    path = shown(content, "articles/2024/case.md")
    assert problems(result) == [
        f"{path}:7: error: unknown theme 'phones\\nsmuggling\\tx' (did you mean 'smuggling'?)"
    ]


@pytest.mark.parametrize(
    "args",
    [("--today", "2024-02-30"), ("--format", "xml"), ("--content", "/nonexistent/content")],
    ids=["bad-today", "bad-format", "no-content"],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run_digest("check", *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
