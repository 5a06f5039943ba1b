"""The pipeline as two calls, `check` and `build`: read → validate → digest → render → write.

The CLI and the preview server are thin glue over these two functions.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from stat import S_ISREG
from typing import Any

import yaml

from .changes import everything, pages_to_render
from .dataset import Records
from .digest import Digests, build_digests, update_digests
from .parallel import can_fork, run_parts, workers
from .problems import ContentError, Problem, has_errors
from .read import NoteCache, NoteFile, note_files, read_content, read_note
from .render import TEMPLATES, Renderer, SiteInfo
from .site import digest_jobs, note_jobs, pieces, render_wanted, rendered_in_pieces
from .validate import (
    Checked,
    CheckMemo,
    NotesChecked,
    assemble,
    build_vocabularies,
    check_content,
    check_notes,
)
from .write import WriteReport, read_stamp, sync_tree, write_pieces


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
        for file in [str(root)] if root.is_file() else sorted(_files_under(str(root))):
            try:
                found = os.stat(file)  # noqa: PTH116 (strings: Path objects cost 4× here)
            except OSError:  # a broken link, or a file removed while we look
                continue
            if S_ISREG(found.st_mode):
                digest.update(f"{file}\0{found.st_size}\0{found.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _files_under(root: str) -> Iterator[str]:
    """Paths of the files below `root` (os.walk: a quarter of the cost of Path.rglob)."""
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        yield from (os.path.join(folder, name) for name in names)  # noqa: PTH118


@dataclass
class Session:
    """What the preview server keeps between builds, so that an edit costs what it changes:
    parsed notes (by file size and mtime), checked notes (by parsed record), and the last
    digests, which `changes.pages_to_render` compares with the new ones."""

    notes: NoteCache = field(default_factory=dict)
    checked: CheckMemo = field(default_factory=CheckMemo)
    digests: Digests | None = None
    templates: str = ""  # fingerprint of the templates the last digests were rendered with
    paths: set[str] = field(default_factory=set)  # the files the last build left in the tree
    records: Records = field(default_factory=dict)  # the dataset's records, by note


PARALLEL_CHECK_NOTES = 2000  # fewer notes are read faster by one process than by forking


def check(content: Path, today: date | None = None, session: Session | None = None) -> Checked:
    if session is not None:
        return check_content(read_content(content, cache=session.notes), today, session.checked)
    count = workers()
    if count > 1 and can_fork():
        files, listing = note_files(content, str(content))
        if len(files) >= PARALLEL_CHECK_NOTES:
            return _check_in_parts(content, files, listing, today or date.today(), count)
    return check_content(read_content(content), today)


def _check_in_parts(
    content: Path, files: list[NoteFile], listing: list[Problem], today: date, count: int
) -> Checked:
    """`check` with the notes read and checked by `count` processes, each every count-th file.

    Parsing YAML with line numbers is most of a check; the checked notes are small to send back,
    unlike the parsed trees. Vocabularies, pages and the checks across notes stay here.
    """
    rest = read_content(content, with_notes=False)
    vocabularies, problems = build_vocabularies(rest)
    memo = CheckMemo()
    memo.start(vocabularies, today)
    parts = [partial(_check_part, files[i::count], memo) for i in range(count)]
    merged = NotesChecked(problems=list(listing))
    slugs: list[tuple[str, str]] = [("", "")] * len(files)
    for index, part in enumerate(run_parts(parts)):
        merged.notes += part.notes
        merged.problems += part.problems
        slugs[index::count] = part.files  # back in reading order for the slug checks
    merged.files = slugs
    return assemble(rest, vocabularies, problems, merged)


def _check_part(files: list[NoteFile], memo: CheckMemo) -> NotesChecked:
    return check_notes((read_note(file, shown) for file, shown in files), memo)


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
    session: Session | None = None,
) -> BuildResult:
    """Check, then write the docs tree; on any error raise `ContentError` having written nothing."""
    stamp = fingerprint(content, templates, config) if config else ""
    if stamp and not in_place and read_stamp(out) == stamp:
        return BuildResult([], WriteReport(unchanged=-1), None)
    if in_place:  # the preview server: its watcher threads rule out forking
        session = session or Session()
        checked = check(content, today, session)
        if has_errors(checked.problems, strict):
            raise ContentError(checked.problems)
        digests = update_digests(session.digests, checked.corpus)
        report = _update(digests, out, site, templates, stamp, session)
        return BuildResult(checked.problems, report, digests)
    with _no_cycle_collection():
        checked = check(content, today)
        if has_errors(checked.problems, strict):
            raise ContentError(checked.problems)
        digests = build_digests(checked.corpus)
        renderer = Renderer(digests, site, templates)  # made once, before forking, for all
        renderer.load_templates()
        count = workers()
        # Forked processes share out the note pages and the dataset, while this one works out
        # the term digests and months (they are lazy) and renders their pages, then helps out.
        total, render = pieces(note_jobs(renderer), count)
        rest = partial(rendered_in_pieces, partial(digest_jobs, renderer, templates))
        report = write_pieces(render, total, out, stamp=stamp, processes=count, first=rest)
    return BuildResult(checked.problems, report, digests)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A build makes millions of objects that live until it ends and almost no reference
    cycles: the cyclic collector would walk the corpus again and again to free nothing (a
    tenth of a build's time, measured; peak memory unchanged). Forked workers inherit this."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _update(
    digests: Digests, out: Path, site: SiteInfo, templates: Path, stamp: str, session: Session
) -> WriteReport:
    """Render again only what the edit touched (everything if the templates changed)."""
    templates_now = fingerprint(templates)
    previous = session.digests if session.templates == templates_now else None
    wanted = pages_to_render(previous, digests)
    if wanted is everything:  # vocabularies or templates changed: records name terms anew
        session.records.clear()
    files, paths = render_wanted(digests, site, templates, wanted, session.records)
    known = session.paths if previous is not None else None
    report = sync_tree(files, out, stamp=stamp, expected=paths, previous=known)
    session.digests, session.templates, session.paths = digests, templates_now, paths
    return report
