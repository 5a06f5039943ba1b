"""The preview's incremental build: what it keeps between runs, and a run that uses it.

After an edit, a run costs what the edit changed: notes whose files kept their size and
modification time are not parsed again (`_NoteCache`), parsed notes that did not change are not
checked again (`_CheckMemo`, which hands back the very same `Note` objects), the digests of
untouched terms are reused (`digests.update_digests`), only the pages whose keys the edit touches
are rendered (`changes.pages_to_render`) and only files whose bytes changed are written, in
place (`sync.sync_tree`). Tests compare the result with a full build after every kind of edit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..content.model import Vocabulary
from ..content.read import RawNote, read_content, read_note
from ..content.validate import Checked, CheckedNote, NoteChecker, check_content
from ..pipeline import BuildResult, fingerprint
from ..problems import ContentError, has_errors
from ..settings import SiteInfo
from ..site.dataset import Records
from ..site.digests import Digests
from ..site.jobs import site_jobs
from ..site.render import Renderer
from .changes import everything, pages_to_render
from .digests import update_digests
from .sync import sync_tree

# A file modified this shortly before it was read may be modified again without its size or
# modification time changing (file system clocks tick every few milliseconds; some every 2 s).
RACY_NS = 2_000_000_000


@dataclass
class _NoteCache:
    """Parsed notes by file, reused while the file keeps its size, modification time and inode.

    Not when it was read within `RACY_NS` of its modification (git's "racily clean" files): a
    second save within one tick of the clock, of the same length, would look unchanged, and the
    preview would show the first save for good. Such a file is read again until it is older.
    """

    notes: dict[str, tuple[tuple[int, int, int], RawNote, bool]] = field(default_factory=dict)

    def read(self, file: Path, shown: str) -> RawNote:
        try:
            stat = file.stat()
        except OSError:
            return read_note(file, shown)
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        found = self.notes.get(shown)
        if found is None or found[0] != signature or found[2]:
            racy = stat.st_mtime_ns + RACY_NS >= time.time_ns()
            found = self.notes[shown] = (signature, read_note(file, shown), racy)
        return found[1]

    def keep_only(self, shown: Iterable[str]) -> None:
        kept = set(shown)
        for gone in set(self.notes) - kept:
            del self.notes[gone]


@dataclass
class _CheckMemo:
    """Checked notes by parsed record, valid while the vocabularies and the date stay the same.

    A record that is the same object as last time (its file did not change) is not checked
    again, and its `Note` is the same object too: the next stages see by identity what changed.
    """

    vocabularies: dict[str, Vocabulary] | None = None
    today: date | None = None
    notes: dict[int, tuple[RawNote, CheckedNote]] = field(default_factory=dict)
    check: Callable[[RawNote], CheckedNote] | None = None

    def checker(
        self, vocabularies: Mapping[str, Vocabulary], today: date
    ) -> Callable[[RawNote], CheckedNote]:
        if dict(vocabularies) != self.vocabularies or today != self.today:
            self.vocabularies, self.today = dict(vocabularies), today
            self.notes.clear()
            self.check = NoteChecker(vocabularies, today)
        return self._checked

    def _checked(self, raw: RawNote) -> CheckedNote:
        found = self.notes.get(id(raw))
        if found is None or found[0] is not raw:
            assert self.check is not None
            found = self.notes[id(raw)] = (raw, self.check(raw))
        return found[1]

    def keep_only(self, raws: Iterable[RawNote]) -> None:
        current = {id(raw) for raw in raws}
        for gone in set(self.notes) - current:
            del self.notes[gone]


@dataclass
class Session:
    """What the preview keeps between runs; `build` is one run."""

    notes: _NoteCache = field(default_factory=_NoteCache)
    checks: _CheckMemo = field(default_factory=_CheckMemo)
    digests: Digests | None = None
    templates: str = ""  # fingerprint of the templates the last digests were rendered with
    paths: set[str] = field(default_factory=set)  # the files the last run left in the tree
    records: Records = field(default_factory=dict)  # the dataset's records, by note

    def check(self, content: Path, today: date | None = None) -> Checked:
        """`pipeline.check`, reusing the notes the last run parsed and checked."""
        raw = read_content(content, read=self.notes.read)
        self.notes.keep_only(note.path for note in raw.notes)
        checked = check_content(raw, today, self.checks.checker)
        self.checks.keep_only(raw.notes)
        return checked

    def build(
        self,
        content: Path,
        out: Path,
        site: SiteInfo,
        templates: Path,
        today: date | None = None,
        strict: bool = False,
        config: Path | None = None,
    ) -> BuildResult:
        """Check, then update the docs tree in place; `ContentError` leaves it untouched."""
        stamp = fingerprint(content, templates, config) if config else ""
        checked = self.check(content, today)
        if has_errors(checked.problems, strict):
            raise ContentError(checked.problems)
        digests = update_digests(self.digests, checked.corpus)
        templates_now = fingerprint(templates)
        previous = self.digests if self.templates == templates_now else None
        wanted = pages_to_render(previous, digests)
        if wanted is everything:  # vocabularies or templates changed: records name terms anew
            self.records.clear()
        jobs = site_jobs(Renderer(digests, site, templates), templates, self.records)
        files = {job.route.path: job.render() for job in jobs if wanted(job.route.key)}
        paths = {job.route.path for job in jobs}
        known = self.paths if previous is not None else None
        report = sync_tree(files, out, stamp=stamp, expected=paths, previous=known)
        self.digests, self.templates, self.paths = digests, templates_now, paths
        return BuildResult(checked.problems, report, digests)
