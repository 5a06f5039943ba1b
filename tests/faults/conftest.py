"""Fixtures that make the file system fail for real: a read-only bind mount and a small full
tmpfs. Both need root with the right to mount; elsewhere those tests are skipped with the
reason, and the mocked `OSError` tests (which always run) cover the same messages."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ReadOnly = Callable[[Path], None]
CANNOT_MOUNT = "mounting needs root with CAP_SYS_ADMIN (as root, chmod stops no write)"


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """`read_only(folder)` makes `folder` read-only for everyone, root included (a read-only
    bind mount of the folder onto itself), until the test ends."""
    mounted: list[Path] = []

    def make(folder: Path) -> None:
        if not _mount("--bind", str(folder), str(folder)):
            pytest.skip(f"no read-only bind mount: {CANNOT_MOUNT}")
        mounted.append(folder)
        if not _mount("-o", "remount,bind,ro", str(folder)):
            pytest.skip(f"no read-only bind mount: {CANNOT_MOUNT}")

    yield make
    for folder in reversed(mounted):
        _unmount(folder)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs, to be filled with `fill`."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)):
        pytest.skip(f"no tmpfs: {CANNOT_MOUNT}")
    yield disk
    _unmount(disk)


def fill(disk: Path) -> None:
    """Every free byte of `disk` taken by a filler file."""
    with (disk / "filler").open("wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


NOBODY = "nobody"


@pytest.fixture
def nobody_content(content: Path) -> Iterator[Path]:
    """A copy of the fixture content that the unprivileged user `nobody` owns, in a folder of
    its own (tmp_path is closed to others), for `run_within(..., user=NOBODY)`; skipped where
    running as another user is not possible (not root, no setpriv, no such user)."""
    import pwd
    import tempfile

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("running as another user needs root and setpriv")
    try:
        user = pwd.getpwnam(NOBODY)
    except KeyError:
        pytest.skip(f"no user {NOBODY!r} here")
    closed = _closed_to_others(Path(sys.executable).parent)
    if closed is not None:
        pytest.skip(f"{NOBODY!r} cannot reach this checkout's digest: {closed} is closed to others")
    home = Path(tempfile.mkdtemp(prefix="digest-nobody-"))
    shutil.copytree(content, home / "content")
    for here, folders, files in os.walk(home):
        for path in [Path(here), *(Path(here) / name for name in folders + files)]:
            os.lchown(path, user.pw_uid, user.pw_gid)
    yield home / "content"
    shutil.rmtree(home, ignore_errors=True)


def _closed_to_others(folder: Path) -> Path | None:
    """The first folder on the way to `folder` that other users may not enter (a checkout in
    a private temporary folder), if any."""
    for step in reversed([folder, *folder.parents]):
        if not step.stat().st_mode & stat.S_IXOTH:
            return step
    return None
