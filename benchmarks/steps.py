"""The steps of one size, in the order `benchmarks/README.md` lists them.

`bench_size` reads as that list: the corpus, cold `digest build`s, a rerun with nothing changed,
the first engine's build of the docs tree, Pagefind and the search downloads, every other
engine's build of the same tree and Pagefind on its site, one note edited, the preview through
`digest serve`, then the floor and the blog anchor. Each step records what it measured under
its own key of `SizeResult` and says what failed in `errors`; a step that fails skips the steps
that need its output. Which optional steps run at a size is the runner's decision, handed over
as a `Plan`; the executables come as `Tools`.
"""

from __future__ import annotations

import shutil
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import references, search_size, serve_edit, synth
from benchmarks.commands import PROJECT, Digest, Engine
from benchmarks.configs import Config, full_config, write_config
from benchmarks.corpus import edit_one_note, published_paths
from benchmarks.measure import (
    Run,
    build_site,
    changed,
    count_warnings,
    largest_page,
    mb,
    progress,
    run_record,
    site_figures,
    snapshot,
    timed,
    tree_stats,
)
from benchmarks.results import Record, SizeResult
from benchmarks.targets import ISSUE_QUERY, QUERY

COLD_RUNS = 3  # cold digest builds per size by default; the median is reported


@dataclass(frozen=True)
class Plan:
    """What runs at one size."""

    notes: int
    seed: int
    edit: bool  # one note edited: digest build, then a dirty engine build
    serve: bool  # edit to preview through `digest serve`
    blog: bool  # the blog-plugin anchor
    floor: bool = True  # plain MkDocs + Material on the same notes
    cold_runs: int = COLD_RUNS  # cold `digest build`s, each into a new folder


@dataclass(frozen=True)
class Tools:
    """The executables: `digest`; the engine that builds its docs tree, the references, the
    edit's dirty build (MkDocs); the other engines, each building the same tree once more."""

    digest: Digest
    engine: Engine
    others: tuple[Engine, ...] = field(default=())


@dataclass(frozen=True)
class Work:
    """The temp folder of one size and what goes in it."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def docs(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def site(self) -> Path:
        return self.root / "build" / "site"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs-full.yml"

    def engine_config(self, engine: Engine) -> Path:
        """Another engine's config: beside the work folder's, where its cache goes too."""
        return self.root / f"mkdocs-{engine.name}.yml"

    def engine_site(self, engine: Engine) -> Path:
        return self.root / "build" / f"site-{engine.name}"

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"


def bench_size(plan: Plan, work: Work, tools: Tools, base: Config) -> SizeResult:
    """Every step of one size, in `work` (a fresh, empty folder)."""
    result = SizeResult(notes=plan.notes)
    corpus(plan, work, result)
    write_config(work.config, full_config(base, work.docs, work.site, work.content))
    if cold_builds(work, tools.digest, result, plan.cold_runs):
        rerun(work, tools.digest, result)
        built = site_build(work, tools.engine, result)
        if built:
            pagefind(work, tools.digest, result)
        for engine in tools.others:  # the same docs tree, before the edit changes it
            other_engine(work, engine, tools.digest, base, result)
        if built:
            if plan.edit:
                edit(work, tools, result)
            if plan.serve:
                serve(work, result)
    if plan.floor:
        result.floor = references.floor(plan.notes, work.root, base, tools.engine)
        _check(result, result.floor, f"floor {tools.engine.name} build")
    if plan.blog:
        result.blog = references.blog(plan.notes, work.root, base, tools.engine)
        _check(result, result.blog, f"blog {tools.engine.name} build")
    return result


def _check(result: SizeResult, record: dict[str, Any], step: str) -> bool:
    """Whether the step's command succeeded; if not, its error in the results."""
    if record["rc"] != 0:
        result.errors.append(f"{step} exited {record['rc']}: {record['tail']}")
    return bool(record["rc"] == 0)


def corpus(plan: Plan, work: Work, result: SizeResult) -> None:
    """The synthetic corpus, seeded; its published notes are what every site builds."""
    start = time.perf_counter()
    synth.generate(work.root, plan.notes, plan.seed)
    result.synth_s = round(time.perf_counter() - start, 3)
    result.published = sum(1 for _ in published_paths(work.content))
    work.logs.mkdir()


def cold_builds(work: Work, digest: Digest, result: SizeResult, runs: int = COLD_RUNS) -> bool:
    """`digest build` cold, `runs` times, each into a new folder (the first ones into trial
    folders, deleted with the work folder); the median, and every time in `runs_s` (every
    peak RSS in `runs_maxrss_mb`; `maxrss_mb` is the last build's, as before)."""
    progress(f"N={result.notes}: digest build ×{runs}, each into a new folder")

    def build(out: Path) -> Run:
        return timed(digest.build(work.content, out, work.config), PROJECT, work.log("digest"))

    cold = [build(work.root / "build" / f"docs-trial-{n}") for n in range(1, runs)]
    run = build(work.docs)
    cold.append(run)
    files, size = tree_stats(work.docs)
    page, page_bytes = largest_page(work.docs)
    result.digest = run_record(
        run, files=files, docs_mb=mb(size), largest_page=page, largest_page_kb=page_bytes / 1024
    )
    result.digest["runs_maxrss_mb"] = [attempt.maxrss_mb for attempt in cold]
    if all(attempt.rc == 0 for attempt in cold):
        result.digest["runs_s"] = [attempt.seconds for attempt in cold]
        result.digest["seconds"] = statistics.median(result.digest["runs_s"])
    return _check(result, result.digest, "digest build")


def rerun(work: Work, digest: Digest, result: SizeResult) -> None:
    """`digest build` again with nothing changed: how long, and how many files it rewrote."""
    progress(f"N={result.notes}: digest build, no change")
    before = snapshot(work.docs)
    run = timed(
        digest.build(work.content, work.docs, work.config), PROJECT, work.log("digest-rerun")
    )
    diff = changed(before, snapshot(work.docs))
    result.rerun = run_record(
        run,
        files_written=len(diff["written"]),
        files_removed=len(diff["removed"]),
        sample=diff["written"][:20],
    )


def site_build(work: Work, engine: Engine, result: SizeResult) -> bool:
    """The engine's build of digest's docs tree with the project's configuration."""
    progress(f"N={result.notes}: {engine.name} build (full)")
    log = work.log(f"{engine.name}-full")
    run = build_site(engine, work.config, work.root, log)
    result.mkdocs = run_record(run, **site_figures(work.site), warnings=count_warnings(log))
    return _check(result, result.mkdocs, f"{engine.name} build (full)")


def pagefind(work: Work, digest: Digest, result: SizeResult) -> None:
    """`digest index` (`make site`'s third step, from the project directory as there), then the
    bytes a browser downloads to search the site."""
    progress(f"N={result.notes}: pagefind --site")
    run = timed(digest.index(work.site), PROJECT, work.log("pagefind"))
    result.pagefind = run_record(run)
    if not _check(result, result.pagefind, "pagefind"):
        return
    try:
        result.search = search_figures(work.site)
    except (OSError, ValueError, KeyError, IndexError) as exc:
        result.errors.append(f"search_sizes failed: {exc!r}")


def search_figures(site: Path) -> dict[str, Any]:
    """`search_size.search_sizes` for the benchmark's query and the issue's example query,
    plus the size of the Pagefind bundle."""
    files, size = tree_stats(site / "pagefind")
    return {
        "query": QUERY,
        "sizes": search_size.search_sizes(site, QUERY),
        "issue_query": ISSUE_QUERY,
        "sizes_issue_query": search_size.search_sizes(site, ISSUE_QUERY),
        "bundle_files": files,
        "bundle_mb": mb(size),
    }


def other_engine(
    work: Work, engine: Engine, digest: Digest, base: Config, result: SizeResult
) -> None:
    """Another engine's cold build of the same docs tree into a site of its own, then `digest
    index` on that site and its search downloads, under `result.engines[engine.name]`.

    Its config is the project's, written beside the work folder's with `docs_dir` and
    `site_dir` relative to it when the engine needs them so (Zensical); a cache the engine keeps
    there is deleted first so that the build is cold. Strict when the config says so, as the
    first engine's build is."""
    record: Record = {}
    result.engines[engine.name] = record
    config_path, site = work.engine_config(engine), work.engine_site(engine)
    if engine.relative_dirs:
        docs, out = work.docs.relative_to(work.root), site.relative_to(work.root)
    else:
        docs, out = work.docs, site
    config = full_config(base, docs, out, work.content)
    write_config(config_path, config)
    if engine.cache:
        shutil.rmtree(work.root / engine.cache, ignore_errors=True)
    progress(f"N={result.notes}: {engine.name} build (full, cold)")
    log = work.log(f"{engine.name}-full")
    run = build_site(engine, config_path, work.root, log, strict=bool(config.get("strict")))
    record["build"] = run_record(run, **site_figures(site), warnings=count_warnings(log))
    if not _check(result, record["build"], f"{engine.name} build (full)"):
        return
    progress(f"N={result.notes}: pagefind --site (the {engine.name} site)")
    run = timed(digest.index(site), PROJECT, work.log(f"{engine.name}-pagefind"))
    record["index"] = run_record(run)
    if not _check(result, record["index"], f"{engine.name}: pagefind"):
        return
    try:
        record["search"] = search_figures(site)
    except (OSError, ValueError, KeyError, IndexError) as exc:
        result.errors.append(f"{engine.name}: search_sizes failed: {exc!r}")


def edit(work: Work, tools: Tools, result: SizeResult) -> None:
    """One note edited (title and body), then `digest build` and the engine's dirty build,
    counting the files each rewrote: the cold-process way to a preview."""
    engine = tools.engine
    progress(f"N={result.notes}: edit one note, digest build + {engine.name} build --dirty")
    before_docs, before_site = snapshot(work.docs), snapshot(work.site)
    edited = edit_one_note(work.content)
    build = tools.digest.build(work.content, work.docs, work.config)
    run = timed(build, PROJECT, work.log("digest-edit"))
    diff = changed(before_docs, snapshot(work.docs))
    digest_record = run_record(
        run,
        files_written=len(diff["written"]),
        files_removed=len(diff["removed"]),
        written=diff["written"][:200],
    )
    run = build_site(engine, work.config, work.root, work.log(f"{engine.name}-dirty"), dirty=True)
    diff = changed(before_site, snapshot(work.site))
    dirty_record = run_record(run, files_written=len(diff["written"]), sample=diff["written"][:20])
    result.edit = {
        "note": str(edited.relative_to(work.content)),
        "digest": digest_record,
        "mkdocs_dirty": dirty_record,
    }
    for step in ("digest", "mkdocs_dirty"):
        _check(result, result.edit[step], f"edit: {step}")


def serve(work: Work, result: SizeResult) -> None:
    """Edit to preview through `digest serve`: three notes, one after another."""
    progress(f"N={result.notes}: digest serve, edit three notes, wait for the preview")
    result.serve = serve_edit.measure(
        work.content,
        work.config,
        work.docs,
        work.log("serve"),
        startup_s=serve_edit.startup_timeout(result.notes),
    )
    if result.serve.get("median_s") is None:
        result.errors.append(f"serve edit: {result.serve.get('error', 'failed')}")
