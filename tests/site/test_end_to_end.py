"""End to end: content → `digest build` → `mkdocs build --strict` → the pages of the URL contract."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support import build_site, header_search_index

HOSTILE = "<script>alert(1)</script>"


def _read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_sample_site_has_every_section(built_site: Path) -> None:
    for url in ("", "themes/", "agencies/", "regions/", "digests/", "about/", "method/"):
        assert (built_site / url / "index.html").is_file(), url
    for path in ("feeds/all.xml", "data/articles.json", "data/articles.csv"):
        assert (built_site / path).is_file(), path


def test_model_case_note_and_its_digests(built_site: Path) -> None:
    slug = next(
        p.name for p in (built_site / "articles").iterdir() if p.name.startswith("2024-04-19")
    )
    page = _read(built_site, f"articles/{slug}/")
    for term in ("ministry-of-state-security", "hoeryong", "uiju", "corruption", "mobile-phones"):
        assert f"/{term}/" in page, term
    province = _read(built_site, "regions/north-hamgyong/")
    assert f"articles/{slug}/" in province, "the province page rolls up its cities' notes"
    assert "Included through" in province


def test_search_index_knows_aliases_and_excludes_nothing_published(built_site: Path) -> None:
    by_location = {doc["location"]: doc for doc in header_search_index(built_site)}
    agency = by_location["agencies/ministry-of-state-security/"]
    assert "Bowibu" in agency["text"]


def _hostile_content(content: Path) -> None:
    note = content / "articles" / "2024" / "hostile.md"
    note.write_text(
        "---\n"
        f'title: "{HOSTILE} & =cmd|x"\n'
        "date: 2024-01-05\n"
        f'source: {{name: "{HOSTILE}", url: "https://example.org/?a=1&b=<2>"}}\n'
        f'summary: "=HYPERLINK(1) {HOSTILE}"\n'
        "themes: [phones]\n"
        "---\n"
        f"Body with {HOSTILE} and [a link](https://example.org/x).\n",
        encoding="utf-8",
    )
    vocabulary = content / "vocabulary" / "themes.yml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8").replace("name: Trade", f'name: "Trade {HOSTILE}"'),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from tests.support import FIXTURES

    tmp = tmp_path_factory.mktemp("hostile")
    content = tmp / "content"
    shutil.copytree(FIXTURES / "content", content)
    _hostile_content(content)
    return build_site(content, tmp)


def test_hostile_values_are_escaped_everywhere(hostile_site: Path) -> None:
    for file in hostile_site.rglob("*"):
        if file.suffix in (".html", ".xml", ".json", ".csv") and file.is_file():
            text = file.read_text(encoding="utf-8")
            assert HOSTILE not in text or file.suffix in (".json", ".csv"), file
            assert "javascript:alert" not in text, file
    page = _read(hostile_site, "articles/hostile/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_feeds_and_json_stay_well_formed_with_hostile_values(hostile_site: Path) -> None:
    ET.parse(hostile_site / "feeds" / "all.xml")
    data = json.loads((hostile_site / "data" / "articles.json").read_text(encoding="utf-8"))
    titles = [a["title"] for a in data["articles"]]
    assert f"{HOSTILE} & =cmd|x" in titles
    with (hostile_site / "data" / "articles.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    hostile_row = next(r for r in rows if r["slug"] == "hostile")
    assert hostile_row["summary"].startswith("'=")


def test_drafts_appear_nowhere(hostile_site: Path) -> None:
    assert not (hostile_site / "articles" / "draft-delta").exists()
    for file in hostile_site.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".xml", ".json", ".csv"):
            assert "delta draft" not in file.read_text(encoding="utf-8").lower(), file
