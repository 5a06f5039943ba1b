"""The generated docs tree as a list of jobs: each file's path and how to render it.

One list serves a full build (every job, split over processes in interleaved parts) and the
preview server (only the jobs whose paths an edit touches, see `changes.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from . import dataset
from .digest import Digests
from .model import SECTION, VOCABULARIES
from .render import DIGEST_PAGE_NOTES, EMPTY_SITEMAP, TEMPLATES, Renderer, SiteInfo

Job = tuple[str, Callable[[], str | bytes]]


def site_jobs(renderer: Renderer, templates: Path = TEMPLATES) -> list[Job]:
    """Every file of the generated docs tree as (path inside the tree, how to render it)."""
    digests, site = renderer.digests, renderer.site
    corpus = digests.corpus
    jobs: list[Job] = [("index.md", renderer.home)]
    jobs += [(f"articles/{n.slug}.md", partial(renderer.note, n)) for n in digests.notes]
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
    jobs += [(f"{page.name}.md", partial(str, page.text)) for page in corpus.pages]
    memo = renderer.records
    jobs.append(
        ("data/articles.json", partial(dataset.to_json, digests.notes, corpus, site.url, memo))
    )
    jobs.append(
        ("data/articles.csv", partial(dataset.to_csv, digests.notes, corpus, site.url, memo))
    )
    for asset in sorted((templates / "assets").glob("*")):
        if asset.is_file():
            jobs.append((f"assets/{asset.name}", asset.read_bytes))
    return jobs


def render_site(
    digests: Digests,
    site: SiteInfo,
    templates: Path = TEMPLATES,
    part: tuple[int, int] = (0, 1),
) -> dict[str, str | bytes]:
    """The files of the generated docs tree, by path; `part` (i, n) renders every n-th from i.

    Parts interleave, so each gets its share of every page kind: n processes take about 1/n
    of the time each.
    """
    index, count = part
    jobs = site_jobs(Renderer(digests, site, templates), templates)[index::count]
    return {path: render() for path, render in jobs}


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
