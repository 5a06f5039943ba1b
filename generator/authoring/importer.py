"""`digest import`: captured reports → draft notes with suggested terms, never the source's text.

For each capture (a text capture, an HTML file, or each entry of an Atom/RSS feed) the importer
writes a draft note at `content/articles/<yyyy>/<slug>.md` with the front matter filled from the
capture and the terms suggested from the vocabularies, and stores the capture itself at
`content/captures/<yyyy>/<slug>.<ext>`, a folder the generator never reads, so it is never
published. The note's body holds no text of the source: only a line asking the author for a
summary in their own words, the capture's path and the evidence for each suggested term.

A capture imported before (same URL, same bytes, or same headline and date as an existing note)
is skipped; nothing is ever overwritten (a taken slug gets `-2`, `-3`, …; the capture and its
note are created whole and exclusively, both or neither). One import (or `digest new`) writes
to a content folder at a time, so two imports of one capture never both write it. Every draft is checked with the same validation as `digest check` before it is
written. A bad file is a one-line error and the other files go on.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from ..content.model import Term
from ..content.placeholders import IMPORT_BODY, TODO, UNKNOWN_OUTLET, suggestions_block
from ..content.read import (
    MAX_NOTE_BYTES,
    RawContent,
    RawNote,
    read_content,
    split_front_matter,
)
from ..content.validate import build_vocabularies, check_content
from ..content.vocabulary import resolve
from ..content.words import normalise
from ..content.yaml_nodes import Node, parse_yaml
from ..facets import OUTLETS, VOCABULARIES
from ..files import (
    UnreadableError,
    create_new,
    locked,
    os_error_message,
    read_regular,
    size_text,
)
from ..problems import Severity
from .capture_files import MAX_CAPTURE_BYTES, read_captures
from .capture_store import IGNORE_TEXT, missing_ignore_file
from .captures import Capture, Failure
from .drafts import free_slug, note_folder, note_text
from .duplicates import Existing, from_raw, likely_duplicates, outlet_key
from .headlines import headline_slug
from .orphans import find_orphans
from .suggest import Suggester, Suggestions


@dataclass(frozen=True)
class Outcome:
    """What happened to one capture: "written", "would write", "skipped" or "failed"."""

    origin: str
    status: str
    message: str = ""
    note: str | None = None  # the note's path as shown
    capture: str | None = None
    text: str = ""  # the note as written, or as it would be
    suggestions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    reused: bool = False  # the capture was kept from an earlier import whose note is gone

    def report(self, out: TextIO, err: TextIO) -> None:
        for warning in self.warnings:
            print(f"{self.origin}: warning: {warning}", file=err)
        if self.status == "failed":
            print(f"{self.origin}: error: {self.message}", file=err)
        elif self.status == "skipped":
            print(f"{self.origin}: skipped: {self.message}", file=out)
        else:
            again = ", kept from an earlier import whose note is gone" if self.reused else ""
            print(
                f"{self.origin}: {self.status} {self.note} (capture: {self.capture}{again})",
                file=out,
            )
            for line in self.suggestions:
                print(f"  {line}", file=out)
        if self.status == "would write":
            print(self.text, file=out)


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False
    notices: list[str] = field(default_factory=list)  # what else was written, e.g. .gitignore

    def count(self, *statuses: str) -> int:
        return sum(o.status in statuses for o in self.outcomes)

    @property
    def failed(self) -> int:
        return self.count("failed")

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        done = self.count("written", "would write")
        return f"{done} {verb}, {self.count('skipped')} skipped, {self.failed} failed"

    def print(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        out, err = out or sys.stdout, err or sys.stderr
        for notice in self.notices:
            print(notice, file=err)
        for outcome in self.outcomes:
            outcome.report(out, err)
        print(self.summary(), file=err)


# --- what is already there -------------------------------------------------------------------


def _host(url: str | None) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.") if url else ""


def url_key(url: str) -> str:
    """URLs compared without scheme, `www.`, trailing slash or fragment."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")


@dataclass
class _Known:
    """Existing notes and captures: to detect a second import and to keep slugs unique."""

    urls: dict[str, str] = field(default_factory=dict)  # url key → note
    digests: dict[str, str] = field(default_factory=dict)  # sha256 → capture file
    headlines: dict[tuple[str, date], str] = field(default_factory=dict)  # (title, date) → note
    slugs: set[str] = field(default_factory=set)  # lowercased, notes and captures alike
    orphans: dict[str, Path] = field(default_factory=dict)  # sha256 → capture no note names

    def duplicate(self, capture: Capture) -> str | None:
        if capture.url and url_key(capture.url) in self.urls:
            return f"already imported as {self.urls[url_key(capture.url)]} (same URL)"
        if capture.digest in self.digests:
            return f"already imported (same capture as {self.digests[capture.digest]})"
        key = (normalise(capture.title), capture.published)
        if key in self.headlines:
            return f"already imported as {self.headlines[key]} (same headline and date)"
        return None

    def add(self, capture: Capture, slug: str, note: str, stored: str) -> None:
        if capture.url:
            self.urls[url_key(capture.url)] = note
        self.digests[capture.digest] = stored
        self.orphans.pop(capture.digest, None)  # taken up by this note
        self.headlines[(normalise(capture.title), capture.published)] = note
        self.slugs.add(slug.lower())


def _scalar(node: Node | None) -> object:
    return node.value if node is not None and node.kind == "scalar" else None


def _add_note(known: _Known, raw: RawNote) -> None:
    known.slugs.add(raw.slug.lower())
    front = raw.front
    if front is None:
        return
    source = front.get("source")
    url = _scalar(source.get("url")) if source is not None else None
    if isinstance(url, str) and url.strip():
        known.urls.setdefault(url_key(url), raw.path)
    title, when = _scalar(front.get("title")), _scalar(front.get("date"))
    if isinstance(title, str) and isinstance(when, date):
        known.headlines.setdefault((normalise(title), when), raw.path)


def _files(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        yield from (Path(dirpath) / f for f in sorted(filenames) if not f.startswith("."))


def _known(raw: RawContent, content: Path) -> _Known:
    known = _Known()
    for note in raw.notes:
        _add_note(known, note)
    orphans = set(find_orphans(content).captures)
    for file in _files(content / "captures"):
        known.slugs.add(file.stem.lower())
        try:
            data = read_regular(file, MAX_CAPTURE_BYTES)
        except (OSError, UnreadableError):  # a FIFO there is passed over, not waited on
            continue
        digest = hashlib.sha256(data).hexdigest()
        if file in orphans:  # its note is gone: importing it again takes it up
            known.orphans.setdefault(digest, file)
        else:
            known.digests.setdefault(digest, str(file))
    return known


# --- the draft -------------------------------------------------------------------------------


def slug_for(title: str, when: date) -> str:
    """`2024-04-19-hoeryong-security-office-caught-…`: the title's first words that say something."""
    return headline_slug(title, when, "report")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_note(
    capture: Capture,
    suggestions: Suggestions,
    stored: str,
    outlet: Term | None = None,
    accessed: date | None = None,
    unlisted: bool = False,
) -> str:
    """The draft: front matter from the capture, and a body with no text of the source.

    The source names the outlet as `outlets.yml` does (when it knows it), the report's own
    headline, the day it was read, and the outlet's language. An outlet `outlets.yml` does not
    list (`unlisted`) is written as a placeholder, `TODO: <name>`: the draft is valid, and it
    cannot be published before the author lists the outlet or names a listed one."""
    name = outlet.name if outlet else capture.outlet or UNKNOWN_OUTLET
    if unlisted and outlet is None and capture.outlet:
        name = f"{TODO} {capture.outlet}"
    source: dict[str, object] = {"name": _one_line(name), "title": _one_line(capture.title)}
    source |= {k: _one_line(v) for k, v in (("url", capture.url), ("author", capture.author)) if v}
    source |= {"accessed": accessed} if accessed else {}
    source |= {"language": outlet.language} if outlet and outlet.language else {}
    metadata: dict[str, object] = {
        "title": _one_line(capture.title),
        "date": capture.published,
        "source": source,
    }
    for vocabulary in VOCABULARIES:
        ids = suggestions.ids(vocabulary)
        if ids:
            metadata[vocabulary] = list(ids)
    metadata |= {"capture": stored, "draft": True}
    evidence = [
        f"capture (kept out of the site): {stored}",
        "suggested terms and what suggested them (check them, then delete this block):",
        *suggestions.lines(),
    ]
    lines = [IMPORT_BODY, "", *suggestions_block(evidence)]
    return note_text(metadata, "\n".join(lines))


def _draft_problems(plans: list[_Plan], raw: RawContent, today: date | None) -> dict[str, str]:
    """The drafts checked exactly as `digest check` checks notes, in one pass with the
    vocabularies → the first error of each draft that has one, by its path."""
    notes = []
    for plan in plans:
        shown = str(plan.note)
        front_text, body, body_line, problems = split_front_matter(plan.text, shown)
        front, yaml_problems = parse_yaml(front_text or "", shown, line_offset=2)
        found = tuple(problems + yaml_problems)
        notes.append(RawNote(shown, plan.slug, front, 1, body, found, body_line))
    checked = check_content(RawContent(tuple(notes), raw.vocabularies, ()), today)
    first: dict[str, str] = {}
    for problem in checked.problems:
        if problem.severity is Severity.ERROR:
            first.setdefault(problem.path, problem.format())
    return first


def _too_large(capture: Capture) -> str:
    """Why a draft over the size `digest check` reads is not written (`check` would refuse it,
    and with it the whole archive): which field of the capture made it so big."""
    fields = {"headline": capture.title, "byline": capture.author, "URL": capture.url}
    name, value = max(fields.items(), key=lambda item: len(item[1] or ""))
    limit = size_text(MAX_NOTE_BYTES)
    return (
        f"the draft would be larger than {limit}, the limit for a note: the capture's {name} "
        f"is {len(value or ''):,} characters long (write the note with `digest new`)"
    )


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    capture: Capture
    slug: str
    note: Path
    stored: Path
    text: str
    suggestions: tuple[str, ...]
    warnings: tuple[str, ...]
    reused: bool = False  # the capture is already stored, orphaned: only the note is written

    def outcome(self, status: str, message: str = "") -> Outcome:
        note, stored = str(self.note), str(self.stored)
        origin, text, lines = self.capture.origin, self.text, self.suggestions
        return Outcome(
            origin, status, message, note, stored, text, lines, self.warnings, self.reused
        )


class _Importer:
    def __init__(self, content: Path, dry_run: bool, today: date | None) -> None:
        self.content = content
        self.dry_run = dry_run
        self.today = today
        self.raw = read_content(content)
        vocabularies = build_vocabularies(self.raw)[0]
        self.suggest = Suggester(vocabularies)
        self.outlets = vocabularies.get(OUTLETS)
        self.known = _known(self.raw, content)
        read = (from_raw(note, self.outlets) for note in self.raw.notes)
        self.existing = [existing for existing in read if existing is not None]
        self.notices: list[str] = []

    def plan(self, capture: Capture) -> _Plan | Outcome:
        """Skip a capture imported before; else the draft, its paths and its evidence."""
        duplicate = self.known.duplicate(capture)
        if duplicate:
            return Outcome(capture.origin, "skipped", duplicate)
        suggestions = self.suggest(capture.text)
        if not suggestions.any():
            message = "no agency, location or theme of the vocabularies found in the text"
            return Outcome(capture.origin, "failed", message + "; write the note with `digest new`")
        warnings = capture.warnings
        if not capture.outlet:
            warnings += (f"no outlet found; the draft says '{UNKNOWN_OUTLET}'",)
        outlet = self._outlet(capture)
        unlisted = self.outlets is not None and outlet is None and bool(capture.outlet)
        if unlisted:
            warning = f"outlet '{capture.outlet}' is not in vocabulary/outlets.yml"
            warnings += (f"{warning}; the draft says '{TODO} {capture.outlet}'",)
        orphan = self.known.orphans.get(capture.digest)
        slug, note, stored = self._paths(capture) if orphan is None else self._reuse(orphan)
        warnings += self._likely_duplicates(capture, outlet, str(note))
        relative = stored.relative_to(self.content).as_posix()
        accessed = self.today or date.today()
        text = render_note(capture, suggestions, relative, outlet, accessed, unlisted)
        if len(text.encode("utf-8", "surrogatepass")) > MAX_NOTE_BYTES:
            return Outcome(capture.origin, "failed", _too_large(capture))
        self.known.add(capture, slug, str(note), str(stored))
        lines = tuple(suggestions.lines())
        return _Plan(capture, slug, note, stored, text, lines, warnings, orphan is not None)

    def _likely_duplicates(
        self, capture: Capture, outlet: Term | None, note: str
    ) -> tuple[str, ...]:
        """Warnings naming the notes (existing, or drafted earlier in this run) likely on the
        same report; the capture is imported all the same."""
        name = outlet.id if outlet else capture.outlet
        keys = frozenset({outlet_key(name, self.outlets)} if name else ())
        found = likely_duplicates(capture.title, capture.published, keys, self.existing)
        self.existing.append(Existing(note, capture.title, capture.published, keys))
        return tuple(f"likely a note on the same report already: {line}" for line in found)

    def _outlet(self, capture: Capture) -> Term | None:
        """The capture's outlet in `outlets.yml`: by the name its byline gave (any alias),
        else by the host of its URL against the outlets' home pages."""
        if self.outlets is None:
            return None
        if capture.outlet:
            found = resolve(self.outlets, capture.outlet)
            if found.term_id:
                return self.outlets.terms[found.term_id]
        host = _host(capture.url)
        for term in self.outlets.terms.values():
            home = _host(term.homepage)
            if host and home and (host == home or host.endswith("." + home)):
                return term
        return None

    def _paths(self, capture: Capture) -> tuple[str, Path, Path]:
        notes = note_folder(self.content, capture.published)
        captures = self.content / "captures" / notes.name

        def is_free(slug: str) -> bool:
            note, stored = notes / f"{slug}.md", captures / f"{slug}{capture.suffix}"
            return not note.exists() and not stored.exists()

        base = slug_for(capture.title, capture.published)
        slug = free_slug(base, self.known.slugs, is_free)
        return slug, notes / f"{slug}.md", captures / f"{slug}{capture.suffix}"

    def _reuse(self, orphan: Path) -> tuple[str, Path, Path]:
        """The note for an orphaned capture: named as the capture is where that name is free
        (its own stem is not counted as taken), in the year folder the capture is in."""
        notes = self.content / "articles" / orphan.parent.name
        taken = self.known.slugs - {orphan.stem.lower()}
        slug = free_slug(orphan.stem, taken, lambda name: not (notes / f"{name}.md").exists())
        return slug, notes / f"{slug}.md", orphan

    def finish(self, plan: _Plan, problem: str | None) -> Outcome:
        if problem:
            return plan.outcome("failed", f"the draft would not pass check: {problem}")
        if self.dry_run:
            return plan.outcome("would write")
        ignore = missing_ignore_file(self.content)
        failure = _write(plan, ignore)
        if failure:
            return plan.outcome("failed", failure)
        if ignore is not None:
            self.notices.append(f"{ignore}: written, so that git never picks up a capture")
        return plan.outcome("written")


CONTENT_ELSEWHERE = "make the content folder writable, or choose another with --content"


def _write(plan: _Plan, ignore: Path | None) -> str | None:
    """The capture and the note (and the captures' `.gitignore` when it is missing), created
    whole and exclusively, all or none; → why not."""
    pair = [(plan.stored, plan.capture.data), (plan.note, plan.text.encode("utf-8"))]
    if plan.reused:  # the capture is there already, byte for byte
        pair = pair[1:]
    if ignore is not None:
        pair.append((ignore, IGNORE_TEXT.encode("utf-8")))
    try:
        create_new(pair)
    except OSError as exc:
        return os_error_message(exc, elsewhere=CONTENT_ELSEWHERE)
    return None


def import_files(
    paths: list[Path],
    content: Path,
    *,
    dry_run: bool,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import every capture in `paths` as a draft note under `content`; see the module doc.

    Drafts are planned one by one (so a capture given twice is skipped the second time), then
    checked together in one validation pass, then written. `progress(done, total)` follows the
    captures planned (a feed holds many).
    """
    if dry_run:
        return _import(paths, content, dry_run, today, progress)
    with locked(content, "another digest new or digest import"):
        return _import(paths, content, dry_run, today, progress)


def _import(
    paths: list[Path],
    content: Path,
    dry_run: bool,
    today: date | None,
    progress: Callable[[int, int], None] | None,
) -> ImportReport:
    """`import_files`, under the content folder's lock when it writes: what is already there
    is read inside the lock, so a capture another import has just written is seen (skipped as a
    duplicate), never written twice."""
    importer = _Importer(content, dry_run, today)
    parsed = [found for path in paths for found in read_captures(path)]
    steps: list[_Plan | Outcome] = []
    for number, found in enumerate(parsed, 1):
        if isinstance(found, Failure):
            steps.append(Outcome(found.origin, "failed", found.message))
        else:
            try:
                steps.append(importer.plan(found))
            except OSError as exc:  # one entry's failure never stops the others
                message = os_error_message(exc, verb="use", elsewhere=CONTENT_ELSEWHERE)
                steps.append(Outcome(found.origin, "failed", message))
        if progress:
            progress(number, len(parsed))
    plans = [step for step in steps if isinstance(step, _Plan)]
    problems = _draft_problems(plans, importer.raw, today) if plans else {}
    outcomes = [
        s if isinstance(s, Outcome) else importer.finish(s, problems.get(str(s.note)))
        for s in steps
    ]
    return ImportReport(outcomes, dry_run, importer.notices)
