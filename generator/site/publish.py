"""`digest publish`: MkDocs builds the site into a fresh folder, which is then swapped in whole.

MkDocs empties its `site_dir` before it writes anything, so a `kill -9` of `mkdocs build` (or
a failed build) left a half-cleaned `site/`: 0 of 6,800 files after five seconds. Here MkDocs
writes into a new `.site.staging-PID` folder beside the site instead, and only a build that
succeeds is swapped in, the same way `digest build` swaps the docs tree (`write.swap_in`): at
any instant `site/` holds the old or the new complete site, and the leftovers of a killed run
are cleared by the next one. `make site` and CI run this instead of `mkdocs build`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..files import os_error_message
from ..problems import BuildError
from .write import MARKER, leftover, output_lock, swap_in

ELSEWHERE = "choose another folder with --site"
MKDOCS_SIGN = "sitemap.xml"  # MkDocs writes it with every theme, Material included


def mkdocs_command(config: Path, site_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config),
        "--site-dir",
        str(site_dir),
    ]


def check_site(site: Path) -> None:
    """Refuse to replace a folder that is not a built site: a wrong `--site` cannot wipe it."""
    if os.path.lexists(site) and not site.is_dir():
        raise BuildError(f"{site} exists and is not a folder")
    if site.is_dir() and any(site.iterdir()):
        if not (site / MKDOCS_SIGN).exists() and not (site / MARKER).exists():
            raise BuildError(
                f"refusing to replace {site}: it is not a site MkDocs built (no {MKDOCS_SIGN})"
            )


def publish(config: Path, site: Path) -> int:
    """`mkdocs build --strict` into a staging folder, swapped in as `site` if it succeeds; →
    MkDocs' exit code. Its output goes to the terminal as it comes. A failure of the file
    system is a `BuildError` of one line."""
    try:
        with output_lock(site):
            check_site(site)
            staging = leftover(site, "staging").resolve()
            staging.mkdir()  # a read-only or full disk is said here in one line, not by MkDocs
            built = subprocess.run(mkdocs_command(config, staging), check=False)
            if built.returncode != 0:
                shutil.rmtree(staging, ignore_errors=True)
                return built.returncode
            swap_in(staging, site)
    except OSError as exc:
        raise BuildError(os_error_message(exc, site, elsewhere=ELSEWHERE)) from None
    return 0
