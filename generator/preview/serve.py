"""`digest serve`: build, then MkDocs' live preview, regenerating the docs tree on every change.

The watcher on `content/` and `templates/` starts before the first build, so an edit made while
it runs is not lost; it only asks for a rebuild. Rebuilds run one at a time on MkDocs' build
loop (`mkdocs_bridge.py`): a run of the one build, kept alive between edits (`regenerate.py`,
`build/run.py`), then a dirty MkDocs build of exactly the pages whose files changed. A content error is printed,
shown over every page in the browser, and nothing is written, so the last good site stays.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import signal
import sys
import tempfile
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


SERVED = "serve-"  # the folder MkDocs' server keeps its site in: `serve-PID` in the cache


def _own_temp_folder(cache: Path) -> None:
    """MkDocs serves from a temporary folder it removes when it stops, and leaks when it is
    killed (24 MB at 317 notes, 370 MB at 10,000): here that folder is made in one of ours,
    `serve-PID` beside the build's state, and the ones of servers no longer running are
    removed as the next one starts."""
    for folder in cache.glob(f"{SERVED}*"):
        pid = folder.name.removeprefix(SERVED)
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    mine = cache / f"{SERVED}{os.getpid()}"
    mine.mkdir(parents=True, exist_ok=True)
    tempfile.tempdir = str(mine)  # MkDocs' `tempfile.mkdtemp(prefix="mkdocs_")` lands here
    atexit.register(shutil.rmtree, mine, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running
        return True
    return True


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
    _own_temp_folder(preview.build.target.cache_folder)
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
