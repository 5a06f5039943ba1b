"""The inline SVG charts: every month on the axis, bars only where there are notes, text escaped."""

from __future__ import annotations

from generator.site.charts import month_label, month_range, timeline_svg
from generator.site.geomap import MapPoint, region_map_svg


def test_month_range_keeps_quiet_months() -> None:
    assert month_range("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert month_label("2024-04") == "Apr 2024"


def test_a_bar_for_each_month_with_notes() -> None:
    svg = timeline_svg({"2024-01": 2, "2024-03": 1}, "Notes <per> month")
    assert svg.count('class="digest-chart__bar"') == 2
    assert "<title>Jan 2024: 2 notes</title>" in svg and "<title>Mar 2024: 1 note</title>" in svg
    assert "Notes &lt;per&gt; month" in svg
    assert "3 notes from Jan 2024 to Mar 2024; busiest month Jan 2024 with 2." in svg


def test_no_notes_no_chart() -> None:
    assert timeline_svg({}, "t") == ""
    assert region_map_svg([], "t") == ""


def test_map_points_are_links_with_escaped_names() -> None:
    points = [
        MapPoint("<Old> Town", 42.0, 129.0, 3, "../old-town/"),
        MapPoint("River", 42.5, 129.5, 1, "../river/"),
    ]
    svg = region_map_svg(points, "Map & more")
    assert svg.count("<a class=\"digest-map__place\" href=") == 2
    assert "&lt;Old&gt; Town: 3 notes" in svg and "<Old>" not in svg
    assert "Map &amp; more" in svg
