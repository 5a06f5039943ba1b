"""The reports a note is about: `source:` (one) or `sources:` (several of one event).

Each report names its outlet; when `content/vocabulary/outlets.yml` exists the name resolves
through it like any term (id, name or alias, did-you-mean on a typo), else it stays free text.
`published` defaults to the note's date, so every source can be cited and archived.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..facets import OUTLETS
from .fields import Fields, reported_bad
from .model import Source, Vocabulary
from .placeholders import is_placeholder
from .vocabulary import resolve, spellings
from .words import hint_for
from .yaml_nodes import Node

SOURCE_KEYS = (
    "name", "url", "author", "title", "published", "accessed", "archive", "language", "offline",
)  # fmt: skip
EXAMPLE = "source: {name: Outlet, url: https://…}"


class SourceFields(Fields):
    vocabularies: dict[str, Vocabulary]

    def sources(self, front: Node, when: date | None) -> tuple[Source, ...] | None:
        """Every report of the note, or None (with problems) when there is none to keep."""
        one, many = front.get("source"), front.get("sources")
        if one is not None and many is not None:
            hint = "keep one: move the source into the 'sources' list"
            self.add(self.line_of("sources"), "a note has 'source' or 'sources', not both", hint)
            return None
        if many is not None:
            return self._many(many, when)
        if one is None:
            self.add(self.front_line, "missing required field 'source'", EXAMPLE)
            return None
        if one.kind == "seq":
            message = "'source' is a list, but it takes one report (a mapping)"
            hint = "remove the '- ' before 'name:', or write 'sources:' for several reports"
            self.add(self.line_of("source"), message, hint)
            return None
        if one.kind != "map":
            message = "'source' must be a mapping with a name"
            self.add(self.line_of("source"), message, f"write {EXAMPLE}")
            return None
        found = self._source(one, "source", self.line_of("source"), when)
        return (found,) if found else None

    def _many(self, node: Node, when: date | None) -> tuple[Source, ...] | None:
        items = node.value if node.kind == "seq" else None
        if not items or any(item.kind != "map" for item in items):
            hint = "write sources: [{name: Outlet, url: https://…}, {name: Other outlet}]"
            self.add(
                self.line_of("sources"), "'sources' must be a list of mappings with a name", hint
            )
            return None
        found = [
            self._source(item, f"sources[{i}]", item.line, when) for i, item in enumerate(items, 1)
        ]
        return tuple(s for s in found if s) if all(found) else None

    def _source(self, node: Node, label: str, line: int, when: date | None) -> Source | None:
        self.unknown_keys(node, SOURCE_KEYS, f"{label}.")
        name_node = node.get("name")
        name = self.text(name_node, f"{label}.name")
        if name is None and (name_node is None or not reported_bad(name_node)):
            where = name_node.line if name_node else line
            self.add(where, f"'{label}.name' is missing or empty", "name the outlet")
        published = self.day(node.get("published"), f"{label}.published")
        accessed = self.day(node.get("accessed"), f"{label}.accessed")
        if accessed is not None:
            self.not_in_future(node.value["accessed"], f"{label}.accessed", accessed, is_error=True)
        source = Source(
            name=name or "",
            url=self.web_address(node.get("url"), f"{label}.url"),
            author=self.text(node.get("author"), f"{label}.author"),
            title=self.text(node.get("title"), f"{label}.title"),
            published=published or when,
            accessed=accessed,
            archive=self.web_address(node.get("archive"), f"{label}.archive"),
            language=self.language(node.get("language"), f"{label}.language"),
            url_line=_line(node.get("url"), line),
            archive_line=_line(node.get("archive"), line),
            offline=self._offline(node.get("offline"), label),
        )
        return self._outlet(source, name_node, label) if name else None

    def _offline(self, node: Node | None, label: str) -> bool:
        """`offline: true`: the report was never online (print, broadcast, a briefing), so a
        note citing it without an address is not a note whose link was forgotten."""
        if node is None or node.value is None:
            return False
        if not isinstance(node.value, bool):
            shown = f"'{node.raw}'" if node.kind == "scalar" else "a list or mapping"
            hint = "write offline: true or offline: false, without quotes"
            self.add(node.line, f"'{label}.offline' must be true or false, not {shown}", hint)
            return False
        return node.value

    def followable(self, front: Node, sources: tuple[Source, ...] | None, draft: bool) -> None:
        """A published note's readers can follow at least one of its sources: a `url`, an
        `archive`, or a source that says it is not online. Otherwise a warning at `source:`.

        Said once: not for a source with errors of its own, nor one whose address is written
        but wrong (that is an error at its line already)."""
        if draft or not sources or any(s.offline for s in sources):
            return
        one, many = front.get("source"), front.get("sources")
        items = [one] if one is not None else list(many.value) if many is not None else []
        if any(item.kind == "map" and _addressed(item) for item in items):
            return
        key = "sources" if "sources" in self.key_lines else "source"
        message = "no source can be followed: none has a url or an archive"
        hint = "add the report's url or an archived copy, or write offline: true in a source that is not online"
        self.warn(self.line_of(key), message, hint)

    def _outlet(self, source: Source, node: Node | None, label: str) -> Source | None:
        """The source with its outlet resolved, when the outlets vocabulary exists."""
        outlets = self.vocabularies.get(OUTLETS)
        if outlets is None or node is None or is_placeholder(source.name):
            return source  # a placeholder is resolved by the author (placeholders.py)
        found = resolve(outlets, source.name)
        if found.term_id:
            term = outlets.terms[found.term_id]
            return replace(source, name=term.name, outlet=term.id)
        if found.candidates:
            names = " or ".join(f"'{c}'" for c in found.candidates)
            self.add(
                node.line, f"ambiguous outlet '{source.name}': it may mean {names}", "write the id"
            )
        else:
            hint = hint_for(source.name, spellings(outlets)) or "add it to vocabulary/outlets.yml"
            self.add(node.line, f"unknown outlet '{source.name}' in {label}.name", hint)
        return None


def _addressed(source: Node) -> bool:
    """Whether a source writes an address, or an `offline` that is wrong (both reported)."""
    offline = source.get("offline")
    wrong = offline is not None and not isinstance(offline.value, bool | None)
    return wrong or bool({"url", "archive"} & source.key_lines.keys())


def _line(node: Node | None, default: int) -> int:
    return node.line if node is not None else default
