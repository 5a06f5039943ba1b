"""Digests → the pages and feeds of the docs tree MkDocs reads, one method per page kind.

Templates live in `templates/`, their environment, escaping and links in `templating.py`, the
URLs in `routes.py`. Lines, cards and chips are rendered once per note or term and reused on
every page that shows them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import routes
from ..content.model import Note, Page, Term, Vocabulary
from ..facets import ALL_VOCABULARIES, FILTER, SECTION, VOCABULARIES
from ..settings import (
    DIGEST_PAGE_NOTES,
    FEED_ENTRIES,
    LATEST_ON_HOME,
    MONTH_PAGE_NOTES,
    TEMPLATES,
    YEAR_PAGE_NOTES,
    SiteInfo,
)
from . import bibliography, research
from .charts import month_label, timeline_svg
from .digests import Digests, Entry, TermDigest, group_by_theme, window_start
from .geomap import MapArea, MapPoint, region_map_svg
from .search_attributes import SearchAttributes
from .templating import at_depth, front_matter, linker, make_environment, relative, rooted

TreeRow = tuple[Term, int, bool, int]  # term, count, children follow, levels ending


def lastmod(notes: Iterable[Note]) -> str | None:
    """The sitemap's `lastmod` of a page: its newest note's last change (`updated`, else `date`),
    so a search engine revisits a page when its notes change, not on every build."""
    newest = max((note.updated or note.date for note in notes), default=None)
    return newest.isoformat() if newest else None


def related_shown(related: Iterable[Note], linked: Iterable[research.NoteLink]) -> list[Note]:
    """A note's related notes as its page lists them: newest first, as every list of notes on
    the site, and without those already listed as linked notes."""
    shown = {link.note.slug for link in linked}
    return sorted(
        (n for n in related if n.slug not in shown), key=lambda n: (n.date, n.slug), reverse=True
    )


def group_by_month(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    groups: list[tuple[str, list[Entry]]] = []
    for entry in entries:
        if not groups or groups[-1][0] != entry.note.month:
            groups.append((entry.note.month, []))
        groups[-1][1].append(entry)
    return groups


class Renderer:
    """Renders each page kind; holds the environment and the shared context."""

    def __init__(
        self,
        digests: Digests,
        site: SiteInfo,
        templates: Path = TEMPLATES,
    ) -> None:
        self.digests = digests
        self.corpus = digests.corpus
        self.site = site
        self.env = make_environment(templates)
        self._cards: dict[tuple[str, int], Markup] = {}
        self._entries: dict[str, Markup] = {}
        self._lines: dict[int, dict[str, str]] = {}  # page depth (-1: rooted) → slug → line
        self._terms: dict[str, list[tuple[str, list[Term]]]] = {}
        self._chips: dict[tuple[str, str, int], Markup] = {}
        self.search_attributes = SearchAttributes(self.corpus)
        self._by_year: dict[tuple[str, str], dict[int, list[Entry]]] = {}

    def load_templates(self) -> None:
        """Compile every template now: processes forked after this share them."""
        for name in self.env.list_templates(filter_func=lambda name: name.endswith(".j2")):
            self.env.get_template(name)

    def _macro(self, name: str) -> Callable[..., str]:
        macro: Callable[..., str] = getattr(self.env.get_template("_cards.j2").module, name)
        return macro

    def card(self, note: Note, from_url: str) -> Markup:
        """A note's list entry, rendered once and reused on every page that lists the note."""
        key = (note.slug, from_url.count("/"))
        found = self._cards.get(key)
        if found is None:
            found = self._cards.get((note.slug, -1))
            if found is None:
                card = self._macro("note_card")(note, rooted, self.note_terms(note))
                found = self._cards[(note.slug, -1)] = Markup(card)
            found = self._cards[key] = at_depth(found, key[1])
        return found

    def lines(self, notes: Iterable[Note], from_url: str) -> Markup:
        """The notes as lines (date, title, source), one a line, for the page at `from_url`.

        Each line is rendered once and kept per page depth: archive pages hold 120,000 lines
        at 10,000 notes, so a line already made costs one dictionary lookup.
        """
        depth = from_url.count("/")
        made = self._lines.setdefault(depth, {})
        return Markup(
            "\n".join([made.get(note.slug) or self._line(note, depth, made) for note in notes])
        )

    def _line(self, note: Note, depth: int, made: dict[str, str]) -> str:
        rooted_lines = self._lines.setdefault(-1, {})
        found = rooted_lines.get(note.slug)
        if found is None:
            found = rooted_lines[note.slug] = self._macro("note_line")(note, rooted)
        line = made[note.slug] = at_depth(found, depth)
        return line

    def chips(self, note: Note) -> list[tuple[str, Markup]]:
        """The note's terms as links, by vocabulary; each term's link is rendered once."""
        depth = note.url.count("/")
        groups = []
        for vocabulary, terms in self.note_terms(note):
            chips = []
            for term in terms:
                found = self._chips.get((vocabulary, term.id, depth))
                if found is None:
                    chip = self._macro("note_chip")(vocabulary, term, linker(note.url))
                    found = self._chips[(vocabulary, term.id, depth)] = Markup(chip)
                chips.append(found)
            groups.append((vocabulary, Markup("".join(chips))))  # each chip is markup already
        return groups

    def _render(self, template: str, url: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            link=linker(url),
            card=lambda note: self.card(note, url),
            lines=lambda notes: self.lines(notes, url),
            entry_lines=lambda entries: self.lines((entry.note for entry in entries), url),
            page_url=url,
            site=self.site,
            digests=self.digests,
            corpus=self.corpus,
            term_of=self.corpus.term,
            count_of=self.digests.count,
            **context,
        )

    def note_terms(self, note: Note) -> list[tuple[str, list[Term]]]:
        found = self._terms.get(note.slug)
        if found is None:
            found = self._terms[note.slug] = [
                (
                    vocabulary,
                    [self.corpus.term(vocabulary, t) for t in note.terms.get(vocabulary, ())],
                )
                for vocabulary in VOCABULARIES
                if note.terms.get(vocabulary)
            ]
        return found

    def note(self, note: Note) -> str:
        citation = research.cited(note, self.site)
        header = front_matter(
            title=note.title,
            description=note.summary,
            citation=research.citation_meta(note, self.site),
            lastmod=lastmod([note]),
            og_type="article",
            lang=note.language,  # the page's <html lang>: templates/overrides/partials/language.html
        )
        backlinks = self.digests.backlinks.get(note.slug, ())
        linked = research.linked_notes(note, self.digests.by_slug, backlinks)
        return header + self._render(
            "note.md.j2",
            note.url,
            note=note,
            groups=self.chips(note),
            related=related_shown(self.digests.related_notes.get(note.slug, ()), linked),
            body=Markup(note.html),
            search_attributes=self.search_attributes(note),
            sources=research.sources(note, self.corpus),
            authors=research.authors(note, self.site),
            linked=linked,
            actions=research.note_actions(note, self.site),
            cite_text=bibliography.cite_text(citation),
            cite_bibtex=bibliography.note_bibtex(citation),
        )

    def digest(self, digest: TermDigest) -> str:
        term = digest.term
        shown = digest.entries[:DIGEST_PAGE_NOTES]
        header = front_matter(
            title=term.name,
            description=f"{digest.count} notes on {term.name}"
            + (f" ({', '.join(term.aliases)})" if term.aliases else ""),
            feed=self.feed_url(term),
            lastmod=lastmod(entry.note for entry in digest.entries),
            search={"boost": 2},  # Material's header search: the term's own page first
        )
        return header + self._render(
            "digest.md.j2",
            term.url,
            digest=digest,
            term=term,
            groups=group_by_month(shown),
            archive=digest.years if digest.count > DIGEST_PAGE_NOTES else (),
            shown=len(shown),
            chart=timeline_svg(digest.months, f"Notes per month on {term.name}"),
            ancestors=[
                self.corpus.term(term.vocabulary, a)
                for a in reversed(self.corpus.vocabularies[term.vocabulary].ancestors(term.id))
            ],
            feed_url=self.feed_url(term),
            region_map=self._digest_map(term),
        )

    def _digest_map(self, term: Term) -> Markup:
        if term.vocabulary != "locations":
            return Markup("")
        vocabulary = self.corpus.vocabularies["locations"]
        ids = [term.id, *vocabulary.descendants(term.id)]
        title = f"Map of {term.name} and the places within it"
        return self.region_map(ids, term.url, title, within=term.id)

    def _years(self, digest: TermDigest) -> dict[int, list[Entry]]:
        """A digest's entries by year, grouped once for all its yearly pages."""
        key = (digest.term.vocabulary, digest.term.id)
        found = self._by_year.get(key)
        if found is None:
            found = self._by_year[key] = {}
            for entry in digest.entries:
                found.setdefault(entry.note.date.year, []).append(entry)
        return found

    def year_pages(self, digest: TermDigest, year: int) -> int:
        """How many pages the term's notes of `year` take: a busy year goes on over several."""
        return max(1, -(-len(self._years(digest).get(year, [])) // YEAR_PAGE_NOTES))

    def digest_year(self, digest: TermDigest, year: int, page: int = 1) -> str:
        term = digest.term
        entries = self._years(digest).get(year, [])
        pages = self.year_pages(digest, year)
        shown = entries[(page - 1) * YEAR_PAGE_NOTES : page * YEAR_PAGE_NOTES]
        title = f"{term.name}, {year}" + (f", page {page} of {pages}" if pages > 1 else "")
        header = front_matter(
            title=title,
            description=f"{len(entries)} notes on {term.name} in {year}",
            feed=self.feed_url(term),
            search={"exclude": True},
            lastmod=lastmod(entry.note for entry in shown),
        )
        return header + self._render(
            "digest_year.md.j2",
            routes.year_url(term.vocabulary, term.id, year, page),
            digest=digest,
            term=term,
            year=year,
            page=page,
            pages=pages,
            groups=group_by_month(shown),
        )

    def region_map(
        self, term_ids: Iterable[str], url: str, title: str, within: str | None = None
    ) -> Markup:
        """The regions among `term_ids` that have notes and coordinates, as an SVG map, shaded
        by the areas of `content/vocabulary/locations.geojson` when it exists."""
        vocabulary = self.corpus.vocabularies["locations"]
        ids = list(term_ids)
        points = []
        for term_id in ids:
            term = vocabulary.terms[term_id]
            count = self.digests.count(term)
            if term.coordinates and count:
                lat, lon = term.coordinates
                points.append(MapPoint(term.name, lat, lon, count, relative(url, term.url)))
        return region_map_svg(points, title, areas=self._areas(vocabulary, ids, within))

    def _areas(self, vocabulary: Vocabulary, ids: list[str], within: str | None) -> list[MapArea]:
        """The choropleth's areas: the broadest shapes among `ids` below `within` (the page's
        region), or the region itself when none below it has a shape. Counts are rolled up
        like the digests, so the areas never overlap and each holds its narrower terms' notes."""
        shaped = [t for t in ids if t in self.corpus.areas and t != within]
        chosen = set(shaped)
        top = [t for t in shaped if not chosen.intersection(vocabulary.ancestors(t))]
        if not top and within is not None and within in self.corpus.areas:
            top = [within]
        terms = [vocabulary.terms[t] for t in top]
        return [
            MapArea(t.id, t.name, self.digests.count(t), self.corpus.areas[t.id]) for t in terms
        ]

    def feed_url(self, term: Term | None = None) -> str:
        return routes.feed_url(term.vocabulary, term.id) if term else routes.ALL_FEED

    def term_tree(self, vocabulary: Vocabulary, ids: Iterable[str]) -> list[TreeRow]:
        """The terms that have notes, each level sorted by name, in the order a nested list
        shows them: rows of (term, count, whether its children follow, how many levels end
        after it). Flat, and walked with a stack, never by recursion: the recursive walk and
        the template's recursive macro failed at a few hundred levels of parents."""
        rows: list[TreeRow] = []
        levels = [iter(self._with_notes(vocabulary, ids))]
        while levels:
            step = next(levels[-1], None)
            if step is None:
                levels.pop()
                if levels:  # a sub-list ends after its last row
                    term, count, has_children, closes = rows[-1]
                    rows[-1] = (term, count, has_children, closes + 1)
                continue
            term, count = step
            children = self._with_notes(vocabulary, vocabulary.children(term.id))
            rows.append((term, count, bool(children), 0))
            if children:
                levels.append(iter(children))
        return rows

    def _with_notes(self, vocabulary: Vocabulary, ids: Iterable[str]) -> list[tuple[Term, int]]:
        terms = sorted((vocabulary.terms[t] for t in ids), key=lambda t: t.name.casefold())
        return [(term, count) for term in terms if (count := self.digests.count(term))]

    def vocabulary_index(self, vocabulary_name: str) -> str:
        section = SECTION[vocabulary_name]
        title = section.capitalize()
        vocabulary = self.corpus.vocabularies[vocabulary_name]
        used = sum(1 for t in vocabulary.terms.values() if self.digests.count(t))
        description = f"{title}: {used} of {len(vocabulary.terms)} with notes on {self.site.name}"
        header = front_matter(
            title=title, description=description, lastmod=lastmod(self.digests.notes)
        )
        return header + self._render(
            "vocabulary_index.md.j2",
            routes.section_url(vocabulary_name),
            vocabulary=vocabulary,
            nodes=self.term_tree(vocabulary, vocabulary.roots()),
            region_map=self._index_map(vocabulary, routes.section_url(vocabulary_name)),
            used=used,
            title=title,
        )

    def _index_map(self, vocabulary: Vocabulary, url: str) -> Markup:
        if vocabulary.name != "locations":
            return Markup("")
        # a country's dot would hold every note and hide its provinces: roots with children stay off
        roots = set(vocabulary.roots())
        ids = [t for t in vocabulary.terms if t not in roots or not vocabulary.children(t)]
        return self.region_map(ids, url, "Map of the regions with notes")

    def home(self) -> str:
        all_months: dict[str, int] = {m.month: len(m.notes) for m in self.digests.months}
        header = front_matter(
            title=self.site.name,
            description=self.site.description,
            lastmod=lastmod(self.digests.notes),
        )
        return header + self._render(
            "home.md.j2",
            routes.HOME,
            latest=self.digests.notes[:LATEST_ON_HOME],
            **self._busiest(),
            months=self.digests.months[:6],
            chart=timeline_svg(all_months, "Notes per month, whole archive"),
            pages=self.corpus.pages,
        )

    @property
    def today(self) -> date:
        """The build date: the site's setting (`--today`, tests), else the day of rendering."""
        return self.site.today or date.today()

    def _busiest(self) -> dict[str, Any]:
        """The home page's busiest terms of the 12 calendar months up to the build date, said
        in words; when no note falls in them, of the whole archive, saying so."""
        today = self.today
        since = window_start(today)
        recent = any(note.date >= since for note in self.digests.notes[:1])
        return {
            "busiest": {
                v: self.digests.busiest(v, since if recent else None) for v in VOCABULARIES
            },
            "window": {"since": since, "today": today, "recent": recent},
        }

    def updated_css(self) -> str:
        """The site's last update (its newest note's, as the home page's `lastmod`), for every
        page's footer. In a stylesheet rather than in each page, so that a new note changes
        one file, not every page of the site (the preview and the write step rewrite only what
        changed)."""
        newest = max((n.updated or n.date for n in self.digests.notes), default=None)
        rule = (
            f'.digest-footer__updated::after {{ content: "Site last updated {newest.day} '
            f'{month_label(newest.strftime("%Y-%m"))}"; }}\n'
            if newest
            else ""
        )
        return (
            "/* Written by `digest build`: the footer's date of the site's last update. */\n" + rule
        )

    def page(self, page: Page) -> str:
        """A hand-written page: its HTML in a raw block, which the engine does not parse again."""
        header = front_matter(title=page.title, description=page.description)
        return header + f'<div class="page-body">\n{page.html}\n</div>\n'

    def search(self) -> str:
        description = "Full-text search of every note, filtered by agency, region, theme and year."
        header = front_matter(
            title="Search", description=description, lastmod=lastmod(self.digests.notes)
        )
        return header + self._render("search.md.j2", routes.SEARCH)

    def search_terms(self) -> str:
        """The topics the header's search box matches by name and alias: every term with notes
        (its digest page) and every hand-written page, as `[name, kind, url, notes, aliases]`.
        It grows with the vocabularies, not with the notes; notes are Pagefind's."""
        entries: list[list[Any]] = []
        for vocabulary in ALL_VOCABULARIES:
            for term in self.corpus.vocabularies[vocabulary].terms.values():
                if count := self.digests.count(term):
                    kind = FILTER[vocabulary].capitalize()
                    entries.append([term.name, kind, term.url, count, list(term.aliases)])
        entries += [[page.title, "Page", page.url, 0, []] for page in self.corpus.pages]
        data = {"version": 1, "entries": entries}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    def months_index(self) -> str:
        years: dict[str, list[Any]] = {}
        for month in self.digests.months:
            years.setdefault(month.month[:4], []).append(month)
        header = front_matter(
            title="Monthly digests",
            description=f"Every month's notes on {self.site.name}, grouped by theme",
            lastmod=lastmod(self.digests.notes),
        )
        return header + self._render("months_index.md.j2", routes.MONTHS, years=years)

    def month_pages(self, index: int) -> int:
        """How many pages the month `index` takes: a busy month goes on over several."""
        return max(1, -(-len(self.digests.months[index].notes) // MONTH_PAGE_NOTES))

    def month(self, index: int, page: int = 1) -> str:
        month = self.digests.months[index]
        pages = self.month_pages(index)
        title = f"Digest for {month_label(month.month)}"
        heading = title + (f", page {page} of {pages}" if pages > 1 else "")
        count = len(month.notes)
        shown = month.notes[(page - 1) * MONTH_PAGE_NOTES : page * MONTH_PAGE_NOTES]
        header = front_matter(
            title=heading,
            description=f"{count} note{'s' if count != 1 else ''} in {month_label(month.month)}",
            lastmod=lastmod(shown),
        )
        by_theme = month.by_theme if pages == 1 else group_by_theme(self.corpus, shown)
        return header + self._render(
            "month.md.j2",
            routes.month_url(month.month, page),
            month=month,
            title=heading,
            page=page,
            pages=pages,
            by_theme=by_theme,
        )

    def term_feed(self, digest: TermDigest) -> str:
        term = digest.term
        notes = [entry.note for entry in digest.entries[:FEED_ENTRIES]]
        return self.feed(notes, term.name, term.url, self.feed_url(term))

    def feed(self, notes: Iterable[Note], title: str, page_url: str, feed_url: str) -> str:
        notes = list(notes)[:FEED_ENTRIES]
        base = self.site.url.rstrip("/") + "/" if self.site.url else ""
        updated = max((n.updated or n.date for n in notes), default=date(1970, 1, 1))
        return self.env.get_template("feed.xml.j2").render(
            title=title,
            site=self.site,
            base=base,
            page_url=page_url,
            feed_url=feed_url,
            entries=[self.feed_entry(note, base) for note in notes],
            updated=updated,
        )

    def feed_entry(self, note: Note, base: str) -> Markup:
        found = self._entries.get(note.slug)
        if found is None:
            template = self.env.get_template("feed_entry.xml.j2")
            authors = research.authors(note, self.site)
            found = Markup(
                template.render(note=note, base=base, note_terms=self.note_terms, authors=authors)
            )
            self._entries[note.slug] = found
        return found
