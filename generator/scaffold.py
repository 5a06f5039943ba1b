"""`digest new`: a note skeleton with today's date, checked terms and a slug no other note has.

Terms are resolved on the spot, so a typo is caught before the file exists; the file is opened
in exclusive mode, so an existing note is never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import frontmatter

from .model import SINGULAR, VOCABULARIES, Vocabulary
from .problems import Problem, error
from .vocabulary import hint_for, normalise_spaced, resolve, spellings

MAX_SLUG_WORDS = 8


@dataclass(frozen=True)
class NewNote:
    title: str
    when: date
    source_name: str
    source_url: str | None
    terms: dict[str, list[str]]  # vocabulary → as typed


def slugify(title: str, when: date) -> str:
    words = re.findall(r"[a-z0-9]+", normalise_spaced(title))[:MAX_SLUG_WORDS]
    return f"{when.isoformat()}-{'-'.join(words) or 'note'}"


def resolve_terms(
    wanted: dict[str, list[str]], vocabularies: dict[str, Vocabulary]
) -> tuple[dict[str, list[str]], list[Problem]]:
    """Typed terms → ids; unknown or ambiguous ones become problems with a did-you-mean."""
    resolved: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for name in VOCABULARIES:
        for written in wanted.get(name, []):
            result = resolve(vocabularies[name], written)
            noun = SINGULAR[name]
            if result.term_id:
                if result.term_id not in resolved.setdefault(name, []):
                    resolved[name].append(result.term_id)
            elif result.candidates:
                names = " or ".join(f"'{c}'" for c in result.candidates)
                problems.append(
                    error("--" + name, 0, f"ambiguous {noun} '{written}': it may mean {names}")
                )
            else:
                hint = hint_for(written, spellings(vocabularies[name]))
                problems.append(error("--" + name, 0, f"unknown {noun} '{written}'", hint))
    return resolved, problems


def unique_path(content: Path, slug: str, when: date, taken: set[str]) -> Path:
    folder = content / "articles" / f"{when.year:04d}"
    candidate, number = slug, 2
    while candidate.lower() in taken or (folder / f"{candidate}.md").exists():
        candidate, number = f"{slug}-{number}", number + 1
    return folder / f"{candidate}.md"


def note_text(note: NewNote, term_ids: dict[str, list[str]]) -> str:
    metadata: dict[str, object] = {
        "title": note.title,
        "date": note.when,
        "source": {
            "name": note.source_name,
            **({"url": note.source_url} if note.source_url else {}),
        },
    }
    for name in VOCABULARIES:
        metadata[name] = term_ids.get(name, [])
    metadata["summary"] = "One or two sentences in your own words."
    metadata["draft"] = True
    body = "Write the note here: a summary of the report in your own words, never its text.\n"
    post = frontmatter.Post(body, None, **metadata)
    return frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n"


def write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # 'x': fail rather than overwrite
        handle.write(text)
