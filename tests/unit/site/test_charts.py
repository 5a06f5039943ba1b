"""The inline SVG charts: every month on the axis, bars only where there are notes, text escaped."""

from __future__ import annotations

import re

from generator.site.charts import describe, month_label, month_range, timeline_svg, y_ticks
from generator.site.geomap import MapPoint, region_map_svg


def test_month_range_keeps_quiet_months() -> None:
    assert month_range("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert month_label("2024-04") == "Apr 2024"


def test_a_bar_for_each_month_with_notes() -> None:
    svg = timeline_svg({"2024-01": 2, "2024-03": 1}, "Notes <per> month")
    assert svg.count('class="digest-chart__bar"') == 2
    assert "<title>Jan 2024: 2 notes</title>" in svg and "<title>Mar 2024: 1 note</title>" in svg
    assert "Notes &lt;per&gt; month" in svg
    assert "3 notes from Jan 2024 to Mar 2024; busiest month Jan 2024 with 2 notes." in svg
    assert '<th scope="row">Jan 2024</th><td>2</td>' in svg  # the numbers as a table


def test_y_axis_has_round_ticks_from_zero() -> None:
    assert y_ticks(1) == [0, 1]
    assert y_ticks(7) == [0, 2, 4, 6, 8]
    assert y_ticks(30) == [0, 10, 20, 30]
    assert y_ticks(250) == [0, 100, 200, 300]
    svg = timeline_svg({"2024-01": 1, "2024-02": 1}, "t")
    assert svg.count('class="digest-chart__grid"') == 2


def test_captions_never_call_a_tie_the_busiest_month() -> None:
    assert describe({"2024-01": 1, "2024-03": 1}) == (
        "2 notes from Jan 2024 to Mar 2024; 2 of 3 months have notes, 1 note each."
    )
    assert "busiest months Jan 2024, Mar 2024, 2 notes each" in describe(
        {"2024-01": 2, "2024-02": 1, "2024-03": 2}
    )
    assert describe({"2024-05": 3}) == "3 notes in May 2024."


def test_labels_are_readable_on_a_phone() -> None:
    """Text of FONT units in a WIDTH-unit viewBox, drawn 358 px wide (a 390 px phone)."""
    svg = timeline_svg({"2020-01": 1, "2024-12": 3}, "t")
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))  # type: ignore[union-attr]
    font = int(re.search(r'font-size="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    assert font * 358 / width >= 11
    years = re.findall(r">(20\d\d)</text>", svg)
    assert years == ["2020", "2021", "2022", "2023", "2024"]


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
