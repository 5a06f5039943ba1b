"""The site's settings, read from `mkdocs.yml` in one place, and the limits every page obeys.

Only what pages, feeds and the dataset need is read (name, public URL, description, the team's
identity under `extra.digest`, `repo_url`); MkDocs reads the rest itself. A missing or
unreadable file gives the defaults: `digest check` and `digest build` never depend on it being
valid. The theme's footer (`templates/overrides/partials/copyright.html`) reads the same
`extra.digest` block, with the same defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DIGEST_PAGE_NOTES = 20  # a digest lists this many notes; all of them are on yearly pages
YEAR_PAGE_NOTES = 200  # a yearly page lists at most this many; the rest on its next pages
MONTH_PAGE_NOTES = 200  # a monthly digest's page likewise (a busy month of imported feeds)
FEED_ENTRIES = 50
LATEST_ON_HOME = 10
ALIASES_SHOWN = 6  # a term page lists this many aliases openly; more fold behind a disclosure
# Material's JavaScript fetches `sitemap.xml` beside every <link rel="alternate"> in the head,
# taking feeds for language versions; an empty one in each feed folder keeps that from a 404.
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)


DEFAULT_LICENCE = "CC BY 4.0"
DEFAULT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class SiteInfo:
    name: str = "Research digest"
    url: str = ""  # absolute base URL, e.g. https://team.github.io/digest/
    description: str = ""
    author: str = ""  # `site_author`: who wrote a note that names no author
    # who stands behind the notes (`extra.digest` in mkdocs.yml): shown in every page's footer
    team: str = ""  # default: `site_author`, else the site's name
    licence: str = DEFAULT_LICENCE  # the notes' licence (not the code's)
    licence_url: str = DEFAULT_LICENCE_URL
    contact: str = ""  # an email address
    corrections: str = ""  # an email address or a web address (an issue form)
    repo_url: str = ""  # MkDocs' `repo_url`: "View source" links when set
    source_branch: str = "main"
    # the build date: "the last 12 months" end here. None: the day the pages are rendered.
    # Tests and `--today` fix it, so a page is a function of content, settings and this date.
    today: date | None = None

    @property
    def team_name(self) -> str:
        return self.team or self.author or self.name

    def correction_link(self, title: str, page_url: str) -> str:
        """Where a reader reports a mistake in the page at `page_url` (absolute), prefilled
        with the page's title and address: a `mailto:` or the issue form's URL; "" if none.

        A web address gets `title`, `body` and `note` parameters: a forge's blank issue takes
        the first two, an issue form (`.github/ISSUE_TEMPLATE/correction.yml`) its field `note`.
        """
        target = self.corrections or self.contact or self._new_issue()
        if not target:
            return ""
        subject = f"Correction: {title}"
        if "://" not in target:  # an email address, with or without `mailto:`
            query = _query({"subject": subject, "body": f"{page_url}\n\n"})
            return f"mailto:{target.removeprefix('mailto:')}?{query}"
        joined = "&" if "?" in target else "?"
        fields = {"title": subject, "note": page_url, "body": page_url}
        return target + joined + _query(fields)

    def _new_issue(self) -> str:
        return self.repo_url.rstrip("/") + "/issues/new" if _forge(self.repo_url) else ""

    def source_link(self, path: str) -> str:
        """The file at `path` (relative to the repository) on the forge's web site, or "" when
        `repo_url` is not set."""
        if not self.repo_url:
            return ""
        view = {"gitlab": "/-/blob/", "codeberg": "/src/branch/"}.get(
            _forge(self.repo_url), "/blob/"
        )
        return f"{self.repo_url.rstrip('/')}{view}{self.source_branch}/{path.lstrip('/')}"


def _query(fields: dict[str, str]) -> str:
    """A URL query, spaces as %20: mail programs show a `+` of a `mailto:` query as a plus."""
    return "&".join(f"{key}={quote(value, safe='/:')}" for key, value in fields.items())


def _forge(url: str) -> str:
    """github, gitlab or codeberg when `url` is on one of them (their issue and file URLs are
    known), else ""."""
    host = urlsplit(url).hostname or ""
    return next((name for name in FORGES if host == f"{name}.com" or host == f"{name}.org"), "")


FORGES = ("github", "gitlab", "codeberg")


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring the `!!python/name:` and `!ENV` tags it may carry."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_info(config: Path) -> SiteInfo:
    """Site name, URL and description from mkdocs.yml, for feeds and the home page."""
    try:
        data: Any = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return SiteInfo()
    if not isinstance(data, dict):
        return SiteInfo()
    name = str(data.get("site_name") or SiteInfo.name)
    author = str(data.get("site_author") or "")
    extra = data.get("extra")
    block = extra.get("digest") if isinstance(extra, dict) else None
    digest: dict[str, Any] = block if isinstance(block, dict) else {}

    def text(key: str, default: str = "") -> str:
        value = digest.get(key)
        return str(value).strip() if value not in (None, "") else default

    return SiteInfo(
        name=name,
        url=str(data.get("site_url") or ""),
        description=str(data.get("site_description") or ""),
        author=author,
        team=text("team", author or name),
        licence=text("licence", DEFAULT_LICENCE),
        licence_url=text("licence_url", DEFAULT_LICENCE_URL if "licence" not in digest else ""),
        contact=text("contact"),
        corrections=text("corrections"),
        repo_url=str(data.get("repo_url") or ""),
        source_branch=text("source_branch", "main"),
    )
