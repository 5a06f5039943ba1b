"""`digest index`: Pagefind's search index over the built site, in bundles of bounded size.

Pagefind holds a whole index in memory while it builds it (2.65 GB at 10,000 notes, and its
tracker reports running out near 30,000 pages), so a big archive is indexed in several bundles,
one after another: the notes of consecutive years, at most `BUNDLE_NOTES` notes a bundle (a year
is never split, so that each year's notes sit in one bundle). The first bundle is
`pagefind/`, beside Pagefind's scripts; the others are `pagefind/more/<n>/`, listed in
`pagefind/bundles.json`, which the search page merges with Pagefind's `mergeIndex`
(`templates/assets/pagefind.js`): one ranking, summed filter counts, and a date sort done one
year at a time, so it runs across bundles.

Only note pages carry `data-pagefind-body`, so each bundle reads only its notes: they are
hard-linked into a work folder shaped like the site, so their URLs stay `/articles/<slug>/`.

Every bundle is written into a staging folder, which is swapped in as `site/pagefind` like every
other generated tree (`write.swap_in`): a failed or killed run keeps the previous index. On a
full disk Pagefind writes empty files and still exits 0, so an empty file in its output is taken
for what it is, a failed write.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import routes
from ..files import link_or_copy, os_error_message
from ..problems import BuildError
from .write import output_lock, swap_in

# Notes a bundle may hold unless one year holds more: small enough that re-indexing the bundle
# of an edited note takes seconds (a year, on an archive of 10,000 notes over ten years), big
# enough that a search merges a bundle a year at most. A year of 10,000 notes takes Pagefind
# about 2.6 GB.
BUNDLE_NOTES = 1000
NOTE_PAGES = "articles/**/*.html"
BUNDLES_FILE = "bundles.json"
PRIMARY = "pagefind"
MORE = "more"
ELSEWHERE = "make the site writable, or index a copy of it with --site"


# Where a note page's template says Pagefind reads nothing further (`templates/note.md.j2`): a
# note's content cannot hold it (its Markdown is rendered with raw HTML off, so a comment in it
# comes out escaped).
SEARCH_END = b"<!-- digest: search reads nothing below -->"


def searchable_part(page: bytes) -> bytes:
    """What Pagefind reads of a note page: the `<html>` tag (its `lang` picks the index) and
    the page from the first element with a `data-pagefind-` attribute down to `SEARCH_END`.
    A page whose related-notes list alone changed (another note was retitled) has the same
    searchable part, so its bundle need not be indexed again. A page that breaks the pattern
    (no marker, a `data-pagefind-` attribute below it) is read whole: never less than Pagefind
    reads."""
    end = page.find(SEARCH_END)
    first = page.find(b"data-pagefind")
    html = page.find(b"<html")
    if min(end, first, html) < 0 or first > end or page.find(b"data-pagefind", end) >= 0:
        return page
    return page[: page.find(b">", html) + 1] + page[page.rfind(b"<", 0, first) : end]


@dataclass(frozen=True)
class Bundle:
    years: tuple[int, ...]
    slugs: tuple[str, ...]


class PagefindError(Exception):
    """Pagefind failed on one bundle: its output, for the author."""


def bundles(notes: list[tuple[str, int]], limit: int = BUNDLE_NOTES) -> list[Bundle]:
    """(slug, year) of every note → consecutive years grouped, newest first, each group at most
    `limit` notes unless one year alone holds more."""
    by_year: dict[int, list[str]] = {}
    for slug, year in notes:
        by_year.setdefault(year, []).append(slug)
    groups: list[Bundle] = []
    years: list[int] = []
    slugs: list[str] = []
    for year in sorted(by_year, reverse=True):
        if slugs and len(slugs) + len(by_year[year]) > limit:
            groups.append(Bundle(tuple(years), tuple(slugs)))
            years, slugs = [], []
        years.append(year)
        slugs += by_year[year]
    if slugs:
        groups.append(Bundle(tuple(years), tuple(slugs)))
    return groups


def published_notes(site: Path) -> list[tuple[str, int]]:
    """(slug, year) of every published note, from the site's own dataset; a dataset that
    cannot be read is a `BuildError` of one line."""
    path = site / routes.DATA_JSON
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(article["slug"], int(article["date"][:4])) for article in data["articles"]]
    except OSError as exc:
        raise BuildError(os_error_message(exc, path, verb="read", elsewhere=ELSEWHERE)) from None
    except (ValueError, KeyError, TypeError, IndexError):
        raise BuildError(
            f"{path} is damaged (not the dataset a build writes): publish the site again"
        ) from None


def pagefind_command(site: Path, output: Path) -> list[str]:
    return [
        sys.executable, "-m", "pagefind", "--site", str(site), "--glob", NOTE_PAGES,
        "--output-path", str(output), "--quiet",
    ]  # fmt: skip


Reuse = Callable[[int, Bundle], Path | None]  # a bundle's folder in the current index, if kept


def index_site(
    site: Path,
    limit: int = BUNDLE_NOTES,
    progress: Callable[[int, int], None] | None = None,
    reuse: Reuse | None = None,
) -> list[Bundle]:
    """Every bundle indexed in turn (Pagefind's binary ships in the `pagefind[bin]` wheel; no
    network is used) into a fresh folder beside the site (never in it: a deploy would publish
    a killed run's leftovers), swapped in as `site/pagefind`; `progress(done, total)` after
    each bundle. A bundle that `reuse` says is unchanged is linked from where it is now
    instead. Raises `PagefindError` if Pagefind fails, `BuildError` (one line) if the file
    system does, Pagefind's silent failure on a full disk included."""
    groups = bundles(published_notes(site), limit)
    output = site / PRIMARY
    try:
        with output_lock(output):
            _clear_staging(site)
            staging = _staging(site)
            work = staging.with_name(f"{staging.name}-work")
            try:
                staging.mkdir()  # fails here, in one line, on a read-only folder
                _index_all(site, work, groups, staging, progress, reuse)
                swap_in(staging, output)
            finally:
                shutil.rmtree(work, ignore_errors=True)
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise BuildError(os_error_message(exc, output, elsewhere=ELSEWHERE)) from None
    return groups


def _staging(site: Path) -> Path:
    """Beside the site, so that a deploy of the site never carries a killed run's leftovers;
    in the site only when it is a file system of its own (a mount: a folder cannot be moved in
    across file systems), as a hidden folder that the next run clears. A read-only site is said
    before Pagefind runs, in one line."""
    site = site.resolve()
    _writable(site)
    name = f".{site.name}.pagefind-staging-{os.getpid()}"
    beside = site.parent / name
    beside.mkdir()
    try:
        beside.rename(site / name)  # can a folder beside the site move into it?
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        beside.rmdir()
        return site / name
    (site / name).rmdir()
    return beside


def _writable(folder: Path) -> None:
    if os.statvfs(folder).f_flag & os.ST_RDONLY:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(folder))


def _clear_staging(site: Path) -> None:
    """What killed runs left beside (or in) the site: the caller holds the lock, none is live."""
    site = site.resolve()
    for folder in (site.parent, site):
        for leftover_folder in folder.glob(f".{site.name}.pagefind-staging-*"):
            shutil.rmtree(leftover_folder, ignore_errors=True)


def _index_all(
    site: Path,
    work: Path,
    groups: list[Bundle],
    staging: Path,
    progress: Callable[[int, int], None] | None,
    reuse: Reuse | None,
) -> None:
    for number, group in enumerate(groups):
        target = staging if number == 0 else staging / MORE / str(number)
        kept = reuse(number, group) if reuse else None
        if kept is not None:
            _link_bundle(kept, target, primary=kept == site / PRIMARY)
        else:
            _index_bundle(site, work, group, target)
        if progress:
            progress(number + 1, len(groups))
    if _has_empty_file(staging):
        raise OSError(errno.ENOSPC, "Pagefind wrote empty files")
    manifest = {
        "bundles": [
            {"path": f"{MORE}/{number}/", "years": list(group.years)}
            for number, group in enumerate(groups)
            if number
        ],
        "years": [list(group.years) for group in groups],
    }
    (staging / BUNDLES_FILE).write_text(json.dumps(manifest) + "\n", encoding="utf-8")


def bundle_folder(site: Path, number: int) -> Path:
    """Where bundle `number` of the site's current index is."""
    return site / PRIMARY if number == 0 else site / PRIMARY / MORE / str(number)


def _link_bundle(source: Path, target: Path, primary: bool) -> None:
    """A bundle of the current index, linked into the new one (the same files). The primary
    bundle's folder also holds the others and the manifest, which are not its own."""
    for root, folders, names in os.walk(source):
        here = Path(root)
        if primary and here == source:
            folders[:] = [name for name in folders if name != MORE]
            names = [name for name in names if name != BUNDLES_FILE]
        for name in names:
            destination = target / (here / name).relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(here / name, destination)


def _has_empty_file(folder: Path) -> bool:
    """Whether Pagefind left an empty file: none is empty when it works."""
    return any(
        (Path(root) / name).stat().st_size == 0
        for root, _, names in os.walk(folder)
        for name in names
    )


def _index_bundle(site: Path, work: Path, group: Bundle, target: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    for relative in _note_pages(group):
        linked = work / relative
        linked.parent.mkdir(parents=True, exist_ok=True)
        source = site / relative
        if not source.is_file():
            raise BuildError(
                f"{site} has no page for note '{relative.split('/')[1]}' ({source} is missing): "
                "publish the site again"
            )
        link_or_copy(source, linked)  # no copy: the same file, under the same URL
    done = subprocess.run(
        pagefind_command(work, target), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise PagefindError((done.stdout + done.stderr).strip() or f"exit {done.returncode}")


def _note_pages(group: Bundle) -> Iterator[str]:
    for slug in group.slugs:
        yield routes.note(slug).path.removesuffix(".md") + ".html"
