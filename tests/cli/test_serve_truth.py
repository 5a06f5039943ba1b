"""The preview never lies: after any edits, deletions and renames (during the first build, during
MkDocs' builds, 50 in 10 s) and a change of mkdocs.yml, once it has been quiet for 3 s every
file the real `digest serve` serves equals what a fresh `digest build` + `mkdocs build` gives,
and the pages of deleted or renamed notes answer 404.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.support.preview import Preview, compare_with_fresh_build

pytestmark = pytest.mark.slow

QUIET_SECONDS = 3


def _retitle(note: Path, title: str) -> None:
    text = note.read_text(encoding="utf-8")
    note.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), encoding="utf-8")


def _quiet_then_compare(preview: Preview, tmp: Path) -> None:
    time.sleep(QUIET_SECONDS)
    differences = compare_with_fresh_build(preview, tmp)
    assert differences == [], "\n".join([*differences, "--- digest serve said:", preview.output()])


def test_edits_during_the_first_builds_are_not_lost(content: Path, tmp_path: Path) -> None:
    alpha = content / "articles" / "2024" / "alpha.md"
    with Preview(content, tmp_path) as preview:
        preview.wait_for_line("watching")
        # an edit every 0.1 s from the moment the watcher runs until the preview serves: some
        # land during the first digest build, some during MkDocs' first build
        edits = 0
        while "Serving on" not in preview.output():
            edits += 1
            _retitle(alpha, f"Alpha, edit {edits}")
            time.sleep(0.1)
        assert edits >= 3, preview.output()
        _quiet_then_compare(preview, tmp_path)
        status, page = preview.get("articles/alpha/")
        assert status == 200 and f"<title>Alpha, edit {edits} -".encode() in page


def test_deletions_renames_and_a_burst_of_edits(content: Path, tmp_path: Path) -> None:
    notes = content / "articles"
    alpha, beta = notes / "2024" / "alpha.md", notes / "2024" / "beta.md"
    with Preview(content, tmp_path) as preview:
        preview.wait_for_line("Serving on")
        # a deletion that empties a month, and a rename
        (notes / "2023" / "gamma.md").unlink()
        beta.rename(notes / "2024" / "beta-renamed.md")
        _quiet_then_compare(preview, tmp_path)
        for gone in ("articles/gamma/", "digests/2023-11/", "articles/beta/"):
            assert preview.get(gone)[0] == 404, gone
        assert preview.get("articles/beta-renamed/")[0] == 200

        # an edit while MkDocs builds
        seen = preview.line_count()
        _retitle(alpha, "Alpha, before the build")
        preview.wait_for_line("Building documentation", after=seen)
        _retitle(alpha, "Alpha, during the build")
        _quiet_then_compare(preview, tmp_path)

        # 50 edits in 10 s, to a note and to the home page's list through another note's date
        for number in range(1, 51):
            _retitle(alpha, f"Alpha, edit {number}")
            if number % 10 == 0:
                renamed = notes / "2024" / "beta-renamed.md"
                _retitle(renamed, f"Beta, edit {number}")
            time.sleep(0.2)
        _quiet_then_compare(preview, tmp_path)
        assert b"<title>Alpha, edit 50 -" in preview.get("articles/alpha/")[1]
        assert b"Beta, edit 50" in preview.get("")[1]
        # the site's settings: every page again, with the new name
        preview.edit_config(
            "site_name: North Korea Border Digest", "site_name: Border Digest, renamed"
        )
        _quiet_then_compare(preview, tmp_path)
        assert b"Border Digest, renamed" in preview.get("articles/gamma-not-here/")[1]
        assert (
            b"<title>Border Digest, renamed - Border Digest, renamed</title>" in preview.get("")[1]
        )
        output = preview.stop()
    assert "A 'dirty' build is being performed" not in output
    assert "Traceback" not in output
