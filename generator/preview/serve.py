"""`digest serve`: build, then MkDocs' live preview, regenerating the docs tree on every change.

The watcher on `content/` and `templates/` starts before the first build, so an edit made while
it runs is not lost; it only asks for a rebuild. Rebuilds run one at a time on MkDocs' build
loop (`mkdocs_bridge.py`): a run of the one build, kept alive between edits (`regenerate.py`,
`build/run.py`), then a dirty MkDocs build of exactly the pages whose files changed. A content error is printed,
shown over every page in the browser, and nothing is written, so the last good site stays.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from .mkdocs_bridge import READ_EVENTS, Rebuilds, quiet_dirty_warning
from .regenerate import Preview


class _Changes(FileSystemEventHandler):
    """Calls `action` on every change (not on reads, nor on editors' `~` backups)."""

    def __init__(self, action: Callable[[], None]) -> None:
        self.action = action

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in READ_EVENTS or str(event.src_path).endswith("~"):
            return
        self.action()


def _watch(folders: Iterable[Path], action: Callable[[], None]) -> BaseObserver:
    observer = Observer()
    handler = _Changes(action)
    for folder in folders:
        observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    return observer


def _stop_on_sigterm() -> None:
    """Stop on SIGTERM (what process managers and test harnesses send) as on Ctrl-C, so that
    MkDocs removes its temporary site folder: killed outright, it leaves it in the temp dir
    (370 MB at 10,000 notes)."""
    if threading.current_thread() is threading.main_thread():

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)


def serve(
    content: Path,
    out: Path,
    config: Path,
    templates: Path,
    dev_addr: str | None,
    cache: Path | None = None,
) -> bool:
    """Serve until interrupted; False if the content had errors before anything was served.
    What the preview's build knows is kept when it stops, for the next build."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _stop_on_sigterm()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    quiet_dirty_warning()
    preview = Preview(content, out, config, templates, cache=cache)
    rebuilds = Rebuilds(out, preview.regenerate, preview.overlay)
    rebuilds.install()
    observer = _watch((content, templates), rebuilds.request)
    print(f"watching {content} and {templates} for changes", file=sys.stderr)
    try:
        if preview.regenerate() is None:
            return False
        options: dict[str, Any] = {"dev_addr": dev_addr} if dev_addr else {}
        # dirty: MkDocs re-renders only the pages whose outputs the bridge dropped; strict off
        # because the content was already checked by `digest`.
        mkdocs_serve(
            config_file=str(config), livereload=True, build_type="dirty", strict=False, **options
        )
    finally:
        observer.stop()
        observer.join()
        preview.close()
    return True
