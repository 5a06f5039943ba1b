"""The optional `vocabulary/locations.geojson`: read, checked at its path, kept out when bad."""

from __future__ import annotations

import json
from pathlib import Path

from generator.content.read import read_content
from generator.content.validate import check_content
from generator.problems import Severity
from generator.settings import SiteInfo
from generator.site.digests import build_digests
from generator.site.render import Renderer

SQUARE = [[128.5, 41.5], [130.0, 41.5], [130.0, 43.0], [128.5, 43.0], [128.5, 41.5]]


def feature(term_id: object, ring: object = SQUARE) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": {"id": term_id},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def write(content: Path, features: list[dict[str, object]]) -> None:
    document = {"type": "FeatureCollection", "features": features}
    text = json.dumps(document, indent=1)
    (content / "vocabulary" / "locations.geojson").write_text(text, encoding="utf-8")


def test_no_file_no_areas(content: Path) -> None:
    checked = check_content(read_content(content))
    assert checked.corpus.areas == {}


def test_good_features_become_areas(content: Path) -> None:
    write(content, [feature("north-province"), feature("river-city")])
    checked = check_content(read_content(content))
    assert set(checked.corpus.areas) == {"north-province", "river-city"}
    assert not [p for p in checked.problems if p.path.endswith("geojson")]


def test_every_bad_feature_is_an_error_at_its_line(content: Path) -> None:
    write(
        content, [feature("north-province"), feature("atlantis"), feature("river-city", [[1, 2]])]
    )
    checked = check_content(read_content(content))
    found = [p for p in checked.problems if p.path.endswith("vocabulary/locations.geojson")]
    assert [p.severity for p in found] == [Severity.ERROR, Severity.ERROR]
    text = (content / "vocabulary" / "locations.geojson").read_text(encoding="utf-8")
    lines = text.split("\n")
    starts = [number for number, line in enumerate(lines, 1) if line == "  {"]
    assert [p.line for p in found] == starts[1:], "each at the line its feature starts on"
    unknown = next(p for p in found if "unknown location 'atlantis'" in p.message)
    assert '"atlantis"' in "".join(lines[unknown.line - 1 : starts[2] - 1])
    assert any("ring needs at least 4 positions" in p.message for p in found)
    assert set(checked.corpus.areas) == {"north-province"}  # the good one is kept


def test_broken_json_is_one_error_with_its_line(content: Path) -> None:
    (content / "vocabulary" / "locations.geojson").write_text('{\n "type": \n', encoding="utf-8")
    checked = check_content(read_content(content))
    found = [p for p in checked.problems if p.path.endswith("geojson")]
    assert len(found) == 1 and "not valid JSON" in found[0].message and found[0].line == 3


def test_region_page_shades_the_areas_below_it_rolled_up(content: Path) -> None:
    write(content, [feature("north-province"), feature("river-city"), feature("south-province")])
    corpus = check_content(read_content(content)).corpus
    renderer = Renderer(build_digests(corpus), SiteInfo())
    vocabulary = corpus.vocabularies["locations"]
    province = renderer._areas(vocabulary, ["north-province", "river-city"], "north-province")
    assert [(a.term_id, a.count) for a in province] == [
        ("river-city", renderer.digests.count(vocabulary.terms["river-city"]))
    ]
    everywhere = renderer._areas(vocabulary, list(vocabulary.terms), None)
    # broadest shapes only (the provinces), each counting its narrower terms' notes
    assert {a.term_id for a in everywhere} == {"north-province", "south-province"}
    north = next(a for a in everywhere if a.term_id == "north-province")
    assert north.count == renderer.digests.count(vocabulary.terms["north-province"]) > 0
