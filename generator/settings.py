"""The site's settings, read from `mkdocs.yml` in one place, and the limits every page obeys.

Only what pages, feeds and the dataset need is read (name, public URL, description, the team's
identity under `extra.digest`, `repo_url`); MkDocs reads the rest itself. The theme's footer
(`templates/overrides/partials/copyright.html`) reads the same `extra.digest` block, with the
same defaults. The commands read it strictly (`parse_site_info`): a config that is not
there when named with `--config`, that does not parse, or whose values are not text is an
error, never a site with an empty `site_url` (feed links were `href=""`). Only the default
`mkdocs.yml`, when missing, gives the defaults. The preview re-reads it tolerantly
(`site_info`): an edit that breaks it must not stop the server.
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
MAX_CONFIG_BYTES = 1_000_000  # mkdocs.yml: a few kB; read capped, like every other file
SITE_KEYS = ("site_name", "site_url", "site_description", "site_author")
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


def docs_dir(config: Path) -> Path:
    """The docs tree the config builds from, as a path from the working folder (MkDocs reads
    `docs_dir` relative to the config's folder; default `docs`)."""
    return config.parent / (config_text(config, "docs_dir") or "docs")


class BadConfigError(ValueError):
    """What is wrong with the config, at its line (the commands print it as a problem)."""

    def __init__(self, line: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def site_info(config: Path) -> SiteInfo:
    """Site name, URL and description from mkdocs.yml, the defaults when it cannot be read:
    for the preview, which re-reads it while it serves. Only a regular file is read (a FIFO
    would block it forever)."""
    try:
        if not config.is_file():
            return SiteInfo()
        return parse_site_info(config.read_bytes())
    except (OSError, BadConfigError):
        return SiteInfo()


def config_text(config: Path, key: str) -> str | None:
    """One text value of mkdocs.yml (`dev_addr`), or None: read after `parse_site_info` has
    found the file sound, so nothing here is an error."""
    try:
        if not config.is_file():
            return None
        data: Any = yaml.load(config.read_bytes(), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def parse_site_info(data: bytes) -> SiteInfo:
    """Site name, URL, description and author from the bytes of mkdocs.yml, for feeds and the
    home page; `BadConfigError` at its line when the file is not UTF-8 YAML holding a mapping, or
    when one of these values is not text."""
    try:
        text = data.decode("utf-8-sig")
        root = yaml.compose(text, Loader=_TolerantLoader)
        loaded: Any = yaml.load(text, Loader=_TolerantLoader)
    except UnicodeDecodeError:
        raise BadConfigError(1, "config is not UTF-8", "save it as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        last = max(1, len(text.splitlines()))  # PyYAML places an end of file after it
        line = min(mark.line + 1, last) if mark is not None else 1
        reason = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise BadConfigError(line, f"config is not valid YAML: {reason}") from None
    if not isinstance(loaded, dict) or not isinstance(root, yaml.MappingNode):
        hint = "MkDocs' config: site_name, site_url … one per line"
        raise BadConfigError(1, "config is not a mapping of keys", hint)
    for key, value in root.value:
        if key.value in SITE_KEYS and not _is_text(value):
            line = value.start_mark.line + 1
            raise BadConfigError(line, f"'{key.value}' must be text", "write one line")
    return site_of(loaded)


def site_of(data: dict[str, Any]) -> SiteInfo:
    """The settings of a loaded mkdocs.yml, the team's identity (`extra.digest`) included."""
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


_YAML_TAG = "tag:yaml.org,2002:"


def _is_text(node: yaml.Node) -> bool:
    """Text, or a tag MkDocs resolves (`!ENV [SITE_URL, …]`); not a number, date, boolean,
    list or mapping (`site_url: [a, b]` is a typo, not a URL)."""
    if not node.tag.startswith(_YAML_TAG):
        return True
    return isinstance(node, yaml.ScalarNode) and node.tag in (f"{_YAML_TAG}str", f"{_YAML_TAG}null")
