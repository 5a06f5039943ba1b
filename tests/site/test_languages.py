"""A note in any script: a Korean note's slug, page language, feed entry and dataset field.

The fixture content plus one note written in Korean (`language: ko`) is built by `digest build`
and each engine's strict build; the page, the feed and the dataset are read as files.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.support import ENGINES, FIXTURES, build_site, run_digest

KOREAN_NOTE = """\
---
title: 구시에서 휴대전화 압수
date: 2024-04-20
language: ko
source:
  name: Synthetic Wire
  url: https://example.org/ko/phones
  language: ko
locations: [강시]
themes: [phones]
summary: 구시 당국이 시장에서 중국 휴대전화를 압수했다.
---
우리 말로 쓴 요약이다.
"""
SLUG = "2024-04-20-gusieseo-hyudaejeonhwa-apsu"


def korean_content(tmp: Path) -> Path:
    """The fixture content with a Korean note, named as `digest new` names it."""
    content = tmp / "content"
    shutil.copytree(FIXTURES / "content", content)
    made = run_digest(
        "new", "구시에서 휴대전화 압수", "--content", str(content), "--date", "2024-04-20"
    )
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path.name == f"{SLUG}.md"
    path.write_text(KOREAN_NOTE, encoding="utf-8")
    return content


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp(f"languages-{request.param}")
    return build_site(korean_content(tmp), tmp, request.param)


def _html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_a_korean_note_is_a_korean_page(site: Path) -> None:
    assert '<html lang="ko"' in _html(site, f"articles/{SLUG}")
    assert '<html lang="en"' in _html(site, "articles/alpha")  # the site's language
    assert '<html lang="en"' in _html(site, "")


def test_its_feed_entry_says_its_language(site: Path) -> None:
    feed = (site / "feeds" / "all.xml").read_text(encoding="utf-8")
    entries = feed.split("<entry")[1:]
    [korean] = [entry for entry in entries if SLUG in entry]
    assert korean.startswith(' xml:lang="ko">')
    assert all(entry.startswith(">") for entry in entries if entry is not korean)


def test_the_dataset_carries_the_language(site: Path) -> None:
    data = json.loads((site / "data" / "articles.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 3
    languages = {article["slug"]: article["language"] for article in data["articles"]}
    assert languages[SLUG] == "ko" and languages["alpha"] is None
    rows = csv.DictReader(io.StringIO((site / "data" / "articles.csv").read_text("utf-8")))
    assert {row["slug"]: row["language"] for row in rows}[SLUG] == "ko"
