"""The tables of every engine and every step (issue 17), and the formatting the tables share.

* engines: a row per engine and size: its build of the docs tree, `digest index` on its site,
  the full build (`digest build` + its build + `digest index`) against the floor, peak memory,
  the site and Pagefind's first query;
* steps: a row per step, a column per size: time and peak RSS of every process;
* growth by step: a row per step, a column per pair of consecutive sizes, each against
  `targets.growth_bound` (11× for 10,000 → 100,000).
"""

from __future__ import annotations

from typing import Any

from benchmarks.results import Record, SizeResult, Step
from benchmarks.targets import (
    FLOOR_AT,
    TARGET_FULL_OVER_FLOOR,
    TARGET_PROCESS_MB,
    engines_of,
    mark,
    step_names,
)


def fmt_s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def fmt_ratio(value: float | None, ok: bool | None = None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}×" + ("" if ok is None else " " + mark(ok))


def kb(n_bytes: float) -> str:
    """kB (1,000 bytes), as Pagefind's 300 kB figure."""
    return f"{n_bytes / 1000:,.0f}"


def ok_seconds(record: Record) -> float | None:
    """The seconds of a successful step (the median for cold builds), else None."""
    return record.get("seconds") if record.get("ok") else None


def _rss(record: Record) -> str:
    """Peak RSS in MB, ✗ at 4 GB or more; also for a failed run (it may have been killed)."""
    rss = record.get("maxrss_mb")
    if rss is None:
        return "—"
    return f"{rss:,.0f}" + (f" {mark(False)}" if rss >= TARGET_PROCESS_MB else "")


# ------------------------------------------------------------------------------------------
# engines


def _engine_row(r: SizeResult, name: str) -> str:
    build, index = r.engine_build(name), r.engine_index(name)
    over = r.engine_over_floor(name)
    ok = over <= TARGET_FULL_OVER_FLOOR if over is not None and r.notes == FLOOR_AT else None
    sizes = r.engine_search(name).get("sizes")
    site = build if build.get("ok") else {}
    header = None
    if sizes:
        header = sizes["material_index"]
    elif site.get("search_index_bytes"):
        header = site["search_index_bytes"]
    cells = [
        f"{r.notes:,}",
        name,
        fmt_s(ok_seconds(build)) if build else "not run",
        fmt_s(ok_seconds(index)),
        fmt_s(r.engine_full_s(name)),
        fmt_ratio(over, ok),
        _rss(build),
        _rss(index),
        f"{site['site_files']:,}" if site else "—",
        f"{site['site_mb']:.1f}" if site else "—",
        "—" if header is None else f"{header / 1e6:.2f}",
        kb(sizes["first_query_total_gzip"]) if sizes else "—",
    ]
    return "| " + " | ".join(cells) + " |"


def engines_table(results: list[SizeResult]) -> list[str]:
    """A row per engine and size; the full build counts `digest index`, as issue 17 does."""
    engines = engines_of(results)
    rows = [_engine_row(r, name) for r in results for name in engines if r.digest.get("ok")]
    if not rows:
        return []
    return [
        "### Engines (seconds; MB)",
        "",
        "Each engine builds the same docs tree cold into its own site; *pagefind* is "
        "`digest index` on that site; *full* is `digest build` + the engine's build + pagefind; "
        f"the floor is plain MkDocs + Material (target ≤ {TARGET_FULL_OVER_FLOOR}× "
        f"at {FLOOR_AT:,}).",
        "",
        "| notes | engine | build | pagefind | full | full / floor | build RSS | pagefind RSS "
        "| site files | site MB | header search index MB | first query, gzip kB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]


# ------------------------------------------------------------------------------------------
# every step


def _step_cell(step: Step | None) -> str:
    if step is None or not step.ran:
        return "—"
    rss = "—" if step.maxrss_mb is None else f"{step.maxrss_mb:,.0f}"
    if step.maxrss_mb is not None and step.maxrss_mb >= TARGET_PROCESS_MB:
        rss += " " + mark(False)
    time = fmt_s(step.seconds) if step.ok else "failed"
    return f"{time} / {rss}"


def steps_table(results: list[SizeResult]) -> list[str]:
    """A row per step, a column per size: seconds / peak RSS (MB) of the step's process."""
    names = step_names(results)
    if not names:
        return []
    by_size = [{s.name: s for s in r.steps()} for r in results]
    lines = [
        "### Every step (seconds / peak RSS in MB)",
        "",
        "*digest build*: the median of the cold builds, the last one's memory; *rerun*: nothing "
        "changed; *X index*: `digest index` on engine X's site; *edit*: one note edited, then "
        "`digest build` and MkDocs' dirty build; *serve*: `digest serve`, the median of three "
        "edits from saving to the preview, and the server's memory over its whole run. "
        "✗: 4 GB or more.",
        "",
        "| step | " + " | ".join(f"{r.notes:,}" for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for name in names:
        cells = [_step_cell(steps.get(name)) for steps in by_size]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def step_growth_table(growth: list[dict[str, Any]]) -> list[str]:
    """A row per step, a column per pair of consecutive sizes, each against its bound."""
    if not growth:
        return []
    names: list[str] = []
    for g in growth:
        names += [n for n in g["steps"] if n not in names]
    head = [f"{g['from']:,} → {g['to']:,} (bound {g['bound']:.2f}×)" for g in growth]
    lines = [
        "### Growth by step (time at the larger size / time at the smaller)",
        "",
        "| step | " + " | ".join(head) + " |",
        "|---|" + "---:|" * len(growth),
    ]
    for name in names:
        cells = []
        for g in growth:
            value = g["steps"].get(name)
            cells.append(fmt_ratio(value, None if value is None else value <= g["bound"]))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines
