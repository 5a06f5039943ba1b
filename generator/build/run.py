"""The one build: content in, the docs tree out, at the cost of what changed since the last run.

`digest build`, `digest serve` and `make site` all run a `Build`. The command line makes one per
run and it loads what the last run kept (`state.py`); the preview keeps one alive between edits
and saves it when it stops, so a command run afterwards starts from it. A run:

1. with nothing changed (every input and output file as the last run left it, the same
   settings, the same day) does nothing, having looked only with stat calls;
2. else reads and checks only the note files that changed (`notes.py`) and all the small files
   (vocabularies, pages, shapes), then works out the digests anew from the last ones
   (`digests.py`), renders the pages whose inputs differ (`changes.py`) plus any output found
   damaged, and updates the tree in place (`outputs.py`);
3. does it all from scratch, as a first build does, when there is no usable state, when the
   templates, the config, the site's settings or this package changed, or with `--full`:
   rendered in several processes and swapped in whole (`site/write.py`).

Whatever it did, the tree is byte for byte what a full build of the same content writes: the
tests apply random sequences of edits and compare (`tests/build/test_always_equal.py`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

from .. import __version__
from ..content.validate import Checked
from ..files import locked, os_error_message
from ..problems import BuildError, ContentError, Problem, has_errors
from ..settings import TEMPLATES, SiteInfo
from ..site.digests import Digests
from ..site.jobs import (
    Job,
    data_jobs,
    digest_jobs,
    note_page_jobs,
    pieces,
    rendered_in_pieces,
    site_jobs,
)
from ..site.memo import SiteMemo
from ..site.parallel import workers
from ..site.render import Renderer
from ..site.write import ELSEWHERE, MARKER, check_target, clear_killed_runs, write_pieces
from . import state
from .changes import everything, pages_to_render
from .check import Rechecked, check_reusing
from .digests import update_digests
from .inputs import (
    RACY_NS,
    Signature,
    content_digest,
    contents_digest,
    is_racy,
    scan,
    signature,
)
from .notes import latest_date
from .outputs import (
    COMPLETE,
    check_tree,
    marker_state,
    record_tree,
    refreshed,
    update_in_place,
)
from .state import Body, Head, NoteRecord, Output, Seen, StateMissingError

PACKAGE = Path(__file__).resolve().parent.parent
LOCK_HOLDERS = "another digest build, publish or index"


@dataclass(frozen=True)
class Target:
    """What a build is of: the content, the docs tree it writes, and how it renders."""

    content: Path
    out: Path
    site: SiteInfo
    templates: Path = TEMPLATES
    config: Path | None = None
    cache: Path | None = None  # default: `state.cache_folder(out)`

    @property
    def cache_folder(self) -> Path:
        return self.cache or state.cache_folder(self.out)


@dataclass
class BuildReport:
    """What a run did, for the author and for the preview's server."""

    problems: list[Problem]
    digests: Digests | None  # None: nothing changed, nothing was worked out
    notes_checked: int = 0  # note files read and checked again
    notes_removed: int = 0  # note files gone since the last run
    rendered: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    full: str | None = None  # why the run was a full build, if it was
    repaired: int = 0  # damaged or foreign files put right
    seconds: float = 0.0

    @property
    def nothing_changed(self) -> bool:
        return self.digests is None

    def line(self) -> str:
        """One line saying what was reused and what was redone."""
        took = f"({self.seconds:.1f} s)"
        if self.digests is None:
            return f"digest build: nothing changed, {self.unchanged:,} files reused {took}"
        if self.full is not None:
            notes = len(self.digests.notes)
            return (
                f"digest build: full build ({self.full}) → {notes:,} notes, "
                f"{self.rendered:,} files rendered, {len(self.written):,} written {took}"
            )
        changed = [
            _count(self.notes_checked, "note", "changed"),
            *([_count(self.notes_removed, "note", "removed")] if self.notes_removed else []),
            *([_count(self.repaired, "damaged file", "put right")] if self.repaired else []),
        ]
        return (
            f"digest build: {', '.join(changed)} → {self.rendered:,} files rendered, "
            f"{len(self.written):,} written, {len(self.removed):,} removed, "
            f"{self.unchanged:,} reused {took}"
        )


def _parents_jobs(renderer: Renderer, target: Target, memo: SiteMemo) -> list[Job]:
    return data_jobs(renderer, memo) + digest_jobs(renderer, target.templates)


def _count(number: int, thing: str, done: str) -> str:
    return f"{number:,} {thing}{'' if number == 1 else 's'} {done}"


class Build:
    """The build of one target, with what it keeps between runs."""

    def __init__(self, target: Target, preview: bool = False) -> None:
        self.target = target
        # The preview writes in place (never swaps the tree under its server, never renames
        # over a file the server may be reading) and saves its state when it stops, not after
        # every edit (which would cost a second at 10,000 notes).
        self.preview = preview
        self.head: Head | None = None
        self.body: Body | None = None
        self.loaded = False  # the state on disk was read (once; after that it is kept here)

    def run(
        self,
        today: date | None = None,
        strict: bool = False,
        full: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> BuildReport:
        """One run; `ContentError` (having written nothing) when the content has errors."""
        started = time.perf_counter()
        try:
            self._follow_link()
            check_target(self.target.out)  # a file, or a folder not ours, there: nothing made
        except OSError as exc:
            raise BuildError(os_error_message(exc, self.target.out, elsewhere=ELSEWHERE)) from None
        with self.lock():
            try:
                report = self._run(today or date.today(), strict, full, progress)
            except BaseException:
                if not self.preview:  # keep what was checked; never hide why the run failed
                    with contextlib.suppress(OSError):
                        self.save()
                raise
            if not self.preview and not report.nothing_changed:
                self._save_or_say()
        report.seconds = time.perf_counter() - started
        return report

    def _follow_link(self) -> None:
        """An output that is a symbolic link (to where a server reads) is written where it
        leads, the link kept; a link to nothing, or to a file, is refused."""
        out = self.target.out
        if not out.is_symlink():
            return
        real = Path(os.path.realpath(out))
        if not real.is_dir():
            raise BuildError(
                f"{out} is a symbolic link to {real}, which is not a folder: "
                "give the folder itself with --out"
            )
        self.target = replace(self.target, out=real)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One run of build, publish or index at a time on this project's trees."""
        folder = self.target.cache_folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # the state is kept beside the tree: say it of the tree
            where, elsewhere = (
                (self.target.out, ELSEWHERE)
                if self.target.cache is None
                else (folder, "choose another folder with --cache")
            )
            raise BuildError(os_error_message(exc, where, elsewhere=elsewhere)) from None
        with locked(folder, LOCK_HOLDERS):
            yield

    def _save_or_say(self) -> None:
        try:
            self.save()
        except OSError as exc:
            folder = self.target.cache_folder
            raise BuildError(
                os_error_message(exc, folder, elsewhere="choose another folder with --cache")
                + " (the docs tree is written; the next build will be a full one)"
            ) from None

    def save(self) -> None:
        """Keep the state on disk (the command line after each run, the preview when it stops)."""
        if self.head is not None:
            state.save(self.target.cache_folder, self.head, self.body)

    # --- a run ---------------------------------------------------------------------------------

    def _run(
        self,
        today: date,
        strict: bool,
        full: bool,
        progress: Callable[[int, int], None] | None,
    ) -> BuildReport:
        settings = self._settings()
        reason = self._load(settings)
        if full:  # a clean run: nothing of the state is used, not even the checked notes
            reason, self.head, self.body = "--full", None, None
        head = self.head
        if reason is None and head is not None and self._quiet(head, today):
            clear_killed_runs(self.target.out)  # what a killed full build left beside the tree
            if has_errors(head.problems, strict):
                raise ContentError(head.problems)
            return BuildReport(list(head.problems), None, unchanged=len(head.outputs))
        body = Body()
        if head is not None:
            try:
                body = self._body(head)
            except StateMissingError as missing:  # the head alone cannot rebuild anything
                reason, head = f"no usable state: {missing}", None
        if reason is not None:
            body.memo = SiteMemo()  # records carry the site's address
        found = self._check(head, body, today)
        checked, records, vocabularies = found.checked, found.records, found.vocabularies
        if has_errors(checked.problems, strict):
            self._keep_checks(records)
            raise ContentError(checked.problems)
        if head is None or head.vocabularies != vocabularies:
            body.memo.forget_records()  # records name terms as the vocabularies did
        previous = body.digests if reason is None else None
        digests = update_digests(previous, checked.corpus)
        report = BuildReport(
            checked.problems,
            digests,
            notes_checked=found.notes,
            notes_removed=len(set(body.notes) - set(records)),
            full=reason,
        )
        if reason is not None or head is None:
            outputs = self._write_all(digests, body, report, progress)
        else:
            outputs = self._write_changes(head, previous, digests, body, report)
        body.notes, body.digests = records, digests
        self.body = body
        self._remember(settings, vocabularies, today, checked, outputs)
        return report

    def _settings(self) -> str:
        """What decides every page besides the content: the templates, the config, the site's
        settings, and this package. Any change: a full build."""
        target = self.target
        parts = (
            __version__,
            contents_digest(target.templates),
            contents_digest(target.config),
            contents_digest(PACKAGE, suffix=".py"),
            repr(replace(target.site, today=None)),  # the day renders pages every run renders
        )
        return "\n".join(parts)

    def _load(self, settings: str) -> str | None:
        """Why the run must be a full build, or None with the state at hand."""
        if not self.loaded:
            self.loaded = True
            try:
                self.head = state.load_head(self.target.cache_folder, *self._names())
                self.body = None
            except StateMissingError as missing:
                self.head = self.body = None
                return f"no usable state: {missing}"
        if self.head is None:
            return "no usable state"
        if self.head.settings != settings:
            return "the templates, the config or this package changed"
        if marker_state(self.target.out) != COMPLETE:
            return f"{self.target.out} is missing or was left half written"
        return None

    def _names(self) -> tuple[str, str]:
        return str(self.target.content), str(self.target.out)

    def _quiet(self, head: Head, today: date) -> bool:
        """Whether nothing changed since the last run: inputs and outputs as it left them.
        Signatures only (one `stat` a file), and the bytes of files that were racily clean."""
        if head.today != today or not head.body:
            return False
        content = str(self.target.content)
        notes = scan(f"{content}/articles", f"{content}/articles/", suffix=".md")
        if not _same_files(notes, head.notes):
            return False
        inputs = _inputs(self.target.content)
        if set(inputs) != set(head.inputs):
            return False
        if not all(_same(Path(path), head.inputs[path]) for path in inputs):
            return False
        return _same_folders(self.target.out, head) and _same_outputs(self.target.out, head.outputs)

    def _body(self, head: Head) -> Body:
        if self.body is None:
            self.body = state.load_body(self.target.cache_folder, head)
        return self.body

    def _check(self, head: Head | None, body: Body, today: date) -> Rechecked:
        """Every note, vocabulary and page checked, reusing the notes that did not change."""
        if head is None:
            return check_reusing(self.target.content, body.notes, today)
        before = None if head.today == today else min(head.today, today)
        return check_reusing(self.target.content, body.notes, today, head.vocabularies, before)

    def _keep_checks(self, records: dict[str, NoteRecord]) -> None:
        """A run that stopped at content errors keeps its checked notes (the next run, once
        the errors are fixed, does not check them again); the tree and its record stay."""
        if self.head is not None and self.body is not None:
            self.body.notes = records

    # --- writing -------------------------------------------------------------------------------

    def _write_all(
        self,
        digests: Digests,
        body: Body,
        report: BuildReport,
        progress: Callable[[int, int], None] | None,
    ) -> dict[str, state.Output]:
        """Every file rendered, by several processes, and the tree swapped in whole."""
        target = self.target
        renderer = Renderer(digests, target.site, target.templates)  # before forking, for all
        renderer.load_templates()
        count = workers()
        # Forked processes share out the note pages, while this one writes the data files
        # (keeping their records and entries in the memo for the next run), works out the
        # term digests and months (they are lazy) and renders their pages, then helps.
        total, render = pieces(note_page_jobs(renderer), count)
        rest = partial(rendered_in_pieces, partial(_parents_jobs, renderer, target, body.memo))
        written = write_pieces(
            render, total, target.out, stamp=COMPLETE, processes=count, first=rest,
            progress=progress,
        )  # fmt: skip
        jobs = site_jobs(renderer, target.templates, body.memo)
        body.keys = {job.route.path: job.route.key for job in jobs}
        report.rendered = len(written.digests)
        report.written, report.removed = written.written, written.removed
        report.unchanged = written.unchanged
        return record_tree(target.out, written.digests)

    def _write_changes(
        self,
        head: Head,
        previous: Digests | None,
        digests: Digests,
        body: Body,
        report: BuildReport,
    ) -> dict[str, state.Output]:
        """The pages the change touches, and any file found damaged, rendered and written."""
        target = self.target
        renderer = Renderer(digests, target.site, target.templates)
        jobs = site_jobs(renderer, target.templates, body.memo)
        wanted = pages_to_render(previous, digests)
        tree = check_tree(target.out, head.outputs)
        outputs = refreshed(head.outputs, tree)
        damaged = {key for path, key in body.keys.items() if path in tree.damaged}
        chosen = [job for job in jobs if wanted(job.route.key) or job.route.key in damaged]
        if wanted is everything:
            body.memo.forget_records()
        files = {job.route.path: job.render() for job in chosen}
        expected = {job.route.path for job in jobs}
        missing = {job.route.path: job for job in jobs if job.route.path not in outputs}
        files.update({path: job.render() for path, job in missing.items() if path not in files})
        remove = (set(outputs) - expected) | tree.foreign
        update = update_in_place(
            target.out, files, outputs, remove, tree.damaged, plain_writes=self.preview
        )
        body.keys = {job.route.path: job.route.key for job in jobs}
        report.rendered = len(files)
        report.written, report.removed = update.written, update.removed
        report.unchanged = len(outputs) - len(update.written)
        report.repaired = len(tree.damaged & set(update.written)) + len(tree.foreign)
        return outputs

    def _remember(
        self,
        settings: str,
        vocabularies: str,
        today: date,
        checked: Checked,
        outputs: dict[str, state.Output],
    ) -> None:
        content = self.target.content
        records = self.body.notes if self.body is not None else {}
        self.head = Head(
            version=state.VERSION,
            content=str(content),
            out=str(self.target.out),
            settings=settings,
            vocabularies=vocabularies,
            inputs={path: _seen(Path(path)) for path in _inputs(content)},
            today=today,
            latest=max((latest_date(note) for note in checked.corpus.notes), default=None),
            notes={path: _record_seen(record) for path, record in records.items()},
            outputs=outputs,
            folders=folder_stamps(self.target.out),
            recorded=time.time_ns(),
            problems=list(checked.problems),
        )


def _inputs(content: Path) -> list[str]:
    """The small inputs every run reads whole: vocabularies, pages, shapes."""
    found: list[str] = []
    for folder in ("vocabulary", "pages"):
        root = content / folder
        found += [str(path) for path in sorted(root.rglob("*")) if path.is_file()]
    return found


def _seen(path: Path) -> Seen:
    found = signature(path) or (0, 0, 0, 0)
    return Seen(found, content_digest(_bytes(path)) if is_racy(found) else b"")


def _record_seen(record: NoteRecord) -> Seen:
    return Seen(record.signature, record.digest if record.racy else b"")


def _same_files(found: dict[str, Signature], seen: dict[str, Seen]) -> bool:
    if found.keys() != seen.keys():
        return False
    return all(
        found[path] == was.signature and (not was.racy_digest or _same(Path(path), was))
        for path, was in seen.items()
    )


def _same_folders(out: Path, head: Head) -> bool:
    """No file came or went in the docs tree: every folder as it was (a folder's times move
    when an entry is added, removed or renamed), and no folder added (its parent's would). A
    folder changed within a clock tick of the moment it was recorded is listed instead."""
    root, racy = str(out), []
    for folder, was in head.folders.items():
        try:
            found = os.stat(f"{root}/{folder}" if folder else root)  # noqa: PTH116
        except OSError:
            return False
        if (found.st_mtime_ns, found.st_ctime_ns, found.st_ino) != was:
            return False
        if max(was[0], was[1]) + RACY_NS >= head.recorded:
            racy.append(folder)
    return bool(head.folders) and _listed_as_written(out, head, racy)


def _listed_as_written(out: Path, head: Head, folders: list[str]) -> bool:
    if not folders:
        return True
    expected: dict[str, set[str]] = {folder: set() for folder in folders}
    for path in [*head.outputs, *head.folders, MARKER]:
        parent, _, name = path.rpartition("/")
        if parent in expected and name:
            expected[parent].add(name)
    for folder, names in expected.items():
        try:
            if set(os.listdir(out / folder if folder else out)) != names:  # noqa: PTH208 (a list, not Paths: 100,000 folders)
                return False
        except OSError:
            return False
    return True


def _same_outputs(out: Path, written: dict[str, Output]) -> bool:
    """Every file of the docs tree as the build wrote it, under the signature it was recorded
    with: one `stat` each (a `scandir` of each of 100,000 folders costs four times as much), and
    the bytes of racily clean ones. A file with its bytes under a new signature (a restored
    tree) is not quiet: the run that follows records the new signature once."""
    root = str(out)
    for path, output in written.items():
        full = f"{root}/{path}"
        if signature(full) != output.signature:
            return False
        if is_racy(output.signature) and content_digest(_bytes(Path(full))) != output.digest:
            return False
    return True


def folder_stamps(out: Path) -> dict[str, tuple[int, int, int]]:
    """Every folder of the docs tree (the root as "") by its times and inode."""
    found: dict[str, tuple[int, int, int]] = {}
    pending = [("", str(out))]
    while pending:
        relative, path = pending.pop()
        try:
            stat = os.stat(path)  # noqa: PTH116
            entries = list(os.scandir(path))
        except OSError:
            continue
        found[relative] = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((f"{relative}/{entry.name}".lstrip("/"), entry.path))
    return found


def _same(path: Path, seen: Seen | None) -> bool:
    """The file is as it was seen: the same signature, and, if it was racily clean then,
    the same bytes."""
    if seen is None or signature(path) != seen.signature:
        return False
    return not seen.racy_digest or content_digest(_bytes(path)) == seen.racy_digest


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except (OSError, ValueError):
        return b""
