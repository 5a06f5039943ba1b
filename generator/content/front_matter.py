"""One note's front matter checked against the format, every field on its own.

The fields come in groups, each a mixin over `fields.Fields`: the reports (`sources.py`), the
research fields (`research.py`) and, here, the rest (title, date, terms, summary, draft,
capture). The caller (`validate.py`) runs this on each note and checks what needs all notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import routes
from ..facets import SINGULAR, VOCABULARIES
from ..problems import Severity
from .fields import as_date, is_wrong_type, reported_bad
from .markup import first_paragraph
from .model import Note, TextLink, Vocabulary
from .placeholders import placeholder_problems, source_problems
from .prose import CheckedText, check_text
from .read import RawNote
from .research import Research, ResearchFields
from .sources import SourceFields
from .vocabulary import resolve, spellings
from .words import hint_for
from .yaml_nodes import Node

NO_TERMS = "note has no terms"  # the one error a draft of `digest new` may be written with

NOTE_KEYS = (
    "title", "date", "source", "sources", "agencies", "locations", "themes", "summary",
    "author", "confidence", "updated", "corrections", "see_also", "draft", "capture",
    "language",
)  # fmt: skip
_KIND_NAMES = {"seq": "list", "map": "mapping", "scalar": "value"}


class FrontMatter(SourceFields, ResearchFields):
    """Checks one note's front matter against the format; fields are checked independently."""

    def __init__(self, raw: RawNote, vocabularies: dict[str, Vocabulary], today: date) -> None:
        super().__init__(raw.path, today, raw.front_line)
        self.raw = raw
        self.vocabularies = vocabularies
        self.problems += raw.problems

    def check(self) -> Note | UnbuiltNote | None:
        """The note; or, when it has errors, what of it the checks across notes still need."""
        front = self.raw.front
        if front is None:  # unreadable front matter: the body is checked all the same
            return _unbuilt(self.path, self._body(), published=False)
        self.key_lines = front.key_lines
        self.unknown_keys(front, NOTE_KEYS)
        title = self._required_text(front, "title")
        when = self._date(front.get("date"))
        sources = self.sources(front, when)
        terms = {name: self._terms(front.get(name), name) for name in VOCABULARIES}
        summary = self.text(front.get("summary"), "summary")
        language = self.language(front.get("language"), "language")
        draft = self._draft(front.get("draft"))
        self.followable(front, sources, draft)
        self._capture(front.get("capture"))
        self._some_terms(front)
        research = self._research(front, when)
        body, slug = self.raw.body.strip("\n"), self.raw.slug
        text = self._body()
        if not draft:
            where = self.line_of("summary")
            self.problems += placeholder_problems(
                self.path, summary, where, self.raw.body, self.raw.body_line
            )
            self.problems += source_problems(self.path, front)
        if title is None or when is None or not sources or self._has_errors():
            return _unbuilt(self.path, text, published=not draft)
        outlets = tuple(dict.fromkeys(s.outlet for s in sources if s.outlet))
        return Note(
            slug=slug,
            path=self.path,
            title=title,
            date=when,
            source=sources[0],
            terms={k: v for k, v in (*terms.items(), ("outlets", outlets)) if v},
            body=body,
            summary=summary or first_paragraph(text.rendered.html),
            draft=draft,
            html=text.rendered.html,
            links=text.links,
            anchors=text.rendered.ids,
            sources=sources,
            confidence=research.confidence,
            updated=research.updated,
            corrections=research.corrections,
            see_also=research.see_also,
            authors=research.authors,
            language=language,
        )

    def _body(self) -> CheckedText:
        """The body rendered and checked, its problems added, whatever the front matter holds."""
        body = self.raw.body.strip("\n")
        skipped = len(self.raw.body) - len(self.raw.body.lstrip("\n"))
        slug = self.raw.slug
        first_line = self.raw.body_line + skipped
        text = check_text(body, self.path, first_line, f"articles/{slug}.md", routes.note_url(slug))
        self.problems += text.problems
        return text

    def _research(self, front: Node, when: date | None) -> Research:
        return Research(
            confidence=self.confidence(front.get("confidence")),
            updated=self.updated(front.get("updated"), when),
            corrections=self.corrections(front.get("corrections"), when),
            see_also=self.see_also(front.get("see_also"), self.raw.slug),
            authors=self.authors(front.get("author")),
        )

    def _capture(self, node: Node | None) -> None:
        """`capture:` names the saved source under content/captures/, which is never published."""
        path = self.text(node, "capture")
        if node is None or path is None:
            return
        parts = path.split("/")
        if parts[0] != "captures" or ".." in parts or path.startswith("/") or len(parts) < 2:
            hint = "a path inside content/captures/, e.g. captures/2024/note.txt"
            self.add(node.line, f"capture '{path}' is not under captures/", hint)

    def _has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def _some_terms(self, front: Node) -> None:
        """At least one term written in total; unknown ones are reported where they stand."""
        nodes = [front.get(name) for name in VOCABULARIES]
        if any(_has_items(node) for node in nodes):
            return
        lines = [self.line_of(name) for name in VOCABULARIES if name in front.key_lines]
        hint = "tag at least one agency, location or theme"
        self.add(min(lines, default=self.front_line), NO_TERMS, hint)

    def _required_text(self, front: Node, key: str) -> str | None:
        node = front.get(key)
        if node is None:
            self.add(self.front_line, f"missing required field '{key}'")
            return None
        text = self.text(node, key)
        if text is None and not reported_bad(node):
            self.add(node.line, f"'{key}' is empty", f"write the {key}")
        return text

    def _date(self, node: Node | None) -> date | None:
        if node is None:
            hint = "the report's date as YYYY-MM-DD"
            self.add(self.front_line, "missing required field 'date'", hint)
            return None
        if node.kind != "scalar" and as_date(node) is None:
            self.add(self.line_of("date"), "date must be one date, not a list or mapping")
            return None
        if node.value is None:
            self.add(node.line, "date '' is not an ISO date", "write it as YYYY-MM-DD")
            return None
        value = self.day(node, "date")
        if value is not None:
            self.not_in_future(node, "date", value)
        return value

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
            hint = hint_for(written, spellings(vocabulary)) or _no_terms(vocabulary)
            self.add(line, f"unknown {noun} '{written}'", hint)
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


@dataclass(frozen=True)
class UnbuiltNote:
    """A note with errors: kept out of the corpus, but its body's links to other notes and pages
    are checked with everyone else's, so that a front matter mistake hides no broken link."""

    path: str
    links: tuple[TextLink, ...]
    published: bool  # whether a link to a draft counts (unknown when the front matter is not)


def _unbuilt(path: str, text: CheckedText, published: bool) -> UnbuiltNote | None:
    return UnbuiltNote(path, text.links, published) if text.links else None


def _no_terms(vocabulary: Vocabulary) -> str | None:
    """`content/vocabulary/agencies.yml has no terms`: said on every line it makes fail (an
    empty file gave an "unknown agency" line per note and none naming the file)."""
    return f"{vocabulary.path} has no terms" if not vocabulary.terms and vocabulary.path else None


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
    if node.kind == "map" or any(i.kind != "scalar" or is_wrong_type(i) for i in items):
        return None
    return items


def _has_items(node: Node | None) -> bool:
    items = _term_items(node)
    return items is None or bool(items)
