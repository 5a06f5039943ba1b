"""The docs tree as the build left it: what in it no longer matches, and how a few files change.

Every file the build writes is recorded with its signature and the digest of its bytes
(`state.Output`). A later run looks at the tree with stat calls: a file whose signature moved is
read and compared by digest, so a file edited or damaged by hand, truncated by a full disk, or
removed, is found and written again, and a file that is not the build's is removed (the docs
tree is generated; `digest build --full` would not have it either).

A run that changes a few files updates the tree in place, each file replaced whole (written
beside, then renamed over), rather than swapping in a copy of the whole tree: a copy costs what
the archive costs, an edit should cost what it changes. The marker file says "writing" while
files change; should the run be killed half way, the tree is a mix, the marker says so, `digest
publish` refuses it, and the next build (whose state still describes the tree as it was)
finds every file that differs and writes it again.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..files import os_error_message
from ..problems import BuildError
from ..site.write import ELSEWHERE, MARKER, MARKER_TEXT, as_bytes, check_target, refuse_climbing
from .inputs import Signature, content_digest, is_racy, scan, signature
from .state import Output

WRITING, COMPLETE = "writing", "complete"


@dataclass
class TreeCheck:
    """How the tree differs from what the build wrote."""

    damaged: set[str] = field(default_factory=set)  # changed, or missing
    foreign: set[str] = field(default_factory=set)  # there, but not the build's
    # the same bytes under a new signature (a tree restored from a cache, copied, touched):
    # recorded, so that the next run trusts a `stat` again instead of reading every file
    moved: dict[str, Signature] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return not self.damaged and not self.foreign


def check_tree(out: Path, outputs: Mapping[str, Output]) -> TreeCheck:
    """Compare the tree at `out` with `outputs`: stat calls, and the bytes of any file whose
    signature moved (or was recorded within a clock tick of its write)."""
    found = scan(str(out), "", skip=MARKER)
    check = TreeCheck(foreign=set(found) - set(outputs))
    for path, output in outputs.items():
        now = found.get(path)
        if now is None:
            check.damaged.add(path)
        elif now == output.signature and not is_racy(output.signature):
            continue
        elif _digest(out / path) != output.digest:
            check.damaged.add(path)
        elif now != output.signature and not is_racy(now):  # racy: read again next time
            check.moved[path] = now
    return check


def refreshed(outputs: Mapping[str, Output], check: TreeCheck) -> dict[str, Output]:
    """`outputs` with the new signatures of the files `check` found moved but unchanged."""
    fresh = dict(outputs)
    for path, now in check.moved.items():
        fresh[path] = Output(now, outputs[path].digest)
    return fresh


def marker_state(out: Path) -> str | None:
    """What the marker says: `COMPLETE`, `WRITING`, or None (no marker: not a tree of ours)."""
    try:
        lines = (out / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return None
    return lines[1] if len(lines) > 1 and lines[1] in (WRITING, COMPLETE) else COMPLETE


def set_marker(out: Path, state: str) -> None:
    _replace(out / MARKER, (MARKER_TEXT + state + "\n").encode())


@dataclass
class Update:
    """What an in-place update did."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def update_in_place(
    out: Path,
    files: Mapping[str, str | bytes],
    outputs: dict[str, Output],
    remove: Iterable[str],
    rewrite: set[str],
    plain_writes: bool = False,
) -> Update:
    """Write the files of `files` whose bytes differ from `outputs` (or that are in `rewrite`),
    remove `remove`, and record each in `outputs`. `plain_writes` writes files in place
    instead of renaming a new file over each (a preview's server may hold them open)."""
    check_target(out)
    try:
        return _update(out, files, outputs, remove, rewrite, plain_writes)
    except OSError as exc:
        raise BuildError(os_error_message(exc, elsewhere=ELSEWHERE)) from None


def _update(
    out: Path,
    files: Mapping[str, str | bytes],
    outputs: dict[str, Output],
    remove: Iterable[str],
    rewrite: set[str],
    plain_writes: bool,
) -> Update:
    done = Update()
    changes: list[tuple[str, bytes, bytes]] = []
    for relative, data in sorted(files.items()):
        content = as_bytes(data)
        digest = content_digest(content)
        known = outputs.get(relative)
        if known is None and relative not in rewrite and _digest(out / relative) == digest:
            known = outputs[relative] = Output(signature(out / relative) or (0,) * 4, digest)
        if known is not None and known.digest == digest and relative not in rewrite:
            done.unchanged += 1
        else:
            changes.append((relative, content, digest))
    gone = sorted(path for path in remove if path in outputs or (out / path).exists())
    if not changes and not gone:
        return done
    try:  # the first write: a read-only or full tree is said here, naming the tree
        out.mkdir(parents=True, exist_ok=True)
        set_marker(out, WRITING)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    try:
        _apply(out, changes, gone, outputs, done, plain_writes)
    except BaseException:
        if not done.written and not done.removed:  # nothing changed yet: the tree is whole
            with contextlib.suppress(OSError):
                set_marker(out, COMPLETE)
        raise
    set_marker(out, COMPLETE)
    return done


def _apply(
    out: Path,
    changes: list[tuple[str, bytes, bytes]],
    gone: list[str],
    outputs: dict[str, Output],
    done: Update,
    plain_writes: bool,
) -> None:
    for relative, content, digest in changes:
        refuse_climbing(relative)
        destination = out / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if plain_writes:
            _write(destination, content)
        else:
            _replace(destination, content)
        outputs[relative] = Output(signature(destination) or (0, 0, 0, 0), digest)
        done.written.append(relative)
    for relative in gone:
        refuse_climbing(relative)
        (out / relative).unlink(missing_ok=True)
        outputs.pop(relative, None)
        _prune_empty(out, relative)
        done.removed.append(relative)


def _prune_empty(out: Path, relative: str) -> None:
    """Folders a removed file leaves empty go too: a clean build would not have them."""
    folder = (out / relative).parent
    while folder != out:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _write(path: Path, content: bytes) -> None:
    try:
        with open(path, "wb") as file:  # noqa: PTH123
            file.write(content)
    except OSError as exc:  # a write reports no file name: name it
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def _replace(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.digest-{os.getpid()}")
    try:
        _write(temporary, content)
        temporary.replace(path)
    except OSError as exc:  # named as the file it replaces: the temporary name means nothing
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        temporary.unlink(missing_ok=True)


def _digest(path: Path) -> bytes:
    try:
        return content_digest(path.read_bytes())
    except (OSError, ValueError):
        return b""


def record_tree(out: Path, digests: Mapping[str, bytes]) -> dict[str, Output]:
    """The tree at `out` as written by a full build whose files had these digests."""
    found = scan(str(out), "", skip=MARKER)
    return {path: Output(found[path], digest) for path, digest in digests.items() if path in found}
