"""The inline SVG charts: whole years on the axis, dots for sparse series and bars for dense ones,
text escaped and readable on a phone."""

from __future__ import annotations

import re

import pytest

from generator.site.charts import (
    describe,
    dot_radius,
    is_sparse,
    lanes,
    month_label,
    month_range,
    timeline_svg,
    y_ticks,
    year_interval,
)
from generator.site.geomap import MapPoint, region_map_svg


def test_month_range_keeps_quiet_months() -> None:
    assert month_range("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert month_label("2024-04") == "Apr 2024"


def test_a_dense_series_is_bars_on_a_y_axis() -> None:
    counts = {"2024-01": 2, "2024-02": 5, "2024-03": 1, "2024-04": 3}
    svg = timeline_svg(counts, "Notes <per> month")
    assert "digest-chart--bars" in svg and svg.count('class="digest-chart__bar"') == 4
    assert "<title>Jan 2024: 2 notes</title>" in svg and "<title>Mar 2024: 1 note</title>" in svg
    assert "Notes &lt;per&gt; month" in svg
    assert "11 notes from Jan 2024 to Apr 2024; busiest month Feb 2024 with 5 notes." in svg
    assert '<th scope="row">Jan 2024</th><td>2</td>' in svg  # the numbers as a table


def test_a_sparse_series_is_dated_dots_with_their_numbers() -> None:
    """Most months empty, or never more than two notes a month: a dot per month with notes, its
    number written in it when it holds more than one; no 0-1 barcode."""
    svg = timeline_svg({"2019-05": 1, "2022-11": 1, "2022-12": 3, "2025-10": 1}, "t")
    assert "digest-chart--dots" in svg and "digest-chart__bar" not in svg
    assert svg.count('class="digest-chart__dot"') == 4
    assert re.findall(r'class="digest-chart__count"[^>]*>(\d+)<', svg) == ["3"]
    assert "<title>Dec 2022: 3 notes</title>" in svg
    assert "Each dot is a month with notes; a number in it says how many." in svg
    assert is_sparse({"2024-01": 1, "2024-02": 1})  # a peak of one is never bars
    assert not is_sparse({"2024-01": 4, "2024-02": 1, "2024-03": 6})


def test_dots_of_neighbouring_months_never_overlap() -> None:
    svg = timeline_svg({f"2024-{m:02d}": 1 for m in (1, 2, 3, 5, 9)} | {"2019-01": 1}, "t")
    dots = [
        (float(x), float(y), float(r))
        for x, y, r in re.findall(r'cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"', svg)
    ]
    for i, (x1, y1, r1) in enumerate(dots):
        for x2, y2, r2 in dots[i + 1 :]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= r1 + r2, (x1, x2)
    assert lanes([(0, 9), (5, 9), (10, 9), (40, 9)]) == [0, 1, 2, 0]
    assert dot_radius(1) < dot_radius(2) <= dot_radius(400) == dot_radius(10_000)


def test_y_axis_has_round_ticks_from_zero() -> None:
    assert y_ticks(1) == [0, 1]
    assert y_ticks(7) == [0, 2, 4, 6, 8]
    assert y_ticks(30) == [0, 10, 20, 30]
    assert y_ticks(250) == [0, 100, 200, 300]
    svg = timeline_svg({"2024-01": 3, "2024-02": 4}, "t")
    assert svg.count('class="digest-chart__grid"') == 5  # 0 to 4


def test_captions_never_call_a_tie_the_busiest_month() -> None:
    assert describe({"2024-01": 1, "2024-03": 1}) == (
        "2 notes from Jan 2024 to Mar 2024; 2 of 3 months have notes, 1 note each."
    )
    assert "busiest months Jan 2024, Mar 2024, 2 notes each" in describe(
        {"2024-01": 2, "2024-02": 1, "2024-03": 2}
    )
    assert describe({"2024-05": 3}) == "3 notes in May 2024."


def _years(svg: str) -> list[str]:
    return re.findall(r">((?:19|20)\d\d)</text>", svg)


@pytest.mark.parametrize("sparse", [True, False])
def test_every_year_in_range_is_labelled_from_its_first_to_its_last(sparse: bool) -> None:
    """The axis runs over whole years, so the last one keeps its label (North Hamgyong's stopped
    at 2023 though its notes ran to April 2024) and none is dropped for want of room (2020)."""
    counts = {"2019-05": 1, "2020-02": 1, "2021-08": 1, "2024-04": 1}
    if not sparse:
        counts = dict.fromkeys(month_range("2019-05", "2024-04"), 3)
    svg = timeline_svg(counts, "t")
    assert ("digest-chart--dots" in svg) is sparse
    assert _years(svg) == ["2019", "2020", "2021", "2022", "2023", "2024"]
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))  # type: ignore[union-attr]
    font = int(re.search(r'font-size="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    assert font * 358 / width >= 11  # 11 px or more on a 390 px phone


def test_a_long_archive_labels_years_at_round_intervals_and_ticks_every_year() -> None:
    """Thirty years do not fit side by side: labels every 5 years (1995, 2000 …), a tick at
    the start of every year, so no year is skipped unmarked."""
    counts = dict.fromkeys(month_range("1993-03", "2024-11"), 30)
    svg = timeline_svg(counts, "t")
    years = _years(svg)
    assert years == [str(y) for y in range(1995, 2025, 5)]
    assert year_interval(32, 524) == 5
    assert year_interval(7, 524) == 1
    ticks = re.findall(
        r'<line class="digest-chart__axis" x1="[\d.]+" y1="[\d.]+" x2="[\d.]+" y2', svg
    )
    assert len(ticks) >= 32 + 1  # the axis line and a tick per year


def test_one_year_is_labelled_by_month() -> None:
    svg = timeline_svg({"2024-03": 1, "2024-04": 2}, "t")
    assert re.findall(r">(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)</text>", svg) == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]  # fmt: skip


def test_no_notes_no_chart() -> None:
    assert timeline_svg({}, "t") == ""
    assert region_map_svg([], "t") == ""


def test_map_points_are_links_with_escaped_names() -> None:
    points = [
        MapPoint("<Old> Town", 42.0, 129.0, 3, "../old-town/"),
        MapPoint("River", 42.5, 129.5, 1, "../river/"),
    ]
    svg = region_map_svg(points, "Map & more")
    assert svg.count('<a class="digest-map__place" href=') == 2
    assert "&lt;Old&gt; Town: 3 notes" in svg and "<Old>" not in svg
    assert "Map &amp; more" in svg
