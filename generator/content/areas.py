"""Areas of a choropleth map, read from `content/vocabulary/locations.geojson`.

Reading lives with the content (not the map) so that `digest check` reports a broken shape at
its file like any other content mistake, and the map's module only draws what was checked.
Every bad feature is one problem and is left out: one broken shape never stops a build.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

Coord = tuple[float, float]
Box = tuple[float, float, float, float]
"""An axis-aligned box: (x_min, y_min, x_max, y_max)."""


@dataclass(frozen=True)
class AreaGeometry:
    """A (multi)polygon in [lon, lat] order, as GeoJSON has it, with its bounding box."""

    polygons: tuple[tuple[tuple[Coord, ...], ...], ...]
    bbox: Box


def bbox_of(points: Iterable[Coord]) -> Box:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


_TERM_ID = re.compile(r"^[a-z0-9-]+$")


class _FeatureError(ValueError):
    """A problem with one feature, reported rather than raised."""


class AreaProblem(NamedTuple):
    line: int  # 1-based line of the file: the feature's own, or where JSON failed
    message: str


def load_areas(
    geojson_text: str, known_ids: Iterable[str] | None = None
) -> tuple[dict[str, AreaGeometry], list[AreaProblem]]:
    """Areas keyed by term id from a GeoJSON FeatureCollection whose features carry
    `properties.id`, and one problem per bad feature (which is then left out) at the line the
    feature starts on, so a single broken shape never stops a build and an author sees every
    mistake at once, where it is."""
    try:
        document = json.loads(geojson_text)
    except json.JSONDecodeError as error:
        return {}, [AreaProblem(error.lineno, f"not valid JSON: {error.msg}")]
    except RecursionError:  # arrays nested thousands deep
        return {}, [AreaProblem(1, "JSON nests too deep")]
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        message = 'not a GeoJSON FeatureCollection (needs "type": "FeatureCollection")'
        return {}, [AreaProblem(1, message)]
    features = document.get("features")
    if not isinstance(features, list):
        return {}, [AreaProblem(_key_line(geojson_text, "features"), '"features" must be a list')]
    return _read_features(features, feature_lines(geojson_text), known_ids)


def _read_features(
    features: list[object], lines: list[int], known_ids: Iterable[str] | None
) -> tuple[dict[str, AreaGeometry], list[AreaProblem]]:
    known = None if known_ids is None else set(known_ids)
    areas: dict[str, AreaGeometry] = {}
    first: dict[str, int] = {}
    problems: list[AreaProblem] = []
    for number, feature in enumerate(features, start=1):
        try:
            term_id, geometry = _read_feature(feature, known)
            if term_id in first:
                raise _FeatureError(f"id '{term_id}' repeats feature {first[term_id]}")
        except _FeatureError as problem:
            term = _feature_id(feature)
            line = lines[number - 1] if number <= len(lines) else 1
            problems.append(
                AreaProblem(line, f"feature {number}{f' ({term})' if term else ''}: {problem}")
            )
            continue
        first[term_id] = number
        areas[term_id] = geometry
    return areas, problems


_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, at: int) -> int:
    """The position of the first character at or after `at` that is not JSON white space."""
    found = _SPACE.match(text, at)
    return found.end() if found else at


def feature_lines(text: str) -> list[int]:
    """The line each element of the top-level `features` list starts on.

    Python's JSON reader keeps no positions, so the (already valid) text is walked once more
    with `raw_decode`, which says where each value it reads ends: the top-level values are
    skipped one by one, and the elements of `features` (the last, if given twice, as the
    reader keeps it) are read one at a time."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    at = _skip(text, 0) + 1  # past the top-level '{'
    while not text.startswith("}", at := _skip(text, at)):
        key, at = decoder.raw_decode(text, at)
        at = _skip(text, _skip(text, at) + 1)  # past ':'
        if key == "features" and text.startswith("[", at):
            lines = _element_lines(decoder, text, at + 1)
        at = decoder.raw_decode(text, at)[1]
        at = _skip(text, at)
        at += text.startswith(",", at)
    return lines


def _element_lines(decoder: json.JSONDecoder, text: str, at: int) -> list[int]:
    lines: list[int] = []
    line, counted = 1, 0
    while True:
        at = _skip(text, at)
        if text.startswith("]", at):
            return lines
        line += text.count("\n", counted, at)
        counted = at
        lines.append(line)
        at = decoder.raw_decode(text, at)[1]
        at = _skip(text, at)
        if text.startswith(",", at):
            at += 1


def _key_line(text: str, key: str) -> int:
    written = re.search(rf'"{re.escape(key)}"\s*:', text)
    return text.count("\n", 0, written.start()) + 1 if written else 1


def _feature_id(feature: object) -> str:
    if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
        value = feature["properties"].get("id")
        return f"id {value!r}" if isinstance(value, str) else ""
    return ""


def _read_feature(feature: object, known: set[str] | None) -> tuple[str, AreaGeometry]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise _FeatureError('not a Feature (needs "type": "Feature")')
    properties = feature.get("properties")
    term_id = properties.get("id") if isinstance(properties, dict) else None
    if not isinstance(term_id, str) or not term_id:
        raise _FeatureError("needs properties.id, the term id of a location")
    if not _TERM_ID.match(term_id):
        raise _FeatureError(f"id '{term_id}' is not a term id ([a-z0-9-]+)")
    if known is not None and term_id not in known:
        raise _FeatureError(f"unknown location '{term_id}'")
    return term_id, _read_geometry(feature.get("geometry"))


def _read_geometry(geometry: object) -> AreaGeometry:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise _FeatureError("geometry must be a Polygon or MultiPolygon")
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise _FeatureError("geometry has no coordinates")
    raw = [coordinates] if geometry["type"] == "Polygon" else coordinates
    polygons = tuple(_read_polygon(p) for p in raw)
    return AreaGeometry(polygons, bbox_of(pt for poly in polygons for pt in poly[0]))


def _read_polygon(polygon: object) -> tuple[tuple[Coord, ...], ...]:
    if not isinstance(polygon, list) or not polygon:
        raise _FeatureError("a polygon must be a non-empty list of rings")
    return tuple(_read_ring(ring) for ring in polygon)


def _read_ring(ring: object) -> tuple[Coord, ...]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _FeatureError("a ring needs at least 4 positions")
    points = tuple(_read_position(p) for p in ring)
    if points[0] != points[-1]:
        raise _FeatureError("a ring must end where it starts")
    return points


def _read_position(position: object) -> Coord:
    if (
        not isinstance(position, list)
        or len(position) < 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
    ):
        raise _FeatureError("a position must be [longitude, latitude] numbers")
    lon, lat = float(position[0]), float(position[1])
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise _FeatureError(
            f"position [{position[0]}, {position[1]}] is outside [-180..180, -90..90]"
        )
    return lon, lat
