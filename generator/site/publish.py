"""`digest publish`: MkDocs builds the site into a fresh folder, which is then swapped in whole.

MkDocs empties its `site_dir` before it writes anything, so a `kill -9` of `mkdocs build` (or
a failed build) left a half-cleaned `site/`: 0 of 6,800 files after five seconds. Here MkDocs
writes into a new `.site.staging-PID` folder beside the site instead, and only a build that
succeeds is swapped in, the same way `digest build` swaps the docs tree (`write.swap_in`): at
any instant `site/` holds the old or the new complete site, and the leftovers of a killed run
are cleared by the next one. `make site` and CI run this instead of `mkdocs build`.

Zensical (`--engine zensical`, `make site ENGINE=zensical`) is published the same way. It has no
`--site-dir` option, so it reads a copy of the config beside the original (relative paths stay
right) with `site_dir` set to the staging folder; the copy is removed afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..files import os_error_message
from ..problems import BuildError
from .write import MARKER, leftover, output_lock, swap_in

ELSEWHERE = "choose another folder with --site"
MKDOCS_SIGN = "sitemap.xml"  # MkDocs writes it with every theme, Material included; Zensical too
ENGINES = ("mkdocs", "zensical")


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


def zensical_config(config: Path, site_dir: Path) -> Path:
    """A copy of `config` beside it whose `site_dir` is `site_dir` (a key given twice: the
    YAML loaders of both engines keep the last)."""
    copy = config.with_name(f".{config.stem}.publish-{os.getpid()}{config.suffix}")
    text = config.read_text(encoding="utf-8")
    relative = os.path.relpath(site_dir, config.parent)  # Zensical panics on an absolute one
    copy.write_text(f"{text}\nsite_dir: {json.dumps(relative)}\n", encoding="utf-8")
    return copy


def _build(engine: str, config: Path, staging: Path) -> int:
    """The engine's strict build into `staging`, its output to the terminal; → its exit code."""
    if engine == "mkdocs":
        return subprocess.run(mkdocs_command(config, staging), check=False).returncode
    copy = zensical_config(config, staging)
    try:  # Zensical's project root is the config's folder: docs and site must lie within it
        command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(copy)]
        return subprocess.run(command, cwd=config.parent, check=False).returncode
    finally:
        copy.unlink(missing_ok=True)


def check_site(site: Path) -> None:
    """Refuse to replace a folder that is not a built site: a wrong `--site` cannot wipe it."""
    if os.path.lexists(site) and not site.is_dir():
        raise BuildError(f"{site} exists and is not a folder")
    if site.is_dir() and any(site.iterdir()):
        if not (site / MKDOCS_SIGN).exists() and not (site / MARKER).exists():
            raise BuildError(
                f"refusing to replace {site}: it is not a site MkDocs built (no {MKDOCS_SIGN})"
            )


def publish(config: Path, site: Path, engine: str = "mkdocs") -> int:
    """The engine's strict build into a staging folder, swapped in as `site` if it succeeds; →
    the engine's exit code. Its output goes to the terminal as it comes. A failure of the file
    system is a `BuildError` of one line."""
    try:
        with output_lock(site):
            check_site(site)
            staging = leftover(site, "staging").resolve()
            staging.mkdir()  # a read-only or full disk is said here in one line, not by MkDocs
            code = _build(engine, config.resolve(), staging)
            if code != 0:
                shutil.rmtree(staging, ignore_errors=True)
                return code
            swap_in(staging, site)
    except OSError as exc:
        raise BuildError(os_error_message(exc, site, elsewhere=ELSEWHERE)) from None
    return 0
