"""The research fields of a note: confidence, updates, corrections, links to notes, authors.

All optional; a note without them is as valid as before. Links to other notes are checked
here for their shape, and across notes (does the target exist, is it a draft) in `validate.py`.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .fields import Fields
from .model import CONFIDENCE_LEVELS, RELATIONS, Correction, SeeAlso
from .words import hint_for
from .yaml_nodes import Node

CORRECTION_KEYS = ("date", "text")
SEE_ALSO_KEYS = ("note", "relation")


class Research(NamedTuple):
    confidence: str | None
    updated: date | None
    corrections: tuple[Correction, ...]
    see_also: tuple[SeeAlso, ...]
    authors: tuple[str, ...]


class ResearchFields(Fields):
    def confidence(self, node: Node | None) -> str | None:
        level = self.text(node, "confidence")
        if node is None or level is None or level in CONFIDENCE_LEVELS:
            return level
        hint = hint_for(level, CONFIDENCE_LEVELS) or "one of " + ", ".join(CONFIDENCE_LEVELS)
        self.add(node.line, f"confidence '{level}' is not a level", hint)
        return None

    def updated(self, node: Node | None, when: date | None) -> date | None:
        value = self.day(node, "updated")
        if node is None or value is None:
            return None
        if when is not None and value < when:
            hint = "the last substantive change: on or after the note's date"
            self.add(node.line, f"updated {value} is before the note's date {when}", hint)
            return None
        self.not_in_future(node, "updated", value)
        return value

    def corrections(self, node: Node | None, when: date | None) -> tuple[Correction, ...]:
        if node is None or node.value is None:
            return ()
        items = node.value if node.kind == "seq" else None
        if items is None or any(item.kind != "map" for item in items):
            hint = "write corrections: [{date: YYYY-MM-DD, text: What was corrected.}]"
            self.add(node.line, "'corrections' must be a list of mappings", hint)
            return ()
        found = [self._correction(item, i, when) for i, item in enumerate(items, 1)]
        return tuple(c for c in found if c)

    def _correction(self, node: Node, index: int, when: date | None) -> Correction | None:
        label = f"corrections[{index}]"
        self.unknown_keys(node, CORRECTION_KEYS, f"{label}.")
        day, text = (
            self.day(node.get("date"), f"{label}.date"),
            self.text(node.get("text"), f"{label}.text"),
        )
        if node.get("date") is None:
            self.add(node.line, f"'{label}.date' is missing", "the day the note was corrected")
        if text is None and node.get("text") is None:
            self.add(node.line, f"'{label}.text' is missing", "say what was corrected")
        if day is None or text is None:
            return None
        line = node.value["date"].line
        if when is not None and day < when:
            self.add(line, f"{label}.date {day} is before the note's date {when}", "check the year")
            return None
        if day > self.today:
            self.add(line, f"{label}.date {day} is in the future", "check the year")
            return None
        return Correction(day, text)

    def see_also(self, node: Node | None, slug: str) -> tuple[SeeAlso, ...]:
        if node is None or node.value is None:
            return ()
        items = node.value if node.kind == "seq" else None
        if items is None or any(item.kind != "map" for item in items):
            hint = "write see_also: [{note: <slug>, relation: follows}]"
            self.add(node.line, "'see_also' must be a list of mappings", hint)
            return ()
        found = [self._link(item, i, slug) for i, item in enumerate(items, 1)]
        return tuple(link for link in found if link)

    def _link(self, node: Node, index: int, slug: str) -> SeeAlso | None:
        label = f"see_also[{index}]"
        self.unknown_keys(node, SEE_ALSO_KEYS, f"{label}.")
        target = self.text(node.get("note"), f"{label}.note")
        relation = self.text(node.get("relation"), f"{label}.relation")
        if target is None:
            self.add(
                node.line, f"'{label}.note' is missing", "the other note's slug (its file name)"
            )
        if relation is None:
            hint = "one of " + ", ".join(RELATIONS)
            self.add(node.line, f"'{label}.relation' is missing", hint)
        elif relation not in RELATIONS:
            hint = hint_for(relation, RELATIONS) or "one of " + ", ".join(RELATIONS)
            self.add(node.value["relation"].line, f"unknown relation '{relation}'", hint)
            return None
        if target is None or relation is None:
            return None
        line = node.value["note"].line
        if target == slug:
            self.add(line, f"see_also points at the note itself ('{slug}')", "link another note")
            return None
        return SeeAlso(target.removesuffix(".md"), relation, line)

    def authors(self, node: Node | None) -> tuple[str, ...]:
        """`author:` one name or a list of names."""
        if node is None or node.value is None:
            return ()
        items = node.value if node.kind == "seq" else [node]
        names = [self.text(item, "author") for item in items]
        return tuple(name for name in names if name)
