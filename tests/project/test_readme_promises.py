"""The reliability promises (`docs/reliability.md`) name the tests that cover them: each named
test exists, and a test named with its file (`test_swap.py::test_…`) is in that file."""

from __future__ import annotations

import re

from tests.project.guide import GUIDE, read
from tests.support import ROOT

RELIABILITY = GUIDE / "reliability.md"


def _test_files() -> dict[str, str]:
    """Every test file's source, by file name (the files of one name in several folders joined)."""
    files: dict[str, str] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        files[path.name] = files.get(path.name, "") + path.read_text(encoding="utf-8")
    return files


def test_every_test_the_reliability_page_names_exists() -> None:
    page = read(RELIABILITY)
    named = set(re.findall(r"\b(test_\w+)(?:\.py)?\b", page))
    assert len(named) > 10, "the reliability page names fewer tests than it used to"
    files = _test_files()
    sources = "\n".join(files.values())
    stems = {name.removesuffix(".py") for name in files}
    missing = sorted(n for n in named if n not in stems and f"def {n}(" not in sources)
    assert missing == []


def test_a_test_named_with_its_file_is_in_that_file() -> None:
    files = _test_files()
    pairs = re.findall(r"\b(test_\w+\.py)::(test_\w+)\b", read(RELIABILITY))
    assert pairs, "the reliability page names no test with its file"
    wrong = sorted(
        f"{file}::{test}" for file, test in pairs if f"def {test}(" not in files.get(file, "")
    )
    assert wrong == []
