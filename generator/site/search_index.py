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
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import routes

BUNDLE_NOTES = 6000  # notes a Pagefind run may hold: about 1.6 GB of its memory
NOTE_PAGES = "articles/**/*.html"
BUNDLES_FILE = "bundles.json"
PRIMARY = "pagefind"
MORE = "more"


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
    """(slug, year) of every published note, from the site's own dataset."""
    data = json.loads((site / routes.DATA_JSON).read_text(encoding="utf-8"))
    return [(article["slug"], int(article["date"][:4])) for article in data["articles"]]


def pagefind_command(site: Path, output: Path) -> list[str]:
    return [
        sys.executable, "-m", "pagefind", "--site", str(site), "--glob", NOTE_PAGES,
        "--output-path", str(output), "--quiet",
    ]  # fmt: skip


def index_site(
    site: Path,
    limit: int = BUNDLE_NOTES,
    progress: Callable[[int, int], None] | None = None,
) -> list[Bundle]:
    """Every bundle indexed in turn (Pagefind's binary ships in the `pagefind[bin]` wheel; no
    network is used); `progress(done, total)` after each. Raises `PagefindError` if one fails."""
    groups = bundles(published_notes(site), limit)
    work = site.parent / f".{site.name}.pagefind-work-{os.getpid()}"
    output = site / PRIMARY
    shutil.rmtree(output / MORE, ignore_errors=True)
    try:
        for number, group in enumerate(groups):
            target = output if number == 0 else output / MORE / str(number)
            _index_bundle(site, work, group, target)
            if progress:
                progress(number + 1, len(groups))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    manifest = {
        "bundles": [
            {"path": f"{MORE}/{number}/", "years": list(group.years)}
            for number, group in enumerate(groups)
            if number
        ],
        "years": [list(group.years) for group in groups],
    }
    (output / BUNDLES_FILE).write_text(json.dumps(manifest) + "\n", encoding="utf-8")
    return groups


def _index_bundle(site: Path, work: Path, group: Bundle, target: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    for relative in _note_pages(group):
        linked = work / relative
        linked.parent.mkdir(parents=True, exist_ok=True)
        os.link(site / relative, linked)  # no copy: the same file, under the same URL
    done = subprocess.run(
        pagefind_command(work, target), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise PagefindError((done.stdout + done.stderr).strip() or f"exit {done.returncode}")


def _note_pages(group: Bundle) -> Iterator[str]:
    for slug in group.slugs:
        yield routes.note(slug).path.removesuffix(".md") + ".html"
