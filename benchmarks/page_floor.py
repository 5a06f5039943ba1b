"""What one more page costs MkDocs in this project's configuration, before it holds anything.

A lower bound for the digest pages: a site with digests has some 1,700 more pages than its notes
(term digests, yearly archives, months, indexes), whatever is on them. This times `mkdocs build`
of the project's configuration on the section index pages alone and on the same tree plus N
empty pages (a title, kept out of Material's search as the yearly pages are), and reports the
difference per page: the theme, navigation and file writing every page pays.

    .venv/bin/python -m benchmarks.page_floor [--pages 1700] [--runs 3]

(from the project root). Everything is written to a temporary directory, removed at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks import commands
from benchmarks.commands import Engine
from benchmarks.configs import full_config, load_project_config, write_config
from benchmarks.measure import build_site

SECTIONS = ("themes", "agencies", "regions", "outlets", "digests", "search")  # the project's nav


def write_tree(docs: Path, pages: int) -> None:
    """The nav's pages, and `pages` empty ones where the digests go (out of the nav)."""
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for section in SECTIONS:
        (docs / section).mkdir()
        (docs / section / "index.md").write_text(f"# {section.title()}\n", encoding="utf-8")
    for number in range(1, pages + 1):
        text = f"---\ntitle: Page {number}\nsearch: {{exclude: true}}\n---\n\n# Page {number}\n"
        (docs / "themes" / f"page-{number}.md").write_text(text, encoding="utf-8")


def build_seconds(work: Path, pages: int, runs: int, engine: Engine) -> list[float]:
    """Wall times of `runs` builds by `engine` of a tree with `pages` empty pages."""
    base, _ = load_project_config()
    folder = work / f"pages-{pages}"
    write_tree(folder / "docs", pages)
    config = folder / "mkdocs.yml"
    write_config(config, full_config(base, folder / "docs", folder / "site", folder))
    times = []
    for _ in range(runs):
        result = build_site(engine, config, folder, folder / "build.log")
        if result.rc != 0:
            raise SystemExit(f"{engine.name} build failed, see {folder / 'build.log'}")
        times.append(result.seconds)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.page_floor", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--pages", type=int, default=1700, help="empty pages (default 1700)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each tree (median)")
    args = parser.parse_args(argv)
    engine = commands.mkdocs()
    with tempfile.TemporaryDirectory(prefix="digest-page-floor-") as work:
        alone = statistics.median(build_seconds(Path(work), 0, args.runs, engine))
        more = statistics.median(build_seconds(Path(work), args.pages, args.runs, engine))
    per_page = (more - alone) / args.pages
    print(f"section pages alone: {alone:.2f} s; with {args.pages:,} empty pages: {more:.2f} s")
    print(f"one empty page costs MkDocs {per_page * 1000:.2f} ms (median of {args.runs} builds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
