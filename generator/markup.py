"""Note bodies: Markdown → HTML with raw HTML disabled and unsafe link schemes dropped.

A note body is the author's Markdown, but it lands on a public site: `<script>` typed into a
note must show as text, and a `javascript:` link must not become clickable.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"", "http", "https", "mailto"}


def is_safe_url(url: str) -> bool:
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


class _DropUnsafeLinks(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_url(value):
                    del element.attrib[attribute]


class _SafeMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DropUnsafeLinks(md), "drop_unsafe_links", 0)


_converter = markdown.Markdown(extensions=[_SafeMarkdown(), "tables", "sane_lists"])


def body_html(text: str) -> str:
    """Render a note body; raw HTML in it comes out escaped, as text."""
    _converter.reset()
    html_text: str = _converter.convert(text)
    return html_text


_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_CODE = re.compile(r"`+([^`]*)`+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_NOT_PROSE = ("#", "```", "~~~", "    ", "\t", "|", "<", "[", "!")


def first_paragraph(text: str) -> str:
    """The body's first paragraph as plain text: the default summary.

    Markdown syntax is stripped with a few patterns instead of a full conversion, which would
    cost as much as MkDocs' own rendering of the note.
    """
    for block in re.split(r"\n\s*\n", text.strip()):
        if (
            not block.strip()
            or block.lstrip().startswith(_NOT_PROSE[:3])
            or block.startswith(_NOT_PROSE[3:5])
        ):
            continue
        plain = _LINK.sub(r"\1", block)
        plain = _CODE.sub(r"\1", plain)
        plain = _EMPHASIS.sub(r"\2", plain)
        plain = re.sub(r"^\s*(?:[-*+]|\d+[.)]|>)\s+", "", plain, flags=re.MULTILINE)
        return " ".join(plain.replace("\\", "").split())
    return ""
