"""One note's front matter checked against the format, every field on its own.

The caller (`validate.py`) runs this on each note and checks what needs all notes at once.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from ..facets import SINGULAR, VOCABULARIES
from ..problems import Problem, Severity, error, one_line, warning
from .markup import first_paragraph
from .model import Note, Source, Vocabulary
from .prose import NOT_IN_FEEDS, check_text
from .read import RawNote
from .vocabulary import resolve, spellings
from .words import hint_for
from .yaml_nodes import Node

NOTE_KEYS = (
    "title", "date", "source", "agencies", "locations", "themes", "summary", "draft", "capture",
)  # fmt: skip
SOURCE_KEYS = ("name", "url", "author")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class FrontMatter:
    """Checks one note's front matter against the format; fields are checked independently."""

    def __init__(self, raw: RawNote, vocabularies: dict[str, Vocabulary], today: date) -> None:
        self.raw = raw
        self.path = raw.path
        self.vocabularies = vocabularies
        self.today = today
        self.problems: list[Problem] = list(raw.problems)
        self.key_lines: dict[str, int] = {}

    def add(self, line: int, message: str, hint: str | None = None) -> None:
        self.problems.append(error(self.path, line, message, hint))

    def line_of(self, key: str) -> int:
        """The line of a front matter key: where the author looks for a field's mistake."""
        return self.key_lines.get(key, self.raw.front_line)

    def check(self) -> Note | None:
        front = self.raw.front
        if front is None:
            return None
        self.key_lines = front.key_lines
        self._unknown_keys(front)
        title = self._required_text(front, "title")
        when = self._date(front.get("date"))
        source = self._source(front.get("source"))
        terms = {name: self._terms(front.get(name), name) for name in VOCABULARIES}
        summary = self._optional_text(front.get("summary"), "summary")
        draft = self._draft(front.get("draft"))
        self._capture(front.get("capture"))
        self._some_terms(front)
        body = self.raw.body.strip("\n")
        skipped = len(self.raw.body) - len(self.raw.body.lstrip("\n"))
        slug = self.raw.slug
        text = check_text(
            body,
            self.path,
            self.raw.body_line + skipped,
            f"articles/{slug}.md",
            f"articles/{slug}/",
        )
        self.problems += text.problems
        if title is None or when is None or source is None or self._has_errors():
            return None
        return Note(
            slug=self.raw.slug,
            path=self.path,
            title=title,
            date=when,
            source=source,
            terms={k: v for k, v in terms.items() if v},
            body=body,
            summary=summary or first_paragraph(text.rendered.html),
            draft=draft,
            html=text.rendered.html,
            links=text.links,
            anchors=text.rendered.ids,
        )

    def _capture(self, node: Node | None) -> None:
        """`capture:` names the saved source under content/captures/, which is never published."""
        path = self._optional_text(node, "capture")
        if node is None or path is None:
            return
        parts = path.split("/")
        if parts[0] != "captures" or ".." in parts or path.startswith("/") or len(parts) < 2:
            hint = "a path inside content/captures/, e.g. captures/2024/note.txt"
            self.add(node.line, f"capture '{path}' is not under captures/", hint)

    def _has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def _unknown_keys(self, front: Node) -> None:
        for key, line in front.key_lines.items():
            if key not in NOTE_KEYS:
                hint = hint_for(key, NOTE_KEYS) or _allowed(NOTE_KEYS)
                self.add(line, f"unknown key '{key}'", hint)

    def _some_terms(self, front: Node) -> None:
        """At least one term written in total; unknown ones are reported where they stand."""
        nodes = [front.get(name) for name in VOCABULARIES]
        if any(_has_items(node) for node in nodes):
            return
        lines = [self.line_of(name) for name in VOCABULARIES if name in front.key_lines]
        hint = "tag at least one agency, location or theme"
        self.add(min(lines, default=self.raw.front_line), "note has no terms", hint)

    def _missing(self, key: str, hint: str | None = None) -> None:
        self.add(self.raw.front_line, f"missing required field '{key}'", hint)

    def _required_text(self, front: Node, key: str) -> str | None:
        node = front.get(key)
        if node is None:
            self._missing(key)
            return None
        text = self._optional_text(node, key)
        if text is None and not _reported_bad(node):
            self.add(node.line, f"'{key}' is empty", f"write the {key}")
        return text

    def _optional_text(self, node: Node | None, key: str) -> str | None:
        if node is None or node.value is None:
            return None
        if _is_wrong_type(node):
            hint = "quote it if it looks like a number or date"
            self.add(node.line, f"'{key}' must be text", hint)
            return None
        text = " ".join(str(node.value).split())
        control = _CONTROL.search(text)
        if control:  # YAML's double-quoted escapes (`\0`, `\e` …) can write them
            shown = one_line(control.group())
            hint = "remove it: pages and feeds cannot carry it"
            self.add(node.line, f"'{key}' holds a control character ({shown})", hint)
            return None
        return text or None

    def _date(self, node: Node | None) -> date | None:
        if node is None:
            self._missing("date", "the report's date as YYYY-MM-DD")
            return None
        value = _as_date(node)
        if value is None:
            self._bad_date(node)
            return None
        if value > self.today:
            message = f"date {value} is in the future"
            self.problems.append(warning(self.path, node.line, message, "check the year"))
        return value

    def _bad_date(self, node: Node) -> None:
        raw = (node.raw or "").strip()
        if node.kind != "scalar":
            self.add(self.line_of("date"), "date must be one date, not a list or mapping")
        elif ISO_DATE.match(raw):
            self.add(node.line, f"date '{raw}' is not a real date", "check the day and month")
        else:
            self.add(node.line, f"date '{raw}' is not an ISO date", "write it as YYYY-MM-DD")

    def _source(self, node: Node | None) -> Source | None:
        example = "source: {name: Outlet, url: https://…}"
        if node is None:
            self._missing("source", example)
            return None
        if node.kind != "map":
            message = "'source' must be a mapping with a name"
            self.add(self.line_of("source"), message, f"write {example}")
            return None
        for key, line in node.key_lines.items():
            if key not in SOURCE_KEYS:
                message = f"unknown key 'source.{key}'"
                self.add(line, message, hint_for(key, SOURCE_KEYS) or _allowed(SOURCE_KEYS))
        name_node = node.get("name")
        name = self._optional_text(name_node, "source.name")
        if name is None and (name_node is None or not _reported_bad(name_node)):
            line = name_node.line if name_node else self.line_of("source")
            self.add(line, "'source.name' is missing or empty", "name the outlet")
        url = self._url(node.get("url"))
        author = self._optional_text(node.get("author"), "source.author")
        return Source(name, url, author) if name else None

    def _url(self, node: Node | None) -> str | None:
        url = self._optional_text(node, "source.url")
        if node is None or url is None or _is_web_url(url):
            return url
        self.add(
            node.line, f"source.url '{url}' is not an http(s) URL", "give the https:// address"
        )
        return None

    def _terms(self, node: Node | None, vocabulary_name: str) -> tuple[str, ...]:
        items = _term_items(node)
        noun = SINGULAR[vocabulary_name]
        if node is not None and items is None:
            hint = f"write {vocabulary_name}: [id, other-id]"
            message = f"'{vocabulary_name}' must be a list of {noun} names"
            self.add(self.line_of(vocabulary_name), message, hint)
            return ()
        vocabulary = self.vocabularies[vocabulary_name]
        found: dict[str, tuple[str, int]] = {}
        for item in items or []:
            written = str(item.value).strip()
            term_id = self._term(vocabulary, written, item.line, noun)
            if term_id is None:
                continue
            if term_id in found:
                first, line = found[term_id]
                message = (
                    f"{noun} '{term_id}' listed twice ('{first}' on line {line}, '{written}' here)"
                )
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
        elif not written:
            self.add(line, f"blank {noun} in the list", "remove it or write a name")
        else:
            self.add(line, f"unknown {noun} '{written}'", hint_for(written, spellings(vocabulary)))
        return None

    def _draft(self, node: Node | None) -> bool:
        if node is None or node.value is None:
            return False
        if not isinstance(node.value, bool):
            shown = f"'{node.raw}'" if node.kind == "scalar" else f"a {_KIND_NAMES[node.kind]}"
            hint = "write draft: true or draft: false, without quotes"
            self.add(node.line, f"'draft' must be true or false, not {shown}", hint)
            return False
        return node.value


_KIND_NAMES = {"seq": "list", "map": "mapping", "scalar": "value"}


def _is_wrong_type(node: Node) -> bool:
    """Not text: a list, a mapping, or a scalar YAML typed as a boolean, number or date."""
    return node.kind != "scalar" or isinstance(node.value, bool | int | float | date)


def _term_items(node: Node | None) -> list[Node] | None:
    """The items of a term field: [] when absent or blank, None when it is not a list of text."""
    if (
        node is None
        or node.value is None
        or (node.kind == "scalar" and not str(node.value).strip())
    ):
        return []
    items: list[Node] = (
        [node] if node.kind == "scalar" else node.value if node.kind == "seq" else []
    )
    if node.kind == "map" or any(i.kind != "scalar" or _is_wrong_type(i) for i in items):
        return None
    return items


def _has_items(node: Node | None) -> bool:
    items = _term_items(node)
    return items is None or bool(items)


def _as_date(node: Node) -> date | None:
    """A date written as a YAML date, a datetime, or quoted ISO text; None for anything else."""
    value: object = node.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _parse_iso((node.raw or "").strip()) if node.kind == "scalar" else None


def _allowed(keys: tuple[str, ...]) -> str:
    return "allowed: " + ", ".join(keys)


def _parse_iso(text: str) -> date | None:
    if not ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


_SPACE = re.compile(r"\s")  # what str.isspace calls white space, found in C
_CONTROL = NOT_IN_FEEDS  # what is left of it after white space is collapsed


def _reported_bad(node: Node) -> bool:
    """Text that `_optional_text` turned down with its own problem (not merely empty)."""
    return _is_wrong_type(node) or bool(_CONTROL.search(str(node.value or "")))


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not _SPACE.search(url)
