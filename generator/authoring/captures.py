"""Captured reports → `Capture` values: text captures of web pages, HTML files and feed entries.

A text capture is what a browser's "save as text" leaves: page furniture (a temperature, the day
it was saved), the headline, the body, trailing credits and boilerplate, then the publication
line (`April 19, 2024 at 05:30AM`) and a byline (`by DailyNK(North Korean Media)`). Parsing is
heuristic and says so: a field it cannot find is a one-line error (headline, date) or a warning.
HTML pages and feeds fill the same fields from markup first (`capture_read.py`). Nothing here
reads or writes files; the importer decides what to keep.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from ..content.words import normalise
from ..problems import CaptureError

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
class Fields:
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


def body_lines(lines: list[str], start: int) -> tuple[list[str], int, int]:
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


def parse_text(text: str, found: Fields | None = None) -> Fields:
    """Fill what `found` (from markup) lacks from a text capture's lines."""
    found = found or Fields()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    headers, start = _headers(lines)
    title = found.title or headers.get("title")
    head = None if title else _headline_index(lines, start)
    title = title or (lines[head] if head is not None else None)
    body_start = start if head is None else head + 1
    body, begin, end = body_lines(lines, body_start)
    published, warnings = found.published, found.warnings
    published = published or parse_date(headers.get("published") or headers.get("date") or "")
    if published is None:
        published, warning = _publication(lines[body_start:] + lines[:body_start])
        warnings += (warning,) if warning else ()
    outlet, author = _people_and_outlets(lines[body_start:begin] + lines[end:] + lines[:start])
    url = found.url or clean_url(headers.get("url") or headers.get("link") or headers.get("source"))
    url = url or next((clean_url(line) for line in lines if _URL_LINE.fullmatch(line)), None)
    named = headers.get("outlet")
    return Fields(
        title=title,
        published=published,
        outlet=found.outlet or outlet_for(named) or named or outlet,
        author=found.author or headers.get("author") or author,
        url=url,
        body=found.body or tuple(body),
        warnings=warnings,
    )


def make_capture(origin: str, kind: str, fields: Fields, data: bytes, suffix: str) -> Capture:
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
