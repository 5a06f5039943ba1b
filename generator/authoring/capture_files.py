"""Capture files → `Capture` values: text captures, HTML pages and feed entries, by kind.

A file's kind is told by how it starts, then by its extension. HTML pages give their headline,
date, outlet and URL from meta tags, the `<article>` and JSON-LD; feeds give one capture per
entry. What markup leaves out is looked for in the text as in a text capture (`captures.py`).
"""

from __future__ import annotations

import codecs
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser

from ..content.read import decode
from ..content.words import normalise
from ..files import TooLargeError, UnreadableError, read_regular
from ..problems import CaptureError, one_line
from .captures import (
    Capture,
    Failure,
    Fields,
    Parsed,
    body_lines,
    clean_url,
    make_capture,
    outlet_for,
    outlet_for_url,
    parse_date,
    parse_text,
)

MAX_CAPTURE_BYTES = 5_000_000


# --- HTML ------------------------------------------------------------------------------------


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BLOCKS = _names("p h1 h2 h3 h4 h5 h6 li blockquote div br tr section")
_SKIPPED = _names("script style noscript nav header footer aside form template")
_VOID = _names("area base br col embed hr img input link meta source wbr")
_META_DATES = ("article:published_time", "datepublished", "pubdate", "date", "dc.date")


class _PageParser(HTMLParser):
    """Collects meta tags, the title, the h1s, <time> values and the text, one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.times: list[str] = []
        self.ld_json: list[str] = []
        self.title = ""
        self.h1s: list[tuple[str, bool]] = []  # (text, inside <article>)
        self.lines: list[str] = []
        self.article_lines: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, skipped)
        self._line: list[str] = []

    def _inside(self, tag: str) -> bool:
        return any(t == tag for t, _ in self._open)

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self._open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        if tag == "meta" and key and "content" in values:
            self.meta.setdefault(key, values["content"].strip())
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = values.get("href")
        if tag == "time" and values.get("datetime"):
            self.times.append(values["datetime"])
        if tag in _BLOCKS:
            self._flush()
        if tag == "h1":
            self.h1s.append(("", self._inside("article")))
        if tag not in _VOID:
            json = tag == "script" and "ld+json" in values.get("type", "")
            self._open.append((tag, tag in _SKIPPED and not json))

    def handle_endtag(self, tag: str) -> None:
        if not self._inside(tag):
            return
        while self._open:
            current, _ = self._open[-1]
            if current in _BLOCKS or current == "article":
                self._flush()
            self._open.pop()
            if current == tag:
                break

    def handle_data(self, data: str) -> None:
        where = self._open[-1][0] if self._open else ""
        if where == "title":
            self.title += data
        elif where == "script":
            self.ld_json.append(data)
        if where in ("title", "script", "style"):
            return
        if self._inside("h1") and self.h1s:
            text, in_article = self.h1s[-1]
            self.h1s[-1] = (text + data, in_article)
        if not self._skipping():
            self._line.append(data)

    def _flush(self) -> None:
        line = " ".join("".join(self._line).split())
        self._line = []
        if line:
            self.lines.append(line)
            if self._inside("article"):
                self.article_lines.append(line)

    def headline(self) -> str:
        found = [(" ".join(t.split()), a) for t, a in self.h1s if t.strip()]
        return next((t for t, a in found if a), found[0][0] if found else "")


def _parse_page(markup: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(markup)
    parser.close()
    parser._flush()
    return parser


def html_text(markup: str) -> list[str]:
    """An HTML fragment (a feed entry's content) → its text, one line per block."""
    return _parse_page(markup).lines


def _html_date(page: _PageParser) -> date | None:
    candidates = [page.meta.get(key, "") for key in _META_DATES] + page.times
    for script in page.ld_json:
        match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script)
        candidates += [match[1]] if match else []
    return next((d for d in map(parse_date, filter(None, candidates)) if d), None)


def _html_title(page: _PageParser, site: str | None) -> str | None:
    title = page.meta.get("og:title") or page.meta.get("twitter:title") or page.headline()
    if title:
        return " ".join(title.split())
    parts = re.split(r"\s+[|–—-]\s+", " ".join(page.title.split()))
    if len(parts) > 1 and (outlet_for(parts[-1]) or normalise(parts[-1]) == normalise(site or "")):
        parts = parts[:-1]
    return " – ".join(parts) or None


def parse_html(origin: str, data: bytes, text: str) -> Capture:
    page = _parse_page(text)
    site = page.meta.get("og:site_name")
    url = clean_url(page.canonical) or clean_url(page.meta.get("og:url"))
    author = page.meta.get("author") or page.meta.get("article:author")
    title = _html_title(page, site)
    lines = page.article_lines or page.lines
    if title and lines and normalise(lines[0]) == normalise(title):
        lines = lines[1:]
    found = Fields(
        title=title,
        published=_html_date(page),
        outlet=outlet_for(site) or outlet_for_url(url) or site,
        author=None if clean_url(author) else author,
        url=url,
        body=tuple(body_lines(lines, 0)[0]),
    )
    return make_capture(origin, "html", parse_text("\n".join(lines), found), data, ".html")


# --- feeds -----------------------------------------------------------------------------------


def _entry_capture(
    origin: str, entry: Any, outlets: tuple[str | None, str | None], warnings: tuple[str, ...]
) -> Capture:
    """A feed entry; its outlet is the feed's if known, else its link's site, else the feed title."""
    title = " ".join(str(entry.get("title") or "").split())
    if not title:
        raise CaptureError("entry has no title")
    when = _entry_date(entry)
    url = clean_url(entry.get("link"))
    content = entry.get("content") or []
    markup = content[0].get("value", "") if content else str(entry.get("summary") or "")
    body = tuple(html_text(markup))
    known, feed_title = outlets
    outlet = known or outlet_for_url(url) or feed_title
    author = " ".join(str(entry.get("author") or "").split()) or None
    stored = entry_text(title, when, outlet, author, url, body)
    fields = Fields(title, when, outlet, author, url, body, warnings)
    return make_capture(origin, "feed", fields, stored.encode("utf-8"), ".txt")


_NUMERIC_DATE = re.compile(r"\s*[+-]?\d+-\d+-\d+")  # 2024-04-19, 0000-01-01, 99999-01-01
_SHOWN_DATE = 40  # characters of a bad date a message shows


def _entry_date(entry: Any) -> date:
    """The entry's date as written, else as feedparser read it; `CaptureError` (this entry
    fails, the others go on) when there is none or it is not a real date.

    A date written as numbers that is not a real one (year 0 or 99999, month 13) is refused,
    not taken from feedparser, which made `9999-12-01` of `99999-01-01` and `2025-01-01` of
    month 13, and a `date` of year 0 that raised and stopped every entry of the import."""
    raw = " ".join(str(entry.get("published") or entry.get("updated") or "").split())
    raw = raw or " ".join(str(entry.get("created") or "").split())
    when = parse_date(raw)
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if when is None and parsed and not _NUMERIC_DATE.match(raw):
        try:
            when = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        except (ValueError, TypeError, OverflowError):
            when = None
    if when is None and raw:
        shown = one_line(raw if len(raw) <= _SHOWN_DATE else raw[:_SHOWN_DATE] + "…")
        raise CaptureError(f"entry date '{shown}' is not a real date")
    if when is None:
        raise CaptureError("entry has no date")
    return when


def entry_text(
    title: str,
    when: date,
    outlet: str | None,
    author: str | None,
    url: str | None,
    body: tuple[str, ...],
) -> str:
    """A feed entry as a stored text capture; its headers make it importable again as it is."""
    headers = [("Title", title), ("URL", url), ("Published", when.isoformat()), ("Author", author)]
    headers.append(("Outlet", outlet))
    lines = [f"{key}: {value}" for key, value in headers if value]
    return "\n".join([*lines, "", *body, ""])


def _feed_error(result: Any) -> str | None:
    """Why feedparser could not read the feed, in a few words (its SAX messages carry no file)."""
    exc = result.get("bozo_exception")
    if exc is None:
        return None
    reason = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    return " ".join(str(reason).split()) or type(exc).__name__


def parse_feed(origin: str, data: bytes) -> list[Parsed]:
    result = feedparser.parse(data)
    reason = _feed_error(result)
    if not result.get("version") or (reason and not result.entries):
        raise CaptureError(f"feed does not parse: {reason or 'not an Atom or RSS feed'}")
    feed = result.get("feed") or {}
    title = " ".join(str(feed.get("title") or "").split()) or None
    known = outlet_for(title) or outlet_for_url(feed.get("link"))
    warnings = (f"the feed is not well-formed ({reason}); read what it could",) if reason else ()
    parsed: list[Parsed] = []
    for number, entry in enumerate(result.entries, start=1):
        entry_origin = f"{origin}#{number}"
        try:
            parsed.append(_entry_capture(entry_origin, entry, (known, title), warnings))
        except CaptureError as exc:
            why = f" (the feed is not well-formed: {reason})" if reason else ""
            parsed.append(Failure(entry_origin, f"{exc}{why}"))
        except (ValueError, TypeError, OverflowError) as exc:  # one entry never stops the others
            parsed.append(Failure(entry_origin, f"entry cannot be read ({type(exc).__name__})"))
    if not parsed:
        raise CaptureError("feed has no entries")
    return parsed


# --- files -----------------------------------------------------------------------------------


def detect_kind(path: Path, text: str) -> str:
    """ "feed", "html" or "text": by the start of the file, then by its extension."""
    start = re.sub(r"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->)*", "", text[:2000], flags=re.DOTALL).lower()
    if start.startswith(("<rss", "<feed", "<rdf:rdf")):
        return "feed"
    if start.startswith(("<!doctype html", "<html")):
        return "html"
    suffix = path.suffix.lower()
    if suffix in (".xml", ".rss", ".atom"):
        return "feed"
    return "html" if suffix in (".html", ".htm", ".xhtml") else "text"


_BOMS = (  # UTF-32 first: its little-endian mark starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _sniffed(data: bytes) -> str:
    """Bytes that are not UTF-8, read well enough to tell a feed by how it starts: by their
    byte order mark, else as Latin-1 (which any byte is, and which keeps ASCII markup)."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "latin-1")
    return data[:4000].decode(encoding, "replace")


def read_captures(path: Path) -> list[Parsed]:
    """One file → its captures (several for a feed); every problem becomes a `Failure`."""
    origin = str(path)
    try:
        return _read(path, origin)
    except CaptureError as exc:
        return [Failure(origin, str(exc))]
    except TooLargeError as exc:
        return [Failure(origin, f"{exc.reason}, the limit for a capture")]
    except UnreadableError as exc:  # a FIFO would hang the import, /dev/zero never ends
        return [Failure(origin, exc.reason)]
    except OSError as exc:
        return [Failure(origin, f"cannot read file: {exc.strerror or exc}")]


def _read(path: Path, origin: str) -> list[Parsed]:
    data = read_regular(path, MAX_CAPTURE_BYTES)
    text, problems = decode(data, origin)
    kind = detect_kind(path, text if text is not None else _sniffed(data))
    if kind == "feed":  # feedparser decodes the bytes as the feed declares (ISO-8859-1 …)
        return parse_feed(origin, data)
    if text is None:
        raise CaptureError(problems[0].message if problems else "file is not UTF-8 text")
    if kind == "html":
        return [parse_html(origin, data, text)]
    suffix = path.suffix.lower() if path.suffix.lower() in (".txt", ".text", ".md") else ".txt"
    return [make_capture(origin, "text", parse_text(text), data, suffix)]
