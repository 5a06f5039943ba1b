"""Raw records → the model, collecting every problem on the way (never stopping at the first).

A note with errors is reported and left out of the corpus; the others go on, so one run shows
all mistakes at once. The caller decides whether errors abort the build.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from .markup import first_paragraph
from .model import SINGULAR, VOCABULARIES, Corpus, Note, Page, Source, Vocabulary
from .problems import Problem, error, sort_problems, warning
from .read import Node, RawContent, RawNote
from .vocabulary import build_vocabulary, hint_for, resolve, spellings

NOTE_KEYS = ("title", "date", "source", "agencies", "locations", "themes", "summary", "draft")
SOURCE_KEYS = ("name", "url", "author")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.~-]*$")
RESERVED_SLUGS = {"index"}
GENERATED_ROOTS = {"index", "articles", "themes", "agencies", "regions", "digests", "feeds", "data", "assets", "search"}


@dataclass(frozen=True)
class Checked:
    corpus: Corpus
    problems: list[Problem]


class _NoteChecker:
    """Checks one note's front matter against the format; fields are checked independently."""

    def __init__(self, raw: RawNote, vocabularies: dict[str, Vocabulary], today: date) -> None:
        self.raw = raw
        self.path = raw.path
        self.vocabularies = vocabularies
        self.today = today
        self.problems: list[Problem] = list(raw.problems)

    def add(self, line: int, message: str, hint: str | None = None) -> None:
        self.problems.append(error(self.path, line, message, hint))

    def check(self) -> Note | None:
        front = self.raw.front
        if front is None:
            return None
        for key, line in front.key_lines.items():
            if key not in NOTE_KEYS:
                self.add(line, f"unknown key '{key}'", hint_for(key, NOTE_KEYS) or _allowed(NOTE_KEYS))
        title = self._required_text(front, "title")
        when = self._date(front.get("date"))
        source = self._source(front.get("source"))
        terms = {name: self._terms(front.get(name), name) for name in VOCABULARIES}
        summary = self._optional_text(front.get("summary"), "summary")
        draft = self._draft(front.get("draft"))
        if not any(terms.values()) and not any(front.get(v) for v in VOCABULARIES):
            hint = "tag at least one agency, location or theme"
            self.add(self.raw.front_line, "note has no terms", hint)
        if any(p.severity == "error" for p in self.problems):
            return None
        assert title is not None and when is not None and source is not None
        body = self.raw.body.strip("\n")
        return Note(
            slug=self.raw.slug,
            path=self.path,
            title=title,
            date=when,
            source=source,
            terms={k: v for k, v in terms.items() if v},
            body=body,
            summary=summary or first_paragraph(body),
            draft=draft,
        )

    def _missing(self, key: str, hint: str | None = None) -> None:
        self.add(self.raw.front_line, f"missing required field '{key}'", hint)

    def _required_text(self, front: Node, key: str) -> str | None:
        node = front.get(key)
        if node is None:
            self._missing(key)
            return None
        text = self._optional_text(node, key)
        if text is None and not self._is_wrong_type(node):
            self.add(node.line, f"'{key}' is empty", f"write the {key}")
        return text

    @staticmethod
    def _is_wrong_type(node: Node) -> bool:
        return node.kind != "scalar" or isinstance(node.value, bool | int | float | date)

    def _optional_text(self, node: Node | None, key: str) -> str | None:
        if node is None or node.value is None:
            return None
        if self._is_wrong_type(node):
            self.add(node.line, f"'{key}' must be text", "quote it if it looks like a number or date")
            return None
        return " ".join(str(node.value).split()) or None

    def _date(self, node: Node | None) -> date | None:
        if node is None:
            self._missing("date", "the report's date as YYYY-MM-DD")
            return None
        value, raw = node.value, (node.raw or "").strip()
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            value = _parse_iso(raw) if node.kind == "scalar" else None
        if value is None:
            shown = raw if node.kind == "scalar" else "a list or mapping"
            if ISO_DATE.match(raw):
                self.add(node.line, f"date '{shown}' is not a real date", "check the day and month")
            else:
                self.add(node.line, f"date '{shown}' is not an ISO date", "write it as YYYY-MM-DD")
            return None
        if value > self.today:
            self.problems.append(warning(self.path, node.line, f"date {value} is in the future"))
        return value

    def _source(self, node: Node | None) -> Source | None:
        if node is None:
            self._missing("source", "source: {name: Outlet, url: https://…}")
            return None
        if node.kind != "map":
            hint = "write source: {name: Outlet, url: https://…}"
            self.add(node.line, "'source' must be a mapping with a name", hint)
            return None
        for key, line in node.key_lines.items():
            if key not in SOURCE_KEYS:
                message = f"unknown key 'source.{key}'"
                self.add(line, message, hint_for(key, SOURCE_KEYS) or _allowed(SOURCE_KEYS))
        name_node = node.get("name")
        name = self._optional_text(name_node, "source.name")
        if name is None and (name_node is None or not self._is_wrong_type(name_node)):
            self.add(node.line, "'source.name' is missing or empty", "name the outlet")
        url = self._optional_text(node.get("url"), "source.url")
        if url is not None and not _is_web_url(url):
            line = node.value["url"].line
            self.add(line, f"source.url '{url}' is not an http(s) URL", "give the https:// address")
            url = None
        author = self._optional_text(node.get("author"), "source.author")
        return Source(name, url, author) if name else None

    def _terms(self, node: Node | None, vocabulary_name: str) -> tuple[str, ...]:
        if node is None or node.value is None:
            return ()
        items = [node] if node.kind == "scalar" else node.value if node.kind == "seq" else None
        noun = SINGULAR[vocabulary_name]
        if items is None or any(i.kind != "scalar" or self._is_wrong_type(i) for i in items):
            hint = f"write {vocabulary_name}: [id, other-id]"
            self.add(node.line, f"'{vocabulary_name}' must be a list of {noun} names", hint)
            return ()
        vocabulary = self.vocabularies[vocabulary_name]
        found: dict[str, tuple[str, int]] = {}
        for item in items:
            written = str(item.value).strip()
            term_id = self._term(vocabulary, written, item.line, noun)
            if term_id is None:
                continue
            if term_id in found:
                first, line = found[term_id]
                message = f"{noun} '{term_id}' listed twice ('{first}' on line {line}, '{written}' here)"
                self.add(item.line, message, "remove one")
                continue
            found[term_id] = (written, item.line)
        return tuple(found)

    def _term(self, vocabulary: Vocabulary, written: str, line: int, noun: str) -> str | None:
        resolution = resolve(vocabulary, written)
        if resolution.term_id:
            return resolution.term_id
        if resolution.candidates:
            names = " or ".join(f"'{c}'" for c in resolution.candidates)
            self.add(line, f"ambiguous {noun} '{written}': it may mean {names}", "write the id")
        else:
            self.add(line, f"unknown {noun} '{written}'", hint_for(written, spellings(vocabulary)))
        return None

    def _draft(self, node: Node | None) -> bool:
        if node is None or node.value is None:
            return False
        if not isinstance(node.value, bool):
            self.add(node.line, f"draft must be true or false, not '{node.raw}'")
            return False
        return node.value


def _allowed(keys: tuple[str, ...]) -> str:
    return "allowed: " + ", ".join(keys)


def _parse_iso(text: str) -> date | None:
    if not ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _check_slugs(raw_notes: tuple[RawNote, ...]) -> list[Problem]:
    problems: list[Problem] = []
    first_by_slug: dict[str, RawNote] = {}
    for raw in raw_notes:
        if not SLUG.match(raw.slug) or raw.slug.lower() in RESERVED_SLUGS:
            hint = "rename the file with letters, digits and hyphens, e.g. " + _suggest_slug(raw.slug)
            problems.append(error(raw.path, 1, f"slug '{raw.slug}' cannot be a URL", hint))
            continue
        key = raw.slug.lower()
        if key in first_by_slug:
            other = first_by_slug[key]
            problems.append(error(raw.path, 1, f"duplicate slug '{raw.slug}': also {other.path}", "rename one file"))
            problems.append(error(other.path, 1, f"duplicate slug '{other.slug}': also {raw.path}", "rename one file"))
        else:
            first_by_slug[key] = raw
    return problems


def _suggest_slug(stem: str) -> str:
    words = re.findall(r"[a-z0-9]+", stem.lower())
    return "-".join(words) or "note-title"


def check_content(raw: RawContent, today: date | None = None) -> Checked:
    """Validate everything read; the corpus holds what is valid, the problems everything else."""
    today = today or date.today()
    problems: list[Problem] = list(raw.problems)
    vocabularies: dict[str, Vocabulary] = {}
    for name in VOCABULARIES:
        vocabularies[name], vocabulary_problems = build_vocabulary(raw.vocabularies[name])
        problems += vocabulary_problems
    notes: list[Note] = []
    for raw_note in raw.notes:
        checker = _NoteChecker(raw_note, vocabularies, today)
        note = checker.check()
        problems += checker.problems
        if note is not None:
            notes.append(note)
    problems += _check_slugs(raw.notes)
    notes.sort(key=_newest_first)
    pages = tuple(Page(name, path, text) for name, path, text in raw.pages)
    for page in pages:
        if page.name.split("/")[0] in GENERATED_ROOTS:
            message = f"page '{page.name}' would replace the generated /{page.name}/ pages"
            problems.append(error(page.path, 1, message, "rename the page"))
    return Checked(Corpus(vocabularies, tuple(notes), pages), sort_problems(problems))


def _newest_first(note: Note) -> tuple[int, str]:
    return (-note.date.toordinal(), note.slug)


SortKey = Callable[[Note], tuple[int, str]]
newest_first: SortKey = _newest_first
