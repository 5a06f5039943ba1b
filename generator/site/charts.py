"""Inline SVG charts drawn at build time: they need no script and make no request.

Colours come from Material's CSS variables so the charts follow light and dark mode.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_range(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (yyyy-mm), so quiet months show as gaps."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_label(month: str) -> str:
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


@dataclass(frozen=True)
class _Box:
    """The chart's frame in SVG units. Text is FONT units of a WIDTH-wide viewBox, so on a
    phone (a 358 px column at 390 px wide) it is FONT × 358 / WIDTH ≥ 11 px."""

    width: int = 540
    height: int = 200
    left: int = 40
    right: int = 8
    bottom: int = 26
    top: int = 14


FONT = 17


def _notes(count: int) -> str:
    return f"{count} note{'s' if count != 1 else ''}"


def y_ticks(peak: int) -> list[int]:
    """Round values from 0 to at least `peak` for the y-axis: 2 to 5 ticks, steps of 1, 2 or 5
    times a power of ten (a peak of 1 gives 0 and 1; of 7, 0, 2, 4, 6, 8)."""
    step = 1
    while -(-peak // step) > 4:
        step = _next_step(step)
    top = -(-peak // step) * step
    return list(range(0, top + 1, step))


def _next_step(step: int) -> int:
    """1, 2, 5, 10, 20, 50, …"""
    power = 1
    while power * 10 <= step:
        power *= 10
    following = {1: 2, 2: 5, 5: 10}
    return following[step // power] * power


def describe(counts: Mapping[str, int]) -> str:
    """The chart in words: total, span, and the busiest month only when one month stands out."""
    months = month_range(min(counts), max(counts))
    total = sum(counts.values())
    span = (
        f"in {month_label(months[0])}"
        if len(months) == 1
        else f"from {month_label(months[0])} to {month_label(months[-1])}"
    )
    busy = [m for m in months if counts.get(m, 0)]
    peak = max(counts.values())
    top = [m for m in busy if counts[m] == peak]
    if len(months) == 1:
        detail = ""
    elif len(top) == len(busy):
        detail = f"; {len(busy)} of {len(months)} months have notes, {_notes(peak)} each"
    elif len(top) == 1:
        detail = f"; busiest month {month_label(top[0])} with {_notes(peak)}"
    elif len(top) <= 3:
        named = ", ".join(month_label(m) for m in top)
        detail = f"; busiest months {named}, {_notes(peak)} each"
    else:
        detail = f"; {len(top)} months have the most notes, {peak} each"
    return f"{_notes(total)} {span}{detail}."


def _x_labels(months: list[str], box: _Box, step: float) -> list[str]:
    """Years at their January (or the first month), or months when the span is a year or
    less; a label that would touch the one before is left out."""
    labels: list[str] = []
    last_end = -1e9
    short = len(months) <= 12
    for index, month in enumerate(months):
        if short:
            text = MONTH_NAMES[int(month[5:7]) - 1]
        elif index == 0 or month.endswith("-01"):
            text = month[:4]
        else:
            continue
        x = box.left + index * step + (step / 2 if short else 0)
        width = len(text) * FONT * 0.62
        start = x - width / 2 if short else x
        if start < last_end + FONT * 0.5 or start + width > box.width:
            continue
        anchor = ' text-anchor="middle"' if short else ""
        labels.append(
            f'<text class="digest-chart__tick" x="{x:.1f}" y="{box.height - 6}"{anchor}>{text}</text>'
        )
        last_end = start + width
    return labels


def _table(months: list[str], counts: Mapping[str, int], title: str) -> str:
    """The data as a table, behind a disclosure: what a screen reader or a reader who wants the
    numbers reads. Only the months with notes, so a long quiet archive stays short."""
    rows = "".join(
        f"<tr><th scope=\"row\">{month_label(m)}</th><td>{counts[m]}</td></tr>"
        for m in months
        if counts.get(m)
    )
    return (
        f'<details class="digest-chart__data"><summary>{escape(title)}: the numbers</summary>'
        f'<table><thead><tr><th scope="col">Month</th><th scope="col">Notes</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
    )


def timeline_svg(counts: Mapping[str, int], title: str, chart_id: str = "chart") -> Markup:
    """Notes per month as bars on a labelled y-axis, with a title, a description in words and a
    table of the numbers. Readable on a phone: see `_Box`."""
    if not counts:
        return Markup("")
    months = month_range(min(counts), max(counts))
    box = _Box()
    ticks = y_ticks(max(counts.values()))
    top = ticks[-1]
    plot_w = box.width - box.left - box.right
    plot_h = box.height - box.bottom - box.top
    step = plot_w / len(months)
    axis_y = box.top + plot_h
    grid = []
    for value in ticks:
        y = axis_y - plot_h * value / top
        grid.append(
            f'<line class="digest-chart__grid" x1="{box.left}" y1="{y:.1f}" x2="{box.width - box.right}" y2="{y:.1f}"/>'
            f'<text class="digest-chart__tick" x="{box.left - 6}" y="{y + FONT * 0.35:.1f}" text-anchor="end">{value}</text>'
        )
    bars = []
    gap = min(2.0, step * 0.2)
    for index, month in enumerate(months):
        value = counts.get(month, 0)
        if not value:
            continue
        h = max(2.0, plot_h * value / top)
        x, y = box.left + index * step + gap / 2, axis_y - h
        bars.append(
            f'<rect class="digest-chart__bar" x="{x:.1f}" y="{y:.1f}" width="{max(step - gap, 1):.1f}" '
            f'height="{h:.1f}"><title>{month_label(month)}: {_notes(value)}</title></rect>'
        )
    summary = describe(counts)
    ident = f"{chart_id}-title"
    svg = (
        f'<figure class="digest-chart" data-search-exclude><svg role="img" '
        f'aria-labelledby="{ident} {chart_id}-desc" viewBox="0 0 {box.width} {box.height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">'
        f'<title id="{ident}">{escape(title)}</title><desc id="{chart_id}-desc">{escape(summary)}</desc>'
        f"{''.join(grid)}"
        f'<line class="digest-chart__axis" x1="{box.left}" y1="{axis_y}" x2="{box.width - box.right}" y2="{axis_y}"/>'
        f"{''.join(bars)}{''.join(_x_labels(months, box, step))}</svg>"
        f"<figcaption>{escape(summary)}</figcaption>{_table(months, counts, title)}</figure>"
    )
    return Markup(svg)
