"""What the fault tests of round two share: a deadline for every run, and a picture of a folder
to show that nothing outside a command's own outputs changed.

A hang must fail its test, never the suite: the real executable runs under `subprocess`'s
timeout (killed when it expires), an in-process `cli.main` under `SIGALRM`.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from tests.support import DIGEST, ROOT


class Hang(BaseException):
    """Not an `OSError` (as `TimeoutError` is): no `except OSError` of the code under test may
    take it for a failed read and go on."""


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (`Hang`) instead of hanging: a blocked call in this process is interrupted."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_within(
    seconds: float, *args: str, cwd: Path | None = None, user: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real `digest` executable, killed (and the test failed) if it outlives `seconds`.
    With `user`, it runs as that user (`setpriv`, as root only)."""
    command = [DIGEST, *args]
    if user is not None:
        import pwd

        ids = pwd.getpwnam(user)
        who = [f"--reuid={ids.pw_uid}", f"--regid={ids.pw_gid}", "--clear-groups"]
        command = ["setpriv", *who, *command]
    try:
        return subprocess.run(
            command,
            cwd=cwd or ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=seconds,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"digest {' '.join(args)} still running after {seconds} s") from None


Entry = tuple[str, object]  # (kind, what it holds)


def picture(root: Path, skip: tuple[str, ...] = ()) -> dict[str, Entry]:
    """Every entry under `root` (itself included) with its kind and content: a file's bytes, a
    link's target, a device's number, a folder's mode. Paths under `skip` (relative) are left
    out: the command's own outputs."""
    found: dict[str, Entry] = {}
    for here, folders, files in os.walk(root):
        for name in ["", *folders, *files]:
            path = Path(here) / name
            relative = path.relative_to(root).as_posix()
            if name == "" and path != root:
                continue
            if any(relative == s or relative.startswith(f"{s}/") for s in skip):
                continue
            found[relative] = _entry(path)
    return found


def _entry(path: Path) -> Entry:
    mode = path.lstat()
    if stat.S_ISLNK(mode.st_mode):
        return "link", path.readlink().as_posix()
    if stat.S_ISREG(mode.st_mode):
        return "file", path.read_bytes()
    if stat.S_ISDIR(mode.st_mode):
        return "folder", stat.S_IMODE(mode.st_mode)
    return "special", (stat.S_IFMT(mode.st_mode), mode.st_rdev)
