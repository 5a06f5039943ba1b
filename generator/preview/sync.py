"""The preview's writer: the docs tree updated in place, only the files an edit changed.

A running preview cannot have its tree swapped under it (the server's watcher would lose track
of the folder), so unlike `site/write.py` this writes into the tree itself.
"""

from __future__ import annotations

from pathlib import Path

from ..files import os_error_message
from ..problems import BuildError
from ..site.write import (
    ELSEWHERE,
    Files,
    WriteReport,
    as_bytes,
    check_target,
    existing_files,
    refuse_climbing,
    same_bytes,
    write_marker,
)


def _destination(root: Path, relative: str) -> Path:
    refuse_climbing(relative)
    return root / relative


def sync_tree(
    files: Files,
    target: Path,
    stamp: str = "",
    expected: set[str] | None = None,
    previous: set[str] | None = None,
) -> WriteReport:
    """Update `target` in place, touching only changed files: for a running preview server,
    whose file watcher would lose track of a folder swapped under it.

    `expected` is every path the tree should hold when `files` is only the part that was
    rendered again; other files are removed: of those in `previous` (the paths the last call
    left, known to the caller) or else of all the files found in `target`.
    """
    check_target(target)
    try:
        return _sync(files, target, stamp, expected, previous)
    except OSError as exc:
        raise BuildError(os_error_message(exc, elsewhere=ELSEWHERE)) from None


def _sync(
    files: Files,
    target: Path,
    stamp: str,
    expected: set[str] | None,
    previous: set[str] | None,
) -> WriteReport:
    target.mkdir(parents=True, exist_ok=True)
    report = WriteReport()
    # Changed files are rewritten in place, in one quick pass after all rendering is done: the
    # preview's watcher then sees one burst of plain "modified" events. (Temporary files renamed
    # in reach it as separate, delayed batches, each starting a MkDocs rebuild.)
    for relative, data in sorted(files.items()):
        content = as_bytes(data)
        destination = _destination(target, relative)
        if same_bytes(destination, content):
            report.unchanged += 1
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            destination.write_bytes(content)
        except OSError as exc:  # a write reports no file name: name it
            raise OSError(exc.errno, exc.strerror, str(destination)) from None
        report.written.append(relative)
    present = previous if previous is not None else existing_files(target)
    report.removed = sorted(present - (expected or set(files)))
    for relative in report.removed:
        (target / relative).unlink()
    write_marker(target, stamp)
    return report
