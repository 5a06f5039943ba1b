"""The benchmark of issues 6, 8 and 17: digest build and the full site build, with MkDocs and
Zensical, against two references.

    .venv/bin/python -m benchmarks.run                      # N = 1,000, 4,000, 10,000
    .venv/bin/python -m benchmarks.run --sizes 200,400 --no-blog
    .venv/bin/python -m benchmarks.run --sizes 10000,100000 --no-blog --cold-runs 1  # issue 17

For every size N, in a temporary directory of its own, it generates a seeded synthetic corpus
and times, one command after another: `digest build` cold (median of --cold-runs) and again
with nothing changed; `mkdocs build` of the docs tree with the project's configuration;
Pagefind and the bytes a first search downloads; every other engine of --engines (Zensical)
building the same tree, and Pagefind on its site; one note edited (digest build,
`mkdocs build --dirty`); the edit-to-preview time through `digest serve`; plain MkDocs +
Material on the same notes (the floor, N <= --floor-max) and Material's blog plugin (the
anchor, N <= --blog-max). `benchmarks/README.md` describes each step and each column.

It prints Markdown tables (figures, ratios, targets with ✓/✗) and writes the raw results as
JSON to `benchmarks/out/results-<timestamp>.json`. Work folders are deleted only when the whole
run ends: deleting an earlier size's thousands of files slows the next builds for seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import commands, environment, report, targets
from benchmarks.configs import Config, load_project_config
from benchmarks.measure import progress
from benchmarks.results import SizeResult
from benchmarks.steps import COLD_RUNS, Plan, Tools, Work, bench_size

OUT = Path(__file__).resolve().parent / "out"


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--sizes: {exc}") from exc
    if not sizes or any(n <= 0 for n in sizes):
        raise argparse.ArgumentTypeError("--sizes needs positive integers, e.g. 1000,4000")
    return sorted(set(sizes))


def parse_engines(text: str) -> list[str]:
    """Engine names, MkDocs first: it builds the references, the edit's dirty build and (in
    `digest serve`) the preview, and its records keep the results' old keys."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in commands.ENGINES]
    if unknown or not names:
        known = ", ".join(commands.ENGINES)
        raise argparse.ArgumentTypeError(
            f"--engines: {', '.join(unknown) or text!r}; known: {known}"
        )
    if "mkdocs" not in names:
        raise argparse.ArgumentTypeError(
            "--engines needs mkdocs: the floor, the edit's dirty build and the preview use it"
        )
    return ["mkdocs", *dict.fromkeys(n for n in names if n != "mkdocs")]


def positive(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    if value < 1:
        raise argparse.ArgumentTypeError("needs a positive integer")
    return value


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark digest build + the site engines (MkDocs, Zensical) against "
        "plain MkDocs and the blog plugin.",
    )
    add = parser.add_argument
    add(
        "--sizes",
        type=parse_sizes,
        default=[1000, 4000, 10_000],
        help="comma-separated note counts (default 1000,4000,10000)",
    )
    add(
        "--engines",
        type=parse_engines,
        default=["mkdocs", "zensical"],
        help="comma-separated site engines (default mkdocs,zensical); mkdocs is always first",
    )
    add(
        "--cold-runs",
        type=positive,
        default=COLD_RUNS,
        help=f"cold digest builds per size, the median reported (default {COLD_RUNS})",
    )
    add(
        "--floor-max",
        type=int,
        default=10_000,
        help="largest N for the plain-MkDocs floor (default 10000)",
    )
    add("--seed", type=int, default=1, help="corpus seed (default 1)")
    add("--no-blog", action="store_true", help="skip the blog-plugin anchor")
    add(
        "--blog-max",
        type=int,
        default=4000,
        help="largest N for the blog anchor (default 4000; it is super-linear)",
    )
    add("--no-edit", action="store_true", help="skip the edit-one-note run")
    add(
        "--no-serve",
        action="store_true",
        help="skip the edit-to-preview run through `digest serve` (at every size)",
    )
    add("--workdir", type=Path, help="parent of the per-size temp dirs (default: system temp)")
    add("--keep", action="store_true", help="keep the temp dirs for inspection")
    add(
        "--json-dir",
        type=Path,
        default=OUT,
        help="where results-<timestamp>.json goes (default benchmarks/out)",
    )
    return parser.parse_args(argv)


def plan(n: int, args: argparse.Namespace) -> Plan:
    """Which steps run at size `n`: the preview at every size (its growth is a target), the
    floor up to --floor-max, the anchor up to --blog-max (the blog plugin grows faster than
    linearly)."""
    return Plan(
        notes=n,
        seed=args.seed,
        edit=not args.no_edit,
        serve=not args.no_serve,
        blog=not args.no_blog and n <= args.blog_max,
        floor=n <= args.floor_max,
        cold_runs=args.cold_runs,
    )


def run_meta(
    started: dt.datetime, args: argparse.Namespace, tools: Tools, base: Config, source: str
) -> dict[str, Any]:
    """The run's header in the report and the JSON: when, where, what, with which targets."""
    placeholder = Path("DIR")
    build = tools.digest.build(
        placeholder / "content", placeholder / "build/docs", placeholder / "mkdocs-full.yml"
    )
    work = Work(placeholder)
    engine_cmds = {tools.engine.name: " ".join(tools.engine.build(work.config))}
    for engine in tools.others:
        line = engine.build(work.engine_config(engine), strict=bool(base.get("strict")))
        engine_cmds[engine.name] = " ".join(line)
    return {
        "started": started.isoformat(timespec="seconds"),
        "machine": environment.machine(),
        "versions": environment.versions(),
        "git": environment.git_revision(),
        "seed": args.seed,
        "sizes": args.sizes,
        "mkdocs_config": source,
        "digest_cmd": " ".join(build),
        "engines": [tools.engine.name, *(e.name for e in tools.others)],
        "engine_cmds": engine_cmds,
        "cold_runs": args.cold_runs,
        "floor_max": args.floor_max,
        "blog_max": 0 if args.no_blog else args.blog_max,
        "targets": targets.as_json(),
        "search_query": targets.QUERY,
    }


def bench_sizes(args: argparse.Namespace, tools: Tools, base: Config) -> list[SizeResult]:
    """Every size in turn; the work folders go when the last size is done (or --keep)."""
    results: list[SizeResult] = []
    left_over: list[Path] = []
    try:
        for n in args.sizes:
            if args.workdir:
                args.workdir.mkdir(parents=True, exist_ok=True)
            work = Work(Path(tempfile.mkdtemp(prefix=f"digest-bench-{n}-", dir=args.workdir)))
            progress(f"N={n}: working in {work.root}")
            try:
                results.append(bench_size(plan(n, args), work, tools, base))
            finally:
                if args.keep:
                    progress(f"N={n}: kept {work.root}")
                else:
                    left_over.append(work.root)
    finally:
        for folder in left_over:
            shutil.rmtree(folder, ignore_errors=True)
    return results


def write_json(
    path: Path, meta: dict[str, Any], results: list[SizeResult], growth: Any, table: str
) -> None:
    payload = {
        **meta,
        "results": [r.as_json() for r in results],
        "growth": growth,
        "table_markdown": table,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    started = dt.datetime.now().astimezone()
    first, *others = (commands.ENGINES[name]() for name in args.engines)
    tools = Tools(digest=commands.digest(), engine=first, others=tuple(others))
    commands.compile_package()
    base, source = load_project_config()
    meta = run_meta(started, args, tools, base, source)
    results = bench_sizes(args, tools, base)
    growth = targets.growth_rows(results)
    table = report.render(results, meta, growth)
    print(table)
    out = args.json_dir / f"results-{started.strftime('%Y%m%d-%H%M%S')}.json"
    write_json(out, meta, results, growth, table)
    progress(f"results written to {out}")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
