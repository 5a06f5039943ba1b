"""`digest serve`: build, then MkDocs' live preview, regenerating the docs tree on every change.

A watcher on `content/` and `templates/` runs the session's incremental build (`session.py`),
then asks MkDocs for one `dirty` rebuild (`mkdocs_bridge.py`), which re-renders just the pages
whose files changed. A content error is printed and nothing is written, so the last good site
stays.
"""

from __future__ import annotations

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

from ..problems import BuildError, ContentError
from ..settings import SiteInfo, site_info
from .mkdocs_bridge import READ_EVENTS, Rebuilds
from .session import Session

DEBOUNCE_SECONDS = 0.15


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
    content: Path, out: Path, site: SiteInfo, templates: Path, session: Session
) -> int | None:
    """One incremental build; problems are printed, never raised, so the server keeps running.

    Returns how many files changed, or None when the content has errors."""
    started = time.perf_counter()
    try:
        result = session.build(content, out, site, templates)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print("content has errors; still serving the last good build", file=sys.stderr)
        return None
    except BuildError as exc:  # the docs tree could not be written (a full disk): one line
        print(f"digest: error: {exc}; still serving the last good build", file=sys.stderr)
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


def serve(content: Path, out: Path, config: Path, templates: Path, dev_addr: str | None) -> bool:
    """Serve until interrupted; False if the content had errors before anything was served."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _stop_on_sigterm()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    rebuilds = Rebuilds(out)
    rebuilds.install()
    site = site_info(config)
    session = Session()  # kept between rebuilds: an edit re-renders what it touches
    if regenerate(content, out, site, templates, session) is None:
        return False
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
    return True
