"""Problems found in content, and the small exception tree.

Every stage reports what is wrong as `Problem` values instead of raising, so that one run shows
an author every mistake at once (MkDocs' `config.validate()` and Pelican's readers work the same
way). Exceptions are kept for the one decision at the end: abort or go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake, located where the author can fix it."""

    path: str
    line: int
    col: int | None
    severity: Severity
    message: str
    hint: str | None = None

    def format(self) -> str:
        """`path:line[:col]: severity: message (hint)`, the shape compilers use: editors link it.

        Always one line: a line break or control character taken from content is escaped.
        """
        where = f"{self.path}:{self.line}" + (f":{self.col}" if self.col else "")
        hint = f" ({self.hint})" if self.hint else ""
        return one_line(f"{where}: {self.severity}: {self.message}{hint}")

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command, so CI marks the line on the pull request."""
        level = "error" if self.severity is Severity.ERROR else "warning"
        text = _escape_data(self.message + (f" ({self.hint})" if self.hint else ""))
        col = f",col={self.col}" if self.col else ""
        return f"::{level} file={_escape_property(self.path)},line={self.line}{col}::{text}"

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


def error(
    path: str, line: int, message: str, hint: str | None = None, col: int | None = None
) -> Problem:
    return Problem(path, line, col, Severity.ERROR, message, hint)


def warning(
    path: str, line: int, message: str, hint: str | None = None, col: int | None = None
) -> Problem:
    return Problem(path, line, col, Severity.WARNING, message, hint)


_LINE_BREAKS = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """Control characters and line separators shown escaped (`\\n`), so a problem stays one line."""
    if text.isprintable():
        return text
    return "".join(_escape_char(c) for c in text)


def _escape_char(char: str) -> str:
    if char.isprintable() or char == " ":
        return char
    return _LINE_BREAKS.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}"
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by file, then line, so the report reads top to bottom like the files do."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col or 0, p.message))


def has_errors(problems: Iterable[Problem], strict: bool = False) -> bool:
    return any(p.severity is Severity.ERROR or strict for p in problems)


def format_json(problems: Iterable[Problem]) -> str:
    return json.dumps([p.to_json() for p in problems], ensure_ascii=False, indent=2)


class DigestError(Exception):
    """Root of the errors this package raises on purpose; the CLI turns them into messages."""


class ContentError(DigestError):
    """The content has errors: nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(p.severity is Severity.ERROR for p in problems)
        super().__init__(f"{errors} error(s) in content; nothing was written")


class BuildError(DigestError):
    """The output could not be written (for example, the target is not a generated tree)."""


class ConfigError(DigestError):
    """The site's config cannot be used: `line` is printed as it is (a problem at its line, or
    `digest: error: …`), and `code` is the exit code (2 for a `--config` that is not there)."""

    def __init__(self, line: str, code: int = 1) -> None:
        super().__init__(line)
        self.code = code


class CaptureError(DigestError):
    """A capture file or feed entry that cannot become a note; the message is one line."""
