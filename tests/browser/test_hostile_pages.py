"""Every page of the hostile site in Chromium, used as a reader would: no script ever runs.

The site is built from `tests/fixtures/hostile/` with the checks that refuse unsafe links and
titles switched off (`test_hostile.build_unchecked`), so only the sanitiser and the theme's
settings stand between the payloads and the reader; with both engines, MkDocs + Material and
Zensical. Every payload calls `alert` and carries a `<hostile-mark>` element: a dialog means a
script ran, a `hostile-mark` element in the page (or a tooltip holding markup) means the text
the content wrote was turned into markup, whether or not it could run.

A reader hovers and focuses every element with a title and every text the theme cuts with an
ellipsis, scrolls down and hovers the page title in the header, tabs through the page and types
into the header search, at a desktop and a phone width. A planted control page proves the
harness sees a dialog when there is one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.site import search_index
from tests.site.test_hostile import HOSTILE, build_unchecked
from tests.support import ENGINES
from tests.support.browser import DESKTOP, PHONE, chromium, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["chromium"]  # a fixture, imported to be found

pytestmark = pytest.mark.browser

# Fires every kind of event a handler could wait for on every element, focuses and clicks it.
# Links to http(s)/mailto addresses are kept from navigating; any other scheme is followed,
# so a `javascript:` link that survived would run.
EXERCISE = """() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a');
    if (link && ['http:', 'https:', 'mailto:'].includes(link.protocol)) event.preventDefault();
  }, true);
  const types = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'focusin',
    'focus', 'blur', 'focusout', 'keydown', 'keyup', 'input', 'change', 'error', 'load',
    'toggle', 'animationstart', 'transitionend', 'pointerover', 'pointerdown', 'wheel'];
  const elements = Array.from(document.querySelectorAll('body *'));
  for (const element of elements) {
    for (const type of types) element.dispatchEvent(new Event(type, {bubbles: true}));
    if (typeof element.focus === 'function') element.focus();
    if (typeof element.click === 'function') element.click();
  }
  return elements.length;
}"""
# What content text turned into markup leaves behind: its marker element, or a tooltip (the
# theme's, or any element playing one) whose HTML holds an element the content wrote.
MARKUP_FROM_CONTENT = """() => {
  const found = [];
  for (const mark of document.querySelectorAll('hostile-mark')) {
    found.push('hostile-mark in <' + mark.parentElement.tagName.toLowerCase() + '>');
  }
  const tips = document.querySelectorAll('.md-tooltip, .md-tooltip2, [role=tooltip]');
  for (const tip of tips) {
    if (tip.querySelector('img, svg, script, iframe, hostile-mark')) {
      found.push('tooltip with markup: ' + tip.innerHTML.slice(0, 120));
    }
  }
  return found;
}"""
# Elements a reader can point at that a theme script may show more of: titles, cut-off text.
POINTABLE = "[title], .md-ellipsis, .md-header__topic"
HEADER_TITLE = ".md-header__topic"
MAX_POINTED = 60
# The index-th element of a selector scrolled into view and focused; the middle of it when the
# mouse can reach it, else null after the events a mouse would send are dispatched on it.
POINT_AT = (
    "([selector, index]) => { const found = ("
    + MARKUP_FROM_CONTENT
    + """)();
  const element = document.querySelectorAll(selector)[index];
  if (!element || !element.getClientRects().length) return [found, null];
  element.scrollIntoView({block: 'center', inline: 'center'});
  if (typeof element.focus === 'function') element.focus();
  const box = element.getBoundingClientRect();
  const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
  const top = document.elementFromPoint(x, y);
  if (top && (top === element || element.contains(top) || top.contains(element))) {
    return [found, [x, y]];
  }
  for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter']) {
    element.dispatchEvent(new MouseEvent(type, {bubbles: type.endsWith('over')}));
  }
  return [found, null];
}"""
)
TABS = 30
CONTROL = (
    "<!doctype html><title>control</title>"
    "<img src=x onerror=\"alert('control 1')\">"
    "<a href=\"javascript:alert('control 2')\">link</a>"
    "<p onmouseover=\"alert('control 3')\">hover</p>"
    "<p>a <hostile-mark>mark</hostile-mark></p>"
)
# The pages whose content sets titles, classes and ids, and whose titles the header cuts.
TITLE_PAGES = (
    "articles/titles-classes-ids/",
    "articles/long-hostile-title/",
    "long-hostile-page/",
    "themes/long-theme/",
)


@pytest.fixture(scope="module", params=ENGINES)
def hostile_served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    """The hostile site built by each engine, its search index included, served over HTTP."""
    engine = str(request.param)
    site = build_unchecked(HOSTILE, tmp_path_factory.mktemp(f"hostile-{engine}"), engine)
    search_index.index_site(site)
    (site / "control-page.html").write_text(CONTROL, encoding="utf-8")
    with serve(site) as url:
        yield site, url


class Reader:
    """A reader on one page: every dialog it opened, every sign of markup from content."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: list[str] = []
        page.on("dialog", lambda dialog: (self.found.append(dialog.message), dialog.dismiss()))

    def visit(self, url: str) -> list[str]:
        """Everything a reader does on the page at `url`; the page is closed after."""
        page = self.page
        try:
            self.read(url)
        finally:
            page.close()
        return self.found

    def read(self, url: str) -> None:
        page = self.page
        page.goto(url, wait_until="load")
        self.point_at_everything()
        self.scroll_and_hover_the_header()
        self.tab_through()
        page.evaluate(EXERCISE)
        page.wait_for_timeout(150)  # handlers that wait a moment
        self.found += page.evaluate(MARKUP_FROM_CONTENT)

    def point_at_everything(self, selector: str = POINTABLE) -> None:
        """The mouse moved over the middle of each element in turn (a real hover, without
        Playwright's waits for an element to settle), and the focus put on it; an element the
        mouse cannot reach (in the closed drawer on a phone) gets the events a mouse would
        send. What the last hover made is looked for as the next element is scrolled to."""
        page = self.page
        count = page.evaluate(f"document.querySelectorAll('{selector}').length")
        for index in range(min(count, MAX_POINTED)):
            found, middle = page.evaluate(POINT_AT, [selector, index])
            self.found += found
            if middle:
                page.mouse.move(*middle)
        page.wait_for_timeout(100)  # a tooltip shows a moment after the mouse arrives
        self.found += page.evaluate(MARKUP_FROM_CONTENT)

    def scroll_and_hover_the_header(self) -> None:
        """Scrolled down, Material's header shows the page title, cut with an ellipsis."""
        page = self.page
        page.mouse.move(10, 300)
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(150)  # the header swaps the site name for the page title
        self.point_at_everything(HEADER_TITLE)

    def tab_through(self) -> None:
        self.page.locator("body").focus()
        for _ in range(TABS):
            self.page.keyboard.press("Tab")
        self.found += self.page.evaluate(MARKUP_FROM_CONTENT)


def _pages(site: Path) -> list[str]:
    pages = (path.parent.relative_to(site).as_posix() + "/" for path in site.rglob("index.html"))
    return sorted(page.removeprefix("./") for page in pages)


def _one_of_each_kind(pages: list[str]) -> list[str]:
    """The pages whose content sets titles, classes and ids, and one page of every other kind
    (a section and depth: a note, a digest, its index, a month …): what a phone shows
    differently is the layout, which is the same for pages of one kind."""
    kinds: dict[tuple[str, int], str] = {}
    for page in pages:
        kinds.setdefault((page.split("/")[0], page.count("/")), page)
    return sorted({*TITLE_PAGES, *kinds.values()})


def test_the_harness_sees_a_dialog_and_markup(
    chromium: Browser, hostile_served: tuple[Path, str]
) -> None:
    _, url = hostile_served
    context = chromium.new_context(viewport=DESKTOP)
    try:
        found = Reader(context.new_page()).visit(url + "control-page.html")
    finally:
        context.close()
    assert set(found) == {"control 1", "control 2", "control 3", "hostile-mark in <p>"}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_script_runs_whatever_the_reader_does(
    chromium: Browser, hostile_served: tuple[Path, str], viewport: dict[str, int]
) -> None:
    site, url = hostile_served
    pages = _pages(site)
    assert set(TITLE_PAGES) <= set(pages) and "" in pages
    if viewport == PHONE:
        pages = _one_of_each_kind(pages)
    context = chromium.new_context(viewport=viewport)
    context.set_default_timeout(5_000)
    try:
        found = {page: Reader(context.new_page()).visit(url + page) for page in pages}
    finally:
        context.close()
    assert {page: what for page, what in found.items() if what} == {}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_typing_into_the_searches_runs_no_script(
    chromium: Browser, hostile_served: tuple[Path, str], viewport: dict[str, int]
) -> None:
    """Typed key by key, as a reader types: the header search's results and the page a result
    opens (with the words highlighted), and the full search page's results."""
    _, url = hostile_served
    context = chromium.new_context(viewport=viewport)
    context.set_default_timeout(5_000)
    try:
        reader = Reader(context.new_page())
        page = reader.page
        for words in ("hostile", "img onerror alert", "long title"):
            page.goto(url, wait_until="load")
            _open_header_search(page)
            page.keyboard.type(words, delay=20)
            page.wait_for_timeout(800)
            reader.point_at_everything()
            reader.found += page.evaluate(MARKUP_FROM_CONTENT)
            results = page.locator(".digest-hsearch__link")
            if results.count():
                _open_header_search(page)  # pointing at everything moved the focus away
                results.first.click()
                page.wait_for_load_state("load")
                page.wait_for_timeout(300)
                reader.point_at_everything()
                reader.found += page.evaluate(MARKUP_FROM_CONTENT)
        page.goto(url + "search/", wait_until="load")
        box = page.locator("pagefind-input input, .pagefind-ui__search-input").first
        box.click()
        page.keyboard.type("hostile mark", delay=20)
        page.wait_for_timeout(1500)
        reader.point_at_everything()
        reader.found += page.evaluate(MARKUP_FROM_CONTENT)
    finally:
        context.close()
    assert reader.found == []


def _open_header_search(page: Page) -> None:
    """The header search, opened the way a reader does: its icon on a phone, the box else."""
    icon = page.locator("label.md-header__button[for=__search]")
    box = page.locator("#digest-hsearch-input")
    if not box.is_visible():
        icon.click()
        box.wait_for(state="visible")
    box.click()


def test_titles_with_markup_stay_text_with_the_theme_settings_alone(
    chromium: Browser, tmp_path: Path
) -> None:
    """Were the sanitiser to let a title with markup through, the theme would still show it as
    text: no feature that is on builds a tooltip from a title (`content.tooltips` is off)."""
    site = build_unchecked(HOSTILE, tmp_path, keep_titles=True)
    page_html = (site / "articles" / "titles-classes-ids" / "index.html").read_text()
    assert 'title="&lt;img src=x onerror=alert(201)&gt;' in page_html
    context = chromium.new_context(viewport=DESKTOP)
    try:
        with serve(site) as url:
            found = {p: Reader(context.new_page()).visit(url + p) for p in TITLE_PAGES}
    finally:
        context.close()
    assert {page: what for page, what in found.items() if what} == {}
