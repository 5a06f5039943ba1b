"""The generated docs tree as a list of jobs: each file's path and how to render it.

One list serves a full build (every job, split over processes in interleaved parts) and the
preview server (only the jobs whose paths an edit touches, see `changes.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from . import dataset
from .digest import Digests
from .model import SECTION, VOCABULARIES
from .parallel import MAX_PIECES
from .render import DIGEST_PAGE_NOTES, EMPTY_SITEMAP, TEMPLATES, Renderer, SiteInfo

Job = tuple[str, Callable[[], str | bytes]]
PIECES_PER_PROCESS = 64
PIECE_JOBS = 64  # jobs in a piece of `rendered_in_pieces`, each piece staged once rendered


def site_jobs(renderer: Renderer, templates: Path = TEMPLATES) -> list[Job]:
    """Every file of the generated docs tree as (path inside the tree, how to render it)."""
    return note_jobs(renderer) + digest_jobs(renderer, templates)


def note_jobs(renderer: Renderer) -> list[Job]:
    """The note pages and the dataset: most of the work, and none of it needs the term digests
    or months, so other processes render it while those are worked out."""
    digests, site = renderer.digests, renderer.site
    corpus, memo = digests.corpus, renderer.records
    # the two dataset files first: the longest jobs, best started early when processes share
    # the list out, and together, so that their records are made once
    jobs: list[Job] = [
        ("data/articles.json", partial(dataset.to_json, digests.notes, corpus, site.url, memo)),
        ("data/articles.csv", partial(dataset.to_csv, digests.notes, corpus, site.url, memo)),
    ]
    jobs += [(f"articles/{n.slug}.md", partial(renderer.note, n)) for n in digests.notes]
    return jobs


def digest_jobs(renderer: Renderer, templates: Path = TEMPLATES) -> list[Job]:
    """Every other file: digests and their yearly pages, feeds, months, indexes, pages, assets."""
    digests, site = renderer.digests, renderer.site
    jobs: list[Job] = [("index.md", renderer.home)]
    for vocabulary in VOCABULARIES:
        jobs.append(
            (f"{SECTION[vocabulary]}/index.md", partial(renderer.vocabulary_index, vocabulary))
        )
    for digest in digests.terms.values():
        term = digest.term
        jobs.append((f"{term.section}/{term.id}.md", partial(renderer.digest, digest)))
        if digest.count > DIGEST_PAGE_NOTES:
            for year in digest.years:
                path = f"{term.section}/{term.id}/{year}.md"
                jobs.append((path, partial(renderer.digest_year, digest, year)))
        jobs.append((renderer.feed_url(term), partial(renderer.term_feed, digest)))
    jobs.append(
        ("feeds/all.xml", partial(renderer.feed, digests.notes, site.name, "", "feeds/all.xml"))
    )
    feed_folders = {path.rsplit("/", 1)[0] for path, _ in jobs if path.startswith("feeds/")}
    jobs += [
        (f"{folder}/sitemap.xml", partial(str, EMPTY_SITEMAP)) for folder in sorted(feed_folders)
    ]
    jobs.append(("digests/index.md", renderer.months_index))
    jobs.append(("search/index.md", renderer.search))
    jobs += [
        (f"digests/{m.month}.md", partial(renderer.month, i)) for i, m in enumerate(digests.months)
    ]
    jobs += [(f"{page.name}.md", partial(renderer.page, page)) for page in digests.corpus.pages]
    for asset in sorted((templates / "assets").glob("*")):
        if asset.is_file():
            jobs.append((f"assets/{asset.name}", asset.read_bytes))
    return jobs


def render_site(
    digests: Digests, site: SiteInfo, templates: Path = TEMPLATES
) -> dict[str, str | bytes]:
    """The files of the generated docs tree, by path, rendered in this process."""
    return _rendered(site_jobs(Renderer(digests, site, templates), templates))


def _rendered(jobs: list[Job]) -> dict[str, str | bytes]:
    return {path: render() for path, render in jobs}


def pieces(jobs: list[Job], processes: int) -> tuple[int, Callable[[int], dict[str, str | bytes]]]:
    """The job list cut in runs of neighbouring jobs, for `processes` processes to share.

    Neighbours share work a process keeps (a term's yearly pages its entries by year, the two
    dataset files their records, notes of one depth their lines), and small runs let the
    processes finish together, however uneven the pages are.
    """
    count = min(MAX_PIECES, max(1, processes * PIECES_PER_PROCESS))
    size = -(-len(jobs) // count)  # ceiling division: at most `count` pieces
    total = -(-len(jobs) // size) if jobs else 0
    return total, partial(_render_piece, jobs, size)


def _render_piece(jobs: list[Job], size: int, index: int) -> dict[str, str | bytes]:
    return _rendered(jobs[index * size : (index + 1) * size])


def rendered_in_pieces(jobs: Callable[[], list[Job]]) -> Iterator[dict[str, str | bytes]]:
    """The files of `jobs()`, listed when first asked for, rendered a piece at a time."""
    listed = jobs()
    for index in range(-(-len(listed) // PIECE_JOBS)):
        yield _render_piece(listed, PIECE_JOBS, index)


def site_paths(digests: Digests, site: SiteInfo, templates: Path = TEMPLATES) -> set[str]:
    """Every path of the generated docs tree, without rendering anything."""
    return {path for path, _ in site_jobs(Renderer(digests, site, templates), templates)}


def render_wanted(
    digests: Digests,
    site: SiteInfo,
    templates: Path,
    wanted: Callable[[str], bool],
    records: dataset.Records | None = None,
) -> tuple[dict[str, str | bytes], set[str]]:
    """The files `wanted` accepts, rendered, and every path of the tree (for pruning)."""
    jobs = site_jobs(Renderer(digests, site, templates, records), templates)
    return {path: render() for path, render in jobs if wanted(path)}, {p for p, _ in jobs}
