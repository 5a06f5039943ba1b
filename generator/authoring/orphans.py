"""Orphaned captures: saved articles that no note refers to any more.

`digest import` keeps each capture beside its draft, and the guide says to delete the drafts one
does not want. Their captures stayed in the git-ignored `content/captures/`, unseen, and a
second import of the same file was skipped as "already imported" although no note existed.

A capture counts as referred to when a note's `capture:` names it, or when a note has its name
(`digest import` names both alike: `articles/2024/<slug>.md`, `captures/2024/<slug>.txt`).
Notes are read as text, not as YAML, so that a note whose front matter has errors still keeps
its capture; `digest check` lists the others as warnings, `digest captures --remove-orphans`
removes them, and `digest import` takes an orphaned capture up again.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.read import MAX_NOTE_BYTES, note_files
from ..files import UnreadableError, read_regular
from ..problems import Problem, warning
from .capture_store import CAPTURES

_CAPTURE_LINE = re.compile(
    r"""^capture:[ \t]*['"]?(?P<path>[^'"#\n]*?)['"]?[ \t]*(?:#.*)?$""", re.M
)
REMOVE_COMMAND = "digest captures --remove-orphans"


@dataclass
class Orphans:
    """The captures no note refers to, and the notes that could not be read to tell."""

    captures: list[Path] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # notes as shown: their captures unknown


def capture_files(content: Path) -> list[Path]:
    """Every capture under `content/captures/`, sorted; hidden files (`.gitignore`) are not."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(content / CAPTURES):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        found += [Path(folder) / name for name in sorted(names) if not name.startswith(".")]
    return found


def find_orphans(content: Path) -> Orphans:
    """The captures no note refers to. Note files are read only when some capture's name is no
    note's: the usual case (every capture beside its note) costs a listing of the notes."""
    captures = capture_files(content)
    if not captures:
        return Orphans()
    notes = [file for file, _ in note_files(content, str(content))[0]]
    slugs = {file.stem.lower() for file in notes}
    left = [capture for capture in captures if capture.stem.lower() not in slugs]
    if not left:
        return Orphans()
    named, unreadable = _named_captures(notes, content)
    orphans = [c for c in left if os.path.normpath(c.relative_to(content)) not in named]
    return Orphans(orphans, unreadable)


def _named_captures(notes: list[Path], content: Path) -> tuple[set[str], list[str]]:
    """The `capture:` paths the notes name (relative to `content`), and the notes not read."""
    named: set[str] = set()
    unreadable: list[str] = []
    for file in notes:
        try:
            text = read_regular(file, MAX_NOTE_BYTES).decode("utf-8", "replace")
        except (OSError, UnreadableError):
            unreadable.append(str(file))
            continue
        named.update(found["path"].strip() for found in _CAPTURE_LINE.finditer(text))
    return {os.path.normpath(path) for path in named if path}, unreadable


def orphan_problems(content: Path) -> list[Problem]:
    """A warning for each orphaned capture, for `digest check`."""
    message = "orphaned capture: no note refers to it"
    hint = f"remove every orphaned capture with `{REMOVE_COMMAND}`, or import it again"
    return [warning(str(capture), 1, message, hint) for capture in find_orphans(content).captures]


def remove_orphans(orphans: Orphans, content: Path) -> list[Path]:
    """Each orphaned capture removed (a link itself, never what it leads to), then the year
    folders it leaves empty → the captures removed."""
    removed = []
    for capture in orphans.captures:
        try:
            capture.unlink()
        except FileNotFoundError:  # removed meanwhile: what was wanted
            continue
        removed.append(capture)
    root = content / CAPTURES
    for folder in sorted({capture.parent for capture in removed}, reverse=True):
        if folder != root and not any(folder.iterdir()):
            folder.rmdir()
    return removed
