"""`digest index`: Pagefind's search index over the built site, run after `mkdocs build`.

Only note pages carry `data-pagefind-body`, so Pagefind is pointed at them alone: it then reads
a tenth of the files on a big site instead of parsing every digest and yearly page for nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

NOTE_PAGES = "articles/**/*.html"


def pagefind_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", NOTE_PAGES]


def index_site(site: Path) -> subprocess.CompletedProcess[str]:
    """Run Pagefind (its binary ships in the `pagefind[bin]` wheel; no network is used)."""
    return subprocess.run(pagefind_command(site), capture_output=True, text=True, check=False)
