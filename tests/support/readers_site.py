"""A synthetic site the reader tests have never seen: made up, written fresh, built once.

Nothing here comes from `content/`: invented places at real coordinates on the Adriatic coast
(so a map has sea, coast and a border to draw), crowded towns (so labels must move, lead out or
be listed), a `locations.geojson` choropleth, agencies with aliases (header search), outlets
(their pages), more than 20 notes on one term (yearly pages) over three years (months, feeds,
the newsletter). The notes are made by a seeded generator, so every run writes the same files.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.support.search_site import build_search_site

# id, name, parent, [lat, lon], aliases
PLACES: list[tuple[str, str, str | None, tuple[float, float] | None, list[str]]] = [
    ("coastland", "Coastland", None, None, []),
    ("harbour-county", "Harbour County", "coastland", (42.70, 18.05), ["Lukaland"]),
    ("ridge-county", "Ridge County", "coastland", (42.95, 17.70), []),
    ("gulf-county", "Gulf County", "coastland", (42.42, 18.60), []),
    ("port-vela", "Port Vela", "harbour-county", (42.65, 18.09), ["Velagrad"]),
    ("cape-mira", "Cape Mira", "harbour-county", (42.58, 18.22), []),
    ("old-quay", "Old Quay", "harbour-county", (42.64, 18.11), []),
    ("stone-bridge", "Stone Bridge", "ridge-county", (43.34, 17.81), []),
    ("north-gate", "North Gate", "ridge-county", (42.93, 17.62), []),
    ("salt-bay", "Salt Bay", "gulf-county", (42.45, 18.53), []),
    ("fort-lun", "Fort Lun", "gulf-county", (42.42, 18.77), []),
    ("east-mill", "East Mill", "gulf-county", (42.71, 18.34), []),
]
AGENCIES = [
    ("harbour-authority", "Harbour Authority", None, ["Portwatch", "HA"]),
    ("coast-guard", "Coast Guard", "harbour-authority", ["Wavekeepers"]),
    ("customs-board", "Customs Board", None, ["Tariff Office"]),
]
THEMES = [
    ("fishing", "Fishing", ["Fisheries"]),
    ("smuggling", "Smuggling", []),
    ("weather", "Weather", ["Storms"]),
    ("trade", "Trade", []),
]
OUTLETS = [
    ("gull-gazette", "Gull Gazette", "B", ["Gazette"]),
    ("tide-times", "Tide Times", "C", []),
]
# the counties' shapes: rough boxes around their towns, keyed by term id
AREAS = {
    "harbour-county": [[17.95, 42.50], [18.30, 42.50], [18.30, 42.80], [17.95, 42.80]],
    "ridge-county": [[17.45, 42.82], [18.00, 42.82], [18.00, 43.45], [17.45, 43.45]],
    "gulf-county": [[18.30, 42.35], [18.85, 42.35], [18.85, 42.80], [18.30, 42.80]],
}
FIRST_DAY = date(2023, 2, 3)
NOTES = 36
BUSY_MONTH, BUSY_NOTES = "2024-06", 18  # a month long enough to print on several pages


def _yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in items) + "]"


def _vocabularies(folder: Path) -> None:
    lines = ["# Invented places at real coordinates, for the reader tests.", "terms:"]
    for term_id, name, parent, where, aliases in PLACES:
        lines += [f"  - id: {term_id}", f"    name: {name}"]
        lines += [f"    aliases: {_yaml_list(aliases)}"] if aliases else []
        lines += [f"    parent: {parent}"] if parent else []
        lines += [f"    coordinates: [{where[0]}, {where[1]}]"] if where else []
    (folder / "locations.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["terms:"]
    for term_id, name, parent, aliases in AGENCIES:
        lines += [f"  - id: {term_id}", f"    name: {name}", f"    aliases: {_yaml_list(aliases)}"]
        lines += [f"    parent: {parent}"] if parent else []
        lines += ["    description: An invented agency of the reader tests."]
    (folder / "agencies.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["terms:"]
    for term_id, name, aliases in THEMES:
        lines += [f"  - id: {term_id}", f"    name: {name}"]
        lines += [f"    aliases: {_yaml_list(aliases)}"] if aliases else []
    (folder / "themes.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["terms:"]
    for term_id, name, grade, aliases in OUTLETS:
        lines += [f"  - id: {term_id}", f"    name: {name}", f"    reliability: {grade}"]
        lines += [f"    aliases: {_yaml_list(aliases)}"] if aliases else []
        lines += ["    homepage: https://example.org/", "    language: en"]
    (folder / "outlets.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    features = [
        {
            "type": "Feature",
            "properties": {"id": term_id},
            "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
        }
        for term_id, ring in AREAS.items()
    ]
    geojson = {"type": "FeatureCollection", "features": features}
    (folder / "locations.geojson").write_text(json.dumps(geojson, indent=1), encoding="utf-8")


def _notes(folder: Path) -> None:
    rng = random.Random(18)
    towns = [p[0] for p in PLACES if p[2] and p[2] != "coastland"]
    for number in range(NOTES):
        day = FIRST_DAY + timedelta(days=number * 23 + rng.randrange(5))
        places = ["port-vela"] if number % 3 else rng.sample(towns, 2)  # Port Vela: > 20 notes
        agency = AGENCIES[number % 3][0]
        themes = rng.sample([t[0] for t in THEMES], 1 + number % 2)
        outlet = OUTLETS[number % 2][1]
        slug = f"{day.isoformat()}-harbour-report-{number:02d}"
        text = f"""---
title: "Harbour report {number}: boats and papers at {PLACES[[p[0] for p in PLACES].index(places[0])][1]}"
date: {day.isoformat()}
source:
  name: {outlet}
  url: https://example.org/reports/{number}
agencies: [{agency}]
locations: {_yaml_list(places)}
themes: {_yaml_list(themes)}
{"updated: " + (day + timedelta(days=9)).isoformat() if number % 5 == 0 else ""}
---
An invented report, summarised for the reader tests: the {agency.replace("-", " ")} checked
boats and their papers. See [the report's own site](https://example.org/reports/{number}).

## What happened

Inspectors counted {rng.randrange(3, 40)} boats; the note is long enough to fill a printed page
only when it has to, which is the point of a print test.
"""
        path = folder / f"{day.year}" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for number in range(BUSY_NOTES):
        day = date.fromisoformat(f"{BUSY_MONTH}-01") + timedelta(days=number + 1)
        theme = THEMES[number % len(THEMES)][0]
        town = towns[number % len(towns)]
        summary = " ".join(
            ["A busy month's invented report on boats, papers and the weather at sea;"] * 3
        )
        (folder / "2024" / f"{day.isoformat()}-busy-{number:02d}.md").write_text(
            f"---\ntitle: Busy month report {number} from {town.replace('-', ' ')}\n"
            f"date: {day.isoformat()}\nsource: {{name: Gull Gazette, url: https://example.org/busy/{number}}}\n"
            f"locations: [{town}]\nthemes: [{theme}]\nsummary: {summary}\n---\nBody.\n",
            encoding="utf-8",
        )


def write_readers_content(root: Path) -> Path:
    """The synthetic content tree under `root/content`; returns its path."""
    content = root / "content"
    (content / "vocabulary").mkdir(parents=True)
    (content / "pages").mkdir()
    _vocabularies(content / "vocabulary")
    _notes(content / "articles")
    (content / "pages" / "about.md").write_text(
        "# About the harbour digest\n\nAn invented site for the reader tests.\n", encoding="utf-8"
    )
    return content


_BUILT: dict[Path, Path] = {}


def readers_site(factory: pytest.TempPathFactory) -> Path:
    """The synthetic site, built (with its Pagefind index) once per test session."""
    base = factory.getbasetemp()
    if base not in _BUILT:
        root = factory.mktemp("readers")
        _BUILT[base] = build_search_site(write_readers_content(root), root)
    return _BUILT[base]


SITE_PATH = "research-digest/"  # the path of mkdocs.yml's site_url


def as_published(site: Path, root: Path) -> Path:
    """A folder serving `site` under site_url's path, as GitHub Pages does: pages MkDocs
    renders without a folder of their own (404.html) link their assets from that path."""
    root.mkdir(parents=True, exist_ok=True)
    link = root / SITE_PATH.strip("/")
    if not link.exists():
        link.symlink_to(site, target_is_directory=True)
    return root
