"""The monthly digest as a newsletter: `email.html`, `email.txt` and the digests' Atom feed.

A team sends the month to its readers with whatever mailing tool it has: the HTML file is made
for mail clients (inline styles, tables for layout, absolute links, no script, under 100 KB),
the text file is its plain alternative, and `/feeds/digests.xml` carries every month in full so
that an RSS-to-email service can send it by itself. All three share one body
(`templates/_newsletter.j2`), so they never say different things.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .. import routes
from ..content.model import Note, Term
from .charts import month_label
from .digests import MonthDigest

if TYPE_CHECKING:
    from .render import Renderer

EMAIL_NOTES = 120  # a month with more lists these and links the rest: the file stays < 100 KB
FEED_MONTHS = 12
Groups = list[tuple[Term | None, list[Note]]]


def _base(renderer: Renderer) -> str:
    """Absolute links need `site_url`; without it, links stay site-relative."""
    url = renderer.site.url
    return url.rstrip("/") + "/" if url else "/"


def _groups(month: MonthDigest) -> tuple[Groups, int]:
    """The month's notes by theme, at most EMAIL_NOTES in all, and how many were left out.

    A note with two themes is under both, as on the month's page; the cap counts lines."""
    groups: Groups = []
    room = EMAIL_NOTES
    listed: set[str] = set()
    for theme, notes in month.by_theme:
        kept = list(notes[: max(room, 0)])
        room -= len(kept)
        listed.update(note.slug for note in kept)
        if kept:
            groups.append((theme, kept))
    hidden = sum(1 for note in month.notes if note.slug not in listed)
    return groups, hidden


def _updated(month: MonthDigest) -> date:
    return max(note.updated or note.date for note in month.notes)


def email(renderer: Renderer, index: int, extension: str = "html") -> str:
    """The month `index` (newest first) as `email.html` or `email.txt`."""
    month = renderer.digests.months[index]
    groups, hidden = _groups(month)
    template = renderer.env.get_template(f"month_email.{extension}.j2")
    return template.render(
        month=month,
        groups=groups,
        hidden=hidden,
        base=_base(renderer),
        title=f"Digest for {month_label(month.month)}",
        site=renderer.site,
        term_of=renderer.corpus.term,
    )


def months_feed(renderer: Renderer) -> str:
    """The latest FEED_MONTHS monthly digests, each entry the whole month."""
    months = renderer.digests.months[:FEED_MONTHS]
    entries = [(m, *_groups(m), _updated(m)) for m in months]
    return renderer.env.get_template("months_feed.xml.j2").render(
        entries=entries,
        base=_base(renderer),
        site=renderer.site,
        updated=max((e[3] for e in entries), default=date(1970, 1, 1)),
        term_of=renderer.corpus.term,
        routes=routes,
    )
