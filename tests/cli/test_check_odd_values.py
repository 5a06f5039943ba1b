"""Values and names the checks once let through: each is now a problem at its line."""

from __future__ import annotations

from pathlib import Path

from tests.support import run_digest


def _check(content: Path) -> list[str]:
    result = run_digest("check", "--content", str(content))
    assert "Traceback" not in result.stderr
    return [line for line in (result.stdout + result.stderr).splitlines() if ": " in line]


def test_binary_data_is_an_error_where_text_is_required(content: Path) -> None:
    note = content / "articles" / "2024" / "beta.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("---\n", "---\nsummary: !!binary aGVsbG8=\n", 1), encoding="utf-8")
    themes = content / "vocabulary" / "themes.yml"
    themes.write_text(
        themes.read_text(encoding="utf-8")
        + "  - id: binary-theme\n    name: Binary\n    description: !!binary aGVsbG8=\n",
        encoding="utf-8",
    )
    lines = _check(content)
    assert (
        f"{note}:2: error: binary data (!!binary) is not allowed here (write plain text)" in lines
    )
    assert any(
        line.startswith(f"{themes}:")
        and line.endswith(": error: binary data (!!binary) is not allowed here (write plain text)")
        for line in lines
    ), lines


def test_a_note_file_whose_name_cannot_be_a_slug_is_reported(content: Path) -> None:
    folder = content / "articles" / "2024"
    beta = (folder / "beta.md").read_text(encoding="utf-8")
    (folder / "...md").write_text(beta, encoding="utf-8")
    (folder / ".hidden-note.md").write_text(beta, encoding="utf-8")
    (folder / ".#beta.md").symlink_to("nowhere")  # an editor's lock file: not a note
    lines = _check(content)
    assert (
        f"{folder}/...md:1: error: slug '..' cannot be a URL (rename the file with letters,"
        " digits and hyphens, e.g. note-title)" in lines
    )
    assert (
        f"{folder}/.hidden-note.md:1: error: slug '.hidden-note' cannot be a URL (rename the"
        " file with letters, digits and hyphens, e.g. hidden-note)" in lines
    )
    assert not any(".#beta.md" in line for line in lines)


def test_a_page_whose_name_cannot_be_a_url_is_reported(content: Path) -> None:
    page = content / "pages" / ".draft page.md"
    page.write_text("# A page\n\nText.\n", encoding="utf-8")
    assert (
        f"{page}:1: error: page name '.draft page' cannot be a URL (rename the file with letters,"
        " digits and hyphens, e.g. draft-page)"
    ) in _check(content)
