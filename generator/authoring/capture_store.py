"""Where captures are kept, and what keeps them out of git.

A capture is a copy of someone else's article, kept so the author can write the note and check
it later; it must never be published, and a public repository publishes whatever is committed.
Captures stay in `content/captures/` (beside the notes that name them: `capture:` in a note is
a path in the content folder, and the author's editor finds both in one tree), and the folder
carries its own `.gitignore` that ignores everything in it but itself:

- `digest import` writes it with the first capture when it is missing, so `git add -A` never
  picks up a capture, whichever repository the content folder (`--content DIR`) lives in: a rule
  in the repository's root `.gitignore` would not travel with the folder;
- `digest check` warns about every capture git tracks all the same (added before the ignore file
  existed, or with `git add --force`), asking git itself (`git ls-files`), and only when the
  folder is in a git work tree: without git, or outside a repository, it says nothing.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..problems import Problem, warning

CAPTURES = "captures"
IGNORE_FILE = ".gitignore"
IGNORE_TEXT = """\
# Captures are copies of other people's articles: kept here for the authors, never published,
# never committed. Written by `digest import`; `digest check` warns about any capture git tracks.
*
!.gitignore
"""
GIT_SECONDS = 30


def missing_ignore_file(content: Path) -> Path | None:
    """`captures/.gitignore` if it is not there yet, to be created with the next capture (in
    the same all-or-nothing step, so no capture is ever written without it); else None. A file
    already there is never replaced: it may hold the team's own rules."""
    ignore = content / CAPTURES / IGNORE_FILE
    return None if os.path.lexists(ignore) else ignore


def tracked_captures(content: Path) -> list[Problem]:
    """A warning for each file under `captures/` that git tracks (committed or staged)."""
    folder = content / CAPTURES
    if not folder.is_dir():
        return []
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", "."],
            cwd=folder,
            capture_output=True,
            timeout=GIT_SECONDS,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},  # a check never takes git's locks
        )
    except (OSError, subprocess.SubprocessError):  # no git, or it hung
        return []
    if listed.returncode != 0:  # not in a git work tree
        return []
    names = os.fsdecode(listed.stdout).split("\0")
    problems = []
    for name in sorted(n for n in names if n and n != IGNORE_FILE):
        shown = str(folder / name)
        message = "capture is tracked by git: a push would publish someone else's article"
        hint = f"git rm --cached '{shown}' keeps it on disk and out of the repository"
        problems.append(warning(shown, 1, message, hint))
    return problems
