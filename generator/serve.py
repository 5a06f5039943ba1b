"""`digest serve`: build, then MkDocs' live preview, regenerating the docs tree on every change.

A watcher on `content/` and `templates/` re-runs the pipeline in place, incrementally: the
session keeps the last build's notes and digests, only the pages an edit touches are rendered
again and only files whose bytes changed are rewritten; then `digest` asks MkDocs for one `dirty`
rebuild, which re-renders just those pages. A content error is printed and nothing is written,
so the last good site stays.
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import pipeline
from .problems import ContentError
from .render import SiteInfo

DEBOUNCE_SECONDS = 0.15
READ_EVENTS = ("opened", "closed_no_write")  # a file was read, not changed


class _Rebuilds:
    """MkDocs' live-reload server, told by `digest` when the docs tree has changed.

    MkDocs rebuilds when its file watcher sees the docs tree change. For a generated tree that
    fails twice over: watchdog (4 and later, on Linux) also reports files being *read*, so each
    dirty build's own reading started another; and it delivers a burst of writes in batches, so
    a batch arriving during a build started another. An edit cost two or three full dirty builds
    at 10,000 notes. So the docs tree is left unwatched and `digest` asks for one rebuild after
    each regeneration; MkDocs still watches mkdocs.yml (without reads). Should MkDocs' server
    lack the internals this relies on, it keeps watching the tree as before.
    """

    def __init__(self, docs: Path) -> None:
        self.docs = docs.resolve()
        self.server: Any = None
        self.pending = False  # a regeneration finished before MkDocs' server was there

    def install(self) -> None:
        from mkdocs.livereload import LiveReloadServer

        original = LiveReloadServer.watch
        rebuilds = self

        def watch(
            server: LiveReloadServer, path: str, func: Any = None, *, recursive: bool = True
        ) -> None:
            if hasattr(server, "_rebuild_cond") and Path(path).resolve() == rebuilds.docs:
                rebuilds.server = server  # digest will ask for rebuilds itself
                # MkDocs' first build has just ended: collect its garbage now and keep what
                # lives on out of later collections, or the first edit pays for both.
                gc.collect()
                gc.freeze()
                if rebuilds.pending:  # an edit landed during MkDocs' first build
                    rebuilds.request()
                return
            schedule = server.observer.schedule

            def changes_only(handler: FileSystemEventHandler, *args: Any, **kwargs: Any) -> Any:
                return schedule(_ChangesOnly(handler), *args, **kwargs)

            server.observer.schedule = changes_only  # type: ignore[method-assign, assignment]
            try:
                original(server, path, func, recursive=recursive)
            finally:
                del server.observer.schedule

        LiveReloadServer.watch = watch  # type: ignore[method-assign, assignment]

    def request(self) -> None:
        server = self.server
        if server is None:
            self.pending = True
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()


class _ChangesOnly(FileSystemEventHandler):
    """Passes on every file event but reads to `handler`."""

    def __init__(self, handler: FileSystemEventHandler) -> None:
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type not in READ_EVENTS:
            self.handler.dispatch(event)


class _Debounced(FileSystemEventHandler):
    """Runs `action` once after a burst of file events (an editor saves in several steps)."""

    def __init__(self, action: Callable[[], None]) -> None:
        self.action = action
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in READ_EVENTS or str(event.src_path).endswith("~"):
            return
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(DEBOUNCE_SECONDS, self.action)
            self.timer.daemon = True
            self.timer.start()


def regenerate(
    content: Path,
    out: Path,
    site: SiteInfo,
    templates: Path,
    session: pipeline.Session | None = None,
) -> int | None:
    """One in-place build; problems are printed, never raised, so the server keeps running.

    Returns how many files changed, or None when the content has errors."""
    started = time.perf_counter()
    try:
        result = pipeline.build(content, out, site, templates, in_place=True, session=session)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print("content has errors; still serving the last good build", file=sys.stderr)
        return None
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    written = result.report.written + result.report.removed
    if written:
        seconds = time.perf_counter() - started
        shown = ", ".join(written[:5]) + (", …" if len(written) > 5 else "")
        print(f"regenerated {len(written)} file(s) in {seconds:.2f} s: {shown}", file=sys.stderr)
    return len(written)


def _stop_on_sigterm() -> None:
    """Stop on SIGTERM (what process managers and test harnesses send) as on Ctrl-C, so that
    MkDocs removes its temporary site folder: killed outright, it leaves it in the temp dir
    (370 MB at 10,000 notes)."""
    if threading.current_thread() is threading.main_thread():

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)


def serve(content: Path, out: Path, config: Path, templates: Path, dev_addr: str | None) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    _stop_on_sigterm()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    rebuilds = _Rebuilds(out)
    rebuilds.install()
    site = pipeline.site_info(config)
    session = pipeline.Session()  # kept between rebuilds: an edit re-renders what it touches
    if regenerate(content, out, site, templates, session) is None:
        return 1
    observer = Observer()

    def rebuild() -> None:
        if regenerate(content, out, site, templates, session):  # files changed: show them
            rebuilds.request()

    handler = _Debounced(rebuild)
    for folder in (content, templates):
        observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    try:
        options: dict[str, Any] = {"dev_addr": dev_addr} if dev_addr else {}
        # dirty: MkDocs re-renders only the pages whose files changed; strict off because MkDocs
        # warns about every dirty build, and the content was already checked by `digest`.
        mkdocs_serve(
            config_file=str(config), livereload=True, build_type="dirty", strict=False, **options
        )
    finally:
        observer.stop()
        observer.join()
    return 0
