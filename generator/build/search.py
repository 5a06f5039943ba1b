"""`digest index` that remembers: only the Pagefind bundles whose notes changed are indexed again.

Pagefind indexes an archive in bundles of consecutive years (`site/search_index.py`); a bundle
holds the same notes as long as no note of its years came, went or moved. The index keeps,
beside the build's state, each bundle's notes and how their pages looked when it was indexed
(signature, and the digest of what Pagefind reads of them, for when the signature moved: a
restored site has new inodes, a retitled note changes the related-notes lists of other pages,
which search does not read). A bundle whose notes are the same and whose pages read the same is
linked from the current index into the new one; the others are indexed again. Editing one note of a 100,000-note archive re-indexes
one bundle, not ten.

Pagefind's output is not byte for byte the same from one run to the next on the same pages (its
filter files, and the entry and meta files that name them, are ordered by a hash map), so an
index that reuses bundles equals a clean one in its pages, fragments and word index, not in
those files' names (`tests/build/test_always_equal.py` compares what can be compared).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .. import routes
from ..files import content_digest, locked, os_error_message
from ..problems import BuildError
from ..site.search_index import ELSEWHERE, Bundle, bundle_folder, index_site, searchable_part
from . import state
from .run import LOCK_HOLDERS

SCHEMA = 2
Page = tuple[int, int, int, bytes]  # size, mtime_ns, inode, digest of `searchable_part`


@dataclass
class IndexState:
    version: str
    settings: str
    bundles: dict[tuple[tuple[int, ...], tuple[str, ...]], dict[str, Page]] = field(
        default_factory=dict
    )


@dataclass
class IndexReport:
    bundles: list[Bundle]
    indexed: int = 0  # bundles Pagefind indexed
    full: str | None = None
    seconds: float = 0.0

    def line(self, site: Path) -> str:
        notes = sum(len(group.slugs) for group in self.bundles)
        total, took = len(self.bundles), f"({self.seconds:.1f} s)"
        why = f"full index ({self.full}): " if self.full else ""
        return (
            f"digest index: {why}{notes:,} notes in {total} search bundle(s), "
            f"{self.indexed} indexed, {total - self.indexed} reused → {site / 'pagefind'} {took}"
        )


def index(
    site: Path,
    cache: Path,
    limit: int,
    full: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> IndexReport:
    """Index the site's notes for search, reusing the bundles whose notes did not change."""
    started = time.perf_counter()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with locked(cache, LOCK_HOLDERS):
            report = _index(site, cache / "index.pickle", limit, full, progress)
    except OSError as exc:
        raise BuildError(os_error_message(exc, site, elsewhere=ELSEWHERE)) from None
    report.seconds = time.perf_counter() - started
    return report


def _index(
    site: Path,
    path: Path,
    limit: int,
    full: bool,
    progress: Callable[[int, int], None] | None,
) -> IndexReport:
    settings = f"{_pagefind()}\n{limit}\n{site}"
    kept, reason = state.load_kept(path, IndexState, _version(), settings)
    if full:
        kept, reason = None, "--full"
    elif kept is None and reason == "what it depends on changed":
        reason = "Pagefind, the bundle size or the site folder changed"
    report = IndexReport([], full=reason or None)
    where = {key: number for number, key in enumerate(kept.bundles if kept is not None else ())}
    pages: dict[str, Page] = {}

    def reuse(number: int, group: Bundle) -> Path | None:
        now = {slug: _page(site, slug, (kept.bundles if kept else {}).get(_key(group), {}))
               for slug in group.slugs}  # fmt: skip
        pages.update(now)
        old = where.get(_key(group))
        folder = bundle_folder(site, old) if old is not None else None
        if (
            kept is None
            or folder is None
            or not folder.is_dir()
            or _read(kept.bundles[_key(group)]) != _read(now)
        ):
            report.indexed += 1
            return None
        return folder

    report.bundles = index_site(site, limit, progress, reuse)
    fresh = IndexState(_version(), settings)
    fresh.bundles = {
        _key(group): {slug: pages[slug] for slug in group.slugs} for group in report.bundles
    }
    state.save_kept(path, fresh)
    return report


def _read(pages: dict[str, Page]) -> dict[str, bytes]:
    """What Pagefind reads of each page, whichever file holds it now: a page written again
    has a new signature, and may read the same."""
    return {slug: page[3] for slug, page in pages.items()}


def _key(group: Bundle) -> tuple[tuple[int, ...], tuple[str, ...]]:
    return group.years, group.slugs


def _page(site: Path, slug: str, before: dict[str, Page]) -> Page:
    """A note page as it is now: its signature, and its digest (taken from `before` when the
    signature has not moved, so unchanged pages are not read)."""
    path = site / (routes.note(slug).path.removesuffix(".md") + ".html")
    try:
        found = os.stat(path)  # noqa: PTH116
    except OSError:
        raise BuildError(
            f"{site} has no page for note '{slug}' ({path} is missing): publish the site again"
        ) from None
    signature = (found.st_size, found.st_mtime_ns, found.st_ino)
    old = before.get(slug)
    if old is not None and old[:3] == signature:
        return old
    return (*signature, content_digest(searchable_part(path.read_bytes())))


def _pagefind() -> str:
    try:
        return f"pagefind {metadata.version('pagefind')}"
    except metadata.PackageNotFoundError:
        return "pagefind -"


def _version() -> str:
    return f"{state.VERSION}+index{SCHEMA}"
