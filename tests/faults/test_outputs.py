"""`-o` of `digest export` and `digest schema` replaces a regular file and nothing else (issue
28, case 10). It renamed a new file over whatever was at the path: as root a real `/dev/full`
became a file, a FIFO was replaced, a symlink lost its link and left its target stale. Now a
symlink is written through (the link kept, its target replaced), anything that is not a
regular file is refused in one line, and `-o -` writes to standard output.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.faults.bounds import picture, run_within
from tests.faults.conftest import NOBODY

REFUSED = (
    "not a regular file "
    "(only a regular file is replaced: give a file name with -o, or -o - for standard output)"
)
COMMANDS = ["export", "schema"]


def _refused(path: Path | str, kind: str) -> str:
    return f"digest: error: cannot write {path}: it is {kind}, {REFUSED}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_device_is_never_replaced(content: Path, command: str) -> None:
    """`/dev/full` itself (as root the rename succeeded), and a link to it."""
    link = content.parent / "out.json"
    link.symlink_to("/dev/full")
    before = Path("/dev/full").stat()
    for target in ("/dev/full", str(link)):
        result = run_within(20, command, "--content", str(content), "-o", target)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == _refused(target, "a character device")
    after = Path("/dev/full").stat()
    assert (after.st_mode, after.st_rdev, after.st_ino) == (
        before.st_mode,
        before.st_rdev,
        before.st_ino,
    )
    assert link.readlink() == Path("/dev/full")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_or_a_folder_is_never_replaced(content: Path, command: str) -> None:
    fifo, folder = content.parent / "out.fifo", content.parent / "out"
    os.mkfifo(fifo)
    folder.mkdir()
    before = picture(content.parent)
    for target, kind in ((fifo, "a named pipe (FIFO)"), (folder, "a folder")):
        result = run_within(20, command, "--content", str(content), "-o", str(target))
        assert (result.returncode, result.stderr) == (1, _refused(target, kind))
    assert picture(content.parent) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_symlink_is_written_through(content: Path, command: str) -> None:
    """The link stays a link; its target gets the new bytes (it was left stale)."""
    data = content.parent / "data"
    data.mkdir()
    (data / "real.json").write_text("previous\n")
    link = content.parent / "out.json"
    link.symlink_to("data/real.json")
    result = run_within(20, command, "--content", str(content), "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.readlink() == Path("data/real.json")
    assert json.loads((data / "real.json").read_text()) is not None
    assert sorted(p.name for p in data.iterdir()) == ["real.json"]  # no temporary file left


@pytest.mark.parametrize("command", COMMANDS)
def test_dash_writes_to_standard_output(content: Path, command: str) -> None:
    before = picture(content.parent)
    result = run_within(20, command, "--content", str(content), "-o", "-", cwd=content.parent)
    assert result.returncode == 0 and json.loads(result.stdout) is not None
    assert picture(content.parent) == before  # no file named '-'


def test_a_device_is_refused_as_an_unprivileged_user(nobody_content: Path) -> None:
    result = run_within(
        20, "export", "--content", str(nobody_content), "-o", "/dev/full", user=NOBODY
    )
    assert (result.returncode, result.stderr) == (1, _refused("/dev/full", "a character device"))
