"""Places on a region map and their labels, placed so that no two overlap.

Each label tries eight places around its dot (right, left, above, below, then the diagonals:
cartographers' usual order), then a few farther out with a leader line; a label that still
finds no room is left off the map and listed below it (`geomap._caption`). The busiest places
choose first; the same dots always give the same labels.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..content.areas import Box, Coord
from .mapgeometry import FONT_SIZE, _inside, boxes_meet, clip_segment


class Place(Protocol):
    """What a map needs of a place; `charts.MapPoint` and `MapPoint` here both fit."""

    @property
    def name(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def count(self) -> int: ...
    @property
    def url(self) -> str: ...


@dataclass(frozen=True)
class MapPoint:
    name: str
    lat: float
    lon: float
    count: int
    url: str  # relative to the page the map is drawn on


DOT_UNIT, DOT_MAX, DOT_MIN = 6.0, 24.0, 2.5


ASCENT, DESCENT = 0.93, 0.24
"""Text box above and below the baseline, in em: what Chromium's getBBox gives for Liberation
Sans and DejaVu Sans (the system fonts Material falls back to), rounded up."""
LABEL_GAP, LABEL_PAD = 3.0, 2.0
_NARROW = frozenset("fijlrtI.,:;'’()[]!|- ")
_WIDE = {"m": 1.0, "w": 0.85, "M": 0.9, "W": 1.0}


def char_width(char: str) -> float:
    """Estimated advance of one character in em, rounded up over Liberation Sans and DejaVu
    Sans, so an estimated box holds the drawn text: CJK and fullwidth take a whole em."""
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in _WIDE:
        return _WIDE[char]
    if char in _NARROW:
        return 0.4
    return 0.8 if char.isupper() else 0.64


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    return sum(char_width(c) for c in text) * font_size


@dataclass(frozen=True)
class Dot:
    """A place drawn on the frame."""

    place: Place
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Label:
    """Where a place's name goes: text anchor point, its estimated box, an optional leader."""

    text: str
    x: float
    y: float
    anchor: str  # SVG text-anchor: start, middle or end
    box: Box
    leader: tuple[Coord, Coord] | None = None


def dot_unit(peak: int) -> float:
    """Radius of a one-note dot: area ∝ count, and the busiest place at most DOT_MAX."""
    return min(DOT_UNIT, DOT_MAX / math.sqrt(max(peak, 1)))


def dot_radius(count: int, unit: float) -> float:
    return max(DOT_MIN, unit * math.sqrt(count))


_DIRECTIONS: tuple[Coord, ...] = (
    (1, 0),
    (-1, 0),
    (0, -1),
    (0, 1),
    (1, -1),
    (1, 1),
    (-1, -1),
    (-1, 1),
)
"""Right, left, above, below, then the diagonals: cartographers' usual order of preference."""


def _label_at(text: str, dot: Dot, direction: Coord, distance: float, font: float) -> Label:
    """The label whose box sits `distance` from the dot's centre in `direction`."""
    ux, uy = direction
    width, height = text_width(text, font), (ASCENT + DESCENT) * font
    reach = distance * (0.75 if ux and uy else 1.0)
    cx = dot.x + ux * (reach + width / 2)
    cy = dot.y + uy * (reach + height / 2)
    box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
    anchor, x = {1: ("start", box[0]), -1: ("end", box[2])}.get(int(ux), ("middle", cx))
    return Label(text, x, box[1] + ASCENT * font, anchor, box)


def _grow(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def _circle_meets_box(dot: Dot, box: Box, pad: float) -> bool:
    nx, ny = min(max(dot.x, box[0]), box[2]), min(max(dot.y, box[1]), box[3])
    return math.hypot(dot.x - nx, dot.y - ny) < dot.r + pad


def _segment_meets_box(a: Coord, b: Coord, box: Box) -> bool:
    return clip_segment(a, b, box) is not None


def _touching(a: Dot, b: Dot) -> bool:
    """Whether two dots overlap (or are one): a leader must start inside the other."""
    return math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r + 1


def _segment_meets_dot(a: Coord, b: Coord, dot: Dot) -> bool:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy or 1.0
    t = max(0.0, min(1.0, ((dot.x - a[0]) * dx + (dot.y - a[1]) * dy) / length2))
    return math.hypot(a[0] + t * dx - dot.x, a[1] + t * dy - dot.y) < dot.r + 1


@dataclass
class _Board:
    """What is already on the map, for collision tests."""

    frame: Box
    dots: Sequence[Dot]
    boxes: list[Box] = field(default_factory=list)
    leaders: list[tuple[Coord, Coord]] = field(default_factory=list)

    def free(self, label: Label, own: Dot | None = None) -> bool:
        box = label.box
        if not _inside(box, _grow(self.frame, -LABEL_PAD)):
            return False
        padded = _grow(box, LABEL_PAD)
        if any(boxes_meet(padded, other) for other in self.boxes):
            return False
        if any(_segment_meets_box(a, b, padded) for a, b in self.leaders):
            return False
        if any(_circle_meets_box(d, box, LABEL_PAD) for d in self.dots):
            return False
        if label.leader is None:
            return True
        a, b = label.leader
        return not any(_segment_meets_box(a, b, _grow(o, 1)) for o in self.boxes) and not any(
            _segment_meets_dot(a, b, d) for d in self.dots if own is None or not _touching(d, own)
        )

    def take(self, label: Label) -> None:
        self.boxes.append(_grow(label.box, LABEL_PAD))
        if label.leader:
            self.leaders.append(label.leader)


def _with_leader(label: Label, dot: Dot) -> Label:
    """The label with a line from the dot's edge to the nearest point of its box."""
    box = label.box
    nx, ny = min(max(dot.x, box[0]), box[2]), min(max(dot.y, box[1]), box[3])
    length = math.hypot(nx - dot.x, ny - dot.y) or 1.0
    start = (dot.x + (nx - dot.x) / length * dot.r, dot.y + (ny - dot.y) / length * dot.r)
    return Label(label.text, label.x, label.y, label.anchor, box, (start, (nx, ny)))


def _candidates(dot: Dot, font: float) -> Iterator[Label]:
    """Positions beside the dot first, then farther out with a leader line."""
    name = dot.place.name
    for direction in _DIRECTIONS:
        yield _label_at(name, dot, direction, dot.r + LABEL_GAP, font)
    for distance in (dot.r + 1.5 * font, dot.r + 3 * font):
        for direction in _DIRECTIONS:
            yield _with_leader(_label_at(name, dot, direction, distance, font), dot)


def place_labels(dots: Sequence[Dot], frame: Box, font: float = FONT_SIZE) -> list[Label | None]:
    """A label per dot (in the same order), or None where none fits; the busiest places choose
    first. Greedy and deterministic: the same dots always give the same labels."""
    board = _Board(frame, dots)
    labels: list[Label | None] = [None] * len(dots)
    order = sorted(range(len(dots)), key=lambda i: _place_key(dots[i].place))
    for index in order:
        for label in _candidates(dots[index], font):
            if board.free(label, dots[index]):
                board.take(label)
                labels[index] = label
                break
    return labels


@dataclass(frozen=True)
class GeoName:
    """A country's or a sea's name, and where on the map its label may be centred (x, y)."""

    text: str
    kind: str  # "country" or "sea": drawn differently
    at: tuple[Coord, ...]


def place_names(
    names: Sequence[GeoName],
    frame: Box,
    dots: Sequence[Dot],
    labels: Sequence[Label | None],
    font: float = FONT_SIZE,
) -> list[tuple[GeoName, Label]]:
    """Labels for the countries and seas in view, after the places' own: each name at the first
    of its points (nearest the frame's centre first) where it covers no dot, label or leader,
    and no other name. A name that fits nowhere is left out: places come first."""
    board = _Board(frame, dots)
    for label in labels:
        if label:
            board.take(label)
    centre = ((frame[0] + frame[2]) / 2, (frame[1] + frame[3]) / 2)
    placed: list[tuple[GeoName, Label]] = []
    for name in names:
        text = name.text.upper() if name.kind == "country" else name.text
        for x, y in sorted(name.at, key=lambda p: math.hypot(p[0] - centre[0], p[1] - centre[1])):
            label = _centred(text, x, y, font)
            if board.free(label):
                board.take(label)
                placed.append((name, label))
                break
    return placed


def _centred(text: str, x: float, y: float, font: float) -> Label:
    width, height = text_width(text, font), (ASCENT + DESCENT) * font
    box = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
    return Label(text, x, box[1] + ASCENT * font, "middle", box)


def _place_key(place: Place) -> tuple[int, str, float, float, str]:
    return -place.count, place.name, place.lat, place.lon, place.url


def notes(count: int) -> str:
    return f"{count} note{'' if count == 1 else 's'}"
