"""Region maps with geography (generator/site/geomap.py): read the SVG the way a browser would."""

from __future__ import annotations

import json
import random
import re
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import combinations, pairwise
from typing import Any

import pytest

from generator.content.areas import AreaProblem
from generator.site.geomap import (
    FONT_SIZE,
    GEODATA,
    VIEW_WIDTH,
    Box,
    MapArea,
    MapPoint,
    _fit,
    area_classes,
    clip_polyline,
    clip_ring,
    legend_counts,
    load_areas,
    region_map_svg,
    text_width,
)

KOREAN_BORDER = [
    MapPoint("Hoeryong", 42.44, 129.75, 3, "../hoeryong/"),
    MapPoint("Uiju", 40.20, 124.53, 1, "../uiju/"),
    MapPoint("Sinuiju", 40.10, 124.40, 2, "../sinuiju/"),
    MapPoint("Dandong", 40.12, 124.38, 1, "../dandong/"),
    MapPoint("Hyesan", 41.40, 128.18, 4, "../hyesan/"),
    MapPoint("Rason", 42.26, 130.30, 1, "../rason/"),
    MapPoint("Sonbong", 42.34, 130.40, 1, "../sonbong/"),
]
PERU = [
    MapPoint("Lima", -12.05, -77.04, 5, "lima/"),
    MapPoint("Cusco", -13.53, -71.97, 2, "cusco/"),
]


# --- reading the SVG back --------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    depth_in_links: int
    text: str = ""


class Parsed(HTMLParser):
    """Every element of the figure, with how many links enclose it and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.open_links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.open_links)
        self.elements.append(element)
        self.stack.append(element)
        if tag == "a":
            self.open_links += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, self.open_links))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            element = self.stack.pop()
            if element.tag == "a":
                self.open_links -= 1
            if element.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:  # an element's text includes its children's
            element.text += data

    def with_class(self, name: str) -> list[Element]:
        return [e for e in self.elements if name in e.attrs.get("class", "").split()]

    def svg_box(self) -> Box:
        _, _, width, height = (
            float(v) for v in self.with_class("digest-map__svg")[0].attrs["viewBox"].split()
        )
        return 0.0, 0.0, width, height


def parse(markup: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(str(markup))
    parsed.close()
    return parsed


def path_points(data: str) -> list[list[tuple[float, float]]]:
    """The absolute points of each subpath of the M…l…z path data the module writes."""
    subpaths = []
    for move, steps in re.findall(r"M([-\d. ]+)l([-\d. ]*)z?", data):
        x, y = (float(v) for v in move.split())
        points = [(x, y)]
        numbers = [float(v) for v in steps.split()]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        subpaths.append(points)
    return subpaths


def label_boxes(parsed: Parsed) -> list[tuple[str, Box]]:
    """Each drawn label's estimated box, worked out from the SVG alone."""
    boxes = []
    for text in parsed.with_class("digest-map__label"):
        x, y, width = float(text.attrs["x"]), float(text.attrs["y"]), text_width(text.text)
        anchor = text.attrs.get("text-anchor", "start")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        boxes.append((text.text, (left, y - 0.93 * FONT_SIZE, left + width, y + 0.24 * FONT_SIZE)))
    return boxes


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def geography(parsed: Parsed, layer: str) -> str:
    paths = parsed.with_class(f"digest-map__{layer}")
    return paths[0].attrs["d"] if paths else ""


# --- geography -------------------------------------------------------------------------------


def test_korean_border_map_has_land_coast_and_borders() -> None:
    parsed = parse(region_map_svg(KOREAN_BORDER, "North Korea's border with China"))
    for layer in ("land", "coast", "border"):
        assert path_points(geography(parsed, layer)), f"no {layer} drawn"


def test_a_map_elsewhere_in_the_world_has_coast_and_rivers() -> None:
    parsed = parse(region_map_svg(PERU, "Peru"))
    assert path_points(geography(parsed, "coast"))
    assert path_points(geography(parsed, "river"))
    assert len(parsed.with_class("digest-map__place")) == 2


@pytest.mark.parametrize(
    "points",
    [
        KOREAN_BORDER,
        PERU,
        [MapPoint("Lisbon", 38.7, -9.1, 2, "a"), MapPoint("Moscow", 55.75, 37.6, 9, "b")],
        [MapPoint("Suva", -18.14, 178.44, 2, "a"), MapPoint("Apia", -13.83, -171.76, 1, "b")],
    ],
    ids=["korea", "peru", "europe", "across-the-antimeridian"],
)
def test_geography_is_clipped_to_the_map_frame(points: list[MapPoint]) -> None:
    parsed = parse(region_map_svg(points, "Map"))
    frame = parsed.with_class("digest-map__frame")[0].attrs
    width, height = float(frame["width"]), float(frame["height"])
    for layer in ("land", "lake", "coast", "border", "river"):
        for subpath in path_points(geography(parsed, layer)):
            for x, y in subpath:
                assert -0.2 <= x <= width + 0.2 and -0.2 <= y <= height + 0.2, (layer, x, y)


def test_no_line_jumps_across_the_map_at_the_antimeridian() -> None:
    points = [MapPoint("Suva", -18.14, 178.44, 2, "a"), MapPoint("Apia", -13.83, -171.76, 1, "b")]
    parsed = parse(region_map_svg(points, "Fiji and Samoa"))
    assert path_points(geography(parsed, "land"))
    for subpath in path_points(geography(parsed, "coast")):
        for (x1, _), (x2, _) in pairwise(subpath):
            assert abs(x2 - x1) < VIEW_WIDTH / 3, "a coast segment spans the map"


def test_one_point_shows_country_around_it() -> None:
    point = MapPoint("Hoeryong", 42.44, 129.75, 3, "../hoeryong/")
    parsed = parse(region_map_svg([point], "Hoeryong"))
    assert len(parsed.with_class("digest-map__place")) == 1
    assert [t.text for t in parsed.with_class("digest-map__label")] == ["Hoeryong"]
    assert path_points(geography(parsed, "border"))
    view = _fit((point.lon, point.lat, point.lon, point.lat))
    west, south, east, north = view.lonlat
    assert north - south >= 3 and east - west >= 3
    assert west < point.lon < east and south < point.lat < north


def test_points_across_a_continent_fit_in_one_view() -> None:
    points = [
        MapPoint("Lisbon", 38.7, -9.1, 2, "a"),
        MapPoint("Vladivostok", 43.1, 131.9, 1, "b"),
        MapPoint("Singapore", 1.35, 103.8, 4, "c"),
    ]
    parsed = parse(region_map_svg(points, "Eurasia"))
    frame = parsed.with_class("digest-map__frame")[0].attrs
    for dot in parsed.with_class("digest-map__dot")[: len(points)]:
        assert 0 < float(dot.attrs["cx"]) < float(frame["width"])
        assert 0 < float(dot.attrs["cy"]) < float(frame["height"])
    assert path_points(geography(parsed, "coast"))


def test_nothing_to_show_gives_no_markup() -> None:
    assert str(region_map_svg([], "Empty")) == ""
    assert str(region_map_svg([MapPoint("Nowhere", 95.0, 0.0, 1, "x")], "Bad")) == ""


# --- places, labels, legend ------------------------------------------------------------------


def dense_points(seed: int, count: int) -> list[MapPoint]:
    rnd = random.Random(seed)
    return [
        MapPoint(
            rnd.choice(["Chongjin", "Kim", "Pyongyang", "혜산시", "Ji'an", "Wonsan"]) + str(i),
            rnd.uniform(39.0, 42.5),
            rnd.uniform(124.5, 130.0),
            rnd.randint(1, 9),
            f"../p{i}/",
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("seed", range(5))
def test_no_two_labels_overlap_and_none_covers_a_dot(seed: int) -> None:
    points = KOREAN_BORDER if seed == 0 else dense_points(seed, 30)
    parsed = parse(region_map_svg(points, "Map"))
    boxes = label_boxes(parsed)
    assert boxes
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        assert not overlap(box_a, box_b), f"{a} overlaps {b}"
    frame = parsed.with_class("digest-map__frame")[0].attrs
    for name, box in boxes:
        assert box[0] >= 0 and box[2] <= float(frame["width"]), name
        assert box[1] >= 0 and box[3] <= float(frame["height"]), name
    for place in parsed.with_class("digest-map__place"):
        assert place.depth_in_links == 0
    dots = [d for d in parsed.with_class("digest-map__dot") if d.depth_in_links]
    for name, box in boxes:
        for dot in dots:
            cx, cy, r = (float(dot.attrs[k]) for k in ("cx", "cy", "r"))
            nx, ny = min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3])
            assert (nx - cx) ** 2 + (ny - cy) ** 2 >= r * r, f"{name} covers a dot"


def test_every_korean_border_place_is_labelled_or_listed() -> None:
    parsed = parse(region_map_svg(KOREAN_BORDER, "Border"))
    labelled = {t.text for t in parsed.with_class("digest-map__label")}
    listed = {
        a.text
        for a in parsed.elements
        if a.tag == "a" and a.attrs.get("href") and not a.attrs.get("class")
    }
    assert labelled | listed == {p.name for p in KOREAN_BORDER}
    assert labelled & listed == set()


def test_a_label_with_no_room_is_listed_below_the_map() -> None:
    crowd = [MapPoint(f"Village {i}", 41.0, 128.0, 1, f"../v{i}/") for i in range(40)]
    parsed = parse(region_map_svg(crowd, "Crowd"))
    labelled = {t.text for t in parsed.with_class("digest-map__label")}
    caption = parsed.with_class("digest-map__unlabelled")
    assert caption and "Not labelled on the map" in caption[0].text
    listed = {
        a.text
        for a in parsed.elements
        if a.tag == "a" and a.depth_in_links == 0 and not a.attrs.get("class")
    }
    assert listed and labelled.isdisjoint(listed)
    assert labelled | listed == {p.name for p in crowd}
    assert len(parsed.with_class("digest-map__place")) == 40


def test_places_are_links_with_accessible_names_and_nothing_nested() -> None:
    parsed = parse(region_map_svg(KOREAN_BORDER, "Border"))
    svg = parsed.with_class("digest-map__svg")[0].attrs
    assert svg.get("role") == "group"  # role="img" would make its links nested-interactive
    assert parsed.elements[[e.tag for e in parsed.elements].index("title")].text == "Border"
    links = parsed.with_class("digest-map__place")
    assert {a.attrs["aria-label"] for a in links} >= {"Hoeryong: 3 notes", "Uiju: 1 note"}
    assert {a.attrs["href"] for a in links} == {p.url for p in KOREAN_BORDER}
    assert all(e.depth_in_links <= 1 for e in parsed.elements)
    assert not [e for e in parsed.elements if e.tag == "a" and e.depth_in_links]


def test_dot_area_follows_count_and_the_legend_uses_the_same_scale() -> None:
    parsed = parse(region_map_svg(KOREAN_BORDER, "Border"))
    radius = {
        a.attrs["aria-label"].split(":")[0]: float(d.attrs["r"])
        for a, d in zip(
            parsed.with_class("digest-map__place"),
            [d for d in parsed.with_class("digest-map__dot") if d.depth_in_links],
            strict=True,
        )
    }
    assert radius["Hyesan"] ** 2 / radius["Uiju"] ** 2 == pytest.approx(4, rel=0.05)
    legend = parsed.with_class("digest-map__legend")[0]
    legend_texts = [
        e.text for e in parsed.elements[parsed.elements.index(legend) :] if e.tag == "text"
    ]
    assert legend_texts[:3] == ["1 note", "2 notes", "4 notes"]


def test_the_legend_shows_only_the_sizes_the_map_uses() -> None:
    """One dot of 4 notes: its legend says "4 notes", not 1, 2 and 4 beside a single dot."""
    parsed = parse(region_map_svg([MapPoint("Hoeryong", 42.44, 129.75, 4, "h/")], "One place"))
    legend = parsed.with_class("digest-map__legend")[0]
    texts = [e.text for e in parsed.elements[parsed.elements.index(legend) :] if e.tag == "text"]
    assert texts == ["4 notes"]
    assert legend_counts([1, 1, 2, 7]) == [1, 2, 7]
    assert legend_counts([3, 3]) == [3]
    assert legend_counts([1, 3, 4, 9, 40]) == [1, 20, 40]


def test_countries_and_seas_are_named_where_the_places_leave_room() -> None:
    """A map of grey land and tinted water says where it is by its countries' and seas' names,
    placed after the places' labels and never over a dot, a label or each other."""
    parsed = parse(region_map_svg(KOREAN_BORDER[-2:], "Rason"))
    names = {e.text: e for e in parsed.with_class("digest-map__name")}
    assert {"CHINA", "NORTH KOREA", "RUSSIA", "Sea of Japan (East Sea)"} <= set(names)
    assert "digest-map__name--sea" in names["Sea of Japan (East Sea)"].attrs["class"]
    group = parsed.with_class("digest-map__names")[0]
    assert group.attrs["aria-hidden"] == "true"  # the text alternative names the places
    boxes = [_name_box(e) for e in names.values()]
    boxes += [_name_box(e) for e in parsed.with_class("digest-map__label")]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert not parse(region_map_svg(PERU, "Peru")).with_class("digest-map__name")  # no names there


def _name_box(element: Any) -> tuple[float, float, float, float]:
    """A text's box as the map estimates it (maplabels.text_width), from its anchor."""
    width = text_width(element.text)
    x, y = float(element.attrs["x"]), float(element.attrs["y"])
    anchor = element.attrs.get("text-anchor", "start")
    left = {"middle": x - width / 2, "end": x - width}.get(anchor, x)
    return left, y - 0.93 * FONT_SIZE, left + width, y + 0.24 * FONT_SIZE


def test_hostile_names_and_urls_are_escaped() -> None:
    hostile = MapPoint('<script>alert("x")</script>', 40.0, 125.0, 1, '"><script>bad()</script>')
    markup = str(region_map_svg([hostile], '<img src=x onerror="y">'))
    assert "<script" not in markup and "<img" not in markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in markup
    parsed = parse(markup)
    link = parsed.with_class("digest-map__place")[0]
    assert link.attrs["href"] == '"><script>bad()</script>'
    assert link.attrs["aria-label"] == '<script>alert("x")</script>: 1 note'


def test_output_is_deterministic_and_independent_of_input_order() -> None:
    first = str(region_map_svg(KOREAN_BORDER, "Border"))
    again = str(region_map_svg(list(reversed(KOREAN_BORDER)), "Border"))
    assert first == again
    assert not re.search(r"\d\.\d\d", first), "numbers are rounded to one decimal"


def test_text_estimates_count_cjk_as_a_whole_em() -> None:
    assert text_width("회령", 10) == pytest.approx(20)
    assert text_width("Hoeryong", 10) < text_width("HOERYONG", 10)
    assert FONT_SIZE * 348 / VIEW_WIDTH >= 11, "labels stay 11 px on a 390 px phone"


def test_a_typical_map_is_quick() -> None:
    region_map_svg(KOREAN_BORDER, "warm-up")
    start = time.perf_counter()
    for _ in range(5):
        region_map_svg(KOREAN_BORDER, "Border")
    assert (time.perf_counter() - start) / 5 < 0.1


# --- choropleth ------------------------------------------------------------------------------


def square(west: float, south: float, east: float, north: float) -> list[list[list[float]]]:
    return [[[west, south], [east, south], [east, north], [west, north], [west, south]]]


AREAS: dict[str, Any] = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"id": "north-hamgyong"},
            "geometry": {"type": "Polygon", "coordinates": square(129.0, 41.6, 130.6, 43.0)},
        },
        {
            "type": "Feature",
            "properties": {"id": "north-pyongan", "name": "ignored"},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [square(124.3, 39.5, 125.9, 40.6), square(124.0, 39.3, 124.2, 39.5)],
            },
        },
        {
            "type": "Feature",
            "properties": {"id": "ryanggang"},
            "geometry": {"type": "Polygon", "coordinates": square(126.8, 40.8, 128.9, 42.0)},
        },
    ],
}


def test_choropleth_shades_areas_by_count_with_a_legend() -> None:
    geometries, problems = load_areas(
        json.dumps(AREAS), known_ids={"north-hamgyong", "north-pyongan", "ryanggang"}
    )
    assert problems == []
    assert set(geometries) == {"north-hamgyong", "north-pyongan", "ryanggang"}
    assert len(geometries["north-pyongan"].polygons) == 2
    counts = {"north-hamgyong": 9, "north-pyongan": 2, "ryanggang": 0}
    areas = [MapArea(term, term.title(), counts[term], g) for term, g in geometries.items()]
    parsed = parse(region_map_svg(KOREAN_BORDER[:2], "Provinces", areas=areas))
    shaded = [p for p in parsed.with_class("digest-map__area") if p.tag == "path"]
    assert {p.text for p in shaded} == {
        "North-Hamgyong: 9 notes",
        "North-Pyongan: 2 notes",
        "Ryanggang: 0 notes",
    }
    classes = {p.text.split(":")[0]: p.attrs["class"] for p in shaded}
    assert classes["Ryanggang"].endswith("--0")
    assert classes["North-Hamgyong"].endswith("--5") and classes["North-Pyongan"].endswith("--1")
    swatches = [r for r in parsed.with_class("digest-map__area") if r.tag == "rect"]
    assert len(swatches) == len(area_classes(9)) == 5


def test_choropleth_alone_needs_no_points() -> None:
    geometries, _ = load_areas(json.dumps(AREAS))
    areas = [MapArea("ryanggang", "Ryanggang", 3, geometries["ryanggang"])]
    parsed = parse(region_map_svg([], "Ryanggang", areas=areas))
    assert parsed.with_class("digest-map__area--3")
    assert path_points(geography(parsed, "border"))


def test_bad_geojson_gives_problems_not_exceptions() -> None:
    [broken] = load_areas("{\n not json")[1]
    assert broken.line == 2 and broken.message.startswith("not valid JSON")
    assert load_areas('{"type": "Feature"}') == (
        {},
        [AreaProblem(1, 'not a GeoJSON FeatureCollection (needs "type": "FeatureCollection")')],
    )
    assert load_areas('{"type": "FeatureCollection",\n"features": 1}')[1] == [
        AreaProblem(2, '"features" must be a list')
    ]
    assert load_areas("[" * 50_000 + "]" * 50_000)[1] == [AreaProblem(1, "JSON nests too deep")]
    good = AREAS["features"][0]
    bad_features = [
        good,
        {"type": "Feature", "properties": {}, "geometry": good["geometry"]},
        {
            "type": "Feature",
            "properties": {"id": "uiju"},
            "geometry": {"type": "Point", "coordinates": [1, 2]},
        },
        {
            "type": "Feature",
            "properties": {"id": "sinuiju"},
            "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [5, 6], [1, 3]]]},
        },
        {
            "type": "Feature",
            "properties": {"id": "hyesan"},
            "geometry": {"type": "Polygon", "coordinates": square(200, 0, 201, 1)},
        },
        {"type": "Feature", "properties": {"id": "north-hamgyong"}, "geometry": good["geometry"]},
        {"type": "Feature", "properties": {"id": "atlantis"}, "geometry": good["geometry"]},
        {
            "type": "Feature",
            "properties": {"id": "rason"},
            "geometry": {"type": "Polygon", "coordinates": [[["a", 1]] * 4]},
        },
        "not a feature",
    ]
    known = {"north-hamgyong", "uiju", "sinuiju", "hyesan", "rason"}
    text = json.dumps({"type": "FeatureCollection", "features": bad_features}, indent=1)
    areas, problems = load_areas(text, known)
    assert list(areas) == ["north-hamgyong"]
    starts = [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if line in ("  {", '  "not a feature"')
    ]
    assert [problem.line for problem in problems] == starts[1:]  # each at its feature's line
    assert [problem.message for problem in problems] == [
        "feature 2: needs properties.id, the term id of a location",
        "feature 3 (id 'uiju'): geometry must be a Polygon or MultiPolygon",
        "feature 4 (id 'sinuiju'): a ring must end where it starts",
        "feature 5 (id 'hyesan'): position [200, 0] is outside [-180..180, -90..90]",
        "feature 6 (id 'north-hamgyong'): id 'north-hamgyong' repeats feature 1",
        "feature 7 (id 'atlantis'): unknown location 'atlantis'",
        "feature 8 (id 'rason'): a position must be [longitude, latitude] numbers",
        'feature 9: not a Feature (needs "type": "Feature")',
    ]


# --- clipping and the data -------------------------------------------------------------------


def test_clipping_keeps_what_is_inside() -> None:
    box = (0.0, 0.0, 10.0, 10.0)
    assert clip_polyline([(-5, 5), (5, 5), (5, 15), (8, 15), (8, 5)], box) == [
        [(0.0, 5.0), (5, 5), (5, 10.0)],
        [(8, 10.0), (8, 5)],
    ]
    assert clip_polyline([(20, 20), (30, 30)], box) == []
    assert sorted(clip_ring([(-5, -5), (15, -5), (15, 15), (-5, 15)], box)) == sorted(
        [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    )
    assert clip_ring([(20, 20), (30, 20), (30, 30)], box) == []


def test_the_committed_extract_is_small() -> None:
    files = sorted(GEODATA.glob("ne_*.json"))
    assert {f.name for f in files} == {"ne_10m.json", "ne_50m.json", "ne_110m.json"}
    assert sum(f.stat().st_size for f in files) < 1_000_000
    assert all(f.stat().st_size < 2_000_000 for f in files)
    for f in files:
        header = json.loads(f.read_text(encoding="utf-8"))
        assert header["format"] == 1 and "Natural Earth" in header["source"]
