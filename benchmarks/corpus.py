"""The synthetic notes as the benchmark reads them back: published notes, term names, an edit.

`synth` writes the corpus; the references copy its published notes (drafts are left out, as
`digest build` leaves them out), the blog anchor needs each term's canonical name, and the edit
step changes one note the way an author would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from benchmarks.synth_vocabulary import normalise

VOCABULARIES = ("agencies", "locations", "themes")


def read_note(path: Path) -> tuple[dict[str, Any], str, str]:
    """(front matter, front matter text, body) of a note."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.load(front, Loader=yaml.CSafeLoader), front, body


def published(content: Path) -> Iterator[tuple[Path, dict[str, Any], str, str]]:
    """(path, front matter, front matter text, body) of every note that is not a draft."""
    for path in sorted((content / "articles").glob("*/*.md")):
        meta, front, body = read_note(path)
        if not meta.get("draft"):
            yield path, meta, front, body


def published_paths(content: Path) -> Iterator[Path]:
    """The paths `published` yields, without parsing a front matter that names no draft (the
    YAML of 100,000 notes takes half a minute; their text a few seconds)."""
    for path in sorted((content / "articles").glob("*/*.md")):
        front = path.read_text(encoding="utf-8").split("---\n", 2)[1]
        if "draft" not in front or not yaml.load(front, Loader=yaml.CSafeLoader).get("draft"):
            yield path


def term_names(content: Path) -> dict[str, dict[str, str]]:
    """vocabulary -> normalised spelling (id, name or alias) -> canonical name."""
    out: dict[str, dict[str, str]] = {}
    for kind in VOCABULARIES:
        doc = yaml.load(
            (content / "vocabulary" / f"{kind}.yml").read_text(encoding="utf-8"),
            Loader=yaml.CSafeLoader,
        )
        index: dict[str, str] = {}
        for term in doc["terms"]:
            for spelling in [term["id"], term["name"], *term.get("aliases", [])]:
                index[normalise(spelling)] = term["name"]
        out[kind] = index
    return out


def edit_one_note(content: Path) -> Path:
    """Change the title and the body of one published note in the middle of the corpus."""
    notes = list(published_paths(content))
    path = notes[len(notes) // 2]
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r'^title: "Synthetic note (\d+):',
        r'title: "Synthetic note \1 (edited):',
        text,
        count=1,
        flags=re.M,
    )
    text = text.rstrip("\n") + "\n\nSynthetic edit: one more paragraph for the benchmark.\n"
    path.write_text(text, encoding="utf-8")
    return path
