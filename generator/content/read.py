"""Files → raw records: notes, vocabularies and pages, each value tagged with its source line.

Reading never raises for bad content. What cannot be read becomes a `Problem`, and the record
carries as much as could be read, so validation can go on and report everything in one run.
Front matter and vocabularies become `Node`s that keep their lines (`yaml_nodes.py`).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..facets import ALL_VOCABULARIES, OUTLETS
from ..files import NotRegularError, TooLargeError, read_regular, size_text
from ..problems import Problem, error, warning
from .yaml_nodes import Node, parse_yaml

# Limits, stated in the README. A note or page over 1 MB is an error: one 50 MB paragraph made
# a 428 MB site. Vocabularies may be long (100,000 terms is about 5 MB).
MAX_NOTE_BYTES = 1_000_000
MAX_VOCABULARY_BYTES = 50_000_000


@dataclass(frozen=True)
class RawNote:
    path: str  # as shown to the author, e.g. content/articles/2024/x.md
    slug: str
    front: Node | None
    front_line: int  # line of the opening '---'
    body: str
    problems: tuple[Problem, ...] = ()
    body_line: int = 1  # the file line the body starts on


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
    areas: tuple[str, str] | None = None  # (path, text) of vocabulary/locations.geojson


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (a BOM and CRLF line ends are accepted and dropped) or a problem with the offset."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + bom  # counted in the file as it is on disk, BOM included
        line = data.count(b"\n", 0, offset) + 1
        message = (
            f"file is not UTF-8: byte 0x{data[offset]:02x} at offset {offset} cannot be decoded"
        )
        return None, [error(path, line, message, "save the file as UTF-8")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split_front_matter(text: str, path: str) -> tuple[str | None, str, int, list[Problem]]:
    """→ (front matter text, body, file line where the body starts, problems)."""
    if not text.strip():
        hint = "a note starts with '---' and front matter"
        return None, "", 1, [error(path, 1, "empty file", hint)]
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        hint = "start the file with a line '---', the front matter, and another '---'"
        return None, text, 1, [error(path, 1, "no front matter", hint)]
    for index in range(1, len(lines)):
        closing = lines[index].rstrip()
        if closing in ("---", "...") or _RULER.match(closing):
            body = "\n".join(lines[index + 1 :])
            problems = [] if closing in ("---", "...") else [_bad_ruler(path, index + 1, closing)]
            return "\n".join(lines[1:index]), body, index + 2, problems
    return _unclosed(lines, path)


# `----`, `--`, an en or em dash (a word processor's): meant as the closing `---`
_RULER = re.compile(r"^(?:-{2,}|[-–—]*[–—][-–—]*)$")
_YAML_LIKE = re.compile(r"^(?:\s+\S|[-#]|[^\s:][^:]*:(?:\s|$))")  # indented, `- `, `#`, `key:`


def _bad_ruler(path: str, line: int, written: str) -> Problem:
    message = f"front matter closed by '{written}'"
    return error(path, line, message, "close it with a line of exactly three hyphens: ---")


def _unclosed(lines: list[str], path: str) -> tuple[str | None, str, int, list[Problem]]:
    """No closing `---`: the front matter is taken to end where its lines stop looking like YAML
    (the first blank line or line of prose), and both parts are still checked, so that one run
    reports every problem of the file."""
    end = next((i for i in range(1, len(lines)) if not _YAML_LIKE.match(lines[i])), len(lines))
    hint = f"add a line '---' after line {end}, the last line of the front matter"
    problem = error(path, 1, "front matter is not closed: no '---' line after this one", hint)
    return "\n".join(lines[1:end]), "\n".join(lines[end:]), end + 1, [problem]


def read_note(file: Path, shown: str) -> RawNote:
    """One note file → a raw note; everything wrong with the file itself becomes a problem."""
    slug = file.stem
    data, problems = _read_bytes(file, shown, MAX_NOTE_BYTES, "a note")
    if data is None:
        return RawNote(shown, slug, None, 1, "", tuple(problems))
    text, decode_problems = decode(data, shown)
    problems += decode_problems
    if text is None:
        return RawNote(shown, slug, None, 1, "", tuple(problems))
    front_text, body, body_line, split_problems = split_front_matter(text, shown)
    problems += split_problems
    front: Node | None = None
    if front_text is not None:
        front, yaml_problems = parse_yaml(front_text, shown, line_offset=2)
        problems += yaml_problems + _front_problems(front, yaml_problems, shown)
        front = front if front is not None and front.kind == "map" else None
    return RawNote(shown, slug, front, 1, body, tuple(problems), body_line)


def _front_problems(front: Node | None, yaml_problems: list[Problem], shown: str) -> list[Problem]:
    if front is None and not yaml_problems:
        return [error(shown, 1, "front matter is empty", "add title, date, source")]
    if front is not None and front.kind == "seq":
        hint = "remove the '- ' before each key: front matter is 'key: value' lines"
        return [error(shown, front.line, "front matter is a list, not a mapping of keys", hint)]
    if front is not None and front.kind != "map":
        hint = "write 'key: value' lines, e.g. 'title: …'"
        return [error(shown, front.line, "front matter must be a mapping of keys", hint)]
    return []


def _read_bytes(
    file: Path, shown: str, limit: int, what: str
) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file of at most `limit` bytes, or the problem with it. A FIFO,
    device or socket is never opened for reading (it would hang or never end), and reading
    stops at the limit whatever the file system says the size is."""
    try:
        return read_regular(file, limit), []
    except TooLargeError:
        message = f"file is larger than {size_text(limit)}, the limit for {what}"
        hint = f"split the {what.split()[-1]} or trim it"
        return None, [error(shown, 1, message, hint)]
    except NotRegularError as exc:
        return None, [error(shown, 1, exc.reason, "replace it with a regular file, or remove it")]
    except OSError as exc:
        return None, [error(shown, 1, f"cannot read file: {exc.strerror or exc}")]


def read_vocabulary(file: Path, shown: str, name: str) -> RawVocabulary:
    data, problems = _read_bytes(file, shown, MAX_VOCABULARY_BYTES, "a vocabulary")
    text, decode_problems = decode(data, shown) if data is not None else (None, [])
    problems += decode_problems
    if text is None:
        return RawVocabulary(name, shown, None, tuple(problems))
    root, yaml_problems = parse_yaml(text, shown, line_offset=1)
    return RawVocabulary(name, shown, root, tuple(problems + yaml_problems))


def read_page(file: Path, shown: str) -> tuple[str | None, list[Problem]]:
    data, problems = _read_bytes(file, shown, MAX_NOTE_BYTES, "a page")
    text, decode_problems = decode(data, shown) if data is not None else (None, [])
    return text, problems + decode_problems


def _inside(file: Path, root: Path) -> bool:
    try:
        file.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False
    return True


EDITOR_LOCK = ".#"  # Emacs' lock files (`.#note.md`): a link to nowhere while a file is edited


def _markdown_files(
    folder: Path, content: Path, shown_root: str
) -> Iterator[tuple[Path, str, bool]]:
    """Markdown files under `folder`, sorted, as (path, shown path, whether it is a link);
    hidden folders and editors' lock files are skipped. A hidden file (`.x.md`, `...md`) is
    not: its name cannot become a slug, which the checks say, rather than skip it unseen.

    A linked folder is followed only when it leads elsewhere inside `content` (a link into
    `folder` itself would read its files twice). One that leads outside `content` is yielded
    itself, so that the caller refuses it instead of skipping it without a word.
    """
    if not folder.is_dir():
        return
    seen: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        here = Path(dirpath)
        seen.add(here.resolve())
        kept = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            sub = here / name
            if not _inside(sub, content):
                yield sub, shown_path(sub, content, shown_root), True
            elif not sub.is_symlink() or _follow(sub, folder, seen):
                kept.append(name)
        dirnames[:] = kept
        shown_here = shown_path(here, content, shown_root) if filenames else ""
        links = _links_in(dirpath) if filenames else set()
        for filename in sorted(filenames):
            if filename.endswith(".md") and not filename.startswith(EDITOR_LOCK):
                yield here / filename, f"{shown_here}/{filename}", filename in links


def _links_in(folder: str) -> set[str]:
    """Names of the symbolic links in `folder`, from one listing (no `lstat` per file)."""
    with os.scandir(folder) as entries:
        return {entry.name for entry in entries if entry.is_symlink()}


def _follow(link: Path, folder: Path, seen: set[Path]) -> bool:
    target = link.resolve()
    return target not in seen and not _inside(target, folder)


def shown_path(file: Path, content: Path, shown_root: str) -> str:
    return str(Path(shown_root) / file.relative_to(content)).replace(os.sep, "/")


def _refuse_outside(
    file: Path,
    content: Path,
    shown: str,
    folders: dict[str, bool] | None = None,
    is_link: bool = True,
) -> Problem | None:
    """A problem if `file` leads outside `content`; `folders` remembers each folder's answer.

    Resolving a path costs a system call per component; with `folders`, a file known not to be
    a link costs nothing, its folder being resolved once for all the files in it.
    """
    if folders is not None and not is_link:
        # a string key: hashing a new Path object costs more than the rest of this function
        folder = os.path.dirname(file)  # noqa: PTH120
        inside = folders.get(folder)
        if inside is None:
            inside = folders[folder] = _inside(file.parent, content)
    else:
        inside = _inside(file, content)
    if not inside and _loops(file):
        hint = "point the link at a file, or remove it"
        return error(shown, 1, "symlink loop: the link leads back to itself; refused", hint)
    if not inside:
        hint = "copy it into the content folder instead of linking to it"
        return error(shown, 1, "symlink leads outside the content folder; refused", hint)
    return None


def _loops(file: Path) -> bool:
    """Whether following `file`'s links never ends (`ELOOP`): a loop is no way outside, and
    was reported as one."""
    try:
        file.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _refuse_capture(file: Path, content: Path, shown: str) -> Problem | None:
    """A problem if `file` is (a link to) a saved capture: other people's text, never published."""
    if not _inside(file, content / "captures"):
        return None
    hint = "write the page in your own words instead of linking to a capture"
    return error(shown, 1, "file leads into content/captures/, which is never published", hint)


NoteFile = tuple[Path, str]  # (the file, its path as shown to the author)


def note_files(content: Path, shown_root: str) -> tuple[list[NoteFile], list[Problem]]:
    """The note files under `content/articles`, and a problem for each that leads outside."""
    files: list[NoteFile] = []
    problems: list[Problem] = []
    folders: dict[str, bool] = {}
    for file, shown, is_link in _markdown_files(content / "articles", content, shown_root):
        refused = _refuse_outside(file, content, shown, folders, is_link)
        if is_link and not refused:
            refused = _refuse_capture(file, content, shown)
        if refused:
            problems.append(refused)
        else:
            files.append((file, shown))
    return files, problems


NoteReader = Callable[[Path, str], RawNote]


def _read_notes(
    content: Path, shown_root: str, read: NoteReader = read_note
) -> tuple[list[RawNote], list[Problem]]:
    files, problems = note_files(content, shown_root)
    return [read(file, shown) for file, shown in files], problems


def _read_vocabularies(
    content: Path, shown_root: str
) -> tuple[dict[str, RawVocabulary], list[Problem]]:
    vocabularies: dict[str, RawVocabulary] = {}
    problems: list[Problem] = []
    for name in ALL_VOCABULARIES:
        file = content / "vocabulary" / f"{name}.yml"
        shown = shown_path(file, content, shown_root)
        there = os.path.lexists(file)  # a link in a loop "does not exist"; it is there
        refused = _refuse_outside(file, content, shown) if there else None
        if name == OUTLETS and not refused and not file.exists():
            continue  # optional: without it, sources name their outlets in free text
        if refused or not file.exists():  # a FIFO or a folder is there: reading says so
            missing = warning(shown, 1, "vocabulary file missing; it counts as empty")
            problems.append(refused or missing)
            vocabularies[name] = RawVocabulary(name, shown, None)
        else:
            vocabularies[name] = read_vocabulary(file, shown, name)
    return vocabularies, problems


def _read_pages(content: Path, shown_root: str) -> tuple[list[tuple[str, str, str]], list[Problem]]:
    pages: list[tuple[str, str, str]] = []
    problems: list[Problem] = []
    for file, shown, _ in _markdown_files(content / "pages", content, shown_root):
        refused = _refuse_outside(file, content, shown) or _refuse_capture(file, content, shown)
        text, page_problems = (None, [refused]) if refused else read_page(file, shown)
        problems += page_problems
        if text is not None:
            relative = file.relative_to(content / "pages").with_suffix("")
            pages.append((relative.as_posix(), shown, text))
    return pages, problems


AREAS_FILE = "locations.geojson"


def _read_areas(content: Path, shown_root: str) -> tuple[tuple[str, str] | None, list[Problem]]:
    """The optional GeoJSON of the regions' shapes (a choropleth map), as (path, text)."""
    file = content / "vocabulary" / AREAS_FILE
    if not os.path.lexists(file):
        return None, []
    shown = shown_path(file, content, shown_root)
    refused = _refuse_outside(file, content, shown)
    if refused:
        return None, [refused]
    data, problems = _read_bytes(file, shown, MAX_VOCABULARY_BYTES, "a vocabulary file")
    text, decode_problems = decode(data, shown) if data is not None else (None, [])
    problems += decode_problems
    return (None if text is None else (shown, text)), problems


def read_content(
    content: Path,
    shown_root: str | None = None,
    read: NoteReader = read_note,
    with_notes: bool = True,
) -> RawContent:
    """Read every note, vocabulary and page under `content`; problems never stop the reading.

    A long-running caller (the preview) passes a `read` that keeps notes whose files did not
    change. Without `with_notes`, the notes are left to the caller (who reads `note_files` in
    several processes).
    """
    shown_root = shown_root if shown_root is not None else str(content)
    notes, note_problems = _read_notes(content, shown_root, read) if with_notes else ([], [])
    vocabularies, vocabulary_problems = _read_vocabularies(content, shown_root)
    pages, page_problems = _read_pages(content, shown_root)
    areas, area_problems = _read_areas(content, shown_root)
    problems = note_problems + vocabulary_problems + page_problems + area_problems
    return RawContent(tuple(notes), vocabularies, tuple(pages), tuple(problems), areas)
