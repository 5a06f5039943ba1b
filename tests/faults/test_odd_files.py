"""FIFOs, devices and files whose size lies: only regular files are read, never past a limit.

A FIFO in the content folder hung `digest check` and `digest build` forever; `digest import`
hung on a FIFO and read `/dev/zero` until a `MemoryError` (its 5 MB cap trusted `st_size`,
which is 0 there). Each case here runs under a deadline, so a hang fails the test instead of
the suite.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest

from generator.authoring import capture_files
from tests.support import FIXTURES, digest_main

TODAY = "2025-01-01"
FIFO = "cannot read a named pipe (FIFO): only regular files are read"
REPLACE = "(replace it with a regular file, or remove it)"


class Hang(BaseException):
    """Not an `OSError` (as `TimeoutError` is): no `except OSError` of the code under test may
    take it for a failed read and go on."""


@contextmanager
def deadline(seconds: int = 10) -> Iterator[None]:
    """Fail (`Hang`) instead of hanging: a blocked `open` or `read` is interrupted."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("folder", ["articles/2024", "pages"])
def test_a_fifo_in_the_content_is_an_error_not_a_hang(content: Path, folder: str) -> None:
    fifo = content / folder / "stuck.md"
    os.mkfifo(fifo)
    with deadline():
        checked = digest_main("check", "--content", str(content), "--today", TODAY)
        built = digest_main(
            "build",
            "--content",
            str(content),
            "--out",
            str(content.parent / "docs"),
            "--today",
            TODAY,
        )
    line = f"{fifo}:1: error: {FIFO} {REPLACE}"
    assert (checked.returncode, checked.stdout.splitlines()[0]) == (1, line)
    assert (built.returncode, built.stdout.splitlines()[0]) == (1, line)
    assert not (content.parent / "docs").exists()


def test_a_vocabulary_that_is_a_fifo_is_an_error(content: Path) -> None:
    themes = content / "vocabulary" / "themes.yml"
    themes.unlink()
    os.mkfifo(themes)
    with deadline():
        checked = digest_main("check", "--content", str(content), "--today", TODAY)
    assert checked.returncode == 1
    assert f"{themes}:1: error: {FIFO} {REPLACE}" in checked.stdout.splitlines()


def _import(content: Path, *files: str) -> tuple[int, list[str]]:
    with deadline():
        result = digest_main("import", *files, "--content", str(content), "--today", TODAY)
    return result.returncode, (result.stdout + result.stderr).splitlines()


def test_import_refuses_a_fifo_and_dev_zero_and_goes_on(content: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "capture.txt"
    os.mkfifo(fifo)
    good = str(FIXTURES / "captures" / "river-city.txt")
    code, lines = _import(content, str(fifo), "/dev/zero", good)
    assert code == 1
    assert f"{fifo}: error: {FIFO}" in lines
    assert "/dev/zero: error: cannot read a character device: only regular files are read" in lines
    assert lines[-1] == "1 imported, 0 skipped, 2 failed"


def test_import_caps_what_it_reads_whatever_st_size_says(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/proc files are regular and say they are empty (`st_size` 0) however much they hold."""
    monkeypatch.setattr(capture_files, "MAX_CAPTURE_BYTES", 1_000)
    maps = "/proc/self/maps"
    assert Path(maps).stat().st_size == 0 and len(Path(maps).read_bytes()) > 1_000
    code, lines = _import(content, maps)
    assert code == 1
    assert lines[0] == f"{maps}: error: file is larger than 1 kB, the limit for a capture"


def test_a_socket_in_the_content_is_an_error(content: Path) -> None:
    import socket

    path = content / "articles" / "2024" / "socket.md"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with deadline():
            checked = digest_main("check", "--content", str(content), "--today", TODAY)
    line = f"{path}:1: error: cannot read a socket: only regular files are read {REPLACE}"
    assert checked.returncode == 1 and checked.stdout.splitlines()[0] == line


def test_the_captures_folder_may_hold_a_fifo(content: Path) -> None:
    """Import reads the captures already kept, to tell a second import: a FIFO there is
    passed over, not waited on."""
    (content / "captures").mkdir()
    os.mkfifo(content / "captures" / "stuck.txt")
    code, lines = _import(content, str(FIXTURES / "captures" / "river-city.txt"))
    assert code == 0 and lines[-1] == "1 imported, 0 skipped, 0 failed"
