"""What a reader is told about a note's evidence: its sources, confidence, history and links.

Words for the research fields live here (the format in `content/model.py` holds only their
values), with the views the note page and the citation exports are made from. Source
reliability (the outlet's Admiralty grade) and information credibility (the note's confidence)
are kept apart, as analysts keep them apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

import langcodes

from ..content.model import Corpus, Note, Source, Term
from ..facets import OUTLETS
from ..settings import SiteInfo
from .bibliography import CitedNote, CitedReport

CONFIDENCE = {
    "confirmed": ("Confirmed", "independent sources or documentary evidence agree"),
    "likely": ("Likely", "consistent with other reporting, not confirmed independently"),
    "unconfirmed": ("Unconfirmed", "one report, not corroborated so far"),
    "disputed": ("Disputed", "other reporting contradicts it"),
}
CONFIDENCE_FILTER = "confidence"  # its search filter and URL parameter
FLAGGED = ("unconfirmed", "disputed")  # marked wherever the note is listed
# relation → (as the note that writes it says it, as the note it points at says it back)
RELATIONS = {
    "follows": ("Follows", "Followed by"),
    "updates": ("Updates", "Updated by"),
    "contradicts": ("Contradicts", "Contradicted by"),
    "same-event": ("Same event as", "Same event as"),
    "background": ("Background", "Background to"),
}
RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


@lru_cache(maxsize=256)
def language_name(tag: str) -> str:
    """`ko` → "Korean", `zh-Hans` → "Chinese (Simplified)"."""
    try:
        name: str = langcodes.Language.get(tag).display_name()
    except (LookupError, ValueError):
        return tag
    return name


@dataclass(frozen=True)
class SourceView:
    source: Source
    outlet: Term | None  # the outlet's term, when outlets.yml names it

    @property
    def language(self) -> str | None:
        return language_name(self.source.language) if self.source.language else None

    @property
    def reliability(self) -> str | None:
        grade = self.outlet.reliability if self.outlet else None
        return f"{grade}, {RELIABILITY[grade]}" if grade else None


@dataclass(frozen=True)
class NoteLink:
    label: str  # "Follows", "Followed by" …
    note: Note


def sources(note: Note, corpus: Corpus) -> list[SourceView]:
    outlets = corpus.vocabularies[OUTLETS].terms
    return [SourceView(s, outlets.get(s.outlet) if s.outlet else None) for s in note.sources]


def linked_notes(
    note: Note, by_slug: Mapping[str, Note], backlinks: Iterable[tuple[Note, str]]
) -> list[NoteLink]:
    """The notes this one points at (`see_also`), then those pointing at it, with the relation."""
    links = [
        NoteLink(RELATIONS[link.relation][0], by_slug[link.note])
        for link in note.see_also
        if link.note in by_slug
    ]
    links += [NoteLink(RELATIONS[relation][1], other) for other, relation in backlinks]
    return links


def authors(note: Note, site: SiteInfo) -> tuple[str, ...]:
    """The note's writers, else the site's author, else nobody."""
    return note.authors or ((site.author,) if site.author else ())


def cited(note: Note, site: SiteInfo) -> CitedNote:
    """A note as the bibliography cites it: a web page of the site, citing its reports."""
    base = site.url.rstrip("/") + "/" if site.url else "/"
    reports = tuple(
        CitedReport(
            outlet=s.name,
            title=s.title,
            url=s.url,
            author=s.author,
            published=s.published or note.date,
            accessed=s.accessed,
            archive=s.archive_link,
            language=s.language,
        )
        for s in note.sources
    )
    return CitedNote(
        slug=note.slug,
        title=note.title,
        authors=authors(note, site),
        date=note.date,
        updated=note.updated,
        url=base + note.url,
        site_name=site.name,
        summary=note.summary,
        reports=reports,
    )


def citation_meta(note: Note, site: SiteInfo) -> dict[str, object]:
    """Highwire Press `citation_*` values for the page head, which Zotero's connector reads."""
    base = site.url.rstrip("/") + "/" if site.url else ""
    meta: dict[str, object] = {
        "title": note.title,
        "authors": list(authors(note, site)),
        "date": note.date.strftime("%Y/%m/%d"),
        "site": site.name,
    }
    if base:
        meta["url"] = base + note.url
    return meta


@dataclass(frozen=True)
class NoteActions:
    """What a reader can do about a note: report a mistake in it, read the file it is made from."""

    correction: str  # a mailto: or an issue form's URL, prefilled; "" when the site has none
    source: str  # the note's file in the repository; "" without `repo_url`


def note_actions(note: Note, site: SiteInfo) -> NoteActions:
    base = site.url.rstrip("/") + "/" if site.url else ""
    return NoteActions(
        correction=site.correction_link(note.title, base + note.url),
        source=site.source_link(repository_path(note.path)),
    )


def repository_path(shown: str) -> str:
    """A note's file as the repository names it. Builds run at the repository's root, so the
    path `digest` shows (`content/articles/2024/x.md`) is the one; an absolute path (a content
    folder given as one) is taken from its `articles` folder on, under `content/`, the folder
    the repository's layout fixes."""
    path = PurePosixPath(shown.replace("\\", "/"))
    if not path.is_absolute():
        return path.as_posix()
    parts = path.parts
    start = parts.index("articles") if "articles" in parts else len(parts) - 1
    return "/".join(("content", *parts[start:]))
