"""Where every generated file lives and the URL it is read at: the one place that knows.

A URL here is site-relative and ends with '/' (`articles/<slug>/`), so pages link to each other
relatively and the site works under any base path. A route pairs a page's URL with the file of
the docs tree MkDocs turns into it, and with the key of what it shows (a note, a term, a month),
which is how the preview picks the pages an edit touches without taking paths apart.
"""

from __future__ import annotations

from typing import NamedTuple

from .facets import SECTION

Key = tuple[str, ...]  # ("note", slug), ("term", vocabulary, id), ("month", "2024-04") …

HOME = ""
SEARCH = "search/"
MONTHS = "digests/"
ALL_FEED = "feeds/all.xml"
MONTHS_FEED = "feeds/digests.xml"  # the monthly digests in full, for RSS-to-email services
DATA_JSON = "data/articles.json"
DATA_CSV = "data/articles.csv"
DATA_BIBTEX = "data/articles.bib"
DATA_RIS = "data/articles.ris"
DATA_CSL = "data/articles.csl.json"
UPDATED_CSS = "updated.css"  # an asset `digest build` writes: the site's last update


class Route(NamedTuple):
    url: str  # the page's URL; for a file that is not a page, its path
    path: str  # the file in the docs tree
    key: Key


def note_url(slug: str) -> str:
    return f"articles/{slug}/"


def term_url(vocabulary: str, term_id: str) -> str:
    return f"{SECTION[vocabulary]}/{term_id}/"


def year_url(vocabulary: str, term_id: str, year: int, page: int = 1) -> str:
    """A term's notes of one year; a busy year goes on over numbered pages (`2019/2/`)."""
    return f"{term_url(vocabulary, term_id)}{year}/" + (f"{page}/" if page > 1 else "")


def section_url(vocabulary: str) -> str:
    return f"{SECTION[vocabulary]}/"


def month_url(month: str, page: int = 1) -> str:
    """A month's digest; a busy month goes on over numbered pages (`2024-04/2/`)."""
    return f"{MONTHS}{month}/" + (f"{page}/" if page > 1 else "")


def month_email_url(month: str, extension: str = "html") -> str:
    """The month as a newsletter: `email.html` for a mailing tool, `email.txt` beside it."""
    return f"{month_url(month)}email.{extension}"


def page_url(name: str) -> str:
    return f"{name}/"


def feed_url(vocabulary: str | None = None, term_id: str | None = None) -> str:
    """The Atom feed of a term's digest, or of the whole site."""
    if vocabulary is None or term_id is None:
        return ALL_FEED
    return f"feeds/{SECTION[vocabulary]}/{term_id}.xml"


def _page(url: str, key: Key) -> Route:
    """A page at `a/b/` is read from `a/b/index.md`: the source sits in the folder of its URL,
    so a relative link means the same to every engine (MkDocs leaves links in raw HTML alone;
    Zensical resolves them from the source file's folder)."""
    return Route(url, f"{url}index.md", key)


_index = _page


def home() -> Route:
    return _index(HOME, ("home",))


def search() -> Route:
    return _index(SEARCH, ("search",))


def search_terms() -> Route:
    """What the header's search box matches topics against (`Renderer.search_terms`)."""
    path = f"{SEARCH}terms.json"
    return Route(path, path, ("search", "terms"))


def months() -> Route:
    return _index(MONTHS, ("months",))


def vocabulary_index(vocabulary: str) -> Route:
    return _index(section_url(vocabulary), ("index", vocabulary))


def note(slug: str) -> Route:
    return _page(note_url(slug), ("note", slug))


def term(vocabulary: str, term_id: str) -> Route:
    return _page(term_url(vocabulary, term_id), ("term", vocabulary, term_id))


def term_year(vocabulary: str, term_id: str, year: int, page: int = 1) -> Route:
    key = ("year", vocabulary, term_id, str(year), str(page))
    return _page(year_url(vocabulary, term_id, year, page), key)


def month(month: str, page: int = 1) -> Route:
    return _page(month_url(month, page), ("month", month, str(page)))


def month_email(month: str, extension: str = "html") -> Route:
    """A file beside the month's page, which MkDocs copies as it is (not a page: no theme)."""
    path = month_email_url(month, extension)
    return Route(path, path, ("month", month, extension))


def months_feed() -> Route:
    """Always rendered in the preview (`months` is a kind every edit touches)."""
    return Route(MONTHS_FEED, MONTHS_FEED, ("months", "feed"))


def page(name: str) -> Route:
    return _page(page_url(name), ("page", name))


def term_feed(vocabulary: str, term_id: str) -> Route:
    path = feed_url(vocabulary, term_id)
    return Route(path, path, ("feed", vocabulary, term_id))


def all_feed() -> Route:
    return Route(ALL_FEED, ALL_FEED, ("feed",))


def feed_sitemap(folder: str) -> Route:
    """An empty sitemap beside feeds (see `settings.EMPTY_SITEMAP`)."""
    path = f"{folder}/sitemap.xml"
    return Route(path, path, ("sitemap", folder))


def dataset(path: str) -> Route:
    return Route(path, path, ("data", path))


def asset(name: str) -> Route:
    path = f"assets/{name}"
    return Route(path, path, ("asset", name))
