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


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_LINK_TARGET = re.compile(
    r"(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)([A-Za-z][A-Za-z0-9+.\-]*:[^)\s>]*)", re.MULTILINE
)


def _escape_prose(text: str) -> str:
    """Outside code: `<` becomes `&lt;` (autolinks excepted), unsafe link targets become `#`."""
    parts = []
    last = 0
    for match in _AUTOLINK.finditer(text):
        parts.append(text[last : match.start()].replace("<", "&lt;"))
        parts.append(match.group(0))
        last = match.end()
    parts.append(text[last:].replace("<", "&lt;"))
    escaped = "".join(parts)
    return _LINK_TARGET.sub(
        lambda m: m.group(1) + (m.group(2) if is_safe_url(m.group(2)) else "#"), escaped
    )


def _escape_line(line: str) -> str:
    if "<" not in line and "](" not in line and "]:" not in line:
        return line
    pieces, last = [], 0
    for match in _CODE_SPAN.finditer(line):
        pieces.append(_escape_prose(line[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_escape_prose(line[last:]))
    return "".join(pieces)


def safe_markdown(text: str) -> str:
    """A note body as Markdown that MkDocs can render with raw HTML off and unsafe links gone.

    MkDocs converts the body itself (as it would for any page), so the generator does not pay
    for a second Markdown conversion; fenced code and code spans are left exactly as written.
    """
    if "<" not in text and "](" not in text and "]:" not in text:
        return text  # nothing to escape: most notes, at a fifth of the cost of the scan below
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            out.append(line)
            continue
        out.append(_escape_line(line))
    return "\n".join(out)
