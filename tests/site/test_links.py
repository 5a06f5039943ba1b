"""Every internal link and anchor of the built site leads somewhere.

MkDocs validates the links it writes from Markdown; this crawler checks what actually ships:
every `href`/`src` of every HTML page of the built `site/`, theme and generated templates
included, against the files on disk and the ids on the target page.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

LINK_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "poster"})
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s]+)", re.IGNORECASE)


class _PageParser(HTMLParser):
    """Collects a page's anchor targets (ids, `<a name>`) and its links with their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES and tag != "base":
                self.links.append((line, value.strip()))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.split():
                        self.links.append((line, candidate.split()[0]))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = REFRESH_URL.search(values.get("content", ""))
            if match:
                self.links.append((line, match[1]))
        if tag == "link" and "canonical" in values.get("rel", "").split():
            self.canonical = values.get("href")


@dataclass
class Crawl:
    pages: int = 0
    links: int = 0
    broken: list[str] = field(default_factory=list)


class _Site:
    def __init__(self, root: Path, site_url: str | None) -> None:
        self.root = root
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.base_path = urlsplit(self.site_url).path if self.site_url else "/"
        self._parsed: dict[Path, _PageParser] = {}

    def page(self, path: Path) -> _PageParser:
        if path not in self._parsed:
            parser = _PageParser()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self._parsed[path] = parser
        return self._parsed[path]

    def problem(self, page: Path, link: str) -> str | None:
        """Why `link` on `page` leads nowhere, or None if it leads somewhere (or off the site)."""
        parts = urlsplit(link)
        path = unquote(parts.path)
        if parts.scheme or parts.netloc:
            if not (self.site_url and link.startswith(self.site_url)):
                return None  # external: http(s), mailto:, data:, //host/…
            path = unquote(urlsplit(link).path)

        if not path:  # `#fragment` or `?query` alone: this very page
            target = page
        else:
            if path.startswith("/"):
                if not path.startswith(self.base_path):
                    return f"broken link {link!r}: outside the site"
                relative = posixpath.normpath(path[len(self.base_path) :] or ".")
            else:
                here = page.parent.relative_to(self.root).as_posix()
                relative = posixpath.normpath(posixpath.join(here, path))
            if relative == ".." or relative.startswith("../"):
                return f"broken link {link!r}: outside the site"
            target = self.root / relative
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                return f"broken link {link!r}: no file {self._name(target)}"

        fragment = unquote(parts.fragment)
        if not fragment or fragment.lower() == "top" or target.suffix != ".html":
            return None
        if fragment not in self.page(target).ids:
            return f"broken anchor {link!r}: no id {fragment!r} in {self._name(target)}"
        return None

    def _name(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def crawl(root: Path, site_url: str | None = None) -> Crawl:
    """Check every link of every HTML page under `root`, a built site.

    Relative links resolve against the page's directory, directory URLs (`foo/`) to
    `foo/index.html`; absolute paths and full URLs starting with `site_url` resolve against
    `root`; links elsewhere (other hosts, `mailto:`) are ignored. Each problem is one line:
    `page.html:LINE: broken link 'href': why` or `… broken anchor 'href': why`.
    """
    site = _Site(root, site_url)
    result = Crawl()
    for page in sorted(root.rglob("*.html")):
        result.pages += 1
        for line, link in site.page(page).links:
            result.links += 1
            problem = site.problem(page, link)
            if problem:
                result.broken.append(f"{site._name(page)}:{line}: {problem}")
    return result


def site_url_of(root: Path) -> str | None:
    """The `site_url` the site was built with: the canonical URL of its home page, if any."""
    home = root / "index.html"
    if not home.is_file():
        return None
    parser = _PageParser()
    parser.feed(home.read_text(encoding="utf-8", errors="replace"))
    return parser.canonical


# --- the crawler itself, on a site small enough to read --------------------------------------

HOME = """\
<!doctype html>
<html><head>
<link rel="stylesheet" href="assets/style.css">
<link rel="canonical" href="https://example.org/digest/">
</head><body>
<h1 id="intro">Intro</h1>
<a href="about/">about</a> <a href="about/#team">team</a> <a href="#intro">self</a>
<a href="https://example.com/elsewhere">external</a> <a href="mailto:team@example.org">mail</a>
<a href="about/?q=x#team">query</a> <a href="/digest/about/">absolute</a> <a href="#">top</a>
<img src="assets/logo%20big.png" srcset="assets/logo%20big.png 1x, img/logo@2x.png 2x">
<a href="missing/">missing</a>
<a href="about/#nowhere">nowhere</a>
<a href="https://example.org/digest/gone/">own site, gone</a>
<a href="../outside.html">outside</a> <a href="/elsewhere/">absolute, outside</a>
</body></html>
"""

ABOUT = """\
<!doctype html>
<html><body>
<h2 id="team">Team</h2><a name="legacy"></a>
<a href="../#intro">home</a> <a href="#legacy">legacy</a> <a href="../index.html">home</a>
<a href="../index.html#gone">gone</a>
</body></html>
"""


def _line(text: str, needle: str) -> int:
    (number,) = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return number


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "about").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "index.html").write_text(HOME, encoding="utf-8")
    (root / "about" / "index.html").write_text(ABOUT, encoding="utf-8")
    (root / "assets" / "style.css").write_text("body {}", encoding="utf-8")
    (root / "assets" / "logo big.png").write_bytes(b"\x89PNG")
    return root


def test_crawler_reports_each_broken_link_and_anchor(tiny_site: Path) -> None:
    result = crawl(tiny_site, "https://example.org/digest/")

    assert result.broken == [
        f"about/index.html:{_line(ABOUT, 'gone')}: broken anchor '../index.html#gone': "
        "no id 'gone' in index.html",
        f"index.html:{_line(HOME, 'srcset')}: broken link 'img/logo@2x.png': "
        "no file img/logo@2x.png",
        f"index.html:{_line(HOME, 'missing/')}: broken link 'missing/': no file missing/index.html",
        f"index.html:{_line(HOME, 'nowhere')}: broken anchor 'about/#nowhere': "
        "no id 'nowhere' in about/index.html",
        f"index.html:{_line(HOME, 'gone/')}: broken link 'https://example.org/digest/gone/': "
        "no file gone/index.html",
        f"index.html:{_line(HOME, 'outside.html')}: broken link '../outside.html': "
        "outside the site",
        f"index.html:{_line(HOME, 'outside.html')}: broken link '/elsewhere/': outside the site",
    ]
    assert result.pages == 2
    assert result.links == 22


def test_crawler_passes_a_sound_site(tiny_site: Path) -> None:
    for page in tiny_site.rglob("*.html"):
        kept = [
            line
            for line in page.read_text(encoding="utf-8").splitlines()
            if not re.search(r"missing|nowhere|gone|outside|@2x", line)
        ]
        page.write_text("\n".join(kept), encoding="utf-8")

    assert crawl(tiny_site, "https://example.org/digest/").broken == []


def test_crawler_reads_the_site_url_off_the_home_page(tiny_site: Path, tmp_path: Path) -> None:
    assert site_url_of(tiny_site) == "https://example.org/digest/"
    assert site_url_of(tmp_path) is None


# --- the sample site -------------------------------------------------------------------------


@pytest.mark.slow
def test_the_built_site_has_no_broken_link(built_site: Path) -> None:
    result = crawl(built_site, site_url_of(built_site))

    assert result.pages > 1, f"no pages found under {built_site}"
    assert result.links > 0
    assert not result.broken, f"{len(result.broken)} broken:\n" + "\n".join(result.broken)
