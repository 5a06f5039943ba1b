"""`digest schema`: a JSON Schema for note front matter, for the YAML language server.

Term fields enumerate every id, name and alias, so an editor completes them and underlines a
typo before `digest check` ever runs.
"""

from __future__ import annotations

from typing import Any

from ..content.model import CONFIDENCE_LEVELS, RELATIONS, Vocabulary
from ..facets import OUTLETS, SINGULAR, VOCABULARIES


def _term_list(vocabulary: Vocabulary) -> dict[str, Any]:
    words = _words(vocabulary)
    return {
        "description": f"{SINGULAR[vocabulary.name].capitalize()} ids, names or aliases",
        "type": "array",
        "uniqueItems": True,
        "items": {"type": "string", "enum": words} if words else {"type": "string"},
    }


_DATE = {"type": "string", "format": "date"}
_URL = {"type": "string", "pattern": "^https?://"}


def _source(outlets: Vocabulary | None) -> dict[str, Any]:
    """One report; its name is an outlet of outlets.yml when that file exists."""
    name: dict[str, Any] = {"type": "string", "minLength": 1}
    if outlets is not None and outlets.terms:
        name["enum"] = _words(outlets)
    return {
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            "name": name,
            "url": _URL,
            "author": {"type": "string"},
            "title": {"type": "string", "description": "The report's own headline"},
            "published": {**_DATE, "description": "Default: the note's date"},
            "accessed": _DATE,
            "archive": {**_URL, "description": "An archived copy"},
            "language": {"type": "string", "description": "BCP 47, e.g. en, ko, zh-Hans"},
            "offline": {
                "type": "boolean",
                "description": "The report was never online (print, broadcast): no url to expect",
            },
        },
    }


def _research() -> dict[str, Any]:
    return {
        "confidence": {"enum": list(CONFIDENCE_LEVELS)},
        "updated": {**_DATE, "description": "Last substantive change, not before date"},
        "corrections": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["date", "text"],
                "additionalProperties": False,
                "properties": {"date": _DATE, "text": {"type": "string", "minLength": 1}},
            },
        },
        "see_also": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["note", "relation"],
                "additionalProperties": False,
                "properties": {"note": {"type": "string"}, "relation": {"enum": list(RELATIONS)}},
            },
        },
        "author": {
            "description": "The note's writer(s); default: site_author in mkdocs.yml",
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        },
    }


def _words(vocabulary: Vocabulary) -> list[str]:
    return sorted({w for t in vocabulary.terms.values() for w in (t.id, t.name, *t.aliases)})


def note_schema(vocabularies: dict[str, Vocabulary]) -> dict[str, Any]:
    source = _source(vocabularies.get(OUTLETS))
    properties: dict[str, Any] = {
        "title": {"type": "string", "minLength": 1, "description": "Our own title for the note"},
        "date": {**_DATE, "description": "ISO date of the source report"},
        "source": source,
        "sources": {"type": "array", "minItems": 1, "items": source},
        "summary": {"type": "string"},
        "draft": {"type": "boolean"},
        "capture": {"type": "string", "pattern": "^captures/"},
        "language": {
            "type": "string",
            "description": "BCP 47: the language the note is written in, e.g. ko; default: the site's",
        },
        **_research(),
    }
    for name in VOCABULARIES:
        properties[name] = _term_list(vocabularies[name])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Research digest note front matter",
        "type": "object",
        "required": ["title", "date"],
        "oneOf": [{"required": ["source"]}, {"required": ["sources"]}],
        "additionalProperties": False,
        "properties": properties,
    }
