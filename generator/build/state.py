"""What a build keeps between runs, on disk: a cache folder beside the docs tree.

Two files, so that a run with nothing to do never loads more than it needs:

- `build-head.pickle` (small): what the inputs and outputs looked like when the last run ended
  (every note's signature, every output's signature and digest), the keys that say whether the
  settings and the day are the same, and the last run's problems. Enough to answer "nothing
  changed" with stat calls, and to find a damaged output.
- `build-body.pickle`: what the notes parsed and checked to, the digests, which page each
  output file is (its job's key), and the rendering memos. Loaded when something changed.

Both carry the package's version and `SCHEMA`; a file that is missing, of another version,
made for another content folder or docs tree, or unreadable means a full build, and the reason
is said in one line (`StateMissingError`), never a traceback. Files are replaced whole (written
beside, then renamed), so a killed run leaves the previous state or the new one; and the head
is written last and names the body it goes with, so a kill between the two is a full build.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from .. import __version__
from ..content.validate import CheckedNote
from ..problems import Problem
from ..routes import Key
from ..site.digests import Digests
from ..site.memo import SiteMemo
from .inputs import Signature, content_digest

__all__ = ["Signature"]

SCHEMA = 2
VERSION = f"{__version__}+state{SCHEMA}"
HEAD, BODY = "build-head.pickle", "build-body.pickle"
LOCK = "lock"


def cache_folder(docs: Path) -> Path:
    """Where the state of the docs tree at `docs` is kept: `build/cache/docs` for `build/docs`."""
    return docs.parent / "cache" / docs.name


class Seen(NamedTuple):
    """An input file as a run saw it: its signature and, if it was racily clean then, the
    digest of its bytes (a look must compare them: the signature alone cannot be trusted)."""

    signature: Signature
    racy_digest: bytes = b""


class Output(NamedTuple):
    """A file of the docs tree as the build left it (a named tuple: 100,000 of them load in a
    fraction of the time frozen dataclasses take)."""

    signature: Signature
    digest: bytes


@dataclass
class NoteRecord:
    """A note file as last read and checked: reused while its signature stays, or, when the
    signature moved, while its bytes are the same (a touch, a checkout)."""

    signature: Signature
    digest: bytes  # of the file's bytes
    racy: bool  # read within a clock tick of its last write: read it again next time
    slug: str
    checked: CheckedNote


@dataclass
class Head:
    version: str
    content: str
    out: str
    settings: str  # templates, config, site, package: the same → the outputs can be reused
    vocabularies: str  # the vocabularies as checked: the same → the checked notes can be reused
    inputs: dict[str, Seen]  # vocabularies, pages, shapes: for the quick look
    today: date
    latest: date | None  # the latest date any checked note holds (a check compares it to today)
    notes: dict[str, Seen]  # shown path → how the note file was seen
    outputs: dict[str, Output]
    folders: dict[str, tuple[int, int, int]]  # every folder of the docs tree: mtime, ctime, inode
    recorded: int  # when the folders were recorded (ns): a folder changed just before is racy
    problems: list[Problem]  # the last run's warnings (an error leaves no state of its outputs)
    body: bytes = b""  # the digest of the body file this head goes with


@dataclass
class Body:
    notes: dict[str, NoteRecord] = field(default_factory=dict)
    digests: Digests | None = None
    keys: dict[str, Key] = field(default_factory=dict)  # output path → what it shows
    memo: SiteMemo = field(default_factory=SiteMemo)


class StateMissingError(Exception):
    """No usable state: the reason, in words, for the one line a full build says."""


def load_head(cache: Path, content: str, out: str) -> Head:
    head: Head = _load(cache / HEAD, Head)
    if head.version != VERSION:
        raise StateMissingError(f"it was made by another version ({head.version})")
    if (head.content, head.out) != (content, out):
        raise StateMissingError(f"it was made for {head.content} → {head.out}")
    return head


def load_head_of(cache: Path, out: Path) -> Head:
    """The head of the build that writes `out`, whatever content it was built from (for a
    publish, which reads the docs tree)."""
    head: Head = _load(cache / HEAD, Head)
    if head.version != VERSION or Path(head.out).resolve() != out.resolve():
        raise StateMissingError("it is of another version or docs tree")
    return head


def load_body(cache: Path, head: Head) -> Body:
    data = _read(cache / BODY)
    if content_digest(data) != head.body:
        raise StateMissingError("its two files do not belong together (a run was stopped)")
    body = _unpickle(data, BODY)
    if not isinstance(body, Body):
        raise StateMissingError(f"{BODY} is not a build state")
    return body


def save(cache: Path, head: Head, body: Body | None) -> None:
    """Write the body (if given), then the head naming it; each replaced whole."""
    cache.mkdir(parents=True, exist_ok=True)
    if body is not None:
        data = pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL)
        _replace(cache / BODY, data)
        head.body = content_digest(data)
    _replace(cache / HEAD, pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL))


def forget(cache: Path) -> None:
    """No state: the next run is a full build (after a failed write, or `--full`)."""
    for name in (HEAD, BODY):
        (cache / name).unlink(missing_ok=True)


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with open(temporary, "wb") as file:  # noqa: PTH123
            file.write(data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _load(path: Path, kind: type) -> Any:
    found = _unpickle(_read(path), path.name)
    if not isinstance(found, kind):
        raise StateMissingError(f"{path.name} is not a build state")
    return found


def _read(path: Path) -> bytes:
    try:
        with open(path, "rb") as file:  # noqa: PTH123
            return file.read()
    except FileNotFoundError:
        raise StateMissingError("there is none yet") from None
    except OSError as exc:
        raise StateMissingError(f"{path.name} cannot be read ({exc.strerror})") from None


def _unpickle(data: bytes, name: str) -> Any:
    try:
        return pickle.loads(data)  # our own file, in our own cache folder
    except Exception as exc:  # a damaged or truncated file, or classes that moved: start afresh
        raise StateMissingError(f"{name} is damaged ({type(exc).__name__})") from None


class Versioned(Protocol):
    version: str
    settings: str


V = TypeVar("V", bound=Versioned)


def load_kept(path: Path, kind: type[V], version: str, settings: str) -> tuple[V | None, str]:
    """A publish's or an index's state, or None and why there is none to use."""
    if not path.exists():
        return None, "the first run"
    try:
        found = _unpickle(_read(path), path.name)
    except StateMissingError as missing:
        return None, str(missing)
    if not isinstance(found, kind) or found.version != version:
        return None, "its state is of another version"
    if found.settings != settings:
        return None, "what it depends on changed"
    return found, ""


def save_kept(path: Path, kept: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
