"""Hostile content (`tests/fixtures/hostile/`): refused at `path:line`, and harmless even if not.

Two lines of defence, each tested on its own:
- `digest check` names every unsafe link and event handler where the author wrote it;
- with those checks switched off, the site built from the same content still carries no event
  handler and no unsafe URL on any page (the sanitiser alone holds), and its feeds stay XML.
The browser half (hover, focus, click every element; no dialog) is in `test_hostile_browser.py`.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import nh3
import pytest

from generator.content import markup, prose
from generator.settings import SiteInfo
from tests.support import FIXTURES, ROOT, build_docs, engine_build, mkdocs_config, run_digest

HOSTILE = FIXTURES / "hostile"
EXPECTED_CHECK = ROOT / "tests" / "golden" / "hostile-check.txt"
SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcdoc"}
NEVER_MATCHES = re.compile(r"(?!)")


def test_check_refuses_every_hostile_case_at_its_line(tmp_path: Path) -> None:
    content = tmp_path / "hostile"
    shutil.copytree(HOSTILE, content)
    result = run_digest("check", "--content", "hostile", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines() + result.stderr.splitlines()
    if os.environ.get("DIGEST_UPDATE_GOLDEN"):
        EXPECTED_CHECK.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == EXPECTED_CHECK.read_text(encoding="utf-8").splitlines()
    assert "Traceback" not in result.stderr


def build_unchecked(
    content: Path, tmp: Path, engine: str = "mkdocs", keep_titles: bool = False
) -> Path:
    """The site `make site` would build if `digest check` missed every unsafe link: the
    checks that refuse them are switched off, the sanitiser is not. With `keep_titles`, the
    sanitiser lets titles with markup through too, so that only the theme's settings stand
    between them and the reader's browser."""
    docs, site = tmp / "docs", tmp / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prose, "_findings", lambda *args: [])
        patch.setattr(prose, "_characters", lambda *args: [])
        patch.setattr(prose, "NOT_IN_FEEDS", NEVER_MATCHES)
        if keep_titles:
            patch.setattr(markup, "_CLEANER", _cleaner_keeping_titles())
        result = build_docs(content, docs, SiteInfo(url="https://example.org/digest/"))
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    engine_build(mkdocs_config(tmp, docs, site), engine)
    return site


def _cleaner_keeping_titles() -> nh3.Cleaner:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "title":
            return value
        return markup._keep_attribute(tag, attribute, value)

    return nh3.Cleaner(
        tags=set(markup.ALLOWED_TAGS),
        attributes={
            "*": set(markup.GENERIC_ATTRIBUTES),
            **{k: set(v) for k, v in markup.TAG_ATTRIBUTES.items()},
        },
        attribute_filter=keep,
        url_schemes=set(markup.SAFE_SCHEMES),
        strip_comments=True,
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile-unchecked")
    return build_unchecked(HOSTILE, tmp)


class _Attributes(HTMLParser):
    """Every start tag's attributes as a browser reads them (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.found.append((self.getpos()[0], tag, name, value or ""))


def scheme_as_browsers_read_it(url: str) -> str | None:
    """Independent of the generator's own reading: strip what the URL standard strips."""
    url = url.strip("".join(chr(c) for c in range(0x21)))
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() if match else None


def unsafe_attributes(site: Path) -> Iterator[str]:
    for page in sorted(site.rglob("*.html")):
        parser = _Attributes()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        for line, tag, name, value in parser.found:
            where = f"{page.relative_to(site)}:{line}: <{tag} {name}={value[:60]!r}>"
            handler = name.startswith("on") or name == "srcdoc"
            scheme = scheme_as_browsers_read_it(value) if name in URL_ATTRIBUTES else None
            if handler or scheme not in {None, *SAFE_SCHEMES}:
                yield where


def test_the_unchecked_hostile_site_carries_no_handler_or_unsafe_url(hostile_site: Path) -> None:
    assert (hostile_site / "articles" / "encoded-schemes" / "index.html").is_file()
    assert list(unsafe_attributes(hostile_site)) == []


def test_the_sample_site_carries_no_handler_or_unsafe_url(built_site: Path) -> None:
    assert list(unsafe_attributes(built_site)) == []


def test_the_scanner_sees_what_it_looks_for(tmp_path: Path) -> None:
    """A scan that cannot fail proves nothing: planted handlers and schemes are found."""
    (tmp_path / "index.html").write_text(
        '<p onclick="x">a</p><a href=" java&#115;cript:x">b</a><img src="data:,x">'
        '<a href="https://example.org/">ok</a><a href="../notes/">ok</a>',
        encoding="utf-8",
    )
    assert len(list(unsafe_attributes(tmp_path))) == 3


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_typed_html_shows_as_text(hostile_site: Path) -> None:
    page = _page(hostile_site, "articles/raw-html-and-schemes/")
    assert "&lt;script&gt;alert(41)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(42)&gt;" in page
    assert "{% raw %}{% endraw %} {# comment #}" in page  # Jinja syntax is never evaluated
    code = _page(hostile_site, "articles/code-disagreements/")
    assert "&lt;img src=x onerror=alert(23)&gt;" in code
    page = _page(hostile_site, "hostile-page/")
    assert "&lt;iframe srcdoc=" in page


def test_links_lose_their_unsafe_target_but_keep_their_text(hostile_site: Path) -> None:
    page = _page(hostile_site, "articles/multi-line-targets/")
    assert 'rel="noopener noreferrer">click</a>' in page
    assert "alert(4)" not in page and "alert(5)" not in page


def test_hostile_feeds_stay_atom(hostile_site: Path) -> None:
    feeds = sorted((hostile_site / "feeds").rglob("*.xml"))
    assert len(feeds) > 3
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
    entries = feedparser.parse((hostile_site / "feeds" / "all.xml").read_bytes()).entries
    titles = {entry.title for entry in entries}
    assert "Links whose target starts on the next line <script>alert(1)</script>" in titles
