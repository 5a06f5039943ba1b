"""The README's reliability promises name the tests that cover them: each named test exists."""

from __future__ import annotations

import re

from tests.support import ROOT


def test_every_test_the_reliability_section_names_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Reliability", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"\b(test_\w+)(?:\.py)?\b", section))
    assert len(named) > 10
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    files = {p.stem for p in (ROOT / "tests").rglob("test_*.py")}
    missing = sorted(n for n in named if n not in files and f"def {n}(" not in sources)
    assert missing == []
