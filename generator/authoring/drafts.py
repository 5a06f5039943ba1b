"""Writing notes: the one front-matter writer and the one way to find a free file name.

`digest new` and `digest import` both write a note as YAML front matter (PyYAML, through
python-frontmatter: quoting is the library's, never hand-made) and a body, under
`articles/<yyyy>/<slug>.md`, with a slug no other note or capture has.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

import frontmatter

from ..content.words import slugify

YAML_WIDTH = 4096  # long titles stay on one line instead of being folded at 80 characters
# A slug's length in bytes (file systems count bytes, not characters). With `-NN` and the
# longest suffix (`.html`) a name stays far below the 255 bytes of most file systems and the
# 143 of eCryptfs: a 300-character one-word title made `File name too long`.
MAX_SLUG_BYTES = 100


def note_slug(title: str, when: date, words: int, skip: frozenset[str], fallback: str) -> str:
    """`2024-04-19-state-security-offices-…`: the date and the title's first words, at most
    `MAX_SLUG_BYTES` bytes (cut after a whole word where one fits)."""
    return cap_slug(f"{when.isoformat()}-{slugify(title, words, skip) or fallback}")


def cap_slug(slug: str, limit: int = MAX_SLUG_BYTES) -> str:
    """`slug` cut to at most `limit` bytes of UTF-8: at the last hyphen that keeps more than
    half of it, else mid-word (never inside a character)."""
    data = slug.encode("utf-8")
    if len(data) <= limit:
        return slug
    cut = data[:limit].decode("utf-8", "ignore")
    hyphen = cut.rfind("-")
    return (cut[:hyphen] if hyphen > limit // 2 else cut).rstrip("-")


def free_slug(base: str, taken: set[str], is_free: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3` …: the first not in `taken` (lowercased) and free on disk."""
    slug, number = base, 2
    while slug.lower() in taken or not is_free(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def note_folder(content: Path, when: date) -> Path:
    return content / "articles" / f"{when.year:04d}"


def note_text(metadata: Mapping[str, object], body: str) -> str:
    """A note file: front matter in the order given, then the body."""
    post = frontmatter.Post(body, None, **metadata)
    text: str = frontmatter.dumps(post, sort_keys=False, allow_unicode=True, width=YAML_WIDTH)
    return text + "\n"
