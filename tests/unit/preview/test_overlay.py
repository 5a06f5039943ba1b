"""The preview's overlay: nothing while the content is clean; while it has errors, the problems
as JSON that cannot leave its `<script>` element, each file linked to the file or the editor."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.preview.overlay import overlay_html
from generator.problems import error, warning


def _data(html: bytes) -> dict[str, object]:
    found = re.search(
        rb'<script type="application/json" id="digest-problems-data">(.*?)</script>', html
    )
    assert found is not None
    data = json.loads(found.group(1))
    assert isinstance(data, dict)
    return data


def test_nothing_without_errors(tmp_path: Path) -> None:
    assert overlay_html([]) == b""
    assert overlay_html([warning(str(tmp_path / "a.md"), 3, "date in the future")]) == b""


def test_problems_stay_text_inside_the_script(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("---\n", encoding="utf-8")
    hostile = "</script><script>alert(1)</script><!-- & \u2028"
    html = overlay_html(
        [error(str(note), 7, f"unknown theme '{hostile}'"), warning("x", 1, "w")], {}
    )
    assert html.count(b"</script>") == 2, "only the two script elements end in </script>"
    assert b"<!--" not in html and "\u2028".encode() not in html
    data = _data(html)
    assert data["title"] == "Content has 1 error(s); the preview still shows the last good build."
    assert data["problems"] == [
        {
            "where": f"{note}:7",
            "rest": f": error: unknown theme '{hostile.replace(chr(0x2028), chr(92) + 'u2028')}'",
            "href": note.resolve().as_uri(),
        },
        {"where": "x:1", "rest": ": warning: w", "href": None},  # no such file: no link
    ]


def test_an_editor_link_when_the_author_names_one(tmp_path: Path) -> None:
    note = tmp_path / "a note.md"
    note.write_text("---\n", encoding="utf-8")
    editor = {"DIGEST_EDITOR_URL": "vscode://file/{path}:{line}:{col}"}
    data = _data(overlay_html([error(str(note), 4, "bad", col=2)], editor))
    [problem] = data["problems"]
    assert problem["href"] == f"vscode://file/{str(note.resolve()).replace(' ', '%20')}:4:2"
    assert problem["where"] == f"{note}:4:2"
