"""MkDocs run in this process, on a docs tree whose changed files are known: the engine half of an
incremental `digest publish`.

MkDocs' own `--dirty` build re-renders a page when its source is newer than its output, never
removes the output of a source that is gone, leaves the pages it does not read without their
front matter (so the sitemap dates them by the build), and its search plugin merges the index
as if one page had changed. A publish must equal a clean build, so here MkDocs is told exactly
which docs files changed (`File.is_modified`), the pages it does not read get the front matter
they had when they were last read (kept in the publish state), and the header search index is
put together from each page's entries, in the order a clean build writes them. What it reads of
MkDocs: `build()`, `File.is_modified`, `Files.documentation_pages`, `Page.meta`, the plugin
events and the search index's format, all public or stable since MkDocs 1.4.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

SEARCH_INDEX = "search/search_index.json"
_DIRTY_WARNING = "A 'dirty' build is being performed"

Entries = list[dict[str, Any]]


@dataclass
class EngineRun:
    """What a run learnt of the pages, for the next one."""

    code: int = 0
    pages: list[str] = field(default_factory=list)  # docs paths of the pages, in build order
    urls: dict[str, str] = field(default_factory=dict)  # docs path → page URL
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # of the pages it read
    search: dict[str, Entries] = field(default_factory=dict)  # page URL → its entries
    outputs: dict[str, str] = field(default_factory=dict)  # docs path → site path, every file


def run_mkdocs(
    config: Path,
    site_dir: Path,
    changed: set[str] | None = None,
    meta: dict[str, dict[str, Any]] | None = None,
) -> EngineRun:
    """MkDocs' strict build of `config` into `site_dir` (empty); with `changed`, only the docs
    files in it are rendered or copied, and the other pages take their front matter from
    `meta`. Returns what the run learnt; `code` is MkDocs' exit code (1: a failed build)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    run = EngineRun()
    _log_like_mkdocs()
    _fresh_plugins()
    try:
        settings = load_config(config_file=str(config), site_dir=str(site_dir), strict=True)
        settings.plugins._register_event("env", _learn(run, changed, meta or {}))
        settings.plugins.on_startup(command="build", dirty=changed is not None)
        try:
            with _only(changed, Path(settings.docs_dir)):
                build(settings, dirty=changed is not None)
        finally:
            settings.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as exc:
        message = str(exc)
        if message:
            logging.getLogger("mkdocs").error(message)
        run.code = 1
        return run
    run.search = _entries_by_page(site_dir / SEARCH_INDEX)
    return run


def _learn(run: EngineRun, changed: set[str] | None, meta: dict[str, dict[str, Any]]) -> Any:
    """An `on_env` event: every page has been read (or skipped) by now, nothing rendered yet."""

    def on_env(env: Any, config: Any, files: Any) -> Any:
        for file in files:
            if file.src_dir and Path(file.src_dir) == Path(str(config.docs_dir)):
                run.outputs[file.src_uri] = file.dest_uri
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            run.pages.append(file.src_uri)
            run.urls[file.src_uri] = page.url
            if changed is None or file.src_uri in changed:
                run.meta[file.src_uri] = dict(page.meta)
            else:  # not read: its front matter as it was, for the sitemap and the theme
                page.meta = dict(meta.get(file.src_uri, {}))
        return env

    return on_env


@contextmanager
def _only(changed: set[str] | None, docs: Path) -> Iterator[None]:
    """Every docs file counts as modified if it is in `changed`; theme files never do (the
    theme is the same, or the publish would be a full one)."""
    if changed is None:
        yield
        return
    from mkdocs.structure.files import File

    roots = {str(docs), str(docs.resolve())}  # as MkDocs may spell the docs folder

    def is_modified(file: File) -> bool:
        return file.src_uri in changed and file.src_dir in roots

    with mock.patch.object(File, "is_modified", is_modified):
        yield


def merge_search_index(
    site_dir: Path, run: EngineRun, kept: dict[str, Entries], rebuilt: set[str]
) -> dict[str, Entries]:
    """The header search index as a clean build writes it: every page's entries in build order,
    fresh for the pages rebuilt, kept for the others. Returns every page's entries."""
    path = site_dir / SEARCH_INDEX
    written = json.loads(path.read_text(encoding="utf-8"))
    fresh = run.search
    pages: dict[str, Entries] = {}
    for source in run.pages:
        url = run.urls[source]
        entries = fresh.get(url, []) if source in rebuilt else kept.get(url, [])
        if entries:
            pages[url] = entries
    data = {"config": written["config"], "docs": [e for entries in pages.values() for e in entries]}
    path.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")
    return pages


def _entries_by_page(path: Path) -> dict[str, Entries]:
    """Each page's entries: the last run of them in the file (a page's entries are written
    together; a search plugin that merged an earlier index has the page's newest last)."""
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    pages: dict[str, Entries] = {}
    last = None
    for entry in index.get("docs", []) if isinstance(index, dict) else []:
        location = str(entry.get("location", "")) if isinstance(entry, dict) else ""
        page = location.split("#")[0]
        if page != last:
            pages[page], last = [], page
        pages[page].append(entry)
    return pages


def _fresh_plugins() -> None:
    """MkDocs keeps plugins with a startup event (Material's search) from one run to the next
    in a process, and the search plugin merges the index of the last run it saw into the next
    one: each run here starts with new plugins, as a run of MkDocs' own command does."""
    from mkdocs.config.defaults import MkDocsConfig

    cache = getattr(vars(MkDocsConfig).get("plugins"), "plugin_cache", None)
    if isinstance(cache, dict):
        cache.clear()


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_WARNING)


def _log_like_mkdocs() -> None:
    """MkDocs' messages on the terminal as its own command prints them; its warning that a
    dirty build is inaccurate is not for a build told exactly what changed."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "name", "") == "digest-publish" for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name("digest-publish")
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _NoDirtyWarning) for f in build_log.filters):
        build_log.addFilter(_NoDirtyWarning())
