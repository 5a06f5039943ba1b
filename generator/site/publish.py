"""`digest publish`'s engines: MkDocs or Zensical, building the site into a fresh folder.

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
import subprocess
import sys
from pathlib import Path

from ..problems import BuildError
from .write import MARKER

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


def build_with_engine(engine: str, config: Path, staging: Path) -> int:
    """The engine's strict build into `staging`, its output to the terminal; → its exit code.
    A config copy that a killed Zensical run left beside the config is removed first."""
    config = config.resolve()
    if engine == "mkdocs":
        return subprocess.run(mkdocs_command(config, staging), check=False).returncode
    _clear_config_copies(config)
    copy = zensical_config(config, staging)
    try:  # Zensical's project root is the config's folder: docs and site must lie within it
        command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(copy)]
        return subprocess.run(command, cwd=config.parent, check=False).returncode
    finally:
        copy.unlink(missing_ok=True)


def check_site(site: Path) -> None:
    """Refuse to replace a folder that is not a built site: a wrong `--site` cannot wipe it. A
    site is what an engine wrote: its sitemap says so (a docs tree's marker does not)."""
    if os.path.lexists(site) and not site.is_dir():
        raise BuildError(f"{site} exists and is not a folder")
    if (site / MARKER).exists():
        raise BuildError(
            f"refusing to replace {site}: it is a docs tree, not a site (give the site "
            "folder with --site)"
        )
    if site.is_dir() and any(site.iterdir()) and not (site / MKDOCS_SIGN).exists():
        raise BuildError(
            f"refusing to replace {site}: it is not a site MkDocs built (no {MKDOCS_SIGN})"
        )


def _clear_config_copies(config: Path) -> None:
    """Copies of the config left by killed runs (`.mkdocs.publish-PID.yml`): the caller holds
    the publish lock, so none is in use."""
    for copy in config.parent.glob(f".{config.stem}.publish-*{config.suffix}"):
        copy.unlink(missing_ok=True)
