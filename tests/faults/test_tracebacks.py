"""Tracebacks a fault probe found after the first round (issue 28, cases 5, 6 and 8): each is
now one line and an exit code, under a deadline.

5. `locations.geojson` nested 50,000 arrays deep: `RecursionError` from `areas.load_areas`.
6. A feed entry dated `0000-01-01T00:00:00Z` (or `99999-…`, or month 13): `ValueError: year 0
   is out of range` stopped every entry of `digest import`.
8. `digest serve -a 127.0.0.1:99999`: `OverflowError` from MkDocs' server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.bounds import picture, run_within

TODAY = "2025-01-01"


def test_geojson_nested_50000_deep_is_one_line(content: Path) -> None:
    areas = content / "vocabulary" / "locations.geojson"
    depth = 50_000
    areas.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {"id": "river-city"}, "geometry": {"type": "Polygon", "coordinates": '
        + "[" * depth
        + "]" * depth
        + "}}]}"
    )
    line = (
        f"{areas}:1: error: JSON nests too deep (each feature: a Polygon or MultiPolygon with "
        "properties.id, a location's id)"
    )
    before = picture(content.parent)
    checked = run_within(20, "check", "--content", str(content), "--today", TODAY)
    assert (checked.returncode, checked.stdout.splitlines()) == (1, [line])
    assert checked.stderr.splitlines() == ["1 error(s), 0 warning(s)"]
    out = content.parent / "docs"
    built = run_within(20, "build", "--content", str(content), "--out", str(out), "--today", TODAY)
    assert (built.returncode, built.stdout.splitlines()[0]) == (1, line)
    assert picture(content.parent, skip=("cache",)) == before  # the build's state folder


ENTRY = """  <entry>
    <title>{title}</title>
    <link href="https://example.org/news/{slug}"/>
    <id>urn:example:{slug}</id>
    <published>{published}</published>
    <content type="html">&lt;p&gt;Bureau X searched the market in River City.&lt;/p&gt;</content>
  </entry>
"""


def _feed(folder: Path, *entries: tuple[str, str]) -> Path:
    feed = folder / "feed.atom"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <title>Synthetic Wire</title>\n"
        + "".join(
            ENTRY.format(title=title, slug=f"entry-{number}", published=published)
            for number, (title, published) in enumerate(entries, 1)
        )
        + "</feed>\n",
        encoding="utf-8",
    )
    return feed


@pytest.mark.parametrize(
    "published",
    ["0000-01-01T00:00:00Z", "99999-01-01T00:00:00Z", "2024-13-01T00:00:00Z"],
)
def test_a_feed_entry_with_an_impossible_date_does_not_stop_the_others(
    content: Path, tmp_path: Path, published: str
) -> None:
    """Refused, not guessed: feedparser made 9999-12-01 of year 99999 and 2025-01-01 of month
    13, and a year 0 that raised."""
    feed = _feed(
        tmp_path,
        ("Bureau X checks phones in River City", published),
        ("Cops raid Old Town stalls in River City", "2024-04-12T05:30:00+09:00"),
    )
    result = run_within(30, "import", str(feed), "--content", str(content), "--today", TODAY)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        f"{feed}#1: error: entry date '{published}' is not a real date",
        "1 imported, 0 skipped, 1 failed",
    ]
    written = sorted(p.name for p in (content / "articles" / "2024").glob("2024-04-12-*.md"))
    assert written == ["2024-04-12-cops-raid-old-town-stalls-river.md"]
    checked = run_within(30, "check", "--content", str(content), "--today", TODAY)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    "address", ["127.0.0.1:99999", "127.0.0.1:0", "127.0.0.1:http", "host:8000"]
)
def test_serve_on_an_impossible_address_is_a_usage_error(content: Path, address: str) -> None:
    """Said as the arguments are parsed, before anything is built."""
    before = picture(content.parent)
    result = run_within(20, "serve", "--content", str(content), "-a", address, cwd=content.parent)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "digest serve: error: argument -a/--dev-addr: not IP:PORT with a port from 1 to 65535 "
        f"(e.g. 127.0.0.1:8000): '{address}'"
    )
    assert picture(content.parent) == before
