"""The bridge to MkDocs' live-reload server: the one module that knows its internals.

MkDocs rebuilds when its file watcher sees the docs tree change. For a generated tree that
fails twice over: watchdog (4 and later, on Linux) also reports files being *read*, so each
dirty build's own reading started another; and it delivers a burst of writes in batches, so a
batch arriving during a build started another. An edit cost two or three full dirty builds at
10,000 notes. So the docs tree is left unwatched and `digest` asks for one rebuild after each
regeneration; MkDocs still watches mkdocs.yml (without reads). Should MkDocs' server lack the
internals this relies on (`_rebuild_cond`, `_want_rebuild`, `observer`), it keeps watching the
tree as before.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

READ_EVENTS = ("opened", "closed_no_write")  # a file was read, not changed


class Rebuilds:
    """MkDocs' live-reload server, told by `digest` when the docs tree has changed."""

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
