"""The file system, used so that nothing hangs, nothing is half-written and every failure is one line.

Every command reads and writes through these few calls:

- `read_regular`: a regular file's bytes, at most `limit` of them. A FIFO would block the
  reader forever and `/dev/zero` never ends, while `st_size` says 0 for both; so the file is
  opened without blocking, its kind is asked of the opened descriptor (no race with a file
  swapped in between a check and the open), and the limit is enforced while reading.
- `create_new`: files that appear whole or not at all, and never over another file (a
  temporary file hard-linked to its name: `link` fails if the name is taken, atomically).
- `locked`: one writer at a time in a folder (`flock` on the folder itself, so no lock file is
  left behind; the kernel drops the lock when its holder dies, however it dies).
- `os_error_message`: an `OSError` as one line that names the path and says what to do.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .problems import DigestError

READ_CHUNK = 1 << 16
LOCK_WAIT_SECONDS = 60.0

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class UnreadableError(Exception):
    """A file this package refuses to read, with why in a few words (`reason`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotRegularError(UnreadableError):
    """Not a regular file: reading it could block forever or never end."""


class TooLargeError(UnreadableError):
    """More bytes than the limit; reading stopped at the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"file is larger than {size_text(limit)}")
        self.limit = limit


def size_text(size: int) -> str:
    """`1 MB`, `64 MB`, `512 kB`: limits as the README states them (decimal units)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    return f"{size / 1_000:g} kB"


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "what is not a regular file")


def _not_regular(mode: int) -> NotRegularError:
    return NotRegularError(f"cannot read {_kind(mode)}: only regular files are read")


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), never more than `limit`.

    Raises `NotRegularError` for a FIFO, device, socket or folder, `TooLargeError` past
    `limit`, and `OSError` as reading does. `O_NONBLOCK` makes opening a FIFO return at once
    (without it, `open` waits for a writer); the kind is then read from the open descriptor.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:  # a socket cannot be opened at all (ENXIO): say what it is
        try:
            found = Path(path).stat()
        except OSError:
            raise exc from None
        if not stat.S_ISREG(found.st_mode):
            raise _not_regular(found.st_mode) from None
        raise
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode):
            raise _not_regular(found.st_mode)
        return _read_capped(descriptor, limit, found.st_size)
    finally:
        os.close(descriptor)


def _read_capped(descriptor: int, limit: int, size_hint: int) -> bytes:
    """Reads to the end, but never more than `limit` + 1 bytes. `size_hint` (`st_size`) only
    sizes the first read: a file that grows, or one of /proc that says 0, is still capped."""
    chunks: list[bytes] = []
    total = 0
    wanted = min(limit + 1, max(size_hint + 1, READ_CHUNK))
    while True:
        chunk = os.read(descriptor, wanted)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLargeError(limit)
        wanted = min(limit + 1 - total, READ_CHUNK)


def _with_path(exc: OSError, path: Path | str) -> OSError:
    """The same error, naming `path` (a write on an open file reports no file name)."""
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


def _temporary(folder: Path, data: bytes) -> Path:
    """`data` in a new hidden file of `folder`, flushed to the disk. Its name is short, so a
    long final name cannot make it too long; hidden, so no reader takes it for content."""
    for attempt in range(100):
        candidate = folder / f".digest-{os.getpid()}-{attempt}.tmp"
        try:
            descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        except BaseException:
            os.close(descriptor)
            candidate.unlink(missing_ok=True)
            raise
        os.close(descriptor)
        return candidate
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def create_new(files: Sequence[tuple[Path, bytes]]) -> None:
    """Create every file of `files`, each with its bytes, all or none; never over a file.

    The bytes are first written to temporary files (so a full disk fails before any name
    appears), then each is hard-linked to its name: `link` is atomic and fails if the name
    exists, even when another process is creating it at the same instant (`NameTakenError`,
    the one error that means "try another name"). On any failure the names already linked are
    removed, so neither file of a note-and-capture pair is left alone. File systems without
    hard links get `O_EXCL` instead. Errors name the final path, never a temporary one; a file
    where a folder should be is `NotADirectoryError`, found before any folder is made.
    """
    temporary: list[tuple[Path, Path]] = []
    linked: list[Path] = []
    for path, _ in files:  # before any folder is made: a failure leaves nothing behind
        _no_file_on_the_way(path)
    try:
        for path, data in files:
            try:
                _make_folder(path.parent)
                temporary.append((_temporary(path.parent, data), path))
            except OSError as exc:
                raise _with_path(exc, path) from None
        for source, path in temporary:
            _link(source, path)
            linked.append(path)
    except BaseException:
        for path in linked:
            path.unlink(missing_ok=True)
        raise
    finally:
        for source, _ in temporary:
            source.unlink(missing_ok=True)


def file_on_the_way(path: Path | str) -> Path | None:
    """The first folder of `path`'s parents that is there but is not a folder (a file, a
    device …), if any: the one to move away before `path` can be written."""
    for folder in reversed(Path(path).parents):
        try:
            found = folder.stat()
        except OSError:
            return None  # missing (to be made), or unreadable: the write itself will say
        if not stat.S_ISDIR(found.st_mode):
            return folder
    return None


def _no_file_on_the_way(path: Path) -> None:
    """`NotADirectoryError` naming `path` when a file stands where one of its folders should
    be. `mkdir` would say `FileExistsError`, which a caller looking for a free name takes for
    "name taken" and tries the next one, forever (`digest new` did)."""
    if file_on_the_way(path) is not None:
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # made a file meanwhile: never "name taken"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)) from None


class NotAFileError(OSError):
    """`-o` names what is not a regular file (a device, a FIFO, a folder): never replaced."""


def _write_target(path: Path) -> Path:
    """Where writing `path` lands: through its symlinks (a link stays a link, and its target
    gets the new bytes), and only ever onto a regular file or a free name."""
    try:
        target = Path(os.path.realpath(path, strict=False)) if path.is_symlink() else path
        found = target.stat()
    except FileNotFoundError:
        return target
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
        code = exc.errno if isinstance(exc, OSError) else errno.ELOOP
        raise OSError(code, os.strerror(code or errno.ELOOP), str(path)) from None
    if not stat.S_ISREG(found.st_mode):
        raise NotAFileError(errno.EEXIST, f"it is {_kind(found.st_mode)}", str(path))
    return target


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` to `path`, replacing what is there in one step (a temporary file renamed
    over it): a failure leaves the previous file as it was, and the error names `path`.

    Only a regular file is ever replaced: a device, FIFO or folder at `path` is refused
    (`NotAFileError`), a symlink is written through (its target replaced, the link kept)."""
    target = _write_target(path)
    try:
        source = _temporary(target.parent, data)
    except OSError as exc:
        raise _with_path(exc, path) from None
    try:
        _write_target(path)  # once more, just before: what is there may have changed
        source.replace(target)
    except OSError as exc:
        source.unlink(missing_ok=True)
        if isinstance(exc, NotAFileError):
            raise
        raise _with_path(exc, path) from None


class NameTakenError(FileExistsError):
    """The name was free a moment ago and another process has just taken it: a caller looking
    for a free name goes on to the next one. Any other `FileExistsError` is a real failure."""


def _link(source: Path, path: Path) -> None:
    try:
        os.link(source, path)
    except FileExistsError:
        raise NameTakenError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise _with_path(exc, path) from None
        _copy_exclusive(source, path)  # no hard links here (FAT, some network file systems)


def _copy_exclusive(source: Path, path: Path) -> None:
    data = source.read_bytes()
    try:
        with path.open("xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise NameTakenError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise _with_path(exc, path) from None


class BusyError(DigestError):
    """Another process holds the folder's lock for longer than we wait."""


@contextmanager
def locked(folder: Path, what: str, wait: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (an `flock` on the folder itself) while the block runs.

    Another holder is waited for, up to `wait` seconds (`LOCK_WAIT_SECONDS`); then `BusyError`
    names the folder and `what` holds it. The lock goes with the process: a killed holder never leaves it behind.
    """
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BusyError(
                        f"{folder} is in use by {what} (waited {wait:g} s); "
                        "run the command again when it has finished"
                    ) from None
                time.sleep(0.05)
            except OSError as exc:  # no locks on this file system (some NFS): go on without;
                if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP):
                    raise  # exclusive creation still keeps every file from being overwritten
                break
        yield
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock


_WHAT_TO_DO = {
    errno.EROFS: "the file system is read-only: {elsewhere}",
    errno.EACCES: "permission denied: make it writable, or {elsewhere}",
    errno.EPERM: "not permitted: make it writable, or {elsewhere}",
    errno.ENOSPC: "the disk is full: free some space, then run the command again",
    errno.EDQUOT: "the disk quota is used up: free some space, then run the command again",
    errno.ENAMETOOLONG: "a name in the path is too long for the file system: use a shorter one",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder: give a file name",
    errno.ENOENT: "a folder on the way does not exist",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n), then run it again",
}


def os_error_message(
    exc: OSError, path: Path | str | None = None, verb: str = "write", elsewhere: str = ""
) -> str:
    """`cannot write build/docs: Read-only file system (the file system is read-only: choose
    another folder with --out)`: one line, the path, the system's reason and what to do.

    `elsewhere` says where else the command could write (an option to pass)."""
    where = path if path is not None else (exc.filename or "a file")
    reason = exc.strerror or type(exc).__name__
    advice = _WHAT_TO_DO.get(exc.errno or 0, "check the path, then run the command again")
    if verb == "read" and exc.errno in (errno.EACCES, errno.EPERM):
        advice = "permission denied: make it readable, or {elsewhere}"
    on_the_way = exc.errno in (errno.ENOTDIR, errno.EEXIST)  # `mkdir` of a file's name: EEXIST
    blocker = file_on_the_way(where) if on_the_way else None
    if blocker is not None:
        reason = os.strerror(errno.ENOTDIR)
        advice = f"{blocker} is a file, not a folder: move it away, then run the command again"
    if isinstance(exc, NotAFileError):
        reason, advice = (
            f"{reason}, not a regular file",
            "only a regular file is replaced: {elsewhere}",
        )
    advice = advice.format(elsewhere=elsewhere or "write somewhere else")
    return f"cannot {verb} {where}: {reason} ({advice})"


def content_digest(data: bytes) -> bytes:
    """A short digest of a file's bytes: what tells a touched file from an edited one, and a
    file as written from one damaged since."""
    return hashlib.blake2b(data, digest_size=16).digest()


# What a file system without hard links (FAT, some network and overlay mounts) answers `link`.
NO_HARD_LINKS = frozenset({errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP})


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """The same file under a second name (a hard link: no copy, no space), or a copy of it
    where the file system has no hard links."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS:
            raise
        shutil.copy2(source, target)
