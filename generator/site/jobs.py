"""The generated docs tree as a list of jobs: each file's route and how to render it.

One list serves a full build (every job, split over processes in pieces) and the preview
(only the jobs whose keys an edit touches, see `preview/changes.py`). Routes come from
`routes.py`; nothing here spells a path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import NamedTuple

from .. import routes
from ..facets import ALL_VOCABULARIES
from ..settings import DIGEST_PAGE_NOTES, EMPTY_SITEMAP, TEMPLATES
from . import newsletter
from .exports import DATA_FILES
from .memo import SiteMemo
from .parallel import MAX_PIECES
from .render import Renderer

PIECES_PER_PROCESS = 64
PIECE_JOBS = 64  # jobs in a piece of `rendered_in_pieces`, each piece staged once rendered
Files = dict[str, str | bytes]


class Job(NamedTuple):
    route: routes.Route
    render: Callable[[], str | bytes]


def site_jobs(
    renderer: Renderer, templates: Path = TEMPLATES, memo: SiteMemo | None = None
) -> list[Job]:
    """Every file of the generated docs tree, with how to render it."""
    return note_jobs(renderer, memo) + digest_jobs(renderer, templates)


def note_jobs(renderer: Renderer, memo: SiteMemo | None = None) -> list[Job]:
    """The data files and the note pages: most of the work, and none of it needs the term
    digests or months, so other processes render it while those are worked out."""
    return data_jobs(renderer, memo) + note_page_jobs(renderer)


def data_jobs(renderer: Renderer, memo: SiteMemo | None = None) -> list[Job]:
    """The dataset and the bibliography. `memo` keeps their records and entries, made once for
    the files that share them (and, in a build that remembers, kept between builds)."""
    digests, site = renderer.digests, renderer.site
    corpus, memo = digests.corpus, memo or SiteMemo()
    return [
        Job(routes.dataset(path), partial(export, digests.notes, corpus, site, memo))
        for path, export in DATA_FILES.items()
    ]


def note_page_jobs(renderer: Renderer) -> list[Job]:
    return [Job(routes.note(n.slug), partial(renderer.note, n)) for n in renderer.digests.notes]


def digest_jobs(renderer: Renderer, templates: Path = TEMPLATES) -> list[Job]:
    """Every other file: digests and their yearly pages, feeds, months, indexes, pages, assets."""
    digests, site = renderer.digests, renderer.site
    jobs = [Job(routes.home(), renderer.home)]
    for vocabulary in ALL_VOCABULARIES:
        jobs.append(
            Job(routes.vocabulary_index(vocabulary), partial(renderer.vocabulary_index, vocabulary))
        )
    for digest in digests.terms.values():
        term = digest.term
        jobs.append(Job(routes.term(term.vocabulary, term.id), partial(renderer.digest, digest)))
        if digest.count > DIGEST_PAGE_NOTES:
            for year in digest.years:
                for page in range(1, renderer.year_pages(digest, year) + 1):
                    route = routes.term_year(term.vocabulary, term.id, year, page)
                    jobs.append(Job(route, partial(renderer.digest_year, digest, year, page)))
        feed = routes.term_feed(term.vocabulary, term.id)
        jobs.append(Job(feed, partial(renderer.term_feed, digest)))
    jobs.append(
        Job(
            routes.all_feed(),
            partial(renderer.feed, digests.notes, site.name, routes.HOME, routes.ALL_FEED),
        )
    )
    feed_folders = {job.route.path.rsplit("/", 1)[0] for job in jobs if job.route.key[0] == "feed"}
    jobs += [
        Job(routes.feed_sitemap(folder), partial(str, EMPTY_SITEMAP))
        for folder in sorted(feed_folders)
    ]
    jobs.append(Job(routes.months(), renderer.months_index))
    jobs.append(Job(routes.search(), renderer.search))
    jobs.append(Job(routes.search_terms(), renderer.search_terms))
    for i, m in enumerate(digests.months):
        for page in range(1, renderer.month_pages(i) + 1):
            jobs.append(Job(routes.month(m.month, page), partial(renderer.month, i, page)))
        for extension in ("html", "txt"):
            route = routes.month_email(m.month, extension)
            jobs.append(Job(route, partial(newsletter.email, renderer, i, extension)))
    jobs.append(Job(routes.months_feed(), partial(newsletter.months_feed, renderer)))
    jobs += [
        Job(routes.page(page.name), partial(renderer.page, page)) for page in digests.corpus.pages
    ]
    jobs.append(Job(routes.asset(routes.UPDATED_CSS), renderer.updated_css))
    for asset in sorted((templates / "assets").glob("*")):
        if asset.is_file():
            jobs.append(Job(routes.asset(asset.name), asset.read_bytes))
    return jobs


def rendered(jobs: list[Job]) -> Files:
    """The files of `jobs`, by path, rendered in this process."""
    return {job.route.path: job.render() for job in jobs}


def pieces(jobs: list[Job], processes: int) -> tuple[int, Callable[[int], Files]]:
    """The job list cut in runs of neighbouring jobs, for `processes` processes to share.

    Neighbours share work a process keeps (a term's yearly pages its entries by year, the two
    dataset files their records, notes of one depth their lines), and small runs let the
    processes finish together, however uneven the pages are.
    """
    count = min(MAX_PIECES, max(1, processes * PIECES_PER_PROCESS))
    size = -(-len(jobs) // count)  # ceiling division: at most `count` pieces
    total = -(-len(jobs) // size) if jobs else 0
    return total, partial(_render_piece, jobs, size)


def _render_piece(jobs: list[Job], size: int, index: int) -> Files:
    return rendered(jobs[index * size : (index + 1) * size])


def rendered_in_pieces(jobs: Callable[[], list[Job]]) -> Iterator[Files]:
    """The files of `jobs()`, listed when first asked for, rendered a piece at a time."""
    listed = jobs()
    for index in range(-(-len(listed) // PIECE_JOBS)):
        yield _render_piece(listed, PIECE_JOBS, index)
