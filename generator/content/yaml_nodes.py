"""YAML composed into `Node`s: every value keeps the line and column it was written at.

Notes and vocabularies are YAML written by hand, and every problem with them is reported at its
line. Loaders drop positions and silently keep the last of two equal keys, so the YAML is
composed (libyaml when available) and each node converted here, duplicate keys reported. Bad
YAML never raises: it becomes one `Problem` at the parser's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ..problems import Problem, error, warning
from .yaml_hints import CURLY_OPENING, curly_text, explain

YamlLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
_LIBYAML = YamlLoader is not yaml.SafeLoader
_STR_TAG = "tag:yaml.org,2002:str"
# Guards against alias bombs ("billion laughs"): values reached again through an alias, each
# counted as often as it is copied. Values written out are not counted (the file's size bounds
# them), so a vocabulary of 100,000 terms loads; ten levels of ten aliases do not.
MAX_EXPANDED_NODES = 20_000


@dataclass(frozen=True)
class Node:
    """A YAML value and where it was written (1-based line and column in the file)."""

    value: Any  # a scalar, list[Node] for a sequence, dict[str, Node] for a mapping
    line: int
    col: int
    kind: str  # "scalar" | "seq" | "map"
    raw: str | None = None  # a scalar as written, before YAML typed it
    key_lines: dict[str, int] = field(default_factory=dict)  # for maps: line of each key

    def get(self, key: str) -> Node | None:
        return self.value.get(key) if self.kind == "map" else None

    def plain(self) -> Any:
        """The value without positions, for fields whose inside the generator does not check."""
        if self.kind == "map":
            return {k: v.plain() for k, v in self.value.items()}
        if self.kind == "seq":
            return [v.plain() for v in self.value]
        return self.value


class _YamlConverter:
    """Turns a composed YAML node tree into `Node`s, reporting what a loader would hide."""

    def __init__(self, path: str, lines: _FileLines, aliases: bool = True) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []
        self.constructor = SafeConstructor()
        self.expanded = 0  # values converted again, reached through an alias
        self.seen: set[int] | None = set() if aliases else None  # None: the text has no alias
        self.active: set[int] = set()

    def convert(self, node: yaml.Node) -> Node:
        line, col = self.lines(node.start_mark.line), node.start_mark.column + 1
        if self.seen is not None:
            if id(node) in self.seen:
                self.expanded += 1
                if self.expanded > MAX_EXPANDED_NODES:
                    raise _AliasBombError(line)
            else:
                self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):  # most nodes: no nesting, no alias to follow
            value = self._scalar(node)
            if isinstance(value, bytes):  # `!!binary`: no field takes bytes (they would show
                value = None  # as Python's b'…' text)
                message = "binary data (!!binary) is not allowed here"
                self.problems.append(error(self.path, line, message, "write plain text"))
            elif isinstance(value, str) and value[:1] in CURLY_OPENING and not node.style:
                self._curly(value, line, col)
            return Node(value, line, col, "scalar", raw=str(node.value))
        if id(node) in self.active:
            raise _SelfReferenceError(line)
        self.active.add(id(node))  # the collections being converted: an alias to one is a loop
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, line, col)
            return Node([self.convert(n) for n in node.value], line, col, "seq")
        finally:
            self.active.discard(id(node))

    def _curly(self, value: str, line: int, col: int) -> None:
        """A plain value wholly in curly quotes (pasted from a word processor): a warning."""
        found = curly_text(value)
        if found:
            self.problems.append(warning(self.path, line, found[0], found[1], col=col))

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:  # text needs no constructor (and is most of front matter)
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception:  # an impossible timestamp such as 2024-02-30: keep the text
            return str(node.value)

    def _mapping(self, node: yaml.MappingNode, line: int, col: int) -> Node:
        values: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = self.lines(key_node.start_mark.line)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(error(self.path, key_line, "a key must be plain text"))
                continue
            key = str(key_node.value)
            if key in values:
                self.problems.append(
                    error(
                        self.path,
                        key_line,
                        f"key '{key}' given twice (first on line {key_lines[key]})",
                        "keep one; YAML loaders silently keep the last",
                    )
                )
                continue
            key_lines[key] = key_line
            values[key] = self.convert(value_node)
        return Node(values, line, col, "map", key_lines=key_lines)


_YAML_ONLY_BREAKS = "\x85\u2028\u2029"


@dataclass(frozen=True)
class _FileLines:
    """YAML line index → file line. YAML also breaks lines at U+0085, U+2028 and U+2029,
    which editors and this reader do not; the file's lines are counted at '\\n' only."""

    offset: int
    newlines: tuple[int, ...] = ()  # per YAML line: how many newlines came before it

    @classmethod
    def of(cls, text: str, offset: int) -> _FileLines:
        if not any(c in text for c in _YAML_ONLY_BREAKS):
            return cls(offset)
        newlines, count = [0], 0
        for char in text:
            if char == "\n" or char in _YAML_ONLY_BREAKS:
                count += char == "\n"
                newlines.append(count)
        return cls(offset, tuple(newlines))

    def __call__(self, yaml_line: int) -> int:
        if yaml_line < len(self.newlines):
            return self.offset + self.newlines[yaml_line]
        return self.offset + (self.newlines[-1] if self.newlines else yaml_line)


class _AliasError(Exception):
    message = ""
    hint: str | None = None

    def __init__(self, line: int) -> None:
        self.line = line


class _AliasBombError(_AliasError):
    message = f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values"
    hint = "write the values out instead of repeating aliases"


class _SelfReferenceError(_AliasError):
    message = "YAML alias refers to the value that holds it"


def parse_yaml(text: str, path: str, line_offset: int = 1) -> tuple[Node | None, list[Problem]]:
    """Compose YAML text whose first line is file line `line_offset`; never raises for bad YAML."""
    try:
        composed = yaml.compose(text, Loader=YamlLoader)
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(exc, text, path, _FileLines.of(text, line_offset))]
    except RecursionError:
        return None, [error(path, line_offset, "YAML nests too deep")]
    except UnicodeError:  # lone surrogates: only possible for text that did not come from bytes
        return None, [error(path, line_offset, "YAML text holds characters UTF-8 cannot encode")]
    if composed is None:
        return None, []
    converter = _YamlConverter(path, _FileLines.of(text, line_offset), aliases="*" in text)
    try:
        root = converter.convert(composed)
    except _AliasError as exc:
        return None, [error(path, exc.line, exc.message, exc.hint)]
    except RecursionError:
        return None, [error(path, line_offset, "YAML nests too deep")]
    return root, converter.problems


def _syntax_problem(exc: yaml.YAMLError, text: str, path: str, lines: _FileLines) -> Problem:
    """One line for a YAML error: the parser's line and column, what it was parsing as a hint."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(exc, text, path, lines.offset)
    if not isinstance(exc, yaml.MarkedYAMLError):
        return error(path, lines.offset, "YAML syntax error: " + _one_line(str(exc)))
    mark = exc.problem_mark or exc.context_mark
    line = lines(mark.line) if mark else lines.offset
    col = mark.column + 1 if mark else None
    what = _one_line(exc.problem or exc.context or "cannot parse")
    known = explain(what, _line_at(text, mark.line), mark.column) if mark else None
    if known:
        return error(path, line, known[0], known[1], col=col)
    hint = None
    context = exc.context_mark
    if exc.problem and exc.context and context and lines(context.line) != line:
        hint = f"{_one_line(exc.context)} from line {lines(context.line)}"
    return error(path, line, f"YAML syntax error: {what}", hint, col=col)


def _line_at(text: str, yaml_line: int) -> str:
    """The text of a YAML line (counted at '\n' and YAML's other line breaks alike)."""
    lines = re.split(f"\n|[{_YAML_ONLY_BREAKS}]", text)
    return lines[yaml_line] if yaml_line < len(lines) else ""


def _reader_problem(
    exc: yaml.reader.ReaderError, text: str, path: str, line_offset: int
) -> Problem:
    """A character YAML refuses (a control character): libyaml counts bytes, PyYAML characters."""
    if _LIBYAML:
        before = text.encode("utf-8", "replace")[: exc.position].decode("utf-8", "replace")
    else:
        before = text[: exc.position]
    line = before.count("\n") + line_offset
    col = len(before) - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, int) else ord(exc.character)
    message = f"YAML syntax error: character U+{character:04X} is not allowed in YAML"
    return error(path, line, message, "remove the character", col=col)


def _one_line(text: str) -> str:
    return " ".join(text.split())
