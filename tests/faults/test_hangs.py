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

import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.faults.bounds import deadline, picture, run_within
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


FIFO_CONFIG = (
    "cannot read a named pipe (FIFO): only regular files are read "
    "(give a regular file with --config)"
)


@pytest.mark.parametrize("command", ["build", "export", "publish", "serve"])
def test_a_fifo_as_config_is_an_error_not_a_hang(content: Path, command: str) -> None:
    """`mkfifo f.yml; digest build --config f.yml`; the same for every command that reads it
    (MkDocs, run by `publish` and `serve`, would wait on it just the same)."""
    fifo = content.parent / "f.yml"
    os.mkfifo(fifo)
    before = picture(content.parent)
    arguments = ["--site", str(content.parent / "site")] if command == "publish" else []
    arguments += [] if command == "publish" else ["--content", str(content)]
    if command in ("build", "serve"):
        arguments += ["--out", str(content.parent / "docs")]
    result = run_within(10, command, "--config", str(fifo), *arguments, cwd=content.parent)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"{fifo}:1: error: {FIFO_CONFIG}\n"
    assert picture(content.parent) == before


@contextmanager
def dripping_server() -> Iterator[str]:
    """A server that answers every request one byte of its status line a second, never done:
    each read of the client gets a byte well within any socket timeout."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip(connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            for byte in itertools.cycle(b"HTTP/1.1 200 OK"):
                if stop.wait(1.0):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    drippers: list[threading.Thread] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue  # look at `stop` again: closing the socket would not wake `accept`
            except OSError:
                return
            drippers.append(threading.Thread(target=drip, args=(connection,), daemon=True))
            drippers[-1].start()

    listener.settimeout(0.2)
    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        acceptor.join()  # no thread left behind: a later test's build must be free to fork
        for dripper in drippers:
            dripper.join()
        listener.close()


def test_links_timeout_bounds_each_whole_request(content: Path) -> None:
    """`digest links --timeout 3` against a server sending a header byte a second: it kept
    running past 90 s; now the link is dead after about 3 s, and the command ends."""
    note = content / "articles" / "2024" / "alpha.md"
    with dripping_server() as base:
        url = f"{base}/slow"
        note.write_text(note.read_text().replace("https://example.org/alpha", url))
        before = picture(content.parent)
        start = time.monotonic()
        result = run_within(20, "links", "--content", str(content), "--timeout", "3")
    assert _elapsed(start) < 15  # three seconds, and the start of the interpreter
    assert (result.returncode, result.stdout) == (
        0,
        f"{note}:6: warning: source.url is dead: timed out after 3 s ({url}) "
        "(replace it, or add an archive: URL)\n",
    )
    assert result.stderr.splitlines()[-1:] == ["0 error(s), 1 warning(s)"]
    assert picture(content.parent) == before


def _chain(content: Path, levels: int) -> str:
    """A parent chain `levels` deep in themes.yml, and a note on its deepest term → its id."""
    terms = ["  - id: level-0\n    name: Level 0\n"]
    terms += [
        f"  - id: level-{i}\n    name: Level {i}\n    parent: level-{i - 1}\n"
        for i in range(1, levels)
    ]
    themes = content / "vocabulary" / "themes.yml"
    themes.write_text(themes.read_text() + "".join(terms))
    deepest = f"level-{levels - 1}"
    (content / "articles" / "2024" / "deep.md").write_text(
        f"---\ntitle: Deep\ndate: 2024-03-01\nsource:\n  name: Wire\n  url: https://example.org/deep\nthemes: [{deepest}]\n"
        "---\nA note on the deepest term.\n"
    )
    return deepest


def test_check_of_a_5000_level_parent_chain_ends(content: Path) -> None:
    """1,000 levels took 5 s, 3,000 levels 45 s, 5,000 more than 4 minutes."""
    _chain(content, 5_000)
    before = picture(content.parent)
    result = run_within(30, "check", "--content", str(content), "--today", TODAY)
    assert (result.returncode, result.stderr) == (0, f"{content}: 5 note(s) checked, no errors\n")
    assert picture(content.parent) == before


def test_build_of_a_250_level_parent_chain(content: Path) -> None:
    """It passed `check`, then `build` failed: "a worker process failed: RecursionError"."""
    deepest = _chain(content, 250)
    out = content.parent / "docs"
    result = run_within(60, "build", "--content", str(content), "--out", str(out), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    index = (out / "themes" / "index.md").read_text()
    assert index.count('<ul class="digest-tree">') == index.count("</ul>") == 250 + 1
    assert f'<a href="../themes/{deepest}/">Level 249</a>' in index
    top = (out / "themes" / "level-0" / "index.md").read_text()
    assert "../../articles/deep/" in top  # the note rolled up 249 levels


def test_ancestors_along_a_long_chain_cost_its_length() -> None:
    from generator.content.model import Term, Vocabulary

    levels = 100_000
    terms = {
        f"t{i}": Term(
            id=f"t{i}", name=f"T{i}", vocabulary="themes", parent=f"t{i - 1}" if i else None
        )
        for i in range(levels)
    }
    with deadline(10):
        vocabulary = Vocabulary.of("themes", terms)
        assert len(vocabulary.ancestors(f"t{levels - 1}")) == levels - 1
        assert vocabulary.ancestors("t0") == () and vocabulary.depth("t2") == 2


def _owner(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_uid, found.st_gid


def _elapsed(start: float) -> float:
    return time.monotonic() - start
