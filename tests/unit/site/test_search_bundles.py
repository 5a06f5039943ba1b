"""Search bundles: consecutive years, newest first, each at most the limit unless a year is
bigger; `digest index` writes the first where Pagefind's scripts are and lists the others."""

from __future__ import annotations

import json
from pathlib import Path

from generator.site.search_index import Bundle, bundles
from tests.support import ROOT, build_site, run_digest


def test_years_are_grouped_newest_first_within_the_limit() -> None:
    notes = [(f"n{i}", year) for i, year in enumerate([2024] * 3 + [2023] * 2 + [2022] * 4)]
    assert bundles(notes, limit=5) == [
        Bundle((2024, 2023), ("n0", "n1", "n2", "n3", "n4")),
        Bundle((2022,), ("n5", "n6", "n7", "n8")),
    ]


def test_a_year_bigger_than_the_limit_is_a_bundle_of_its_own() -> None:
    notes = [(f"n{i}", 2020) for i in range(7)] + [("old", 2019)]
    assert [b.years for b in bundles(notes, limit=3)] == [(2020,), (2019,)]
    assert bundles([], limit=3) == []


def test_digest_index_writes_every_bundle(tmp_path: Path) -> None:
    site = build_site(ROOT / "content", tmp_path)
    result = run_digest("index", "--site", str(site), "--bundle-notes", "6")
    assert result.returncode == 0, result.stderr
    assert (
        "digest index: full index (the first run): 17 notes in 3 search bundle(s), 3 indexed, "
        f"0 reused → {site}/pagefind ("
    ) in result.stderr
    manifest = json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert [b["path"] for b in manifest["bundles"]] == ["more/1/", "more/2/"]
    for bundle in manifest["bundles"]:
        assert (site / "pagefind" / bundle["path"] / "pagefind-entry.json").is_file()
    assert not list(tmp_path.glob(".site.pagefind-work-*")), "the work folder is removed"
