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
        """`path:line[:col]: severity: message (hint)`: the shape compilers use, so editors link it."""
        where = f"{self.path}:{self.line}" + (f":{self.col}" if self.col else "")
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.severity}: {self.message}{hint}"

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command, so CI marks the line on the pull request."""
        level = "error" if self.severity is Severity.ERROR else "warning"
        text = self.message + (f" ({self.hint})" if self.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        col = f",col={self.col}" if self.col else ""
        return f"::{level} file={self.path},line={self.line}{col}::{text}"

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


def error(path: str, line: int, message: str, hint: str | None = None, col: int | None = None) -> Problem:
    return Problem(path, line, col, Severity.ERROR, message, hint)


def warning(path: str, line: int, message: str, hint: str | None = None, col: int | None = None) -> Problem:
    return Problem(path, line, col, Severity.WARNING, message, hint)


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
