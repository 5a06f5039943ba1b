"""The Markdown tables a run prints: times, memory and output, search downloads, growth, targets.

The tables are what `benchmarks/README.md` and the project README quote, so their rows, columns
and formatting stay as they are from run to run; each table is one function of the results.
The tables of every engine and every step (`report_steps`) come after the times table. A ✓/✗
after a figure compares it with its target (`targets`, issue 17) at the size the target names.
"""

from __future__ import annotations

from typing import Any

from benchmarks.report_steps import (
    engines_table,
    fmt_ratio,
    fmt_s,
    kb,
    ok_seconds,
    step_growth_table,
    steps_table,
)
from benchmarks.results import Record, SizeResult, ratio
from benchmarks.search_size import RESULTS_SHOWN
from benchmarks.targets import (
    QUERY,
    TARGET_FIRST_QUERY_BYTES,
    TARGET_PROCESS_MB,
    TARGET_RERUN_S,
    mark,
    targets,
)

# ------------------------------------------------------------------------------------------
# times


def _rerun_cell(rerun: Record) -> str:
    if not rerun:
        return "—"
    ok = rerun["ok"] and rerun["seconds"] < TARGET_RERUN_S and rerun["files_written"] == 0
    return f"{rerun['seconds']:.2f} ({rerun['files_written']}) {mark(ok)}"


def _edit_cells(r: SizeResult) -> tuple[str, str]:
    if not r.edit:
        return "—", "—"
    e, d = r.edit["digest"], r.edit["mkdocs_dirty"]
    return (
        f"{e['seconds']:.2f} ({e['files_written']})",
        f"{d['seconds']:.2f} ({d['files_written']})",
    )


def _times_row(r: SizeResult) -> str:
    """The first engine's (MkDocs') figures; the full / floor and blog / full ratios no longer
    have a target (issue 17 counts `digest index` in the full build: the engines table)."""
    digest_s = ok_seconds(r.digest)
    floor_s, blog_s = ok_seconds(r.floor), ok_seconds(r.blog)
    edit_cell, dirty_cell = _edit_cells(r)
    return (
        f"| {r.notes:,} | {fmt_s(digest_s)} "
        f"| {_rerun_cell(r.rerun)} | {fmt_s(r.full_s)} | {fmt_s(r.pagefind_s)} "
        f"| {fmt_s(r.full_pagefind_s)} | {fmt_s(floor_s)} "
        f"| {fmt_ratio(ratio(r.full_s, floor_s))} | {fmt_s(blog_s)} "
        f"| {fmt_ratio(ratio(blog_s, r.full_s))} "
        f"| {edit_cell} | {dirty_cell} |"
    )


def times_table(results: list[SizeResult]) -> list[str]:
    return [
        "### Times (seconds, wall clock)",
        "",
        "| notes | digest build | rerun, no change (files written) | full build "
        "| pagefind | full + pagefind "
        "| floor | full / floor | blog plugin | blog / full | edit: digest (files) "
        "| edit: mkdocs --dirty (files) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(_times_row(r) for r in results),
    ]


# ------------------------------------------------------------------------------------------
# memory and output


def _reference_cell(d: Record) -> str:
    if not d.get("ok"):
        return "—"
    return f"{d['site_files']:,} / {d['site_mb']:.1f} / {d['search_index_mb'] or 0:.1f}"


def _rss_cell(d: Record) -> str:
    return f"{d['maxrss_mb']:.0f}" if d.get("ok") else "—"


def _largest_cell(digest: dict[str, Any]) -> str:
    if not digest.get("ok") or "largest_page_kb" not in digest:
        return "—"
    return f"{digest['largest_page_kb']:.0f} (`{digest['largest_page']}`)"


def _memory_row(r: SizeResult) -> str:
    peak = r.peak_mb
    m = r.mkdocs if r.mkdocs.get("ok") else {}
    cells = [
        f"{r.notes:,}",
        "—" if peak is None else f"{peak:.0f} {mark(peak < TARGET_PROCESS_MB)}",
        _rss_cell(r.pagefind),
        _rss_cell(r.floor),
        _rss_cell(r.blog),
        f"{r.digest['files']:,}" if r.digest.get("ok") else "—",
        _largest_cell(r.digest),
        f"{m['site_files']:,}" if m else "—",
        f"{m['site_mb']:.1f}" if m else "—",
        f"{m['search_index_mb'] or 0:.1f}" if m else "—",
        _reference_cell(r.floor),
        _reference_cell(r.blog),
    ]
    return "| " + " | ".join(cells) + " |"


def memory_table(results: list[SizeResult]) -> list[str]:
    return [
        "### Memory and output",
        "",
        "| notes | peak RSS, full build (MB) | pagefind RSS | floor RSS | blog RSS | docs files "
        "| largest page source (KB) | site files | site MB | search index MB | floor: files / MB / index MB "
        "| blog: files / MB / index MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(_memory_row(r) for r in results),
    ]


# ------------------------------------------------------------------------------------------
# search downloads


def _downloads_row(r: SizeResult) -> str:
    sizes = r.search.get("sizes")
    floor = r.floor if r.floor.get("ok") else {}
    floor_cell = "—"
    if floor.get("search_index_bytes"):
        floor_cell = f"{kb(floor['search_index_bytes'])} / {kb(floor['search_index_gzip_bytes'])}"
    if not sizes:
        return f"| {r.notes:,} | — | — | — | — | — | {floor_cell} |"
    first = f"{kb(sizes['first_query_total'])} / {kb(sizes['first_query_total_gzip'])}"
    material = f"{kb(sizes['material_index'])} / {kb(sizes['material_index_gzip'])}"
    if r.notes in TARGET_FIRST_QUERY_BYTES:
        bound = TARGET_FIRST_QUERY_BYTES[r.notes]
        first += " " + mark(sizes["first_query_total_gzip"] < bound)
    return (
        f"| {r.notes:,} | {sizes['results']:,} | {first} "
        f"| {kb(sizes['faceted_query_total'])} / {kb(sizes['faceted_query_total_gzip'])} "
        f"| {r.search['bundle_files']:,} / {r.search['bundle_mb']:.1f} "
        f"| {material} | {floor_cell} |"
    )


def _parts_row(r: SizeResult) -> str | None:
    sizes = r.search.get("sizes")
    if not sizes:
        return None
    return (
        f"| {r.notes:,} | {kb(sizes['pagefind_runtime'])} | {kb(sizes['pagefind_wasm'])} "
        f"| {kb(sizes['pagefind_meta'])} "
        f"| {kb(sizes['pagefind_index'])} ({sizes['pagefind_index_chunks']}) "
        f"| {kb(sizes['pagefind_fragments'])} "
        f"({min(sizes['results'], RESULTS_SHOWN)}) "
        f"| {kb(sizes['search_ui'])} "
        f"| {kb(sizes['pagefind_filters'])} ({sizes['pagefind_filter_chunks']}) |"
    )


def search_tables(results: list[SizeResult]) -> list[str]:
    """Bytes a browser downloads to search: Pagefind's first query, Material's index."""
    parts = [row for row in map(_parts_row, results) if row is not None]
    return [
        f"### Search downloads (kB = 1,000 bytes; query “{QUERY}”)",
        "",
        "| notes | results | first query: stored / gzip | first filtered query: stored / gzip "
        "| Pagefind bundle: files / MB | Material index: stored / gzip "
        "| floor's Material index: stored / gzip |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        *(_downloads_row(r) for r in results),
        "",
        "First query, by part (kB as stored; Pagefind's own files are gzip already):",
        "",
        "| notes | runtime (entry, JS, worker) | wasm | meta (every page) "
        "| index chunks (count) | fragments (count) | UI | filter chunks (count), if filtered |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        *parts,
    ]


# ------------------------------------------------------------------------------------------
# growth, targets, errors


def growth_table(growth: list[dict[str, Any]]) -> list[str]:
    if not growth:
        return []
    lines = [
        "### Growth (time at the larger size / time at the smaller)",
        "",
        "| from → to | linear | bound | full build | digest build | floor | pagefind |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for g in growth:
        within = g["full"] <= g["bound"] if g["full"] is not None else None
        lines.append(
            f"| {g['from']:,} → {g['to']:,} | {g['linear']:.2f}× | {g['bound']:.2f}× "
            f"| {fmt_ratio(g['full'], within)} "
            f"| {fmt_ratio(g['digest'])} | {fmt_ratio(g['floor'])} "
            f"| {fmt_ratio(g['pagefind'])} |"
        )
    return lines


def targets_table(results: list[SizeResult], growth: list[dict[str, Any]]) -> list[str]:
    lines = ["### Targets (issue 17)", "", "| target | measured | |", "|---|---|---|"]
    for label, measured, ok in targets(results, growth):
        if measured is None:
            lines.append(f"| {label} | not measured | |")
        else:
            lines.append(f"| {label} | {measured} | {mark(bool(ok))} |")
    return lines


def render(results: list[SizeResult], meta: dict[str, Any], growth: list[dict[str, Any]]) -> str:
    """The whole report: a heading with the run's machine and commands, then every table."""
    head = [
        f"## Benchmark {meta['started']} — {meta['machine']}",
        "",
        f"digest: `{meta['digest_cmd']}` · mkdocs config: {meta['mkdocs_config']} "
        f"· seed {meta['seed']}",
    ]
    engines = meta.get("engine_cmds", {})
    if engines:
        blog = meta.get("blog_max") or 0
        head += [
            "",
            "engines: " + " · ".join(f"`{cmd}`" for cmd in engines.values()),
            f"cold digest builds: {meta.get('cold_runs', 3)} (median) · "
            f"floor up to {meta.get('floor_max', 0):,} notes · "
            + (f"blog anchor up to {blog:,}" if blog else "no blog anchor"),
        ]
    sections = [
        head,
        times_table(results),
        engines_table(results),
        steps_table(results),
        memory_table(results),
        search_tables(results),
        growth_table(growth),
        step_growth_table(growth),
        targets_table(results, growth),
    ]
    errors = [f"- N={r.notes}: {e}" for r in results for e in r.errors]
    if errors:
        sections.append(["### Errors", "", *errors])
    return "\n\n".join("\n".join(lines) for lines in sections if lines) + "\n"
