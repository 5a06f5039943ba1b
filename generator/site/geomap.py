"""Region maps with real geography, drawn at build time as inline SVG.

A region page shows its places on coastlines, country borders, lakes and the main rivers from
Natural Earth (public domain), read from the small extract committed in `geodata/` (made by
`tools/natural_earth_extract.py`). Nothing is fetched and no script runs: the page works offline,
makes no request to a tile server and looks the same in every reader's browser.

Why it is drawn the way it is:

- **Projection.** Equirectangular with the longitudes squeezed by cos(centre latitude): at the
  scale of a region it is close to conformal, and every Natural Earth line stays a polyline, so
  clipping to the view is exact and cheap.
- **Readable on a phone.** The viewBox is `VIEW_WIDTH` (600) units wide and text is `FONT_SIZE`
  (19) units. The rule: text in px = FONT_SIZE × container width / VIEW_WIDTH, so labels stay
  at least 11 px in any container at least 348 px wide (a 390 px phone less Material's two
  16 px margins). The frame is at most `MAX_FRAME_HEIGHT` units tall, so on a phone the map never
  fills the screen.
- **Colours only through CSS classes** (`digest-map__land`, `__coast`, `__border`, `__river`,
  `__lake`, `__sea`, `__dot`, `__label`, `__leader`, `__legend`, `__area--N`), so light and dark
  mode style it without a second drawing.
- **Accessible.** The SVG is a `role="group"` (an `role="img"` would hide its links: axe's
  `nested-interactive`); every place is one link whose accessible name says how many notes it
  has; no interactive element sits inside another.
- **Labels never overlap.** Each label tries eight places around its dot, then a few farther out
  with a leader line; a label that still finds no room is left off the map and listed below it.
- **Deterministic.** Same input, byte-identical SVG: fixed orders, numbers rounded to 1 decimal.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from markupsafe import Markup

from ..content.areas import AreaGeometry, Box, Coord, bbox_of, load_areas
from .mapgeometry import (
    FONT_SIZE,
    GEODATA,
    MAX_FRAME_HEIGHT,
    VIEW_WIDTH,
    _fit,
    _fmt,
    _geography,
    _unwrap,
    _View,
    clip_polyline,
    clip_ring,
    path_data,
)
from .maplabels import (
    ASCENT,
    DESCENT,
    Dot,
    GeoName,
    Label,
    MapPoint,
    Place,
    _place_key,
    dot_radius,
    dot_unit,
    notes,
    place_labels,
    place_names,
    text_width,
)

__all__ = [
    "FONT_SIZE",
    "GEODATA",
    "MAX_FRAME_HEIGHT",
    "VIEW_WIDTH",
    "AreaGeometry",
    "Box",
    "Coord",
    "MapArea",
    "MapPoint",
    "Place",
    "area_classes",
    "bbox_of",
    "clip_polyline",
    "clip_ring",
    "load_areas",
    "region_map_svg",
    "text_width",
]

AREA_CLASSES = 5


@dataclass(frozen=True)
class MapArea:
    """One area of a choropleth: the caller rolls notes up and counts them."""

    term_id: str
    name: str
    count: int
    geometry: AreaGeometry


# --- choropleth areas -------------------------------------------------------------------------


def area_classes(peak: int) -> list[tuple[int, int]]:
    """Count ranges of the choropleth's classes, at most AREA_CLASSES of them: one per count
    while counts are small, then geometric breaks (1–2, 3–4, 5–9, 10–19, 20–40 for a peak of
    40), since a few areas usually hold most notes."""
    if peak < 1:
        return []
    if peak <= AREA_CLASSES:
        return [(c, c) for c in range(1, peak + 1)]
    uppers: list[int] = []
    for k in range(1, AREA_CLASSES + 1):
        uppers.append(max(round(peak ** (k / AREA_CLASSES)), uppers[-1] + 1 if uppers else 1))
    return [(low, up) for low, up in zip([1, *(u + 1 for u in uppers)], uppers, strict=False)]


def class_steps(count: int) -> list[int]:
    """The palette steps (1..AREA_CLASSES) `count` classes use, spread so two classes differ."""
    if count <= 1:
        return [AREA_CLASSES // 2 + 1] * count
    return [round(1 + i * (AREA_CLASSES - 1) / (count - 1)) for i in range(count)]


def _area_step(count: int, ranges: list[tuple[int, int]], steps: list[int]) -> int:
    for (low, high), step in zip(ranges, steps, strict=True):
        if low <= count <= high:
            return step
    return 0


def _area_path(area: MapArea, view: _View) -> str:
    """An area's rings projected and clipped to the frame; each polygon shifted by ±360° when
    that brings it nearer the view (maps across the antimeridian)."""
    frame = view.frame
    centre = (view.lonlat[0] + view.lonlat[2]) / 2
    rings = []
    for polygon in area.geometry.polygons:
        lons = [lon for lon, _ in polygon[0]]
        middle = (min(lons) + max(lons)) / 2
        move = min((-360.0, 0.0, 360.0), key=lambda s: (abs(middle + s - centre), abs(s)))
        for ring in polygon:
            clipped = clip_ring([view.xy(lon + move, lat) for lon, lat in ring], frame)
            if clipped:
                rings.append(clipped)
    return path_data(rings, closed=True)


# --- legend -----------------------------------------------------------------------------------


def legend_counts(counts: Sequence[int]) -> list[int]:
    """Reference counts for the dot legend, from the counts the map shows: all of them when
    there are three or fewer (one dot of 4 notes: "4 notes" only, no sizes it does not use);
    else the least, a round number about half the peak, and the peak."""
    shown = sorted(set(counts))
    if len(shown) <= 3:
        return shown
    least, peak = shown[0], shown[-1]
    middle = [n for n in (2, 5, 10, 20, 50, 100, 200, 500, 1000) if least < n <= peak / 2]
    return [least, *middle[-1:], peak]


@dataclass
class _Flow:
    """Legend items laid out left to right below the map, wrapping to a new row when the
    width is used, so a long legend never runs off a phone screen."""

    top: float
    x: float = 10.0
    row: float = 0.0
    parts: list[str] = field(default_factory=list)

    def place(self, width: float, height: float) -> Coord:
        """The top-left corner of the next item of width × height."""
        if self.x + width > VIEW_WIDTH - 10 and self.x > 10:
            self.newline()
        corner = (self.x, self.top)
        self.x += width + 16
        self.row = max(self.row, height)
        return corner

    def newline(self) -> None:
        if self.row:
            self.top += self.row + 8
        self.x, self.row = 10.0, 0.0

    @property
    def bottom(self) -> float:
        return self.top + self.row


def _dot_legend(flow: _Flow, unit: float, counts: Sequence[int]) -> None:
    """Reference circles drawn to the map's own scale, each with its count."""
    shown = legend_counts(counts)
    tallest = max(2 * dot_radius(c, unit) for c in shown)
    height = max(tallest, (ASCENT + DESCENT) * FONT_SIZE)
    for count in shown:
        r, text = dot_radius(count, unit), notes(count)
        x, y = flow.place(2 * r + 6 + text_width(text), height)
        cy = y + height / 2
        flow.parts.append(
            f'<circle class="digest-map__dot" cx="{_fmt(x + r)}" cy="{_fmt(cy)}" r="{_fmt(r)}"/>'
            f'<text x="{_fmt(x + 2 * r + 6)}" y="{_fmt(cy + (ASCENT - DESCENT) / 2 * FONT_SIZE)}">'
            f"{text}</text>"
        )


def _area_legend(flow: _Flow, ranges: list[tuple[int, int]], steps: list[int]) -> None:
    """A swatch per choropleth class with its count range, on a row of its own."""
    flow.newline()
    height = (ASCENT + DESCENT) * FONT_SIZE
    baseline = ASCENT * FONT_SIZE
    for (low, high), step in zip(ranges, steps, strict=True):
        text = str(low) if low == high else f"{low}–{high}"
        x, y = flow.place(28 + text_width(text), height)
        flow.parts.append(
            f'<rect class="digest-map__area digest-map__area--{step}" x="{_fmt(x)}" '
            f'y="{_fmt(y + 2)}" width="22" height="{_fmt(height - 4)}"/>'
            f'<text x="{_fmt(x + 28)}" y="{_fmt(y + baseline)}">{text}</text>'
        )
    label = "notes per area"
    x, y = flow.place(text_width(label), height)
    flow.parts.append(f'<text x="{_fmt(x)}" y="{_fmt(y + baseline)}">{label}</text>')


def _legend(
    places: Sequence[Place], ranges: list[tuple[int, int]], steps: list[int], top: float
) -> _Flow:
    """The band below the map: dot sizes, then choropleth classes, so neither hides a place."""
    flow = _Flow(top=top)
    if places:
        counts = [p.count for p in places]
        _dot_legend(flow, dot_unit(max(counts)), counts)
    if ranges:
        _area_legend(flow, ranges, steps)
    return flow


# --- the map ----------------------------------------------------------------------------------


def _usable(place: Place) -> bool:
    return (
        place.count > 0
        and math.isfinite(place.lat)
        and math.isfinite(place.lon)
        and -90 <= place.lat <= 90
        and -180 <= place.lon <= 180
    )


def _extent(places: Sequence[Place], areas: Sequence[MapArea]) -> tuple[Box, float]:
    """The lon/lat box of what the map must show, and the +360° shift applied to western
    longitudes when the content straddles the antimeridian."""
    lons = [p.lon for p in places] + [
        x for a in areas for x in (a.geometry.bbox[0], a.geometry.bbox[2])
    ]
    lats = [p.lat for p in places] + [
        y for a in areas for y in (a.geometry.bbox[1], a.geometry.bbox[3])
    ]
    shift = _unwrap(lons)
    moved = [lon + shift if lon < 0 else lon for lon in lons]
    return (min(moved), min(lats), max(moved), max(lats)), shift


def _dots(places: Sequence[Place], view: _View, shift: float) -> list[Dot]:
    """Dots in drawing order: biggest first, so small dots stay visible on top."""
    unit = dot_unit(max((p.count for p in places), default=1))
    dots = []
    for place in sorted(places, key=_place_key):
        x, y = view.xy(place.lon + shift if place.lon < 0 else place.lon, place.lat)
        dots.append(Dot(place, x, y, dot_radius(place.count, unit)))
    return dots


def _place_link(dot: Dot, label: Label | None) -> str:
    """One place: a single link holding its dot, label and leader, named for screen readers.
    No `<title>` tooltip: Chromium would read it again as the link's description."""
    name = f"{dot.place.name}: {notes(dot.place.count)}"
    parts = [
        f'<a class="digest-map__place" href="{escape(dot.place.url)}" aria-label="{escape(name)}">',
    ]
    if label and label.leader:
        (x1, y1), (x2, y2) = label.leader
        parts.append(
            f'<line class="digest-map__leader" x1="{_fmt(x1)}" y1="{_fmt(y1)}" '
            f'x2="{_fmt(x2)}" y2="{_fmt(y2)}"/>'
        )
    parts.append(
        f'<circle class="digest-map__dot" cx="{_fmt(dot.x)}" cy="{_fmt(dot.y)}" r="{_fmt(dot.r)}"/>'
    )
    if label:
        parts.append(
            f'<text class="digest-map__label" x="{_fmt(label.x)}" y="{_fmt(label.y)}"'
            f"{_anchor(label.anchor)}>"
            f"{escape(label.text)}</text>"
        )
    return "".join(parts) + "</a>"


def _anchor(anchor: str) -> str:
    return "" if anchor == "start" else f' text-anchor="{anchor}"'


@lru_cache(maxsize=128)
def _base_layers(view: _View) -> tuple[str, str]:
    """Sea and land (drawn under choropleth areas), then lakes, rivers, borders and coasts.

    Cached by view: clipping the coasts is four fifths of a map's cost, and pages that show the
    same places (a city and its one district; a page the preview renders again) share it."""
    geo = _geography(view)
    layers = [
        f'<rect class="digest-map__sea" width="{_fmt(view.width)}" height="{_fmt(view.height)}"/>',
        f'<path class="digest-map__land" d="{geo.land}"/>' if geo.land else "",
    ]
    return "".join(layers), "".join(
        f'<path class="digest-map__{name}"{fill} d="{data}"/>'
        for name, fill, data in (
            ("lake", "", geo.lake),
            ("river", ' fill="none"', geo.river),
            ("border", ' fill="none"', geo.border),
            ("coast", ' fill="none"', geo.coast),
        )
        if data
    )


def _areas_markup(
    areas: Sequence[MapArea], view: _View
) -> tuple[str, list[tuple[int, int]], list[int]]:
    """Choropleth paths, and the classes' count ranges and palette steps for the legend."""
    ranges = area_classes(max((a.count for a in areas), default=0))
    steps = class_steps(len(ranges))
    out = []
    for area in sorted(areas, key=lambda a: (-a.count, a.name, a.term_id)):
        data = _area_path(area, view)
        if not data:
            continue
        step = _area_step(area.count, ranges, steps)
        out.append(
            f'<path class="digest-map__area digest-map__area--{step}" fill-rule="evenodd" '
            f'd="{data}"><title>{escape(f"{area.name}: {notes(area.count)}")}</title></path>'
        )
    return "".join(out), ranges, steps


@lru_cache(maxsize=1)
def geo_names() -> tuple[tuple[str, str, tuple[Coord, ...]], ...]:
    """The countries' and seas' names and their label points (lon, lat), from geodata/names.json."""
    data = json.loads((GEODATA / "names.json").read_text(encoding="utf-8"))
    return tuple(
        (entry["name"], entry["kind"], tuple((float(lon), float(lat)) for lon, lat in entry["at"]))
        for entry in data["names"]
    )


def _names_markup(view: _View, dots: Sequence[Dot], labels: Sequence[Label | None]) -> str:
    """Countries and seas named where there is room once the places are labelled: a map of
    grey land and white sea says little without them. Hidden from screen readers, whose text
    alternative names the places."""
    in_view = [
        GeoName(text, kind, tuple(view.xy(lon, lat) for lon, lat in points))
        for text, kind, points in geo_names()
    ]
    texts = "".join(
        f'<text class="digest-map__name digest-map__name--{name.kind}" x="{_fmt(label.x)}" '
        f'y="{_fmt(label.y)}" text-anchor="middle">{escape(label.text)}</text>'
        for name, label in place_names(in_view, view.frame, dots, labels)
    )
    return (
        f'<g class="digest-map__names" font-size="{FONT_SIZE}" aria-hidden="true">{texts}</g>'
        if texts
        else ""
    )


def _summary(places: Sequence[Place], areas: Sequence[MapArea]) -> str:
    """The text alternative: what the map shows and where most notes are."""
    parts = []
    if places:
        top = min(places, key=_place_key)
        parts.append(
            f"{len(places)} place{'' if len(places) == 1 else 's'}, dot area by number of notes; "
            f"most notes: {top.name} ({notes(top.count)})."
        )
    shaded = [a for a in areas if a.count > 0]
    if shaded:
        top_area = min(shaded, key=lambda a: (-a.count, a.name))
        parts.append(
            f"{len(shaded)} area{'' if len(shaded) == 1 else 's'} shaded by number of notes; "
            f"most: {top_area.name} ({notes(top_area.count)})."
        )
    return " ".join(parts)


def _caption(unlabelled: Sequence[Dot]) -> str:
    """Places whose names found no room on the map, as links below it."""
    if not unlabelled:
        return ""
    items = ", ".join(
        f'<a href="{escape(d.place.url)}">{escape(d.place.name)}</a> ({notes(d.place.count)})'
        for d in unlabelled
    )
    return f'<span class="digest-map__unlabelled">Not labelled on the map: {items}.</span> '


def region_map_svg(
    points: Sequence[Place],
    title: str,
    *,
    areas: Sequence[MapArea] = (),
    id_prefix: str = "digest-map",
) -> Markup:
    """A region's places on a map with coasts, borders, lakes and rivers, as a `<figure>`.

    `points` are places with name, lat, lon, count and url (relative to the page); places
    without notes or with impossible coordinates are left out. `areas`, optional, shade a
    choropleth of notes per area (the caller rolls notes up and counts them). `id_prefix`
    keeps the SVG's ids unique when a page has more than one map. Returns empty markup when
    there is nothing to show.
    """
    places = [p for p in points if _usable(p)]
    shaded = [a for a in areas if a.count > 0]
    if not places and not shaded:
        return Markup("")
    extent, shift = _extent(places, shaded)
    view = _fit(extent)
    under, over = _base_layers(view)
    area_paths, ranges, steps = _areas_markup(areas, view)
    dots = _dots(places, view, shift)
    labels = place_labels(dots, view.frame)
    names = _names_markup(view, dots, labels)
    links = "".join(_place_link(d, label) for d, label in zip(dots, labels, strict=True))
    flow = _legend(places, ranges, steps, top=view.height + 10)
    height = flow.bottom + 10
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "digest-map"
    unlabelled = [d for d, label in zip(dots, labels, strict=True) if label is None]
    return Markup(
        f'<figure class="digest-map" data-search-exclude>'
        f'<svg class="digest-map__svg" viewBox="0 0 {VIEW_WIDTH} {_fmt(height)}" '
        f'xmlns="http://www.w3.org/2000/svg" role="group" aria-labelledby="{ident}-title" '
        f'aria-describedby="{ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(_summary(places, shaded))}</desc>'
        f"{under}{area_paths}{over}{names}"
        f'<rect class="digest-map__frame" fill="none" width="{_fmt(view.width)}" '
        f'height="{_fmt(view.height)}"/>'
        f'<g class="digest-map__places" font-size="{FONT_SIZE}">{links}</g>'
        f'<g class="digest-map__legend" font-size="{FONT_SIZE}" aria-hidden="true">'
        f"{''.join(flow.parts)}</g></svg>"
        f'<figcaption class="digest-map__caption">{_caption(unlabelled)}'
        '<span class="digest-map__source">Map data: Natural Earth.</span></figcaption></figure>'
    )
