"""The pipeline as two calls: `check` (read → validate) and `build` (… → digests → render → write).

Both are full runs; the preview's incremental build lives in `preview/session.py`. The CLI and
the preview are thin glue over these.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from stat import S_ISREG

from .content.read import NoteFile, note_files, read_content, read_note
from .content.validate import (
    Checked,
    NoteChecker,
    NotesChecked,
    assemble,
    build_vocabularies,
    check_content,
    check_notes,
)
from .problems import ContentError, Problem, has_errors
from .settings import TEMPLATES, SiteInfo
from .site.digests import Digests, build_digests
from .site.jobs import digest_jobs, note_jobs, pieces, rendered_in_pieces
from .site.parallel import can_fork, run_parts, workers
from .site.render import Renderer
from .site.write import WriteReport, clear_killed_runs, read_stamp, write_pieces

PARALLEL_CHECK_NOTES = 2000  # fewer notes are read faster by one process than by forking


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


def check(content: Path, today: date | None = None) -> Checked:
    """Every note, vocabulary and page read and checked; big archives in several processes."""
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
    checker = NoteChecker(vocabularies, today)
    parts = [partial(_check_part, files[i::count], checker) for i in range(count)]
    merged = NotesChecked(problems=list(listing))
    slugs: list[tuple[str, str]] = [("", "")] * len(files)
    for index, part in enumerate(run_parts(parts)):
        merged.notes += part.notes
        merged.problems += part.problems
        slugs[index::count] = part.files  # back in reading order for the slug checks
    merged.files = slugs
    return assemble(rest, vocabularies, problems, merged)


def _check_part(files: list[NoteFile], checker: NoteChecker) -> NotesChecked:
    return check_notes((read_note(file, shown) for file, shown in files), checker)


def build(
    content: Path,
    out: Path,
    site: SiteInfo,
    templates: Path = TEMPLATES,
    today: date | None = None,
    strict: bool = False,
    config: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Check, then write the docs tree; on any error raise `ContentError` having written nothing.

    With `config`, a build whose inputs (content, templates, config, this package) have not
    changed since the last one does nothing. `progress(done, total)` follows the pieces of
    note pages written.
    """
    stamp = fingerprint(content, templates, config) if config else ""
    if stamp and read_stamp(out) == stamp:
        clear_killed_runs(out)
        return BuildResult([], WriteReport(unchanged=-1), None)
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
        report = write_pieces(
            render, total, out, stamp=stamp, processes=count, first=rest, progress=progress
        )
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
