"""Files → raw records: notes, vocabularies and pages, each value tagged with its source line.

Reading never raises for bad content. What cannot be read becomes a `Problem`, and the record
carries as much as could be read, so validation can go on and report everything in one run.
YAML is composed (not loaded) so every value keeps the line of its node; duplicate keys, which
plain loaders silently drop, are caught here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .problems import Problem, error, warning

YamlLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 20_000  # guards against alias bombs ("billion laughs") in hostile front matter


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


@dataclass(frozen=True)
class RawNote:
    path: str  # as shown to the author, e.g. content/articles/2024/x.md
    slug: str
    front: Node | None
    front_line: int  # line of the opening '---'
    body: str
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class RawVocabulary:
    name: str
    path: str
    root: Node | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class RawContent:
    notes: tuple[RawNote, ...]
    vocabularies: dict[str, RawVocabulary]
    pages: tuple[tuple[str, str, str], ...]  # (name, path, text)
    problems: tuple[Problem, ...] = ()


class _YamlConverter:
    """Turns a composed YAML node tree into `Node`s, reporting what a loader would hide."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.offset = line_offset
        self.problems: list[Problem] = []
        self.constructor = SafeConstructor()
        self.count = 0

    def convert(self, node: yaml.Node, active: frozenset[int] = frozenset()) -> Node:
        self.count += 1
        line, col = node.start_mark.line + self.offset, node.start_mark.column + 1
        if id(node) in active or self.count > MAX_NODES:
            raise _TooDeep(line)
        inner = active | {id(node)}
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, inner, line, col)
        if isinstance(node, yaml.SequenceNode):
            return Node([self.convert(n, inner) for n in node.value], line, col, "seq")
        return Node(self._scalar(node), line, col, "scalar", raw=str(node.value))

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception:  # an impossible timestamp such as 2024-02-30: keep the text
            return str(node.value)

    def _mapping(self, node: yaml.MappingNode, active: frozenset[int], line: int, col: int) -> Node:
        values: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + self.offset
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
            values[key] = self.convert(value_node, active)
        return Node(values, line, col, "map", key_lines=key_lines)


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def parse_yaml(text: str, path: str, line_offset: int = 1) -> tuple[Node | None, list[Problem]]:
    """Compose YAML text whose first line is file line `line_offset`; never raises for bad YAML."""
    try:
        composed = yaml.compose(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + line_offset if mark else line_offset
        col = mark.column + 1 if mark else None
        what = exc.problem or exc.context or "cannot parse"
        return None, [error(path, line, f"YAML syntax error: {what}", col=col)]
    except yaml.YAMLError as exc:
        return None, [error(path, line_offset, f"YAML syntax error: {exc}")]
    if composed is None:
        return None, []
    converter = _YamlConverter(path, line_offset)
    try:
        root = converter.convert(composed)
    except _TooDeep as exc:
        return None, [error(path, exc.line, "YAML aliases nest too deep or refer to themselves")]
    except RecursionError:
        return None, [error(path, line_offset, "YAML nests too deep")]
    return root, converter.problems


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (a BOM and CRLF line ends are accepted and dropped) or a problem with the offset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        message = f"file is not UTF-8: byte 0x{byte:02x} at offset {exc.start} cannot be decoded"
        return None, [error(path, line, message, "save the file as UTF-8")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split_front_matter(text: str, path: str) -> tuple[str | None, str, int, list[Problem]]:
    """→ (front matter text, body, file line where the body starts, problems)."""
    if not text.strip():
        return None, "", 1, [error(path, 1, "empty file", "a note starts with '---' and front matter")]
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        hint = "start the file with a line '---', the front matter, and another '---'"
        return None, text, 1, [error(path, 1, "no front matter", hint)]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            body = "\n".join(lines[index + 1 :])
            return "\n".join(lines[1:index]), body, index + 2, []
    hint = "close the front matter with a line '---'"
    return None, "", 1, [error(path, 1, "unclosed front matter", hint)]


def read_note(file: Path, shown: str) -> RawNote:
    """One note file → a raw note; everything wrong with the file itself becomes a problem."""
    slug = file.stem
    problems: list[Problem] = []
    data = file.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        size = f"{len(data) / 1_000_000:.1f} MB"
        problems.append(warning(shown, 1, f"file is {size}, over 1 MB", "split the note or trim it"))
    text, decode_problems = decode(data, shown)
    if text is None:
        return RawNote(shown, slug, None, 1, "", tuple(decode_problems))
    front_text, body, _, split_problems = split_front_matter(text, shown)
    problems += split_problems
    front: Node | None = None
    if front_text is not None:
        front, yaml_problems = parse_yaml(front_text, shown, line_offset=2)
        problems += yaml_problems
        if front is None and not yaml_problems:
            problems.append(error(shown, 1, "front matter is empty", "add title, date, source"))
        elif front is not None and front.kind != "map":
            problems.append(error(shown, front.line, "front matter must be a mapping of keys"))
            front = None
    return RawNote(shown, slug, front, 1, body, tuple(problems))


def read_vocabulary(file: Path, shown: str, name: str) -> RawVocabulary:
    text, problems = decode(file.read_bytes(), shown)
    if text is None:
        return RawVocabulary(name, shown, None, tuple(problems))
    root, yaml_problems = parse_yaml(text, shown, line_offset=1)
    return RawVocabulary(name, shown, root, tuple(problems + yaml_problems))


def _inside(file: Path, root: Path) -> bool:
    try:
        file.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _markdown_files(folder: Path, content: Path, shown_root: str) -> Iterator[tuple[Path, str]]:
    """Markdown files under `folder`, sorted, as (path, shown path); hidden files are skipped."""
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.endswith(".md") and not filename.startswith("."):
                file = Path(dirpath) / filename
                yield file, shown_path(file, content, shown_root)


def shown_path(file: Path, content: Path, shown_root: str) -> str:
    return str(Path(shown_root) / file.relative_to(content)).replace(os.sep, "/")


def _refuse_outside(file: Path, content: Path, shown: str) -> Problem | None:
    if file.is_symlink() and not _inside(file, content):
        hint = "copy the file into content/ instead of linking to it"
        return error(shown, 1, "symlink leads outside the content folder; refused", hint)
    return None


def read_content(content: Path, shown_root: str | None = None) -> RawContent:
    """Read every note, vocabulary and page under `content`; problems never stop the reading."""
    shown_root = shown_root if shown_root is not None else str(content)
    problems: list[Problem] = []
    notes: list[RawNote] = []
    for file, shown in _markdown_files(content / "articles", content, shown_root):
        refused = _refuse_outside(file, content, shown)
        if refused:
            problems.append(refused)
            continue
        try:
            notes.append(read_note(file, shown))
        except OSError as exc:
            problems.append(error(shown, 1, f"cannot read file: {exc.strerror}"))
    vocabularies = {}
    for name in ("agencies", "locations", "themes"):
        file = content / "vocabulary" / f"{name}.yml"
        shown = shown_path(file, content, shown_root)
        refused = _refuse_outside(file, content, shown) if file.exists() else None
        if refused or not file.is_file():
            problems.append(refused or warning(shown, 1, "vocabulary file missing; it counts as empty"))
            vocabularies[name] = RawVocabulary(name, shown, None)
            continue
        vocabularies[name] = read_vocabulary(file, shown, name)
    pages = []
    for file, shown in _markdown_files(content / "pages", content, shown_root):
        refused = _refuse_outside(file, content, shown)
        text, decode_problems = (None, [refused]) if refused else decode(file.read_bytes(), shown)
        problems += [p for p in decode_problems if p]
        if text is not None:
            relative = file.relative_to(content / "pages").with_suffix("")
            pages.append((relative.as_posix(), shown, text))
    return RawContent(tuple(notes), vocabularies, tuple(pages), tuple(problems))
