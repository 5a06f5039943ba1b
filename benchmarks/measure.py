"""Timing a command: wall clock, peak memory of its process tree, and the files it wrote.

Every timed command starts after `sync`: on the benchmark VM (ext4 mounted with `discard`), the
write-back of an earlier step's files slowed the file creation of the next build by seconds.
Memory is the peak resident set size of the process and its children, from `os.wait4`'s rusage,
so a command that hands its work to another binary (Pagefind) is charged for it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
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
    text = log.read_text(encoding="utf-8", errors="replace")
    tail = "\n".join(text.rstrip().splitlines()[-3:])
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Run(command, round(seconds, 3), proc.returncode, round(rss, 1), str(log), tail)


def build_site(engine: Engine, config: Path, cwd: Path, log: Path, dirty: bool = False) -> Run:
    """`engine` builds the site of `config`, timed."""
    return timed(engine.build(config, dirty), cwd, log, env=engine.environ())


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


def snapshot(root: Path) -> Snapshot:
    """path -> (mtime_ns, inode, size) for every file under root."""
    out: Snapshot = {}
    if not root.exists():
        return out
    stack = [root]
    while stack:
        for entry in os.scandir(stack.pop()):
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            else:
                st = entry.stat(follow_symlinks=False)
                out[os.path.relpath(entry.path, root)] = (st.st_mtime_ns, st.st_ino, st.st_size)
    return out


def changed(before: Snapshot, after: Snapshot) -> dict[str, list[str]]:
    """Files written (new, or mtime/inode changed) and removed between two snapshots."""
    written = sorted(p for p, sig in after.items() if before.get(p) != sig)
    removed = sorted(p for p in before if p not in after)
    return {"written": written, "removed": removed}


def tree_size(snap: Snapshot) -> int:
    return sum(sig[2] for sig in snap.values())


def mb(n_bytes: float) -> float:
    return round(n_bytes / 1e6, 2)


def site_figures(site: Path) -> dict[str, Any]:
    """Files and megabytes of a built site, and the size of Material's search index."""
    snap = snapshot(site)
    index = site / "search" / "search_index.json"
    return {
        "site_files": len(snap),
        "site_mb": mb(tree_size(snap)),
        "search_index_mb": mb(index.stat().st_size) if index.exists() else None,
        "search_index_bytes": index.stat().st_size if index.exists() else None,
    }


def progress(message: str) -> None:
    """A timestamped line on stderr, so the tables on stdout stay clean."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
