"""What every front matter check shares: located problems, text, dates, web addresses, tags.

`FrontMatter` (front_matter.py) is built from mixins over this base, one per group of fields
(`sources.py`, `research.py`), so each group reads on its own and all report the same way.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

import langcodes

from ..problems import Problem, error, one_line, warning
from .prose import NOT_IN_FEEDS
from .words import hint_for
from .yaml_hints import curly_quoted, slashed_date
from .yaml_nodes import Node

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPACE = re.compile(r"\s")  # what str.isspace calls white space, found in C
_TAG = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")  # BCP 47 is written with hyphens only


class Fields:
    """The problems of one file, and checks of single values that report where they stand."""

    def __init__(self, path: str, today: date, front_line: int = 1) -> None:
        self.path = path
        self.today = today
        self.front_line = front_line
        self.problems: list[Problem] = []
        self.key_lines: dict[str, int] = {}

    def add(self, line: int, message: str, hint: str | None = None) -> None:
        self.problems.append(error(self.path, line, message, hint))

    def warn(self, line: int, message: str, hint: str | None = None) -> None:
        self.problems.append(warning(self.path, line, message, hint))

    def line_of(self, key: str) -> int:
        """The line of a front matter key: where the author looks for a field's mistake."""
        return self.key_lines.get(key, self.front_line)

    def unknown_keys(self, node: Node, allowed: tuple[str, ...], prefix: str = "") -> None:
        for key, line in node.key_lines.items():
            if key not in allowed:
                hint = hint_for(key, allowed) or allowed_keys(allowed)
                if node.value[key].value is None and " " in key:  # `{text: a, b}` split at ','
                    hint = "quote the text: inside {…} a comma ends a value"
                self.add(line, f"unknown key '{prefix}{key}'", hint)

    def text(self, node: Node | None, key: str) -> str | None:
        """One line of text (white space collapsed), or None with a problem if it is not text."""
        if node is None or node.value is None:
            return None
        if is_wrong_type(node):
            self.add(
                node.line, f"'{key}' must be text", "quote it if it looks like a number or date"
            )
            return None
        text = " ".join(str(node.value).split())
        control = NOT_IN_FEEDS.search(text)
        if control:  # YAML's double-quoted escapes (`\0`, `\e` …) can write them
            shown = one_line(control.group())
            hint = "remove it: pages and feeds cannot carry it"
            self.add(node.line, f"'{key}' holds a control character ({shown})", hint)
            return None
        return text or None

    def day(self, node: Node | None, key: str) -> date | None:
        """An ISO date, or None with a problem naming `key`."""
        if node is None or node.value is None:
            return None
        value = as_date(node)
        if value is not None:
            return value
        raw = (node.raw or "").strip()
        if node.kind != "scalar":
            self.add(node.line, f"'{key}' must be one date, not a list or mapping")
        elif ISO_DATE.match(raw):
            self.add(node.line, f"{key} '{raw}' is not a real date", "check the day and month")
        else:
            self.add(node.line, *_not_iso(key, raw))
        return None

    def not_in_future(self, node: Node, key: str, value: date, is_error: bool = False) -> None:
        if value > self.today:
            make = self.add if is_error else self.warn
            make(node.line, f"{key} {value} is in the future", "check the year")

    def web_address(self, node: Node | None, key: str) -> str | None:
        url = self.text(node, key)
        if node is None or url is None or is_web_url(url):
            return url
        self.add(node.line, f"{key} '{url}' is not an http(s) URL", "give the https:// address")
        return None

    def language(self, node: Node | None, key: str) -> str | None:
        """A BCP 47 language tag (`en`, `ko`, `zh-Hans`), checked against the IANA registry."""
        tag = self.text(node, key)
        if node is None or tag is None:
            return None
        if _TAG.match(tag) and langcodes.tag_is_valid(tag):
            return tag
        message = f"{key} '{tag}' is not a BCP 47 language tag"
        suggestion = suggest_tag(tag)
        hint = (
            f"did you mean '{suggestion}'?"
            if suggestion
            else "write a tag such as en, ko or zh-Hans"
        )
        self.add(node.line, message, hint)
        return None


def _not_iso(key: str, raw: str) -> tuple[str, str]:
    """(message, hint) for a date that is not ISO: what was written, and the ISO date it means
    where that can be told (`2024/04/19`, `“2024-04-19”`)."""
    inner = curly_quoted(raw)
    if inner is not None and parse_iso(inner):
        return f"{key} '{raw}' is in curly quotes", f"write it as {inner}, without quotes"
    slashed = slashed_date(raw)
    if slashed:
        return f"{key} '{raw}' {slashed[0]}", slashed[1]
    return f"{key} '{raw}' is not an ISO date", "write it as YYYY-MM-DD"


def suggest_tag(written: str) -> str | None:
    """`en_US` → `en-US`, `Korean` → `ko`: the tag the author probably meant."""
    try:
        standard: str = langcodes.standardize_tag(written.replace("_", "-"))
        if langcodes.tag_is_valid(standard):
            return standard
    except ValueError:
        pass
    try:
        found: str = langcodes.find(written).to_tag()
    except LookupError:
        return None
    return found


def allowed_keys(keys: tuple[str, ...]) -> str:
    return "allowed: " + ", ".join(keys)


def is_wrong_type(node: Node) -> bool:
    """Not text: a list, a mapping, or a scalar YAML typed as a boolean, number or date."""
    return node.kind != "scalar" or not isinstance(node.value, str | None)


def reported_bad(node: Node) -> bool:
    """Text that `Fields.text` turned down with its own problem (not merely empty)."""
    return is_wrong_type(node) or bool(NOT_IN_FEEDS.search(str(node.value or "")))


def as_date(node: Node) -> date | None:
    """A date written as a YAML date, a datetime, or quoted ISO text; None for anything else."""
    value: object = node.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_iso((node.raw or "").strip()) if node.kind == "scalar" else None


def parse_iso(text: str) -> date | None:
    if not ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not _SPACE.search(url)
