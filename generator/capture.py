"""Captured reports → `Capture` values: text captures of web pages, HTML files and feed entries.

A text capture is what a browser's "save as text" leaves: page furniture (a temperature, the day
it was saved), the headline, the body, trailing credits and boilerplate, then the publication
line (`April 19, 2024 at 05:30AM`) and a byline (`by DailyNK(North Korean Media)`). Parsing is
heuristic and says so: a field it cannot find is a one-line error (headline, date) or a warning.
Nothing here writes files; the importer decides what to keep.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .read import decode
from .vocabulary import normalise

MAX_CAPTURE_BYTES = 5_000_000

# Outlets as notes name them, with other spellings (bylines, site names) and their web hosts.
KNOWN_OUTLETS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Daily NK", ("DailyNK", "Daily NK English"), ("dailynk.com",)),
    ("NK News", (), ("nknews.org",)),
    ("NK Pro", (), ()),
    ("Radio Free Asia", ("RFA",), ("rfa.org",)),
    ("Yonhap News Agency", ("Yonhap",), ("yna.co.kr", "yonhapnews.co.kr")),
    ("Asia Press", ("Asiapress", "Asia Press International"), ("asiapress.org",)),
    ("38 North", (), ("38north.org",)),
    ("The Korea Herald", ("Korea Herald",), ("koreaherald.com",)),
    ("Korea JoongAng Daily", (), ("joongang.co.kr",)),
    ("KCNA", ("Korean Central News Agency",), ("kcna.kp",)),
    ("Human Rights Watch", ("HRW",), ("hrw.org",)),
    ("Voice of America", ("VOA",), ("voanews.com",)),
)
OUTLETS = {normalise(s): name for name, others, _ in KNOWN_OUTLETS for s in (name, *others)}
HOSTS = {host: name for name, _, hosts in KNOWN_OUTLETS for host in hosts}

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {n: i for i, m in enumerate(_MONTH_NAMES.split(), start=1) for n in (m, m[:3])} | {
    "sept": 9
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?P<weekday>(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun),?\s+"
)
_TIME = r"(?P<time>,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
_DATE_FORMS = (
    rf"{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})",
    rf"(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})",
    r"(?P<year>\d{4})[-./](?P<num>\d{1,2})[-./](?P<day>\d{1,2})\.?",
    r"(?P<year>\d{4})년\s*(?P<num>\d{1,2})월\s*(?P<day>\d{1,2})일",
)
_DATE_LINES = [re.compile(rf"(?:{_WEEKDAY})?{form}{_TIME}", re.IGNORECASE) for form in _DATE_FORMS]
_TEMPERATURE = re.compile(r"-?\d+(?:\.\d+)?\s*°?\s*[CF]")
_URL_LINE = re.compile(r"https?://\S+")
_HEADER = re.compile(
    r"(?P<key>title|url|link|source|published|date|author|outlet)\s*:\s*(?P<value>.+)", re.I
)
_BYLINE = re.compile(r"by\s+(?P<who>\S.*)", re.IGNORECASE)
_MEDIA_WORDS = re.compile(r"\((?P<kind>[^)]*(?:media|news|agency|press)[^)]*)\)", re.IGNORECASE)
_TRAILER = re.compile(
    r"(?:translated by|translation by|edited by|read in korean|read this (?:article )?in korean"
    r"|please direct|most popular|related articles|related stories|copyright|©"
    r"|all rights reserved|share this|tags?:)",
    re.IGNORECASE,
)


class CaptureError(Exception):
    """A file or feed entry that cannot become a note; the message is one line for the author."""


@dataclass(frozen=True)
class Capture:
    """One report as found in a capture: what the note's front matter needs, and the text."""

    origin: str  # the file as given, with `#n` for the n-th entry of a feed
    kind: str  # "text" | "html" | "feed"
    title: str
    published: date
    outlet: str | None
    author: str | None
    url: str | None
    text: str  # headline and body only: what terms are suggested from, never written to a note
    data: bytes  # what is stored under content/captures/
    suffix: str  # the stored capture's file extension
    warnings: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Failure:
    origin: str
    message: str


Parsed = Capture | Failure


# --- dates, outlets, lines -------------------------------------------------------------------


@dataclass(frozen=True)
class DateLine:
    value: date
    weekday: bool  # `Saturday, May 25, 2024`: a capture date
    time: bool  # `April 19, 2024 at 05:30AM`: a publication line


def date_line(line: str) -> DateLine | None:
    """A line that is a date and nothing else (an optional weekday and time around it)."""
    for pattern in _DATE_LINES:
        match = pattern.fullmatch(line.strip())
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["num"]) if parts.get("num") else _MONTHS[parts["month"].lower()]
        try:
            value = date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            return None
        return DateLine(value, bool(parts["weekday"]), bool((parts["time"] or "").strip()))
    return None


def parse_date(text: str) -> date | None:
    """A date as feeds, meta tags and headers write it: ISO, RFC 822, or a date line.

    The date is taken as written (the publisher's own day), not converted to UTC.
    """
    text = text.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    found = date_line(text)
    return found.value if found else None


def outlet_for(name: str | None) -> str | None:
    """`DailyNK(North Korean Media)` → `Daily NK`; an unknown name → None."""
    if not name:
        return None
    key = normalise(re.sub(r"\([^)]*\)", "", name))
    if key in OUTLETS:
        return OUTLETS[key]
    return next((v for k, v in OUTLETS.items() if len(k) >= 6 and key.startswith(k)), None)


def outlet_for_url(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return next((v for k, v in HOSTS.items() if host == k or host.endswith("." + k)), None)


def clean_url(url: str | None) -> str | None:
    url = (url or "").strip()
    return url if re.fullmatch(r"https?://[^\s\"'<>]+", url) else None


def _words(line: str) -> int:
    return len(line.split())


def _is_headline(line: str) -> bool:
    return (
        3 <= _words(line) <= 30
        and len(line) <= 250
        and not line.endswith((".", ",", ";", ":"))
        and not _is_furniture(line)
        and _BYLINE.fullmatch(line) is None
        and _TRAILER.match(line) is None
    )


def _is_furniture(line: str) -> bool:
    return bool(
        _TEMPERATURE.fullmatch(line) or _URL_LINE.fullmatch(line) or date_line(line) is not None
    )


def _byline(line: str) -> str | None:
    match = _BYLINE.fullmatch(line)
    if match is None or _words(line) > 8 or line.endswith("."):
        return None
    return match["who"].strip()


# --- text captures -----------------------------------------------------------------------------


@dataclass
class _Fields:
    """What was found so far; HTML and feeds fill some from markup, text fills the rest."""

    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    body: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def _headers(lines: list[str]) -> tuple[dict[str, str], int]:
    """`Key: value` lines at the very top (the importer's own entry captures carry them)."""
    found: dict[str, str] = {}
    index = 0
    while index < len(lines) and (match := _HEADER.fullmatch(lines[index])):
        found.setdefault(match["key"].lower(), match["value"].strip())
        index += 1
    return found, index


def _headline_index(lines: list[str], start: int) -> int | None:
    """The first headline-like line after the leading furniture (ending at the capture date)."""
    for index in range(start, min(len(lines), start + 12)):
        found = date_line(lines[index])
        if found is not None and found.weekday:
            start = index + 1
            break
    return next((i for i in range(start, len(lines)) if _is_headline(lines[i])), None)


def _is_trailer(line: str) -> bool:
    return bool(_TRAILER.match(line) or _byline(line) or _is_furniture(line))


def _body(lines: list[str], start: int) -> tuple[list[str], int, int]:
    """Body paragraphs after any byline or date under the headline, up to the first credit,
    boilerplate, publication line or byline → (paragraphs, where they begin, where they end)."""
    begin = start
    while begin < len(lines) and (_byline(lines[begin]) or _is_furniture(lines[begin])):
        begin += 1
    end = begin
    while end < len(lines) and not _is_trailer(lines[end]):
        end += 1
    return lines[begin:end], begin, end


def _publication(lines: list[str]) -> tuple[date | None, str | None]:
    """The publication line beats a bare date, which beats the capture date (with a warning)."""
    found = [d for d in (date_line(line) for line in lines) if d is not None]
    for rank in (lambda d: d.time, lambda d: not d.weekday, lambda d: d.weekday):
        chosen = next((d for d in found if rank(d)), None)
        if chosen is not None and chosen.weekday and not chosen.time:
            return chosen.value, f"no publication line; used the capture date {chosen.value}"
        if chosen is not None:
            return chosen.value, None
    return None, None


def _people_and_outlets(lines: list[str]) -> tuple[str | None, str | None]:
    """Bylines → (outlet, author); the boilerplate's mention of a known outlet as a fallback."""
    outlet = author = None
    for line in lines:
        who = _byline(line)
        if who is None:
            continue
        media = _MEDIA_WORDS.search(who)
        named = outlet_for(who) or (who[: media.start()].strip() if media else None)
        if named:
            outlet = outlet or named
        elif re.fullmatch(r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,4}", who):
            author = author or who
    if outlet is None:
        keys = [(k, v) for k, v in OUTLETS.items() if len(k) >= 6]
        text = " ".join(normalise(line) for line in lines)
        outlet = next((v for k, v in keys if k in text), None)
    return outlet, author


def parse_text(text: str, found: _Fields | None = None) -> _Fields:
    """Fill what `found` (from markup) lacks from a text capture's lines."""
    found = found or _Fields()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    headers, start = _headers(lines)
    title = found.title or headers.get("title")
    head = None if title else _headline_index(lines, start)
    title = title or (lines[head] if head is not None else None)
    body_start = start if head is None else head + 1
    body, begin, end = _body(lines, body_start)
    published, warnings = found.published, found.warnings
    published = published or parse_date(headers.get("published") or headers.get("date") or "")
    if published is None:
        published, warning = _publication(lines[body_start:] + lines[:body_start])
        warnings += (warning,) if warning else ()
    outlet, author = _people_and_outlets(lines[body_start:begin] + lines[end:] + lines[:start])
    url = found.url or clean_url(headers.get("url") or headers.get("link") or headers.get("source"))
    url = url or next((clean_url(line) for line in lines if _URL_LINE.fullmatch(line)), None)
    named = headers.get("outlet")
    return _Fields(
        title=title,
        published=published,
        outlet=found.outlet or outlet_for(named) or named or outlet,
        author=found.author or headers.get("author") or author,
        url=url,
        body=found.body or tuple(body),
        warnings=warnings,
    )


def _capture(origin: str, kind: str, fields: _Fields, data: bytes, suffix: str) -> Capture:
    if not fields.title:
        raise CaptureError("no headline found")
    if fields.published is None:
        raise CaptureError("no date found (no publication line such as 'April 19, 2024')")
    outlet = fields.outlet or outlet_for_url(fields.url)
    text = "\n".join([fields.title, *fields.body])
    return Capture(
        origin, kind, fields.title, fields.published, outlet, fields.author, fields.url, text, data,
        suffix, fields.warnings,
    )  # fmt: skip


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
    found = _Fields(
        title=title,
        published=_html_date(page),
        outlet=outlet_for(site) or outlet_for_url(url) or site,
        author=None if clean_url(author) else author,
        url=url,
        body=tuple(_body(lines, 0)[0]),
    )
    return _capture(origin, "html", parse_text("\n".join(lines), found), data, ".html")


# --- feeds -----------------------------------------------------------------------------------


def _entry_capture(
    origin: str, entry: Any, outlets: tuple[str | None, str | None], warnings: tuple[str, ...]
) -> Capture:
    """A feed entry; its outlet is the feed's if known, else its link's site, else the feed title."""
    title = " ".join(str(entry.get("title") or "").split())
    if not title:
        raise CaptureError("entry has no title")
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created") or ""
    when = parse_date(str(raw_date))
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if when is None and parsed:
        when = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    if when is None:
        raise CaptureError("entry has no date")
    url = clean_url(entry.get("link"))
    content = entry.get("content") or []
    markup = content[0].get("value", "") if content else str(entry.get("summary") or "")
    body = tuple(html_text(markup))
    known, feed_title = outlets
    outlet = known or outlet_for_url(url) or feed_title
    author = " ".join(str(entry.get("author") or "").split()) or None
    stored = entry_text(title, when, outlet, author, url, body)
    fields = _Fields(title, when, outlet, author, url, body, warnings)
    return _capture(origin, "feed", fields, stored.encode("utf-8"), ".txt")


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
    try:
        import feedparser
    except ImportError as exc:  # a dev dependency until the lead moves it
        raise CaptureError("reading feeds needs the 'feedparser' package") from exc
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


def read_captures(path: Path) -> list[Parsed]:
    """One file → its captures (several for a feed); every problem becomes a `Failure`."""
    origin = str(path)
    try:
        return _read(path, origin)
    except CaptureError as exc:
        return [Failure(origin, str(exc))]
    except OSError as exc:
        return [Failure(origin, f"cannot read file: {exc.strerror or exc}")]


def _read(path: Path, origin: str) -> list[Parsed]:
    if path.stat().st_size > MAX_CAPTURE_BYTES:
        raise CaptureError(f"file is over {MAX_CAPTURE_BYTES // 1_000_000} MB")
    data = path.read_bytes()
    text, problems = decode(data, origin)
    if text is None:
        raise CaptureError(problems[0].message if problems else "file is not UTF-8 text")
    kind = detect_kind(path, text)
    if kind == "feed":
        return parse_feed(origin, data)
    if kind == "html":
        return [parse_html(origin, data, text)]
    suffix = path.suffix.lower() if path.suffix.lower() in (".txt", ".text", ".md") else ".txt"
    return [_capture(origin, "text", parse_text(text), data, suffix)]
