"""The two reference builds of the same published notes, to compare the full build with.

* the **floor**: the notes copied as plain Markdown pages (front matter kept) and built with
  plain MkDocs + Material: what any MkDocs site of these notes costs, digests or not;
* the **anchor**: the notes as posts of Material's blog plugin, themes as categories, agencies
  and locations as tags (canonical names), an excerpt separator after the first paragraph:
  what the ready-made way to get archives and term pages costs.

Each builds in `<work>/<name>/docs` → `<work>/<name>/site`, with its own config and log, and
returns its record for the results (`pages` or `posts`, the site's files and search index).
"""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from benchmarks.commands import Engine
from benchmarks.configs import Config, blog_config, floor_config, write_config
from benchmarks.corpus import published, term_names
from benchmarks.measure import build_site, progress, run_record, site_figures
from benchmarks.synth_vocabulary import normalise


def make_floor(content: Path, docs: Path) -> int:
    """The floor's docs tree: a home page, the about page, every published note as a page."""
    (docs / "articles").mkdir(parents=True)
    (docs / "index.md").write_text("# Synthetic floor\n\nPlain MkDocs + Material.\n", "utf-8")
    shutil.copy(content / "pages" / "about.md", docs / "about.md")
    count = 0
    for path, _meta, front, body in published(content):
        (docs / "articles" / path.name).write_text(f"---\n{front}---\n{body}", "utf-8")
        count += 1
    return count


def make_blog(content: Path, docs: Path) -> int:
    """The anchor's docs tree: a blog index, a tags page, every published note as a post."""
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (docs / "index.md").write_text("# Synthetic blog anchor\n\nMaterial's blog plugin.\n", "utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", "utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", "utf-8")
    names = term_names(content)
    count = 0
    for path, meta, _front, body in published(content):
        categories = [names["themes"][normalise(t)] for t in meta["themes"]]
        tags = [names["agencies"][normalise(t)] for t in meta["agencies"]]
        tags += [names["locations"][normalise(t)] for t in meta["locations"]]
        head = {
            "title": meta["title"],
            "date": meta["date"],
            "categories": categories,
            "tags": tags,
        }
        first, _, rest = body.lstrip("\n").partition("\n\n")
        text = (
            "---\n"
            + yaml.safe_dump(head, allow_unicode=True, sort_keys=False)
            + "---\n"
            + f"{first}\n\n<!-- more -->\n\n{rest}"
        )
        (posts / path.name).write_text(text, "utf-8")
        count += 1
    return count


def _build(
    name: str,
    make_docs: Callable[[Path, Path], int],
    make_config: Callable[[Config, Path, Path], Config],
    work: Path,
    base: Config,
) -> tuple[int, Path, Path]:
    """Writes the reference's docs tree and config; (pages written, config, site)."""
    docs, site = work / name / "docs", work / name / "site"
    count = make_docs(work / "content", docs)
    config = work / f"mkdocs-{name}.yml"
    write_config(config, make_config(base, docs, site))
    return count, config, site


def floor(notes: int, work: Path, base: Config, engine: Engine) -> dict[str, Any]:
    """The floor, built and measured, with the gzip size of its Material search index (every
    note's text: what Material's search would download without our slimmer index)."""
    pages, config, site = _build("floor", make_floor, floor_config, work, base)
    progress(f"N={notes}: floor (plain MkDocs + Material, {pages} pages)")
    run = build_site(engine, config, work, work / "logs" / f"{engine.name}-floor.log")
    record = run_record(run, pages=pages, **site_figures(site))
    index = site / "search" / "search_index.json"
    if index.is_file():
        record["search_index_gzip_bytes"] = len(gzip.compress(index.read_bytes(), 6, mtime=0))
    return record


def blog(notes: int, work: Path, base: Config, engine: Engine) -> dict[str, Any]:
    """The anchor, built and measured."""
    posts, config, site = _build("blog", make_blog, blog_config, work, base)
    progress(f"N={notes}: anchor (Material blog plugin, {posts} posts)")
    run = build_site(engine, config, work, work / "logs" / f"{engine.name}-blog.log")
    return run_record(run, posts=posts, **site_figures(site))
