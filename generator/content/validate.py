"""Raw records → the model, collecting every problem on the way (never stopping at the first).

A note with errors is reported and left out of the corpus; the others go on, so one run shows
all mistakes at once. The caller decides whether errors abort the build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from ..facets import ALL_VOCABULARIES, OUTLETS
from ..problems import Problem, error, sort_problems
from .areas import AreaGeometry, load_areas
from .front_matter import FrontMatter, UnbuiltNote
from .model import Corpus, Note, Page, TextLink, Vocabulary
from .pages import build_page
from .read import RawContent, RawNote, RawVocabulary
from .vocabulary import build_vocabulary
from .words import hint_for, slugify

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.~-]*$")
RESERVED_SLUGS = {"index"}
GENERATED_ROOTS = {
    "index",
    "articles",
    "themes",
    "agencies",
    "regions",
    "digests",
    "feeds",
    "data",
    "assets",
    "search",
}


@dataclass(frozen=True)
class Checked:
    corpus: Corpus
    problems: list[Problem]


CheckedNote = tuple[Note | UnbuiltNote | None, list[Problem]]


class NoteChecker:
    """Checks one note at a time against the vocabularies and the date it was made with.

    A long-running caller (the preview) wraps it to keep checked notes between runs."""

    def __init__(self, vocabularies: Mapping[str, Vocabulary], today: date) -> None:
        self.vocabularies = dict(vocabularies)
        self.today = today

    def __call__(self, raw: RawNote) -> CheckedNote:
        checker = FrontMatter(raw, self.vocabularies, self.today)
        return checker.check(), checker.problems


MakeChecker = Callable[[Mapping[str, Vocabulary], date], Callable[[RawNote], CheckedNote]]


def _check_slugs(files: list[tuple[str, str]]) -> list[Problem]:
    """Slugs must be URL path segments, unique regardless of case (file systems may ignore it).

    `files` holds (path, slug) for every note file, in reading order."""
    problems: list[Problem] = []
    first_by_slug: dict[str, tuple[str, str]] = {}
    for path, slug in files:
        if not SLUG.match(slug) or slug.lower() in RESERVED_SLUGS:
            hint = "rename the file with letters, digits and hyphens, e.g. "
            message = f"slug '{slug}' cannot be a URL"
            problems.append(error(path, 1, message, hint + _suggest_slug(slug)))
        elif slug.lower() in first_by_slug:
            problems += _duplicate_slug(first_by_slug[slug.lower()], (path, slug))
        else:
            first_by_slug[slug.lower()] = (path, slug)
    return problems


def _duplicate_slug(first: tuple[str, str], second: tuple[str, str]) -> list[Problem]:
    """One line on each file, each naming the other."""
    return [
        error(a[0], 1, f"duplicate slug '{a[1]}': also {b[0]}", "rename one file")
        for a, b in ((second, first), (first, second))
    ]


def _suggest_slug(stem: str) -> str:
    slug = slugify(stem) or "note-title"
    return f"{slug}-note" if slug in RESERVED_SLUGS else slug


def _check_pages(pages: tuple[Page, ...]) -> list[Problem]:
    problems: list[Problem] = []
    for page in pages:
        if not all(SLUG.match(part) for part in page.name.split("/")):
            hint = "rename the file with letters, digits and hyphens, e.g. "
            message = f"page name '{page.name}' cannot be a URL"
            problems.append(error(page.path, 1, message, hint + _suggest_slug(page.name)))
        elif page.name.split("/")[0] in GENERATED_ROOTS:
            message = f"page '{page.name}' would replace the generated /{page.name}/ pages"
            problems.append(error(page.path, 1, message, "rename the page"))
    return problems


def build_vocabularies(raw: RawContent) -> tuple[dict[str, Vocabulary], list[Problem]]:
    """The vocabularies, each checked; outlets only when its file exists (it is optional)."""
    vocabularies: dict[str, Vocabulary] = {}
    problems: list[Problem] = []
    for name in ALL_VOCABULARIES:
        if name == OUTLETS and name not in raw.vocabularies:
            continue
        raw_vocabulary = raw.vocabularies.get(name) or RawVocabulary(name, name, None)
        vocabularies[name], vocabulary_problems = build_vocabulary(raw_vocabulary)
        problems += vocabulary_problems
    return vocabularies, problems


@dataclass
class NotesChecked:
    """One batch of notes checked: the valid ones, the problems, every file's (path, slug)."""

    notes: list[Note | UnbuiltNote] = field(default_factory=list)  # unbuilt: links to check
    problems: list[Problem] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)


def check_notes(raws: Iterable[RawNote], check: Callable[[RawNote], CheckedNote]) -> NotesChecked:
    """Check a batch of notes with `check` (a `NoteChecker`)."""
    checked = NotesChecked()
    for raw in raws:
        note, problems = check(raw)
        checked.problems += problems
        checked.files.append((raw.path, raw.slug))
        if note is not None:
            checked.notes.append(note)
    return checked


def check_content(
    raw: RawContent, today: date | None = None, make_checker: MakeChecker = NoteChecker
) -> Checked:
    """Validate everything read; the corpus holds what is valid, the problems everything else."""
    vocabularies, problems = build_vocabularies(raw)
    notes = check_notes(raw.notes, make_checker(vocabularies, today or date.today()))
    return assemble(raw, vocabularies, problems, notes)


def assemble(
    raw: RawContent,
    vocabularies: dict[str, Vocabulary],
    problems: list[Problem],
    notes: NotesChecked,
) -> Checked:
    """The checked corpus: every note batch's results with the checks that need all notes."""
    problems = [*raw.problems, *problems, *notes.problems, *_check_slugs(notes.files)]
    pages = _build_pages(raw, problems)
    problems += _check_pages(pages)
    valid = [note for note in notes.notes if isinstance(note, Note)]
    ordered = tuple(sorted(valid, key=_newest_first))
    links = _LinkTargets(notes.files, valid, pages)
    problems += links.check_all(ordered, pages, vocabularies, raw)
    for unbuilt in notes.notes:
        if isinstance(unbuilt, UnbuiltNote):
            problems += links.check(unbuilt.path, unbuilt.links, unbuilt.published)
    every = {OUTLETS: Vocabulary.of(OUTLETS, {}), **vocabularies}
    areas = _check_areas(raw, vocabularies, problems)
    return Checked(Corpus(every, ordered, pages, areas), sort_problems(problems))


def _check_areas(
    raw: RawContent, vocabularies: dict[str, Vocabulary], problems: list[Problem]
) -> dict[str, AreaGeometry]:
    """The regions' shapes; each bad feature is an error at the file, and is left out."""
    if raw.areas is None:
        return {}
    path, text = raw.areas
    locations = vocabularies.get("locations")
    areas, found = load_areas(text, locations.terms if locations else ())
    hint = "each feature: a Polygon or MultiPolygon with properties.id, a location's id"
    for line, message in found:
        problems.append(error(path, line, message, hint))
    return areas


def _build_pages(raw: RawContent, problems: list[Problem]) -> tuple[Page, ...]:
    pages = []
    for name, path, text in raw.pages:
        page, page_problems = build_page(name, path, text)
        problems += page_problems
        if page is not None:
            pages.append(page)
    return tuple(pages)


class _LinkTargets:
    """Links in content Markdown to notes and pages, checked against what exists."""

    def __init__(
        self, files: list[tuple[str, str]], notes: list[Note], pages: tuple[Page, ...]
    ) -> None:
        self.slugs = {slug for _, slug in files}  # notes with errors exist too
        self.notes = {note.slug: note for note in notes}
        self.pages = {page.name for page in pages}

    def check_all(
        self,
        notes: tuple[Note, ...],
        pages: tuple[Page, ...],
        vocabularies: dict[str, Vocabulary],
        raw: RawContent,
    ) -> list[Problem]:
        problems = []
        for note in notes:
            problems += self.check(note.path, note.links, published=not note.draft)
            problems += self.check_see_also(note)
        for page in pages:
            problems += self.check(page.path, page.links)
        for name, vocabulary in vocabularies.items():
            path = raw.vocabularies[name].path if name in raw.vocabularies else name
            for term in vocabulary.terms.values():
                problems += self.check(path, term.description_links)
        return problems

    def check(
        self, path: str, links: tuple[TextLink, ...], published: bool = True
    ) -> list[Problem]:
        problems = []
        for link in links:
            message, hint = self._why_dead(link, published)
            if message:
                problems.append(error(path, link.line, message, hint))
        return problems

    def check_see_also(self, note: Note) -> list[Problem]:
        """Every `see_also` target exists, and a published note points at no draft."""
        problems = []
        for link in note.see_also:
            target = self.notes.get(link.note)
            if link.note not in self.slugs:
                hint = (
                    hint_for(link.note, self.slugs) or "write the other note's slug (its file name)"
                )
                problems.append(
                    error(note.path, link.line, f"see_also: no note '{link.note}'", hint)
                )
            elif target is not None and target.draft and not note.draft:
                message = f"see_also: '{link.note}' is a draft"
                hint = "publish that note first, or remove the link"
                problems.append(error(note.path, link.line, message, hint))
        return problems

    def _why_dead(self, link: TextLink, published: bool) -> tuple[str | None, str | None]:
        if link.kind == "page":
            if link.target in self.pages:
                return None, None
            hint = hint_for(link.target, self.pages) or "pages live in content/pages/"
            return f"link '{link.written}' leads to no page", hint
        if link.kind != "note" or link.target not in self.slugs:
            hint = hint_for(link.target, self.slugs) or "link a note by its file: ../2024/<slug>.md"
            return f"link '{link.written}' leads to no note", hint
        target = self.notes.get(link.target)
        if target is None:
            return None, None  # the target has errors of its own, reported there
        if published and target.draft:
            hint = "publish that note first, or remove the link"
            return f"link '{link.written}' leads to a draft", hint
        if link.anchor and link.anchor not in target.anchors:
            hint = hint_for(link.anchor, target.anchors) or "link the note without '#…'"
            return f"link '{link.written}': no heading '#{link.anchor}' in that note", hint
        return None, None


def _newest_first(note: Note) -> tuple[int, str]:
    return (-note.date.toordinal(), note.slug)
