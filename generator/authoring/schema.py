"""`digest schema`: a JSON Schema for note front matter, for the YAML language server.

Term fields enumerate every id, name and alias, so an editor completes them and underlines a
typo before `digest check` ever runs.
"""

from __future__ import annotations

from typing import Any

from ..content.model import Vocabulary
from ..facets import SINGULAR, VOCABULARIES


def _term_list(vocabulary: Vocabulary) -> dict[str, Any]:
    words = sorted({w for t in vocabulary.terms.values() for w in (t.id, t.name, *t.aliases)})
    return {
        "description": f"{SINGULAR[vocabulary.name].capitalize()} ids, names or aliases",
        "type": "array",
        "uniqueItems": True,
        "items": {"type": "string", "enum": words} if words else {"type": "string"},
    }


def note_schema(vocabularies: dict[str, Vocabulary]) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "title": {"type": "string", "minLength": 1, "description": "Our own title for the note"},
        "date": {
            "type": "string",
            "format": "date",
            "description": "ISO date of the source report",
        },
        "source": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "url": {"type": "string", "pattern": "^https?://"},
                "author": {"type": "string"},
            },
        },
        "summary": {"type": "string"},
        "draft": {"type": "boolean"},
    }
    for name in VOCABULARIES:
        properties[name] = _term_list(vocabularies[name])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Research digest note front matter",
        "type": "object",
        "required": ["title", "date", "source"],
        "additionalProperties": False,
        "properties": properties,
    }
