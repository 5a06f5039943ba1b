"""Unwritten notes never publish: the placeholders of `digest new` and `digest import` are errors
in a published note, found at their line, while drafts holding them stay valid.

The scaffolds are made by the real `digest` executable; the checks run in this process through
`cli.main` (see test_check.py) and assert the exact lines.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content.placeholders import OLDER_PLACEHOLDERS
from tests.cli.test_check import check, note, problems, shown, write
from tests.support import FIXTURES, ROOT, run_digest

HINT = "(write the summary in your own words, or set `draft: true`)"
BLOCK_HINT = "(check the terms in the front matter and delete the block, or set `draft: true`)"


def _publish(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"))


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def test_a_note_from_digest_new_publishes_only_once_written(content: Path) -> None:
    made = run_digest(
        "new", "Phones seized again", "--content", str(content), "--date", "2024-05-01",
        "--theme", "phones", "--source", "Synthetic Wire", "--url", "https://example.org/p",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert check(content).returncode == 0, "a draft may hold its placeholders"
    _publish(path)
    result = check(content)
    assert result.returncode == 1
    at = shown(content, "articles/2024/2024-05-01-phones-seized-again.md")
    summary, body = _line_of(path, "summary:"), _line_of(path, "TODO:")
    assert problems(result) == [
        f"{at}:{summary}: error: the summary is still a placeholder: "
        f"'TODO: one or two sentences in your own words.' {HINT}",
        f"{at}:{body}: error: the body still holds a placeholder: "
        f"'TODO: write the note here: a summary of the report in your…' {HINT}",
    ]
    text = path.read_text(encoding="utf-8")
    text = text.replace("'TODO: one or two sentences in your own words.'", "Phones were seized.")
    path.write_text(text.split("TODO:")[0] + "What the report says, in our words.\n")
    assert check(content).returncode == 0


def test_an_untouched_import_publishes_neither_its_todo_nor_its_terms(content: Path) -> None:
    made = run_digest(
        "import", "--content", str(content), "--today", "2024-06-01",
        str(FIXTURES / "captures" / "river-city.txt"),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    [path] = (content / "articles" / "2024").glob("2024-03-02-*.md")
    assert check(content).returncode == 0, "a draft may hold its placeholders"
    _publish(path)
    result = check(content)
    assert result.returncode == 1
    at = shown(content, f"articles/2024/{path.name}")
    todo, block = _line_of(path, "TODO:"), _line_of(path, "```suggested-terms")
    assert problems(result) == [
        f"{at}:4: warning: no source can be followed: none has a url or an archive (add the "
        "report's url or an archived copy, or write offline: true in a source that is not "
        "online)",  # the capture gave no address
        f"{at}:{todo}: error: the body still holds a placeholder: "
        f"'TODO: Write the summary in your own words (one or two sente…' {HINT}",
        f"{at}:{block}: error: the body still holds the 'suggested-terms' block of "
        f"`digest import` {BLOCK_HINT}",
    ]
    # the summary written, half the list deleted: the block is still found by its fence
    text = path.read_text(encoding="utf-8").replace(
        path.read_text(encoding="utf-8").splitlines()[todo - 1], "Our own summary."
    )
    path.write_text("\n".join(line for line in text.split("\n") if "agency:" not in line))
    assert problems(check(content))[1:] == [
        f"{at}:{block}: error: the body still holds the 'suggested-terms' block of "
        f"`digest import` {BLOCK_HINT}"
    ]


@pytest.mark.parametrize(
    ("older", "summary", "body"),
    [
        (
            "One or two sentences in your own words.",
            "One or two sentences in your own words.",
            "One or two sentences in your own words. More.",
        ),
        (
            "Write the note here: a summary of the report in your own words, never its text.",
            "Write the note here: a summary of the report in your own wo…",
            "Write the note here: a summary of the report in your own wo…",
        ),
    ],
)
def test_what_older_scaffolds_wrote_is_caught_too(
    content: Path, older: str, summary: str, body: str
) -> None:
    assert any(placeholder in older for placeholder in OLDER_PLACEHOLDERS)
    text = note(summary=f'summary: "{older}"').replace("Body.", f"Our body.\n\n{older} More.")
    write(content, "articles/2024/case.md", text)
    at = shown(content, "articles/2024/case.md")
    assert problems(check(content)) == [
        f"{at}:8: error: the summary is still a placeholder: '{summary}' {HINT}",
        f"{at}:12: error: the body still holds a placeholder: '{body}' {HINT}",
    ]


def test_a_hand_written_todo_in_the_summary_is_a_placeholder(content: Path) -> None:
    write(content, "articles/2024/case.md", note(summary="summary: 'TODO: say what happened'"))
    assert problems(check(content)) == [
        f"{shown(content, 'articles/2024/case.md')}:8: error: the summary is still a placeholder: "
        f"'TODO: say what happened' {HINT}"
    ]


@pytest.mark.parametrize("body", ["", "\n\n", "  \n"])
def test_an_empty_body_is_an_error_in_a_published_note(content: Path, body: str) -> None:
    write(content, "articles/2024/case.md", note().replace("Body.\n", body))
    assert problems(check(content)) == [
        f"{shown(content, 'articles/2024/case.md')}:9: error: the note has no body "
        "(write the note in your own words, or set `draft: true`)"
    ]


def test_a_draft_may_be_empty_and_hold_todo_lines(content: Path) -> None:
    text = note(draft="draft: true", summary="summary: 'TODO: later'").replace("Body.\n", "")
    write(content, "articles/2024/case.md", text)
    assert check(content).returncode == 0


def test_todo_inside_a_sentence_is_not_a_placeholder(content: Path) -> None:
    text = note().replace("Body.", "The ministry's list of things TODO: none was published.")
    write(content, "articles/2024/case.md", text)
    assert check(content).returncode == 0


def test_an_outlet_not_given_is_a_placeholder_even_with_outlets_yml(tmp_path: Path) -> None:
    """`digest new` without --source writes `TODO: outlet`: valid in a draft although the
    sample's outlets.yml lists no such outlet, an error once published."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    content = tmp_path / "content"
    made = run_digest(
        "new", "Phones seized at the border", "--content", str(content), "--date", "2024-05-01",
        "--theme", "mobile-phones", "--url", "https://example.org/p",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert check(content).returncode == 0
    front = path.read_text(encoding="utf-8").split("---\n")[1]
    path.write_text(
        "---\n"
        + front.replace("draft: true", "draft: false").replace(
            "'TODO: one or two sentences in your own words.'", "Our summary."
        )
        + "---\nOur note.\n",
        encoding="utf-8",
    )
    assert [line for line in problems(check(content)) if line.startswith(str(path))] == [
        f"{path}:5: error: the source's name is still a placeholder: 'TODO: outlet' "
        "(name the outlet (listed in vocabulary/outlets.yml), or set `draft: true`)"
    ]
