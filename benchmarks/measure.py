"""Timing a command: wall clock, peak memory of its process tree, and the files it wrote.

Every timed command starts after `sync`: on the benchmark VM (ext4 mounted with `discard`), the
write-back of an earlier step's files slowed the file creation of the next build by seconds.
Memory is the peak resident set size of the process and its children, from `os.wait4`'s rusage,
so a command that hands its work to another binary (Pagefind) is charged for it.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.commands import Engine


@dataclass
class Run:
    """One command as it ran: its line, wall time, exit code, peak RSS, log and the log's end."""

    cmd: list[str]
    seconds: float
    rc: int
    maxrss_mb: float
    log: str
    tail: str = ""


def timed(cmd: Sequence[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Run:
    """Run `cmd` after `sync`, appending its output to `log`; wall time and peak RSS."""
    os.sync()
    command = list(map(str, cmd))
    with log.open("ab") as out:
        out.write(("\n$ " + " ".join(command) + "\n").encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=out, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    tail = "\n".join(log_end(log).rstrip().splitlines()[-3:])
    return Run(command, round(seconds, 3), proc.returncode, maxrss_mb(usage), str(log), tail)


def maxrss_mb(usage: resource.struct_rusage) -> float:
    """The peak RSS of a reaped child (its largest process, waited-for descendants included),
    in MiB: ru_maxrss is in KiB on Linux, bytes on macOS."""
    unit = 1024 * 1024 if sys.platform == "darwin" else 1024
    return round(float(usage.ru_maxrss) / unit, 1)


def log_end(log: Path, size: int = 16_384) -> str:
    """The last `size` bytes of a log (a long build's log is not read whole for its tail)."""
    with log.open("rb") as fh:
        fh.seek(max(0, fh.seek(0, os.SEEK_END) - size))
        return fh.read().decode("utf-8", errors="replace")


def build_site(
    engine: Engine, config: Path, cwd: Path, log: Path, dirty: bool = False, strict: bool = False
) -> Run:
    """`engine` builds the site of `config`, timed (`strict`: the config asks for it)."""
    return timed(engine.build(config, dirty, strict), cwd, log, env=engine.environ())


# `digest build`'s own summary line, to cross-check the snapshot comparison
REPORTED = re.compile(r"(\d+) file\(s\) written, (\d+) unchanged, (\d+) removed")


def run_record(run: Run, **extra: Any) -> dict[str, Any]:
    """A run as the results' JSON keeps it, with `ok`, the counts `digest` reported, `extra`."""
    record = asdict(run)
    record["ok"] = run.rc == 0
    found = REPORTED.findall(run.tail)
    if found:
        written, unchanged, removed = map(int, found[-1])
        record["reported"] = {"written": written, "unchanged": unchanged, "removed": removed}
    record.update(extra)
    return record


def count_warnings(log: Path) -> int:
    text = log.read_text(encoding="utf-8", errors="replace")
    return sum(1 for line in text.splitlines() if line.startswith("WARNING"))


# ------------------------------------------------------------------------------------------
# the files a step wrote: snapshots of a tree before and after


Snapshot = dict[str, tuple[int, int, int]]


def walk(root: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to root, stat) of every file under root, streamed, depth first; no
    symlink is followed. A missing root has no files."""
    if not root.exists():
        return
    cut = len(str(root)) + 1
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    yield entry.path[cut:], entry.stat(follow_symlinks=False)


def snapshot(root: Path) -> Snapshot:
    """path -> (mtime_ns, inode, size) for every file under root: about 300 bytes a file in
    this process (300 MB at a million files), built in one pass."""
    return {path: (st.st_mtime_ns, st.st_ino, st.st_size) for path, st in walk(root)}


def tree_stats(root: Path) -> tuple[int, int]:
    """(files, bytes) under root, streamed: nothing is held per file."""
    files = size = 0
    for _, st in walk(root):
        files += 1
        size += st.st_size
    return files, size


def largest_page(root: Path) -> tuple[str, int]:
    """(path, bytes) of the biggest page source (`*.md`) under root: every page lists a bounded
    number of notes (yearly and monthly pages go on over numbered pages), so this stays flat as
    the archive grows. The dataset files under `data/` are the whole archive by design."""
    pages = ((path, st.st_size) for path, st in walk(root) if path.endswith(".md"))
    return max(pages, key=lambda page: page[1], default=("", 0))


def changed(before: Snapshot, after: Snapshot) -> dict[str, list[str]]:
    """Files written (new, or mtime/inode changed) and removed between two snapshots: one
    dictionary look-up per file, then only the changed paths are sorted."""
    written = sorted(p for p, sig in after.items() if before.get(p) != sig)
    removed = sorted(p for p in before if p not in after)
    return {"written": written, "removed": removed}


def tree_size(snap: Snapshot) -> int:
    return sum(sig[2] for sig in snap.values())


def mb(n_bytes: float) -> float:
    return round(n_bytes / 1e6, 2)


def site_figures(site: Path) -> dict[str, Any]:
    """Files and megabytes of a built site, and the size of Material's search index."""
    files, size = tree_stats(site)
    index = site / "search" / "search_index.json"
    return {
        "site_files": files,
        "site_mb": mb(size),
        "search_index_mb": mb(index.stat().st_size) if index.exists() else None,
        "search_index_bytes": index.stat().st_size if index.exists() else None,
    }


def progress(message: str) -> None:
    """A timestamped line on stderr, so the tables on stdout stay clean."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
