"""The bridge to MkDocs' live-reload server: the one module that knows its internals.

`digest serve` needs three things MkDocs' server does not offer:

- **One worker.** Regenerating the docs tree and MkDocs' rebuild of it must never overlap, and
  the last edit must always be built. So `digest` regenerates *inside* MkDocs' rebuild: the
  server's builder is wrapped to run the regeneration first, and file events only ask for a
  rebuild (`request`). MkDocs' build loop already waits for a burst of requests to end, runs one
  build at a time, and runs another if a request came during it; an edit can only land before
  the regeneration reads it (it is in this build) or after the request flag was cleared (it
  makes the next build). The docs tree itself is not watched: watchdog (4 and later, on Linux)
  also reports files being *read*, and a generated tree changes in bursts that would each start
  a build. MkDocs still watches mkdocs.yml (changes only).
- **Dirty builds that never lie.** A dirty build re-renders a page when its source is newer than
  its output: wrong when both were written within one tick of the file system's clock, and it
  never deletes the output of a source that is gone (a deleted note kept answering 200). The
  regeneration says which docs files it wrote or removed; their outputs are deleted before the
  build (so exactly those are rendered again, and the removed ones answer 404), and when the
  templates, the theme or mkdocs.yml changed every output goes (a full build).
- **The header search's index** after a dirty build: Material's plugin merges it with the
  last one as if one page had changed (`_SearchIndex` keeps it right).
- **Problems in the browser.** Every HTML page served (and the 404 page) gets the overlay of
  `overlay.py` while the content has errors; MkDocs' "A 'dirty' build is being performed"
  warning, printed on every rebuild, is filtered out.

Should MkDocs' server lack the internals this relies on (`builder`, `_rebuild_cond`,
`_want_rebuild`, `_inject_js_into_html`, `root`), it watches the docs tree as it would alone and
`digest` regenerates on each change, without these guarantees.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

READ_EVENTS = ("opened", "closed_no_write")  # a file was read, not changed
_DIRTY_WARNING = "A 'dirty' build is being performed"
_NEEDED = ("builder", "_rebuild_cond", "_want_rebuild", "_inject_js_into_html", "root")


@dataclass(frozen=True)
class Outputs:
    """What a regeneration changed in the docs tree, for MkDocs to build again."""

    changed: frozenset[str]  # docs files written or removed, relative to the docs tree
    everything: bool = False  # templates, theme or mkdocs.yml changed: every page


Regenerate = Callable[[], Outputs | None]  # None: the content has errors, nothing to build


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_WARNING)


def quiet_dirty_warning() -> None:
    """MkDocs warns on every dirty build; the preview's dirty builds are made exact here."""
    logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())


class Rebuilds:
    """MkDocs' live-reload server, driven by `digest`: see the module's documentation."""

    def __init__(self, docs: Path, regenerate: Regenerate, overlay: Callable[[], bytes]) -> None:
        self.docs = docs.resolve()
        self.regenerate = regenerate
        self.overlay = overlay
        self.server: Any = None
        self.pending = False  # a rebuild was asked for before MkDocs' server was there
        self.stale: set[str] = set()  # docs files whose outputs MkDocs has yet to build
        self.stale_all = False
        self.search: _SearchIndex | None = None
        self.alone = False  # the server lacks the internals: regenerate on each change
        self.lock = threading.Lock()  # the watcher's thread and MkDocs' meet here

    def install(self) -> None:
        from mkdocs.livereload import LiveReloadServer

        original = LiveReloadServer.watch
        rebuilds = self

        def watch(
            server: LiveReloadServer, path: str, func: Any = None, *, recursive: bool = True
        ) -> None:
            if Path(path).resolve() == rebuilds.docs:
                if all(hasattr(server, name) for name in _NEEDED):
                    rebuilds._take_over(server)
                    return
                rebuilds._alone()
            schedule = server.observer.schedule

            def changes_only(handler: FileSystemEventHandler, *args: Any, **kwargs: Any) -> Any:
                return schedule(_ChangesOnly(handler), *args, **kwargs)

            server.observer.schedule = changes_only  # type: ignore[method-assign, assignment]
            try:
                original(server, path, func, recursive=recursive)
            finally:
                del server.observer.schedule

        LiveReloadServer.watch = watch  # type: ignore[method-assign, assignment]
        _refuse_odd_paths(LiveReloadServer)

    def _take_over(self, server: Any) -> None:
        """MkDocs' first build has just ended: from now on its rebuilds go through `_build`."""
        build_pages = server.builder
        server.builder = lambda: self._build(build_pages)
        inject = server._inject_js_into_html
        server._inject_js_into_html = lambda content, epoch: self._with_overlay(
            inject(content, epoch)
        )
        error_page = server.error_handler
        server.error_handler = lambda code: self._with_overlay(error_page(code))
        self.search = _SearchIndex(Path(server.root))
        # Collect the first build's garbage now and keep what lives on out of later
        # collections, or the first edit pays for both.
        gc.collect()
        gc.freeze()
        with self.lock:
            self.server = server
            if self.pending:  # an edit landed during the first builds
                self._ask(server)

    def _alone(self) -> None:
        with self.lock:
            self.alone = True
            if self.pending:
                self.regenerate()

    def request(self) -> None:
        """Ask for a rebuild (regeneration first); many requests in a burst make one."""
        with self.lock:
            if self.alone:  # MkDocs watches the tree and rebuilds when it changes
                self.regenerate()
            elif self.server is None:
                self.pending = True
            else:
                self._ask(self.server)

    @staticmethod
    def _ask(server: Any) -> None:
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    def _build(self, build_pages: Callable[[], None]) -> None:
        """One rebuild, on MkDocs' build loop: regenerate, drop the outputs of what changed,
        then MkDocs' dirty build. On content errors nothing is built (the browsers reload all
        the same, and get the overlay)."""
        outputs = self.regenerate()
        if outputs is None:
            return
        self.stale |= outputs.changed
        self.stale_all |= outputs.everything
        if not (self.stale or self.stale_all):
            return
        site = Path(self.server.root)
        if self.stale_all:
            _empty(site)
        else:
            for relative in self.stale:
                _output(self.docs, site, relative).unlink(missing_ok=True)
        build_pages()  # raises on a failed build: what is stale stays so for the next one
        rebuilt = None if self.stale_all else {_url(self.docs, site, p) for p in self.stale}
        if self.search is not None:
            self.search.settle(rebuilt)
        self.stale.clear()
        self.stale_all = False

    def _with_overlay(self, page: bytes | None) -> bytes | None:
        extra = self.overlay()
        if not extra or page is None:
            return page
        end = page.rfind(b"</body>")
        return page + extra if end < 0 else page[:end] + extra + page[end:]


BAD_REQUEST = "400 Bad Request"


def _refuse_odd_paths(server_class: Any) -> None:
    """A request path no file can have (a NUL byte: `/%00`) is answered 400, not with MkDocs'
    500 and a traceback in the terminal (`open()` raises ValueError, which it does not expect).
    Paths that merely name no file stay MkDocs' 404."""
    original = getattr(server_class, "_serve_request", None)
    if original is None or getattr(original, "digest_guarded", False):
        return

    def serve_request(server: Any, environ: dict[str, Any], start_response: Any) -> Any:
        path = str(environ.get("PATH_INFO", ""))
        if "\0" in path:
            start_response(BAD_REQUEST, [("Content-Type", "text/plain")])
            return [b"400 Bad Request: the path holds a NUL byte"]
        try:
            return original(server, environ, start_response)
        except ValueError:  # any other path the file system refuses to look up
            start_response(BAD_REQUEST, [("Content-Type", "text/plain")])
            return [b"400 Bad Request"]

    serve_request.digest_guarded = True  # type: ignore[attr-defined]
    server_class._serve_request = serve_request


def _file(docs: Path, site: Path, relative: str) -> Any:
    """MkDocs' view of a docs file: its output and URL.

    Every page of the docs tree is `<url>/index.md` (routes.py), whose output is
    `<url>/index.html` whether or not use_directory_urls is set."""
    from mkdocs.structure.files import File

    return File(relative, str(docs), str(site), use_directory_urls=True)


def _output(docs: Path, site: Path, relative: str) -> Path:
    return Path(_file(docs, site, relative).abs_dest_path)


def _url(docs: Path, site: Path, relative: str) -> str:
    """The page's URL as the search index writes it (the home page's is "", not "./")."""
    url = str(_file(docs, site, relative).url)
    return "" if url == "./" else url


class _SearchIndex:
    """The header search's index as a full build has it (its entries in another order).

    Material's search plugin, in a dirty build, appends the entries of the pages it rebuilt to
    the previous index and drops the old entries of the first of them only, by prefix: other
    rebuilt pages are listed twice, removed pages stay, and when the first is the home page
    (location "") every other page goes. So the bridge keeps each page's entries itself: after a
    build, a page it rebuilt takes its newest entries from the file (a page's entries are written
    together, last), any other page keeps the ones it had, and removed pages are left out.
    """

    def __init__(self, site: Path) -> None:
        self.site = site
        self.path = site / "search" / "search_index.json"
        found = self._read()
        self.pages = _by_page(found["docs"]) if found else {}

    def _read(self) -> dict[str, Any] | None:
        try:
            index = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        return index if isinstance(index, dict) and isinstance(index.get("docs"), list) else None

    def settle(self, rebuilt: set[str] | None) -> None:
        """After a build that rebuilt the pages at the URLs `rebuilt` (None: every page)."""
        index = self._read()
        if index is None:
            return
        newest = _by_page(index["docs"])
        pages = {} if rebuilt is None else {
            page: entries for page, entries in self.pages.items() if page not in rebuilt
        }  # fmt: skip
        for page in newest.keys() if rebuilt is None else rebuilt & newest.keys():
            if (self.site / page / "index.html").is_file():
                pages[page] = newest[page]
        self.pages = pages
        index["docs"] = [entry for entries in pages.values() for entry in entries]
        text = json.dumps(index, separators=(",", ":"), default=str)
        self.path.write_text(text, encoding="utf-8")


def _by_page(entries: list[Any]) -> dict[str, list[Any]]:
    """Entries by page URL: the last run of each page's entries."""
    pages: dict[str, list[Any]] = {}
    last = None
    for entry in entries:
        page = str(entry.get("location", "")).split("#")[0] if isinstance(entry, dict) else ""
        if page != last:
            pages[page], last = [], page
        pages[page].append(entry)
    return pages


def _empty(site: Path) -> None:
    for child in site.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                child.unlink()


class _ChangesOnly(FileSystemEventHandler):
    """Passes on every file event but reads to `handler`."""

    def __init__(self, handler: FileSystemEventHandler) -> None:
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type not in READ_EVENTS:
            self.handler.dispatch(event)
