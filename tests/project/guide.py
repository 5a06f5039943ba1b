"""The README and the guide in `docs/`, read for the tests that hold them to what they say.

Every page the README points to must exist: a missing page fails the test that reads it with
its name, never silently shrinks what is checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.support import ROOT

README = ROOT / "README.md"
GUIDE = ROOT / "docs"
GUIDE_PAGES = (
    "README.md",
    "authors.md",
    "readers.md",
    "format.md",
    "commands.md",
    "reliability.md",
    "performance.md",
    "architecture.md",
    "publishing.md",
)
# An opening fence (``` or ~~~, maybe indented inside a list item) and its closing fence.
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<lang>[^\n`]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Block:
    """A fenced block of a page: its language (`sh`, `yaml` or empty) and its text, dedented."""

    page: Path
    lang: str
    text: str


def read(path: Path) -> str:
    """A documentation page's text; a missing page is a failure that names it."""
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing: the README and docs/ need it"
    return path.read_text(encoding="utf-8")


def pages() -> dict[Path, str]:
    """The README and every page of `docs/`, by path: the expected ones must all be there."""
    expected = [README, *(GUIDE / name for name in GUIDE_PAGES)]
    found = {path: read(path) for path in expected}
    for path in sorted(GUIDE.glob("*.md")):
        found.setdefault(path, read(path))
    return found


def blocks(page: Path, text: str) -> list[Block]:
    found = []
    for match in FENCE.finditer(text):
        indent = len(match["indent"])
        lines = [line[indent:] for line in match["body"].splitlines()]
        found.append(Block(page, match["lang"].strip(), "\n".join(lines) + "\n"))
    return found


def all_blocks() -> list[Block]:
    return [block for page, text in pages().items() for block in blocks(page, text)]


def command_lines(block: Block) -> list[str]:
    """The commands of a shell block: continuation lines joined, blank lines dropped."""
    return [line.strip() for line in block.text.replace("\\\n", " ").splitlines() if line.strip()]


def prose(text: str) -> str:
    """The text outside fenced blocks and code spans: where links and headings are."""
    text = FENCE.sub("", text)
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", text)


def heading_slugs(text: str) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as
    hyphens, and a repeated heading numbered (`-1`, `-2` …)."""
    slugs: set[str] = set()
    for match in re.finditer(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", FENCE.sub("", text), re.M):
        heading = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match[1]).lower()
        base = "".join(ch for ch in heading if ch.isalnum() or ch in " -_").replace(" ", "-")
        slug, n = base, 0
        while slug in slugs:
            n += 1
            slug = f"{base}-{n}"
        slugs.add(slug)
    return slugs
