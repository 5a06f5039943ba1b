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
    phone (a 358 px column at 390 px wide) it is FONT × 358 / WIDTH ≥ 11 px; on wider screens
    the stylesheet makes it smaller in units (container queries on the figure), so that it stays
    near 11–15 px and never outgrows the text around it. Labels are laid out for FONT, the
    largest size, so a smaller one never overlaps."""

    width: int = 540
    height: int = 200
    left: int = 40
    right: int = 8
    bottom: int = 26
    top: int = 14


FONT = 17
DIGIT = FONT * 0.62  # the width of a digit, near enough for laying labels out
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)
DOT = 9.0  # radius of a month with one note, in SVG units (6 px on a phone)
NUMBERED_DOT = 13.0  # the least radius of a month with several: its number is written inside
LARGEST_DOT = 22.0


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


def is_sparse(counts: Mapping[str, int]) -> bool:
    """Most months between the first and the last note empty, or never more than two notes in a
    month: drawn as dots, each month's number written in it. Otherwise bars on a y-axis."""
    span = len(month_range(min(counts), max(counts)))
    busy = sum(1 for n in counts.values() if n)
    return busy * 2 < span or max(counts.values()) <= 2


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


@dataclass(frozen=True)
class _Axis:
    """The time axis: whole calendar years, January of the first to December of the last, so
    every year in range has the same width, a tick where it starts and room for its label."""

    months: tuple[str, ...]
    left: float
    right: float

    @classmethod
    def spanning(cls, counts: Mapping[str, int], left: float, right: float) -> _Axis:
        first, last = min(counts)[:4], max(counts)[:4]
        return cls(tuple(month_range(f"{first}-01", f"{last}-12")), left, right)

    @property
    def step(self) -> float:
        return (self.right - self.left) / len(self.months)

    def x(self, index: float) -> float:
        return self.left + index * self.step

    @property
    def years(self) -> list[int]:
        return sorted({int(m[:4]) for m in self.months})


def year_interval(years: int, width: float) -> int:
    """The smallest round interval (1, 2, 5, 10 … years) at which year labels fit side by side
    on `years` equal years `width` units wide: every year keeps a tick, labels skip none but at
    round steps (2020, 2022, 2024)."""
    room = width / years
    return next((k for k in YEAR_STEPS if room * k >= 4 * DIGIT + FONT * 0.6), YEAR_STEPS[-1])


def _x_axis(axis: _Axis, y: float) -> list[str]:
    """Ticks where each year (or, for one year, each month) starts, and labels centred under
    the years (or months) at a round interval that fits."""
    parts = [
        f'<line class="digest-chart__axis" x1="{axis.left}" y1="{y}" x2="{axis.right:.1f}" y2="{y}"/>'
    ]
    text_y = y + FONT + 3
    if len(axis.months) == 12:
        for index, month in enumerate(axis.months):
            parts.append(_tick(axis.x(index), y, 4))
            name = MONTH_NAMES[int(month[5:7]) - 1]
            parts.append(_label(axis.x(index + 0.5), text_y, name))
        return [*parts, _tick(axis.right, y, 4)]
    years = axis.years
    every = year_interval(len(years), axis.right - axis.left)
    for number, year in enumerate(years):
        labelled = year % every == 0
        parts.append(_tick(axis.x(number * 12), y, 7 if labelled else 4))
        if labelled:
            parts.append(_label(axis.x(number * 12 + 6), text_y, str(year)))
    return [*parts, _tick(axis.right, y, 4)]


def _tick(x: float, y: float, length: float) -> str:
    return (
        f'<line class="digest-chart__axis" x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + length}"/>'
    )


def _label(x: float, y: float, text: str) -> str:
    return f'<text class="digest-chart__tick" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{text}</text>'


def _table(months: list[str], counts: Mapping[str, int], title: str) -> str:
    """The data as a table, behind a disclosure: what a screen reader or a reader who wants the
    numbers reads. Only the months with notes, so a long quiet archive stays short."""
    rows = "".join(
        f'<tr><th scope="row">{month_label(m)}</th><td>{counts[m]}</td></tr>'
        for m in months
        if counts.get(m)
    )
    return (
        f'<details class="digest-chart__data"><summary>{escape(title)}: the numbers</summary>'
        f'<table><thead><tr><th scope="col">Month</th><th scope="col">Notes</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
    )


def _bars(counts: Mapping[str, int], box: _Box) -> tuple[list[str], int]:
    """Bars on a y-axis of round ticks, for dense series; returns the parts and the height."""
    axis = _Axis.spanning(counts, box.left, box.width - box.right)
    ticks = y_ticks(max(counts.values()))
    top = ticks[-1]
    plot_h = box.height - box.bottom - box.top
    axis_y = box.top + plot_h
    parts = []
    for value in ticks:
        y = axis_y - plot_h * value / top
        parts.append(
            f'<line class="digest-chart__grid" x1="{box.left}" y1="{y:.1f}" x2="{axis.right}" y2="{y:.1f}"/>'
            f'<text class="digest-chart__tick" x="{box.left - 6}" y="{y + FONT * 0.35:.1f}" text-anchor="end">{value}</text>'
        )
    gap = min(2.0, axis.step * 0.2)
    for index, month in enumerate(axis.months):
        value = counts.get(month, 0)
        if value:
            h = max(2.0, plot_h * value / top)
            parts.append(
                f'<rect class="digest-chart__bar" x="{axis.x(index) + gap / 2:.1f}" y="{axis_y - h:.1f}" '
                f'width="{max(axis.step - gap, 1):.1f}" height="{h:.1f}">'
                f"<title>{month_label(month)}: {_notes(value)}</title></rect>"
            )
    return [*parts, *_x_axis(axis, axis_y)], box.height


def dot_radius(count: int) -> float:
    """A month's dot: small for one note; with several, big enough for its number inside, its
    area growing with the count up to a cap."""
    if count <= 1:
        return DOT
    return min(LARGEST_DOT, max(NUMBERED_DOT, DOT * math.sqrt(count)))


def lanes(dots: list[tuple[float, float]]) -> list[int]:
    """A row for each dot (x, r), left to right: the lowest row where it overlaps no dot, so
    months side by side stay apart instead of covering each other."""
    rows: list[list[tuple[float, float]]] = []
    chosen = []
    for x, r in dots:
        for number, row in enumerate(rows):
            if all(abs(x - other) >= r + size + 2 for other, size in row):
                row.append((x, r))
                chosen.append(number)
                break
        else:
            rows.append([(x, r)])
            chosen.append(len(rows) - 1)
    return chosen


def _dots(counts: Mapping[str, int], box: _Box) -> tuple[list[str], int]:
    """A dot for each month with notes on a strip of years, its number written in it when it
    has more than one: what a sparse series is. Returns the parts and the height."""
    axis = _Axis.spanning(counts, 8, box.width - 8)
    months = [m for m in axis.months if counts.get(m)]
    placed = [(axis.x(axis.months.index(m) + 0.5), dot_radius(counts[m])) for m in months]
    rows = lanes(placed)
    row_height = 2 * max(r for _, r in placed) + 4
    axis_y = 8 + (max(rows) + 1) * row_height
    parts = []
    for month, (x, r), row in zip(months, placed, rows, strict=True):
        y = axis_y - row_height * row - row_height / 2
        count = counts[month]
        number = (
            f'<text class="digest-chart__count" x="{x:.1f}" y="{y + FONT * 0.35:.1f}" text-anchor="middle">{count}</text>'
            if count > 1
            else ""
        )
        parts.append(
            f'<g class="digest-chart__month"><title>{month_label(month)}: {_notes(count)}</title>'
            f'<circle class="digest-chart__dot" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>{number}</g>'
        )
    return [*parts, *_x_axis(axis, axis_y)], int(axis_y + FONT + 10)


def timeline_svg(counts: Mapping[str, int], title: str, chart_id: str = "chart") -> Markup:
    """Notes per month on an axis of whole years, with a title, a description in words and a
    table of the numbers: dots with their numbers for a sparse series (`is_sparse`), bars on a
    y-axis for a dense one. Readable on a phone: see `_Box`."""
    counts = {m: n for m, n in counts.items() if n}
    if not counts:
        return Markup("")
    box = _Box()
    sparse = is_sparse(counts)
    parts, height = _dots(counts, box) if sparse else _bars(counts, box)
    summary = describe(counts) + (
        " Each dot is a month with notes; a number in it says how many." if sparse else ""
    )
    ident = f"{chart_id}-title"
    kind = "dots" if sparse else "bars"
    svg = (
        f'<figure class="digest-chart digest-chart--{kind}" data-search-exclude><svg role="img" '
        f'aria-labelledby="{ident} {chart_id}-desc" viewBox="0 0 {box.width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">'
        f'<title id="{ident}">{escape(title)}</title><desc id="{chart_id}-desc">{escape(summary)}</desc>'
        f"{''.join(parts)}</svg>"
        f"<figcaption>{escape(summary)}</figcaption>"
        f"{_table(month_range(min(counts), max(counts)), counts, title)}</figure>"
    )
    return Markup(svg)
