"""Work split over processes: each part but the last runs in a forked child, the last here.

Forking shares the parent's memory (the corpus, the digests) without copying or pickling it;
only each part's result travels back, pickled through a pipe. Where `fork` is missing, or other
threads run (a fork copies only the calling thread, perhaps with a lock one of the others
held), the parts run one after another in this process.
"""

from __future__ import annotations

import os
import pickle
import struct
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any, TypeVar

from ..problems import BuildError, DigestError

T = TypeVar("T")
MAX_PIECES = 1024  # piece numbers queued in one pipe write (4 kB: below any pipe's buffer)
_NUMBER = struct.Struct("=I")


def workers() -> int:
    """Processes to split work over: the cores this process may use, at most four."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def run_parts(parts: Sequence[Callable[[], T]]) -> list[T]:
    """Every part's result, in order; a part that fails raises `BuildError` here."""
    if len(parts) < 2 or not can_fork():
        return [part() for part in parts]
    children = [_fork(part) for part in parts[:-1]]
    try:
        own: tuple[bool, Any] = (True, parts[-1]())
    except Exception as error:  # this process is a worker too: its failure reads the same
        own = (False, _failure(error))
    finally:
        replies = [_collect(pid, reader) for pid, reader in children]
    failed = [reply for ok, reply in (*replies, own) if not ok]
    if failed:
        refused = [text for text in failed if text.startswith(_REFUSED)]
        if refused:  # a failure the package itself explained (a full disk): its line, as it is
            raise BuildError(refused[0].removeprefix(_REFUSED))
        raise BuildError(f"a worker process failed: {failed[0]}")
    return [reply for _, reply in (*replies, own)]


_REFUSED = "refused: "


def _failure(error: BaseException) -> str:
    """A failure as text for the parent: a `DigestError` keeps its one line (it already says
    what happened and what to do); anything else is named by its type."""
    if isinstance(error, DigestError):
        return _REFUSED + str(error)
    return f"{type(error).__name__}: {error}"


def _fork(part: Callable[[], Any]) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run its part, report, and leave without running any cleanup
        os.close(reader)
        code = 0
        try:
            reply: tuple[bool, Any] = (True, part())
        except BaseException as error:  # reported to the parent, which raises it
            reply, code = (False, _failure(error)), 1
        with os.fdopen(writer, "wb") as channel:
            pickle.dump(reply, channel, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(code)
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int) -> tuple[bool, Any]:
    """(True, the child's result) or (False, the text of its failure)."""
    with os.fdopen(reader, "rb") as channel:
        try:
            reply: tuple[bool, Any] = pickle.load(channel)
        except (EOFError, pickle.UnpicklingError):
            reply = (False, "the process ended without a report")
    os.waitpid(pid, 0)
    return reply


def share_out(
    pieces: int,
    work: Callable[[Iterable[int]], T],
    count: int,
    lead: Callable[[Iterable[int]], T] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[T]:
    """`work` run by `count` processes over the piece numbers `0 … pieces-1`, each process
    taking the next number as soon as it is done with its last, so that no process sits idle
    while another still has a long queue; one result per process. This process runs `lead`
    instead of `work`, if given: it may do work of its own first, then take numbers too.

    The numbers wait in a pipe filled before forking: a read of one number's four bytes is
    atomic, so every number is taken by exactly one process.
    """
    if pieces > MAX_PIECES:
        raise ValueError(f"at most {MAX_PIECES} pieces, not {pieces}")
    lead = lead or work
    forked = count >= 2 and can_fork()
    done = _Done(pieces, progress, forked) if progress else None
    if not forked:
        return [lead(_reported(range(pieces), done))]
    reader, writer = os.pipe()
    try:
        os.write(writer, b"".join(_NUMBER.pack(number) for number in range(pieces)))
    finally:
        os.close(writer)
    try:
        parts = [partial(work, _reported(_taken(reader), done)) for _ in range(count - 1)]
        here = partial(lead, _reported(_taken(reader), done))
        return run_parts([*parts, partial(_watching, here, done) if done else here])
    finally:
        os.close(reader)
        if done:
            done.close()


class _Done:
    """Pieces finished, counted across processes. Alone, a process counts them itself; forked,
    each writes a byte to a pipe per piece, and a thread of this process, started once the
    others are forked (`_watching`), reads them until every writer has closed the pipe."""

    def __init__(self, pieces: int, progress: Callable[[int, int], None], forked: bool) -> None:
        self.pieces, self.progress = pieces, progress
        self.finished = 0
        self.reader, self.writer = os.pipe() if forked else (-1, -1)
        self.watcher: threading.Thread | None = None

    def piece(self) -> None:
        if self.writer < 0:
            self.finished += 1
            self.progress(self.finished, self.pieces)
        else:
            os.write(self.writer, b"\x01")

    def watch(self) -> None:
        while chunk := os.read(self.reader, 4096):
            self.finished += len(chunk)
            self.progress(self.finished, self.pieces)

    def close(self) -> None:
        """After every process is done: the last counts in, the pipe gone."""
        if self.writer >= 0:
            os.close(self.writer)
        if self.watcher is not None:
            self.watcher.join()
        if self.reader >= 0:
            os.close(self.reader)


def _reported(numbers: Iterable[int], done: _Done | None) -> Iterator[int]:
    """The piece numbers, each reported done when the next one is asked for (or at the end)."""
    previous = False
    for number in numbers:
        if previous and done:
            done.piece()
        previous = True
        yield number
    if previous and done:
        done.piece()


def _watching(lead: Callable[[], T], done: _Done) -> T:
    """`lead` run here while a thread counts every process's pieces; the children are forked
    by now, so no child copies the thread."""
    done.watcher = threading.Thread(target=done.watch, name="pieces-done", daemon=True)
    done.watcher.start()
    return lead()


def _taken(reader: int) -> Iterator[int]:
    while len(data := os.read(reader, _NUMBER.size)) == _NUMBER.size:
        yield _NUMBER.unpack(data)[0]
