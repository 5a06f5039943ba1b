"""The Jinja environment of the page templates, and the escaping and links they rely on.

Every value from content is escaped where it lands: HTML by autoescaping, Markdown with `md`,
YAML front matter with `front_matter`. Links between generated pages are relative (`linker`),
so the site works under any base path; markup cached for pages at any depth marks the way up
to the site root with `ROOT` (`rooted`), made relative where it lands (`at_depth`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from .. import routes
from ..facets import ALL_VOCABULARIES, FACETS, FILTER, SECTION, SINGULAR, VOCABULARIES
from ..settings import ALIASES_SHOWN
from . import research
from .charts import month_label

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md_escape(text: object) -> Markup:
    """Text safe inside Markdown: no HTML, no emphasis, links or headings sneaking in."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
    return Markup(html.escape(escaped, quote=False))


def relative(from_url: str, to_url: str) -> str:
    """Site-relative URL `to_url` as seen from the page at `from_url`.

    Every page has a directory URL, so climbing to the root is one `../` per slash; no path
    arithmetic is needed, which matters with hundreds of thousands of links per build.
    """
    return linker(from_url)(to_url)


def linker(from_url: str) -> Callable[[str], str]:
    """`relative` with its first argument fixed: one per page, called for every link on it."""
    prefix = "../" * from_url.count("/")
    return lambda to_url: prefix + to_url or "./"


# The way up to the site root, in markup cached for pages at any depth: a raw tag, which no
# escaped text from content can hold.
ROOT = Markup("<digest-root/>")


def rooted(to_url: str) -> Markup:
    """A link in cached markup, made relative when the markup lands on a page (`at_depth`)."""
    return ROOT + to_url  # Markup + text escapes the text


def at_depth(markup: str, depth: int) -> Markup:
    """Markup rendered with `rooted` links, as it reads on a page `depth` folders deep."""
    return Markup(markup.replace(ROOT, "../" * depth))


def front_matter(**fields: Any) -> str:
    """YAML front matter; strings are HTML-escaped because Material prints `page.meta` raw."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        lines.append(f"{key}: {json.dumps(_escaped(value), ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _escaped(value: Any) -> Any:
    """Every string in `value` HTML-escaped, however deep in lists and mappings."""
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_escaped(item) for item in value]
    return value


@lru_cache(maxsize=1)
def compiled_templates() -> BytecodeCache | None:
    """Jinja's cache of compiled templates, in a temp folder only this user can enter.

    Compiling the templates took 0.05 s of every build, before any page could be rendered;
    loading them compiled takes a tenth of that. An entry holds the checksum of its template's
    source, so an edited template is compiled afresh.
    """
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no private temp folder to be had: compile every time
        return None


def make_environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        bytecode_cache=compiled_templates(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["month_label"] = month_label
    env.filters["long_date"] = lambda d: f"{d.day} {month_label(d.strftime('%Y-%m'))}"
    env.globals.update(
        research=research,
        routes=routes,
        FACETS=FACETS,
        FILTER=FILTER,
        SECTION=SECTION,
        SINGULAR=SINGULAR,
        VOCABULARIES=VOCABULARIES,
        ALL_VOCABULARIES=ALL_VOCABULARIES,
        ALIASES_SHOWN=ALIASES_SHOWN,
    )
    return env
