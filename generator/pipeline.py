"""The pipeline as two calls, `check` and `build`: read → validate → digest → render → write.

The CLI and the preview server are thin glue over these two functions.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from .digest import Digests, build_digests
from .problems import ContentError, Problem, has_errors
from .read import NoteCache, read_content
from .render import TEMPLATES, SiteInfo, render_site
from .validate import Checked, check_content
from .write import WriteReport, read_stamp, sync_tree, write_parts


@dataclass(frozen=True)
class BuildResult:
    problems: list[Problem]
    report: WriteReport
    digests: Digests | None  # None: the inputs had not changed since the last build


def fingerprint(*roots: Path) -> str:
    """A digest of every input file's path, size and modification time, and of this package.

    Comparing it with the one stored by the last build answers "did anything change?" with
    stat calls alone, so a rebuild with nothing to do costs milliseconds at any archive size.
    """
    digest = hashlib.sha256()
    for root in (*roots, Path(__file__).parent):
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                stat = file.stat()
                digest.update(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def workers() -> int:
    """Processes to render with: the cores this process may use, at most four."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def check(content: Path, today: date | None = None, cache: NoteCache | None = None) -> Checked:
    return check_content(read_content(content, cache=cache), today)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring the `!!python/name:` and `!ENV` tags it may carry."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_info(config: Path) -> SiteInfo:
    """Site name, URL and description from mkdocs.yml, for feeds and the home page."""
    try:
        data: Any = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return SiteInfo()
    if not isinstance(data, dict):
        return SiteInfo()
    return SiteInfo(
        name=str(data.get("site_name") or SiteInfo.name),
        url=str(data.get("site_url") or ""),
        description=str(data.get("site_description") or ""),
    )


def build(
    content: Path,
    out: Path,
    site: SiteInfo,
    templates: Path = TEMPLATES,
    today: date | None = None,
    strict: bool = False,
    in_place: bool = False,
    config: Path | None = None,
    cache: NoteCache | None = None,
) -> BuildResult:
    """Check, then write the docs tree; on any error raise `ContentError` having written nothing."""
    stamp = fingerprint(content, templates, config) if config else ""
    if stamp and not in_place and read_stamp(out) == stamp:
        return BuildResult([], WriteReport(unchanged=-1), None)
    checked = check(content, today, cache)
    if has_errors(checked.problems, strict):
        raise ContentError(checked.problems)
    digests = build_digests(checked.corpus)
    if in_place:  # the preview server: its watcher threads rule out forking
        report = sync_tree(render_site(digests, site, templates), out, stamp=stamp)
    else:
        count = workers()
        parts = [partial(render_site, digests, site, templates, (i, count)) for i in range(count)]
        report = write_parts(parts, out, stamp=stamp)
    return BuildResult(checked.problems, report, digests)
