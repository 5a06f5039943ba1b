"""Content Markdown → sanitised HTML, made once in the generator; no engine parses it again.

Note bodies, term descriptions and hand-written pages are Markdown from authors, and the site
must never run script whatever they type. Rewriting Markdown source so that a Markdown engine
later "sees" no unsafe link cannot work: a regular expression and a Markdown parser never agree
on every input (multi-line link targets, entities, attribute lists, unclosed fences). So the
generator converts the Markdown itself with Python-Markdown (raw HTML off: a `<script>` typed
into a note shows as text), then passes the HTML through nh3, an allow-list sanitiser (Rust's
ammonia): only the tags and attributes listed below survive, and only http, https, mailto and
relative URLs. Templates put the result in a raw HTML block, which MkDocs (or Zensical) copies
as it is, so no engine setting such as `attr_list` can reopen the hole.

The same pass tells the author what the sanitiser will drop (`Rendered.findings`, located by
the caller) and which notes and pages the text links to (`Rendered.links`), so that
`digest check` reports unsafe links and dead internal links at `path:line`.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

from .. import routes
from ..problems import one_line

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p",
        "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
GENERIC_ATTRIBUTES = frozenset({"id", "class", "title"})
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"align", "colspan", "rowspan"}),
    "th": frozenset({"align", "colspan", "rowspan"}),
}
URL_ATTRIBUTES = frozenset({"href", "src"})
# Ids that the theme's scripts (`__search`, `md-…`), ours (`digest-…`: the search page, the
# preview's banner) and Pagefind's (`pagefind-…`, `pf-…`) look up; content never sets them.
RESERVED_ID_PREFIXES = ("__", "md-", "md_", "digest-", "digest_", "pagefind", "pf-")
# The only classes content HTML carries: those the Markdown extensions themselves write. A
# class is how the theme's scripts pick the elements they rewrite (`.md-ellipsis`, `.annotate`,
# `.md-source` …), so none may come from an attribute list. `language-…` names a code block's
# language: a script that read it would read a `<code>`'s class, never markup.
EXTENSION_CLASSES = frozenset({"footnote", "footnote-ref", "footnote-backref", "headerlink"})
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]+")
# A title attribute is shown by the browser as text; a theme script that builds a tooltip from
# it (Material's `content.tooltips`) would parse it as HTML. Titles from content carry no markup.
MARKUP_IN_TITLE = ("<", ">")
# What the browser drops from a URL before it reads the scheme (the WHATWG URL standard).
_URL_STRIP = "".join(chr(c) for c in range(0x21))
_URL_REMOVE = str.maketrans("", "", "\t\n\r")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would read from an attribute value, lower-cased; None if relative.

    Entities are decoded, leading control characters and spaces stripped, and tabs and line
    breaks removed anywhere, as browsers do: `java&#115;cript:`, ` \\x01javascript:` and
    `java⏎script:` all read as `javascript`.
    """
    url = html.unescape(value).strip(_URL_STRIP).translate(_URL_REMOVE)
    head, colon, _ = url.partition(":")
    if not colon or not head or not (head[0].isascii() and head[0].isalpha()):
        return None
    if not all(c.isascii() and (c.isalnum() or c in "+-.") for c in head):
        return None  # a colon after a slash, '?' or '#' is part of a relative path
    return head.lower()


_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,63}(?::[0-9]+)?", re.IGNORECASE)
# Names that end like a host but are files a link may name (`report.pdf`, `note.md`).
_FILE_ENDINGS = frozenset(
    {
        "md", "html", "htm", "pdf", "png", "jpg", "jpeg", "gif", "svg", "webp", "txt", "csv",
        "json", "xml", "zip", "doc", "docx", "xls", "xlsx",
    }
)  # fmt: skip


def host_without_scheme(value: str) -> bool:
    """Whether a relative URL starts with a host name (`www.dailynk.com`, `dailynk.com/x`): an
    address written without `https://`, which a browser (and MkDocs, and Zensical) reads as a
    path below the current page, a page the site does not have."""
    url = value.strip()
    if url.startswith(("/", ".", "#", "?")):
        return False
    first = re.split(r"[/?#]", url, maxsplit=1)[0]
    if not _HOST.fullmatch(first):
        return False
    ending = first.rsplit(":", 1)[0].rsplit(".", 1)[-1].lower()
    return first.lower().startswith("www.") or ending not in _FILE_ENDINGS


@dataclass(frozen=True)
class Finding:
    """Something in the text the sanitiser will drop, said to the author."""

    needle: str  # text of the source to find the line by
    message: str
    hint: str
    is_error: bool = True


@dataclass(frozen=True)
class Link:
    """A link from the text to another note (`kind` "note") or hand-written page ("page")."""

    needle: str
    kind: str
    target: str  # the note's slug, or the page's name
    anchor: str  # the fragment after '#', or ""


@dataclass(frozen=True)
class Rendered:
    html: str
    findings: tuple[Finding, ...] = ()
    links: tuple[Link, ...] = ()
    ids: frozenset[str] = frozenset()  # anchors a link to this text may use
    title: str | None = None  # the text of the first level-1 heading


@dataclass
class _Pass:
    """What one conversion learns about its text; reset before each conversion."""

    source: str = ""  # the file's path inside the content folder, e.g. articles/2024/x.md
    page_url: str = ""  # the URL of the page the HTML lands on, e.g. articles/x/
    findings: list[Finding] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    title: str | None = None


class _Inspect(Treeprocessor):
    """Runs last on the element tree: reports what the sanitiser will drop and resolves links
    to other notes and pages (`../2023/note.md#part` → `../note/#part`)."""

    def __init__(self, md: markdown.Markdown, state: _Pass) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for name, value in list(element.attrib.items()):
                self._attribute(element, name, value)
            if element.tag == "h1" and self.state.title is None:
                self.state.title = _heading_text(element)

    def _attribute(self, element: ET.Element, name: str, value: str) -> None:
        state, tag = self.state, element.tag
        lowered = name.lower()
        if lowered.startswith("on"):
            hint = "remove the attribute list: content cannot carry script"
            state.findings.append(Finding(name, f"event handler '{name}' is not allowed", hint))
        elif lowered in URL_ATTRIBUTES and lowered in _allowed_for(tag):
            self._url(element, lowered, value)
        elif lowered == "id" and tag in ALLOWED_TAGS:
            if reserved_id(value):
                message = f"id '{value}' is reserved for the site's scripts; it is dropped"
                state.findings.append(Finding(value, message, "choose another id", False))
            else:
                state.ids.add(value)
        elif lowered == "class" and tag in ALLOWED_TAGS:
            for name in value.split():
                if not allowed_class(name):
                    message = f"class '{name}' is dropped: content cannot set classes"
                    hint = "the theme's scripts choose elements by class; remove it"
                    state.findings.append(Finding(name, message, hint, False))
        elif lowered == "title" and tag in ALLOWED_TAGS:
            text = _plain(value)
            if any(mark in text for mark in MARKUP_IN_TITLE):
                message = f"title {one_line(text)!r} holds markup ('<' or '>')"
                hint = "a title is plain text: remove '<' and '>' from it"
                state.findings.append(Finding(value, message, hint))
        elif tag in ALLOWED_TAGS and lowered not in _allowed_for(tag):
            message = f"attribute '{name}' is not allowed on <{tag}>; it is dropped"
            hint = "keep only an id or a class in attribute lists"
            state.findings.append(Finding(name, message, hint, False))

    def _url(self, element: ET.Element, name: str, value: str) -> None:
        scheme = url_scheme(value)
        what = "image source" if element.tag == "img" else "link"
        if scheme is not None and scheme not in SAFE_SCHEMES:
            hint = "use an https:// or mailto: address, or a relative link to a note"
            message = f"{what} with scheme '{scheme}:' is not allowed"
            self.state.findings.append(Finding(value, message, hint))
        elif scheme is None and host_without_scheme(value):
            message = f"{what} '{value.strip()}' has no scheme: it would lead to a missing page of this site"
            hint = f"write 'https://{value.strip()}'"
            self.state.findings.append(Finding(value, message, hint))
        elif scheme is None:
            resolved = self._internal(value)
            if resolved is not None:
                element.set(name, resolved)

    def _internal(self, value: str) -> str | None:
        """A relative link to a `.md` file, as the URL of the note or page it names."""
        try:
            parts = urlsplit(value.strip())
        except ValueError:
            return None
        if parts.netloc or not parts.path.endswith(".md"):
            return None
        folder = posixpath.dirname(self.state.source)
        path = posixpath.normpath(posixpath.join(folder, parts.path.lstrip("/")))
        kind, target = _target_of(path, self.state.source)
        self.state.links.append(Link(value, kind, target, parts.fragment))
        url = routes.note_url(target) if kind == "note" else routes.page_url(target)
        prefix = "../" * self.state.page_url.count("/")
        return prefix + url + (f"#{parts.fragment}" if parts.fragment else "")


def _target_of(path: str, source: str) -> tuple[str, str]:
    """("note", slug), ("page", name) or ("", path) for a path resolved inside the content
    folder. Notes may sit in any folder under articles/ and their slugs are unique, so from a
    note any `.md` path outside pages/ names a note by its file name, however deep it climbs."""
    while path.startswith("../"):
        path = path[3:]
    if path.startswith("pages/"):
        return "page", path[len("pages/") : -len(".md")]
    if path.startswith("articles/") or source.startswith("articles/"):
        return "note", posixpath.basename(path)[: -len(".md")]
    return "", path


def _heading_text(element: ET.Element) -> str:
    """A heading's text without its permalink sign."""
    parts = [element.text or ""]
    for child in element:
        if child.get("class") != "headerlink":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _allowed_for(tag: str) -> frozenset[str]:
    return GENERIC_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset())


class _ContentMarkdown(Extension):
    """Raw HTML off (typed tags show as text) and the inspection pass, last of all."""

    def __init__(self, state: _Pass) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Inspect(md, self.state), "inspect_content", -10)


def reserved_id(value: str) -> bool:
    return value.lower().startswith(RESERVED_ID_PREFIXES)


def allowed_class(name: str) -> bool:
    return name in EXTENSION_CLASSES or _LANGUAGE_CLASS.fullmatch(name) is not None


def _plain(value: str) -> str:
    """An attribute value of the Markdown tree as the browser will read it."""
    return html.unescape(value.replace(markdown.util.AMP_SUBSTITUTE, "&"))


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """The last word on what content HTML carries (nh3 hands over decoded values): no id the
    site's scripts look up, no class but the Markdown extensions' own, no title with markup."""
    if attribute == "id":
        return None if reserved_id(value) else value
    if attribute == "class":
        kept = " ".join(name for name in value.split() if allowed_class(name))
        return kept or None
    if attribute == "title" and any(mark in value for mark in MARKUP_IN_TITLE):
        return None
    return value


def heading_slug(value: str, separator: str) -> str:
    """The toc extension's heading id, kept clear of the ids the site's scripts look up (a
    heading "Digest problems data" would otherwise get `digest-problems-data`)."""
    slug: str = slugify(value, separator)
    return f"section{separator}{slug}" if reserved_id(slug) else slug


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={"*": set(GENERIC_ATTRIBUTES), **{k: set(v) for k, v in TAG_ATTRIBUTES.items()}},
    attribute_filter=_keep_attribute,
    url_schemes=set(SAFE_SCHEMES),
    strip_comments=True,
)


class _Converter:
    """One Python-Markdown instance per process, reset between texts (building one costs more
    than converting a note)."""

    def __init__(self) -> None:
        self.state = _Pass()
        self.md = markdown.Markdown(
            extensions=[
                _ContentMarkdown(self.state),
                "tables",
                "sane_lists",
                "fenced_code",
                "footnotes",
                "attr_list",
                "toc",
            ],
            extension_configs={
                "tables": {"use_align_attribute": True},
                "toc": {"permalink": True, "slugify": heading_slug},
            },
        )

    def render(self, text: str, source: str, page_url: str) -> Rendered:
        self.md.reset()
        state = self.state
        state.source, state.page_url, state.title = source, page_url, None
        state.findings, state.links, state.ids = [], [], set()
        raw: str = self.md.convert(text)
        return Rendered(
            html=_CLEANER.clean(raw),
            findings=tuple(state.findings),
            links=tuple(state.links),
            ids=frozenset(state.ids),
            title=state.title,
        )


_converter: _Converter | None = None


def render(text: str, source: str, page_url: str) -> Rendered:
    """Content Markdown → sanitised HTML for the page at `page_url`, with what was found.

    `source` is the text's file inside the content folder (relative links resolve from it).
    """
    global _converter
    if _converter is None:
        _converter = _Converter()
    return _converter.render(text, source, page_url)


class _FirstParagraph(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside = False
        self.done = False
        self.parts: list[str] = []
        self.skip = 0  # inside a footnote reference

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr", "img"):
            return
        if self.depth == 0 and tag == "p" and not self.done:
            self.inside = True
        elif self.inside and (tag == "sup" or self.skip):
            self.skip += 1
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "hr", "img"):
            return
        self.depth = max(0, self.depth - 1)
        if self.skip:
            self.skip -= 1
        if self.depth == 0 and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data: str) -> None:
        if self.inside and not self.skip:
            self.parts.append(data)


def first_paragraph(html_text: str) -> str:
    """The text of the first top-level paragraph of rendered HTML: the default summary."""
    parser = _FirstParagraph()
    parser.feed(html_text)
    parser.close()
    return " ".join("".join(parser.parts).split())


def line_of(text: str, needle: str, first_line: int, start: int = 0) -> tuple[int, int]:
    """(file line, offset found) of `needle` in `text`, which begins at `first_line` of its file.

    The converter does not keep source positions, so what it found is looked for by its text;
    when that fails (the parser rewrote it), the text's first line is the answer.
    """
    needle = needle.strip()
    found = text.find(needle, start) if needle else -1
    if found < 0 and needle:
        found = text.casefold().find(needle.casefold(), start)
    if found < 0:
        return first_line, start
    return first_line + text.count("\n", 0, found), found + len(needle)
