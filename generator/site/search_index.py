"""`digest index`: Pagefind's search index over the built site, run after `mkdocs build`.

Only note pages carry `data-pagefind-body`, so Pagefind is pointed at them alone: it then reads
a tenth of the files on a big site instead of parsing every digest and yearly page for nothing.

Pagefind writes its bundle into a staging folder, which is swapped in as `site/pagefind` like
every other generated tree (`write.swap_in`): a failed or killed run keeps the previous index.
On a full disk Pagefind writes empty files and still exits 0, so an empty file in its output
is taken for what it is, a failed write.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..files import os_error_message
from ..problems import BuildError
from .write import leftover, output_lock, swap_in

NOTE_PAGES = "articles/**/*.html"
BUNDLE = "pagefind"
ELSEWHERE = "make the site writable, or index a copy of it with --site"


def pagefind_command(site: Path, output: Path | None = None) -> list[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", NOTE_PAGES]
    return command + (["--output-path", str(output)] if output else [])


def index_site(site: Path) -> subprocess.CompletedProcess[str]:
    """Run Pagefind (its binary ships in the `pagefind[bin]` wheel; no network is used) into a
    fresh folder, then swap it in as `site/pagefind`. A failure of the file system, Pagefind's
    silent one included, is a `BuildError` of one line."""
    bundle = site / BUNDLE
    try:
        with output_lock(bundle):
            staging = leftover(bundle, "staging").resolve()
            staging.mkdir()  # fails here, in one line, on a read-only site
            result = subprocess.run(
                pagefind_command(site, staging), capture_output=True, text=True, check=False
            )
            empty = result.returncode == 0 and _has_empty_file(staging)
            if result.returncode != 0 or empty:
                shutil.rmtree(staging, ignore_errors=True)
            if empty:
                full = OSError(errno.ENOSPC, "Pagefind wrote empty files")
                raise BuildError(os_error_message(full, bundle, elsewhere=ELSEWHERE))
            if result.returncode == 0:
                swap_in(staging, bundle)
    except OSError as exc:
        raise BuildError(os_error_message(exc, bundle, elsewhere=ELSEWHERE)) from None
    return result


def _has_empty_file(folder: Path) -> bool:
    """Whether Pagefind left an empty file: none is empty when it works."""
    return any(
        (Path(root) / name).stat().st_size == 0 for root, _, names in os.walk(folder) for name in names
    )
