"""Vocabulary files → checked `Vocabulary` values, and resolving what authors write to term ids.

Authors write `Hoeryŏng`, `hoeryong` or `회령` and mean one place; matching therefore compares
normalised keys (accents, case, punctuation and spacing removed), and a key that names two terms
is kept as ambiguous rather than silently given to one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from ..facets import OUTLETS, SECTION
from ..problems import Problem, error, one_line, warning
from .fields import Fields
from .model import RELIABILITY_GRADES, Term, TextLink, Vocabulary
from .prose import NOT_IN_FEEDS, check_text
from .read import RawVocabulary
from .words import hint_for, normalise, slugify
from .yaml_nodes import Node

TERM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TERM_KEYS = (
    "id",
    "name",
    "aliases",
    "parent",
    "kind",
    "description",
    "coordinates",
    "keywords",
    "meta",
)
OUTLET_KEYS = (*TERM_KEYS, "reliability", "homepage", "language")
FILE_KEYS = ("terms", "meta")


@dataclass(frozen=True)
class Resolution:
    term_id: str | None
    candidates: tuple[str, ...] = ()  # more than one: ambiguous


def resolve(vocabulary: Vocabulary, written: str) -> Resolution:
    ids = vocabulary.index.get(normalise(written), ())
    if len(ids) == 1:
        return Resolution(ids[0])
    return Resolution(None, ids)


def spellings(vocabulary: Vocabulary) -> list[str]:
    """Every way a term may be written: ids, names, aliases (the did-you-mean choices)."""
    words: list[str] = []
    for term in vocabulary.terms.values():
        words += [term.id, term.name, *term.aliases]
    return words


def _text(node: Node | None) -> str | None:
    if node is None or node.kind != "scalar" or node.value is None:
        return None
    return str(node.value).strip() or None


class _VocabularyChecker:
    """Checks one vocabulary file, collecting every problem, and builds what is usable of it."""

    def __init__(self, raw: RawVocabulary) -> None:
        self.raw = raw
        self.path = raw.path
        self.problems: list[Problem] = list(raw.problems)
        self.terms: dict[str, Term] = {}
        self.lines: dict[str, int] = {}  # term id → line of its id
        self.key_lines: dict[tuple[str, str], int] = {}  # (term id, key) → line of that key
        self.keys: dict[
            str, str
        ] = {}  # normalised id → id, to catch ids that only differ in hyphens

    def add(self, line: int, message: str, hint: str | None = None) -> None:
        self.problems.append(error(self.path, line, message, hint))

    def check(self) -> Vocabulary:
        for node in self._term_nodes(self.raw.root):
            self._term(node)
        self._parents()
        self._cycles()
        return Vocabulary.of(self.raw.name, dict(self.terms), self._index(), self.raw.path)

    def _term_nodes(self, root: Node | None) -> list[Node]:
        """The items of `terms:`, or nothing (with a problem) when the file is not shaped so."""
        if root is None:
            return []
        terms = root.get("terms")
        if terms is None:
            hint = "write 'terms:' followed by a list of terms"
            self.add(root.line, "a vocabulary must be a mapping with 'terms'", hint)
            return []
        self._unknown_keys(root, FILE_KEYS, "vocabulary file")
        if terms.kind != "seq":
            self.add(terms.line, "'terms' must be a list of terms")
            return []
        return list(terms.value)

    def _unknown_keys(self, node: Node, allowed: tuple[str, ...], what: str) -> None:
        for key, line in node.key_lines.items():
            if key not in allowed:
                hint = hint_for(key, allowed) or f"allowed: {', '.join(allowed)}"
                self.add(line, f"unknown key '{key}' in {what}", hint)

    def _term(self, node: Node) -> None:
        if node.kind != "map":
            self.add(node.line, "a term must be a mapping with id and name")
            return
        allowed = OUTLET_KEYS if self.raw.name == OUTLETS else TERM_KEYS
        self._unknown_keys(node, allowed, "term")
        term_id, name = self._term_id(node), _text(node.get("name"))
        if name is None:
            self.add(node.line, f"term '{term_id or '?'}' has no name")
        if term_id is None or self._duplicate(term_id, node.value["id"].line):
            return
        self.lines[term_id] = node.value["id"].line
        self.key_lines.update({(term_id, key): line for key, line in node.key_lines.items()})
        self.keys[normalise(term_id)] = term_id
        self.terms[term_id] = self._build(node, term_id, name or term_id)

    def _term_id(self, node: Node) -> str | None:
        term_id = _text(node.get("id"))
        if term_id is None:
            self.add(node.line, "term has no id")
        elif not TERM_ID.match(term_id):
            hint = "lowercase letters, digits and single hyphens, e.g. " + (
                slugify(term_id) or "term-id"
            )
            self.add(node.value["id"].line, f"term id '{term_id}' is not valid", hint)
            return None
        return term_id

    def _build(self, node: Node, term_id: str, name: str) -> Term:
        self._characters(node)
        description = self._optional_text(node, "description")
        html, links = self._description(node.get("description"), description, term_id)
        return Term(
            vocabulary=self.raw.name,
            id=term_id,
            name=name,
            aliases=self._texts(node, "aliases"),
            parent=_text(node.get("parent")),
            kind=self._optional_text(node, "kind"),
            description=description,
            coordinates=self._coordinates(node.get("coordinates")),
            keywords=self._texts(node, "keywords"),
            description_html=html,
            description_links=links,
            **(self._outlet(node) if self.raw.name == OUTLETS else {}),
        )

    def _outlet(self, node: Node) -> dict[str, str | None]:
        """An outlet's reliability (Admiralty grade), home page and language."""
        fields = Fields(self.path, date.today())
        grade = fields.text(node.get("reliability"), "reliability")
        if grade is not None and grade not in RELIABILITY_GRADES:
            hint = "an Admiralty grade: A (completely reliable) to E (unreliable), F (cannot be judged)"
            fields.add(node.value["reliability"].line, f"reliability '{grade}' is not A–F", hint)
            grade = None
        homepage = fields.web_address(node.get("homepage"), "homepage")
        language = fields.language(node.get("language"), "language")
        self.problems += fields.problems
        return {"reliability": grade, "homepage": homepage, "language": language}

    def _characters(self, node: Node) -> None:
        """Names, aliases and labels land in pages and feeds: no control characters."""
        for key in ("name", "aliases", "kind", "keywords"):
            value = node.get(key)
            items = [value] if value is not None and value.kind == "scalar" else []
            items += value.value if value is not None and value.kind == "seq" else []
            for item in items:
                found = NOT_IN_FEEDS.search(str(item.value or ""))
                if found and item.kind == "scalar":
                    message = f"'{key}' holds a control character ({one_line(found.group())})"
                    self.add(item.line, message, "remove it: pages and feeds cannot carry it")

    def _description(
        self, node: Node | None, text: str | None, term_id: str
    ) -> tuple[str, tuple[TextLink, ...]]:
        """The description as sanitised HTML; what the sanitiser drops is reported."""
        if node is None or text is None:
            return "", ()
        raw = str(node.value)
        first_line = node.line + 1 if "\n" in raw.strip() else node.line  # a block scalar
        source = f"vocabulary/{self.raw.name}.yml"
        page_url = f"{SECTION.get(self.raw.name, self.raw.name)}/{term_id}/"
        checked = check_text(text, self.path, first_line, source, page_url)
        self.problems += checked.problems
        return checked.rendered.html, checked.links

    def _duplicate(self, term_id: str, line: int) -> bool:
        """Two terms with one id, or with ids that differ only in hyphens (`old-town`, `oldtown`)."""
        twin = self.keys.get(normalise(term_id))
        if twin is None:
            return False
        first = self.lines[twin]
        if twin == term_id:
            message = f"duplicate term id '{term_id}' (first on line {first})"
        else:
            message = f"term id '{term_id}' cannot be told apart from '{twin}' (line {first})"
        self.add(line, message, "give each term its own id")
        return True

    def _line(self, term_id: str, key: str) -> int:
        return self.key_lines.get((term_id, key), self.lines[term_id])

    def _optional_text(self, node: Node, key: str) -> str | None:
        value = node.get(key)
        if value is not None and (value.kind != "scalar" or isinstance(value.value, bool)):
            self.add(value.line, f"'{key}' must be text")
            return None
        return _text(value)

    def _texts(self, node: Node, key: str) -> tuple[str, ...]:
        value = node.get(key)
        if value is None or value.value is None:
            return ()
        items = value.value if value.kind == "seq" else None
        if items is None or any(i.kind != "scalar" or i.value is None for i in items):
            self.add(value.line, f"'{key}' must be a list of text")
            return ()
        return tuple(str(i.value).strip() for i in items if str(i.value).strip())

    def _coordinates(self, node: Node | None) -> tuple[float, float] | None:
        if node is None or node.value is None:
            return None
        values = node.plain()
        numeric = (
            isinstance(values, list)
            and len(values) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        )
        if not numeric:
            self.add(node.line, "coordinates must be [latitude, longitude]")
            return None
        lat, lon = float(values[0]), float(values[1])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            message = f"coordinates [{lat:g}, {lon:g}] out of range"
            hint = "latitude within ±90, longitude within ±180, in that order"
            self.add(node.line, message, hint)
            return None
        return lat, lon

    def _parents(self) -> None:
        for term in list(self.terms.values()):
            if term.parent is not None and term.parent not in self.terms:
                message = f"term '{term.id}' has unknown parent '{term.parent}'"
                others = [t for t in self.terms if t != term.id]
                hint = hint_for(term.parent, others) or "the parent must be a term id in this file"
                self.add(self._line(term.id, "parent"), message, hint)
                self.terms[term.id] = _replace_parent(term, None)

    def _cycles(self) -> None:
        """Each term is walked up once; a walk that meets itself is a cycle, printed and broken."""
        settled: set[str] = set()
        for start in list(self.terms):
            path: list[str] = []
            on_path: set[str] = set()
            current: str | None = start
            while current is not None and current in self.terms and current not in settled:
                if current in on_path:
                    self._cycle(path[path.index(current) :])
                    break
                path.append(current)
                on_path.add(current)
                current = self.terms[current].parent
            settled.update(path)

    def _cycle(self, cycle: list[str]) -> None:
        shown = " → ".join([*cycle, cycle[0]])
        line = min(self.lines[t] for t in cycle)
        self.add(line, f"parent cycle: {shown}", "a term cannot be its own ancestor")
        for term_id in cycle:  # break the cycle so later stages can walk the tree safely
            self.terms[term_id] = _replace_parent(self.terms[term_id], None)

    def _index(self) -> dict[str, tuple[str, ...]]:
        ids = {normalise(tid): tid for tid in self.terms}
        index: dict[str, list[str]] = {}
        written: dict[str, str] = {}
        for term in self.terms.values():
            for key, word in self._spellings(term, ids):
                written.setdefault(key, word)
                entry = index.setdefault(key, [])
                if term.id not in entry:
                    entry.append(term.id)
        for key, owners in index.items():
            if len(owners) > 1 and key not in ids:
                self._shared(written[key], owners)
        return {key: tuple(owners) for key, owners in index.items()}

    def _spellings(self, term: Term, ids: dict[str, str]) -> list[tuple[str, str]]:
        """(normalised key, word) for the id, name and aliases, minus those naming another id."""
        kept: list[tuple[str, str]] = []
        words = [("id", term.id), ("name", term.name), *(("aliases", a) for a in term.aliases)]
        for field, word in words:
            key = normalise(word)
            owner = ids.get(key)
            if owner is not None and owner != term.id:
                what = "alias" if field == "aliases" else field
                message = f"{what} '{word}' of '{term.id}' is the id of another term '{owner}'"
                hint = "remove the alias" if field == "aliases" else "rename one of them"
                self.add(self._line(term.id, field), message, hint)
            elif key:
                kept.append((key, word))
        return kept

    def _shared(self, word: str, owners: list[str]) -> None:
        """An alias that names two terms: allowed, but notes using it get an error."""
        line = self._line(owners[1], "aliases")
        names = " and ".join(f"'{o}'" for o in owners)
        message = f"'{word}' names both {names}; notes must write the id"
        hint = "drop the shared alias from one term"
        self.problems.append(warning(self.path, line, message, hint))


def _replace_parent(term: Term, parent: str | None) -> Term:
    return replace(term, parent=parent)


def build_vocabulary(raw: RawVocabulary) -> tuple[Vocabulary, list[Problem]]:
    checker = _VocabularyChecker(raw)
    vocabulary = checker.check()
    return vocabulary, checker.problems
