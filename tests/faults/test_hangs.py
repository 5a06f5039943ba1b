"""Hangs a fault probe found after the first round (issue 28, cases 1–4), each run under a
deadline through the real `digest`, so a hang fails its test instead of the suite.

1. `digest new` looped forever when the year folder was a file: `mkdir`'s `FileExistsError`
   was taken for "name taken", and `-2`, `-3` … tried without end.
2. A FIFO given as `--config` blocked forever: the config was read outside the
   regular-files-only reader.
3. `digest links --timeout 3` had no overall deadline: a server sending a header byte a second
   kept it running past 90 s.
4. A deep parent chain made `check` super-linear (`model._ancestors` tested membership in a
   list), and a 250-level chain broke `build` (a recursive template macro).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.faults.bounds import picture, run_within
from tests.faults.conftest import NOBODY

TODAY = "2025-01-01"


def test_new_when_the_year_folder_is_a_file(content: Path) -> None:
    """`rm -rf content/articles/2024; echo x > content/articles/2024; digest new …`"""
    year = content / "articles" / "2024"
    for note in year.iterdir():
        note.unlink()
    year.rmdir()
    year.write_text("x\n")
    before = picture(content.parent)
    result = run_within(
        10, "new", "--content", str(content), "--date", "2024-05-01", "--theme", "phones", "T"
    )
    note = year / "2024-05-01-note.md"
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"digest: error: cannot write {note}: Not a directory "
        f"({year} is a file, not a folder: move it away, then run the command again)\n"
    )
    assert picture(content.parent) == before


def test_new_when_the_year_folder_is_a_file_as_an_unprivileged_user(
    nobody_content: Path,
) -> None:
    year = nobody_content / "articles" / "2024"
    for note in year.iterdir():
        note.unlink()
    year.rmdir()
    year.write_text("x\n")
    os.chown(year, *_owner(nobody_content))
    before = picture(nobody_content)
    result = run_within(
        10,
        *("new", "--content", str(nobody_content), "--date", "2024-05-01", "--theme", "phones"),
        "T",
        user=NOBODY,
    )
    assert result.returncode == 1 and f"({year} is a file, not a folder" in result.stderr
    assert picture(nobody_content) == before


def _owner(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_uid, found.st_gid


def _elapsed(start: float) -> float:
    return time.monotonic() - start
