"""The site's settings, read from `mkdocs.yml` in one place, and the limits every page obeys.

Only what pages, feeds and the dataset need is read (name, public URL, description); MkDocs
reads the rest itself. A missing or unreadable file gives the defaults: `digest check` and
`digest build` never depend on it being valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DIGEST_PAGE_NOTES = 20  # a digest lists this many notes; all of them are on yearly pages
YEAR_PAGE_NOTES = 200  # a yearly page lists at most this many; the rest on its next pages
MONTH_PAGE_NOTES = 200  # a monthly digest's page likewise (a busy month of imported feeds)
FEED_ENTRIES = 50
LATEST_ON_HOME = 10
# Material's JavaScript fetches `sitemap.xml` beside every <link rel="alternate"> in the head,
# taking feeds for language versions; an empty one in each feed folder keeps that from a 404.
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)


@dataclass(frozen=True)
class SiteInfo:
    name: str = "Research digest"
    url: str = ""  # absolute base URL, e.g. https://team.github.io/digest/
    description: str = ""
    author: str = ""  # `site_author`: who wrote a note that names no author


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring the `!!python/name:` and `!ENV` tags it may carry."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def docs_dir(config: Path) -> Path:
    """The docs tree the config builds from, as a path from the working folder (MkDocs reads
    `docs_dir` relative to the config's folder; default `docs`)."""
    data = _read(config)
    found = data.get("docs_dir") if isinstance(data, dict) else None
    return config.parent / str(found or "docs")


def _read(config: Path) -> Any:
    try:
        return yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError, ValueError):
        return None


def site_info(config: Path) -> SiteInfo:
    """Site name, URL and description from mkdocs.yml, for feeds and the home page."""
    try:
        data: Any = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return SiteInfo()
    if not isinstance(data, dict):
        return SiteInfo()
    return SiteInfo(
        name=str(data.get("site_name") or SiteInfo.name),
        url=str(data.get("site_url") or ""),
        description=str(data.get("site_description") or ""),
        author=str(data.get("site_author") or ""),
    )
