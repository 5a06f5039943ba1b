"""What changed on disk since the last run, found the way git finds it: by `stat`.

A file is taken as unchanged while its size, modification time, change time and inode all stay
the same. The change time (`ctime`) catches what the others miss: an edit that keeps the size
and sets the modification time back (`touch -d`, `cp -p`, a checkout) still moves it, and no
program can set it. A file written within `RACY_NS` of the moment its signature was recorded is
"racily clean" (git's term): a second save within the same tick of the file system's clock, of
the same length, would leave every field the same, so such a file is read again, and compared
by its contents, until it is older.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISREG

from ..files import content_digest

__all__ = ["content_digest"]  # a file's digest, from `files`, for this package's modules

Signature = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
RACY_NS = 2_000_000_000  # file system clocks tick every few milliseconds; some every 2 s


def signature(path: str | Path) -> Signature | None:
    """The file's signature, or None if it is missing or not a regular file."""
    try:
        found = os.stat(path)  # noqa: PTH116 (strings: Path objects cost 4× here)
    except (OSError, ValueError):
        return None
    if not S_ISREG(found.st_mode):
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def is_racy(found: Signature, now_ns: int | None = None) -> bool:
    """Written so recently that another write in the same clock tick would look the same."""
    now = time.time_ns() if now_ns is None else now_ns
    return max(found[1], found[2]) + RACY_NS >= now


def files_under(root: str) -> Iterator[str]:
    """Paths of the files below `root` (os.walk: a quarter of the cost of Path.rglob)."""
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        yield from (os.path.join(folder, name) for name in sorted(names))  # noqa: PTH118


def scan(root: str, prefix: str, suffix: str = "", skip: str = "") -> dict[str, Signature]:
    """`prefix + relative path` → signature of every regular file below `root` whose name ends
    with `suffix` (hidden folders, and the file named `skip`, left out): the quick look of a
    run with nothing to do, with strings and `scandir` only (Path objects and `os.walk` cost
    several times as much over 100,000 files)."""
    found: dict[str, Signature] = {}
    pending = [(root, prefix)]
    while pending:
        folder, shown = pending.pop()
        try:
            entries = os.scandir(folder)
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if entry.is_dir():
                    if not name.startswith("."):
                        pending.append((entry.path, f"{shown}{name}/"))
                elif name.endswith(suffix) and name != skip:
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue
                    if S_ISREG(stat.st_mode):
                        found[f"{shown}{name}"] = (
                            stat.st_size,
                            stat.st_mtime_ns,
                            stat.st_ctime_ns,
                            stat.st_ino,
                        )
    return found


def tree_signatures(root: Path, skip: Iterable[str] = ()) -> dict[str, Signature]:
    """Every regular file below `root` by its path relative to `root`, with its signature."""
    skipped = set(skip)
    base = len(str(root)) + 1
    found: dict[str, Signature] = {}
    for path in files_under(str(root)):
        relative = path[base:].replace(os.sep, "/")
        if relative in skipped:
            continue
        stamp = signature(path)
        if stamp is not None:
            found[relative] = stamp
    return found


def contents_digest(*roots: Path | None, suffix: str = "") -> str:
    """A digest of the names and bytes of every file below `roots` (a file counts as itself)
    whose name ends with `suffix`: templates, the package, the config. By contents, not
    signatures: a fresh checkout (every CI run) gives every file a new inode and time, and
    must not count as a change of the templates."""
    digest = hashlib.sha256()
    for root in roots:
        if root is None:
            continue
        if not root.is_dir():
            digest.update(f"{root}\0".encode() + _bytes_of(str(root)))
            continue
        base = len(str(root)) + 1
        for path in files_under(str(root)):
            if path.endswith(suffix):
                digest.update(f"{path[base:]}\0".encode() + _bytes_of(path) + b"\0")
    return digest.hexdigest()


def _bytes_of(path: str) -> bytes:
    if signature(path) is None:  # never open a FIFO or a device: it could block for good
        return b"\0missing"
    try:
        with open(path, "rb") as file:  # noqa: PTH123
            return file.read()
    except (OSError, ValueError):
        return b"\0missing"
