"""Where a run happened: the machine, the package versions and the git revision.

Wall-clock figures only compare within one machine and one hour, so every results file says
which machine, which versions of MkDocs, Material and Pagefind, and which commit it measured.
"""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version

from benchmarks.commands import PROJECT

DISTRIBUTIONS = (
    "mkdocs",
    "mkdocs-material",
    "pagefind",
    "pagefind-bin",
    "zensical",
    "research-digest",
    "PyYAML",
    "Markdown",
    "Jinja2",
)


def machine() -> str:
    cpus = os.cpu_count() or 0
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = 0
    return (
        f"{platform.system()} {platform.machine()}, {cpus} CPU, {mem:.0f} GiB, "
        f"Python {platform.python_version()}"
    )


def versions() -> dict[str, str]:
    out = {}
    for dist in DISTRIBUTIONS:
        with contextlib.suppress(PackageNotFoundError):
            out[dist] = version(dist)
    return out


def git_revision() -> str | None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        proc = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=10,
        )
        if proc.returncode == 0:
            return proc.stdout.strip()
    return None
