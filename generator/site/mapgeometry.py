"""The geography under a region map: Natural Earth tiles, projected and clipped to the view.

Split from `geomap.py` (which draws the map): this module knows the extract in `geodata/` and
the projection, nothing of places or labels. The clipping functions are also used by
`tools/natural_earth_extract.py`, which made the extract.

Projection: equirectangular with the longitudes squeezed by cos(centre latitude). At the scale
of a region it is close to conformal, and every Natural Earth line stays a polyline, so clipping
to the view is exact and cheap.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..content.areas import Box, Coord, bbox_of

VIEW_WIDTH = 600
FONT_SIZE = 19
MIN_FRAME_HEIGHT = 300
MAX_FRAME_HEIGHT = 460
PAD_X, PAD_Y = 64.0, 44.0
MIN_SPAN_DEG = 3.0
"""A single place is shown with about 1.5° of country around it, enough to see where it is."""
GEODATA = Path(__file__).with_name("geodata")


# --- clipping (also used by tools/natural_earth_extract.py) ----------------------------------


def clip_segment(a: Coord, b: Coord, box: Box) -> tuple[Coord, Coord] | None:
    """The part of segment a–b inside `box` (Liang–Barsky), or None."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in (
        (-dx, a[0] - box[0]),
        (dx, box[2] - a[0]),
        (-dy, a[1] - box[1]),
        (dy, box[3] - a[1]),
    ):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            if t > t1:
                return None
            t0 = max(t0, t)
        else:
            if t < t0:
                return None
            t1 = min(t1, t)
    start = a if t0 == 0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end


def boxes_meet(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _inside(inner: Box, outer: Box) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def clip_polyline(line: Sequence[Coord], box: Box) -> list[list[Coord]]:
    """The pieces of a polyline inside `box`: a line that leaves and comes back splits in two."""
    if len(line) < 2:
        return []
    extent = bbox_of(line)
    if _inside(extent, box):
        return [list(line)]
    if not boxes_meet(extent, box):
        return []
    pieces: list[list[Coord]] = []
    current: list[Coord] = []
    for a, b in itertools.pairwise(line):
        part = clip_segment(a, b, box)
        if part is None:
            continue
        start, end = part
        if not current or current[-1] != start:
            if len(current) > 1:
                pieces.append(current)
            current = [start]
        current.append(end)
    if len(current) > 1:
        pieces.append(current)
    return pieces


def _clip_ring_edge(ring: list[Coord], axis: int, limit: float, keep_above: bool) -> list[Coord]:
    """One Sutherland–Hodgman pass: keep the side of the line `coord[axis] = limit`."""
    out: list[Coord] = []
    prev = ring[-1]
    prev_in = prev[axis] >= limit if keep_above else prev[axis] <= limit
    for cur in ring:
        cur_in = cur[axis] >= limit if keep_above else cur[axis] <= limit
        if cur_in != prev_in:
            t = (limit - prev[axis]) / (cur[axis] - prev[axis])
            other = prev[1 - axis] + t * (cur[1 - axis] - prev[1 - axis])
            out.append((limit, other) if axis == 0 else (other, limit))
        if cur_in:
            out.append(cur)
        prev, prev_in = cur, cur_in
    return out


def clip_ring(ring: Sequence[Coord], box: Box) -> list[Coord]:
    """A polygon ring cut to `box` (Sutherland–Hodgman), for filling: where the ring leaves
    the box it runs along the edge, which fills exactly like the cut polygon."""
    points = list(ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring)
    if len(points) < 3:
        return []
    extent = bbox_of(points)
    if _inside(extent, box):
        return points
    if not boxes_meet(extent, box):
        return []
    for axis, limit, keep_above in (
        (0, box[0], True),
        (0, box[2], False),
        (1, box[1], True),
        (1, box[3], False),
    ):
        points = _clip_ring_edge(points, axis, limit, keep_above)
        if not points:
            return []
    return points if len(points) >= 3 else []


# --- the view ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _View:
    """Equirectangular projection of a lon/lat window onto the map frame (y grows down)."""

    west: float
    north: float
    k: float  # units per degree of latitude
    squeeze: float  # cos(centre latitude)
    width: float
    height: float

    def xy(self, lon: float, lat: float) -> Coord:
        return (lon - self.west) * self.squeeze * self.k, (self.north - lat) * self.k

    @property
    def lonlat(self) -> Box:
        east = self.west + self.width / (self.k * self.squeeze)
        return self.west, self.north - self.height / self.k, east, self.north

    @property
    def frame(self) -> Box:
        return 0.0, 0.0, self.width, self.height


def _unwrap(lons: list[float]) -> float:
    """The shift that puts western longitudes east of 180° when that makes the span smaller,
    so places on both sides of the antimeridian (Fiji, Chukotka) share one map."""
    shifted = [lon + 360 if lon < 0 else lon for lon in lons]
    return 360.0 if max(shifted) - min(shifted) < max(lons) - min(lons) else 0.0


def _fit(extent: Box) -> _View:
    """The view showing `extent` (lon/lat) with room for labels, at least MIN_SPAN_DEG wide."""
    west, south, east, north = extent
    centre_lon, centre_lat = (west + east) / 2, max(-80.0, min(80.0, (south + north) / 2))
    squeeze = max(0.2, math.cos(math.radians(centre_lat)))
    span_x = max((east - west) * squeeze, MIN_SPAN_DEG)
    span_y = max(north - south, MIN_SPAN_DEG)
    k = min((VIEW_WIDTH - 2 * PAD_X) / span_x, (MAX_FRAME_HEIGHT - 2 * PAD_Y) / span_y)
    height = max(MIN_FRAME_HEIGHT, min(MAX_FRAME_HEIGHT, span_y * k + 2 * PAD_Y))
    return _View(
        west=centre_lon - VIEW_WIDTH / 2 / (k * squeeze),
        north=centre_lat + height / 2 / k,
        k=k,
        squeeze=squeeze,
        width=float(VIEW_WIDTH),
        height=float(height),
    )


# --- Natural Earth tiles ----------------------------------------------------------------------

Grid = tuple[int, int]
GridBox = tuple[int, int, int, int]


@dataclass(frozen=True)
class _Shape:
    """A ring or line of the extract on its integer grid, with its grid bounding box."""

    points: tuple[Grid, ...]
    bbox: GridBox


@dataclass
class _Tier:
    """One level of detail of the extract, decoded tile by tile on first use."""

    name: str
    quantum: float
    tile: float
    overlap: float
    bounds: tuple[Box, ...]
    raw: Mapping[str, Mapping[str, list[list[int]]]]
    decoded: dict[tuple[str, str], list[_Shape]] = field(default_factory=dict)

    def layer(self, key: str, layer: str) -> list[_Shape]:
        """A tile's shapes of one layer; "coast" is the shores of its land and lake rings."""
        if (key, layer) not in self.decoded:
            if layer == "coast":
                rings = self.layer(key, "land") + self.layer(key, "lake")
                shapes = [_shape(line) for ring in rings for line in self._shores(ring.points)]
            else:
                shapes = [_shape(_undelta(c)) for c in self.raw.get(key, {}).get(layer, [])]
            self.decoded[key, layer] = shapes
        return self.decoded[key, layer]

    def _shores(self, ring: Sequence[Grid]) -> list[list[Grid]]:
        """A ring as lines, broken where tiling cut it: the extract cuts rings `overlap` beyond
        each tile edge, so those edges are drawn by no one and the shore by both tiles."""
        step = round(self.tile / self.quantum)
        ox, oy = round(180 / self.quantum), round(90 / self.quantum)
        margin = round(self.overlap / self.quantum)

        def on_cut(v: int, origin: int) -> bool:
            return (v + origin + margin) % step == 0 or (v + origin - margin) % step == 0

        lines: list[list[Grid]] = []
        current: list[Grid] = []
        for a, b in zip(ring, [*ring[1:], ring[0]], strict=True):
            if (a[0] == b[0] and on_cut(a[0], ox)) or (a[1] == b[1] and on_cut(a[1], oy)):
                if len(current) > 1:
                    lines.append(current)
                current = []
                continue
            current = current or [a]
            current.append(b)
        if len(current) > 1:
            lines.append(current)
        return lines


def _undelta(code: list[int]) -> list[Grid]:
    x, y = code[0], code[1]
    points = [(x, y)]
    for i in range(2, len(code), 2):
        x, y = x + code[i], y + code[i + 1]
        points.append((x, y))
    return points


def _shape(points: Sequence[Grid]) -> _Shape:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return _Shape(tuple(points), (min(xs), min(ys), max(xs), max(ys)))


@cache
def _tier(name: str) -> _Tier:
    """The extract's tier `name`, read once per process: maps on ~100 pages share it."""
    data = json.loads((GEODATA / f"ne_{name}.json").read_text(encoding="utf-8"))
    bounds = tuple((b[0], b[1], b[2], b[3]) for b in data["bounds"])
    return _Tier(
        data["name"], data["quantum"], data["tile"], data["overlap"], bounds, data["tiles"]
    )


def _choose_tier(view: _View) -> _Tier:
    """The tier whose detail suits the scale: 1:10m where the extract has it and a degree is
    more than 50 units, 1:50m down to 24 units a degree, 1:110m for continents and beyond.
    Finer data at a smaller scale would only make the page heavier and the build slower."""
    if view.k >= 50:
        fine = _tier("10m")
        if any(_inside(view.lonlat, b) for b in fine.bounds):
            return fine
    return _tier("50m") if view.k >= 24 else _tier("110m")


def _tiles(tier: _Tier, view: Box) -> Iterator[tuple[str, float]]:
    """Keys of the tiles meeting a lon/lat view, each with the longitude shift (±360) that
    brings it into a view that crosses the antimeridian."""
    for shift in (-360.0, 0.0, 360.0):
        west, east = max(view[0] - shift, -180.0), min(view[2] - shift, 180.0)
        south, north = max(view[1], -90.0), min(view[3], 90.0)
        if west >= east or south >= north:
            continue
        for ix in range(int((west + 180) // tier.tile), math.ceil((east + 180) / tier.tile)):
            for iy in range(int((south + 90) // tier.tile), math.ceil((north + 90) / tier.tile)):
                yield f"{ix},{iy}", shift


# --- geography to path data -------------------------------------------------------------------


def _num(tenths: int) -> str:
    """A number in tenths as the shortest decimal: 12, 12.5, -0.5."""
    sign, value = ("-" if tenths < 0 else ""), abs(tenths)
    whole, frac = divmod(value, 10)
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def _fmt(value: float) -> str:
    return _num(round(value * 10))


def path_data(parts: Iterable[Sequence[Coord]], closed: bool) -> str:
    """SVG path data in tenths of a unit, relative moves, points closer than 0.8 unit to the
    last one dropped: the exact 1-decimal rounding keeps output byte-stable, the thinning
    keeps a zoomed-out map small."""
    out: list[str] = []
    for part in parts:
        grid = _thin([(round(x * 10), round(y * 10)) for x, y in part], closed)
        if len(grid) < (3 if closed else 2):
            continue
        steps = " ".join(
            f"{_num(b[0] - a[0])} {_num(b[1] - a[1])}" for a, b in itertools.pairwise(grid)
        )
        out.append(f"M{_num(grid[0][0])} {_num(grid[0][1])}l{steps}{'z' if closed else ''}")
    return "".join(out)


def _thin(grid: list[Grid], closed: bool) -> list[Grid]:
    """Points at least 0.8 unit (8 tenths, taxicab) from the last kept one; a line keeps its end."""
    if not grid:
        return grid
    kept = [grid[0]]
    for q in grid[1:]:
        last = kept[-1]
        if abs(q[0] - last[0]) + abs(q[1] - last[1]) >= 8:
            kept.append(q)
    if not closed and kept[-1] != grid[-1]:
        kept.append(grid[-1])
    return kept


@dataclass(frozen=True)
class _Geography:
    """Path data of each base layer, already clipped to the frame."""

    land: str
    lake: str
    coast: str
    border: str
    river: str


def _geography(view: _View) -> _Geography:
    """Each base layer's shapes from the tiles in view, projected and cut to the frame."""
    tier = _choose_tier(view)
    frame = view.frame
    q, scale_x = tier.quantum, view.squeeze * view.k * tier.quantum
    parts: dict[str, list[list[Coord]]] = {
        n: [] for n in ("land", "lake", "coast", "border", "river")
    }
    west, south, east, north = view.lonlat
    for key, shift in _tiles(tier, view.lonlat):
        # the frame on the tile's grid, and the projection as x = a·gx + b, y = c·gy + d
        box = (
            math.floor((west - shift) / q) - 1,
            math.floor(south / q) - 1,
            math.ceil((east - shift) / q) + 1,
            math.ceil(north / q) + 1,
        )
        a, b = scale_x, (shift - view.west) * view.squeeze * view.k
        c, d = -view.k * q, view.north * view.k
        for name in parts:
            for shape in tier.layer(key, name):
                if not _grid_boxes_meet(shape.bbox, box):
                    continue
                points = [(a * x + b, c * y + d) for x, y in shape.points]
                if name in ("land", "lake"):
                    ring = clip_ring(points, frame)
                    parts[name] += [ring] if ring else []
                else:
                    parts[name] += clip_polyline(points, frame)
    return _Geography(
        land=path_data(parts["land"], closed=True),
        lake=path_data(parts["lake"], closed=True),
        coast=path_data(parts["coast"], closed=False),
        border=path_data(parts["border"], closed=False),
        river=path_data(parts["river"], closed=False),
    )


def _grid_boxes_meet(a: GridBox, b: GridBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
