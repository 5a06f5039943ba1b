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
    width: int = 720
    height: int = 160
    left: int = 36
    bottom: int = 24
    top: int = 12


def timeline_svg(counts: Mapping[str, int], title: str) -> Markup:
    """Notes per month as bars, with a title and a text alternative for screen readers."""
    if not counts:
        return Markup("")
    months = month_range(min(counts), max(counts))
    box = _Box()
    peak = max(counts.values())
    plot_w, plot_h = box.width - box.left - 8, box.height - box.bottom - box.top
    step = plot_w / len(months)
    bars = []
    for index, month in enumerate(months):
        value = counts.get(month, 0)
        if not value:
            continue
        h = max(2.0, plot_h * value / peak)
        x, y = box.left + index * step, box.top + plot_h - h
        label = f"{month_label(month)}: {value} note{'s' if value != 1 else ''}"
        bars.append(
            f'<rect class="digest-chart__bar" x="{x:.1f}" y="{y:.1f}" width="{max(step - 1, 1):.1f}" '
            f'height="{h:.1f}"><title>{label}</title></rect>'
        )
    years = sorted({m[:4] for m in months})
    ticks = []
    for year in years:
        first = months.index(f"{year}-01") if f"{year}-01" in months else 0
        x = box.left + first * step
        ticks.append(
            f'<text class="digest-chart__tick" x="{x:.1f}" y="{box.height - 6}">{year}</text>'
        )
    total = sum(counts.values())
    summary = (
        f"{total} note{'s' if total != 1 else ''} from {month_label(months[0])} to "
        f"{month_label(months[-1])}; busiest month {month_label(max(counts, key=lambda m: (counts[m], m)))} "
        f"with {peak}."
    )
    axis_y = box.top + plot_h
    svg = (
        f'<figure class="digest-chart" data-search-exclude><svg role="img" aria-labelledby="chart-title chart-desc" '
        f'viewBox="0 0 {box.width} {box.height}" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(summary)}</desc>'
        f'<text class="digest-chart__tick" x="0" y="{box.top + 8}">{peak}</text>'
        f'<line class="digest-chart__axis" x1="{box.left}" y1="{axis_y}" x2="{box.width - 8}" y2="{axis_y}"/>'
        f"{''.join(bars)}{''.join(ticks)}</svg>"
        f"<figcaption>{escape(summary)}</figcaption></figure>"
    )
    return Markup(svg)
