"""Limits that are real and say so.

- The YAML alias guard counts what aliases expand to, not the values written out: a vocabulary
  of more than about 4,000 terms was refused as an alias bomb, and every note using it failed.
- Feeds import in whatever encoding they declare (an ISO-8859-1 RSS feed was refused as "not
  UTF-8").
- A link written without its scheme (`[Daily NK](www.dailynk.com)`) is an error at its line:
  the site would send readers to a page of its own that does not exist.
- A note over 1 MB is an error (`tests/cli/test_check.py::test_a_file_over_1_mb_is_an_error`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.yaml_nodes import parse_yaml
from tests.support import digest_main

TODAY = "2025-01-01"


def _terms(count: int) -> str:
    return "".join(
        f"  - id: generated-{i:06d}\n    name: Generated term {i:06d}\n" for i in range(count)
    )


def test_a_vocabulary_of_100000_terms_loads() -> None:
    root, problems = parse_yaml("terms:\n" + _terms(100_000), "themes.yml")
    assert problems == []
    assert root is not None and len(root.value["terms"].value) == 100_000


def test_notes_using_a_vocabulary_of_10000_terms_check(content: Path) -> None:
    themes = content / "vocabulary" / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8") + _terms(10_000), encoding="utf-8")
    result = digest_main("check", "--content", str(content), "--today", TODAY)
    assert (result.returncode, result.stderr) == (0, f"{content}: 4 note(s) checked, no errors\n")


def test_an_alias_bomb_is_still_refused_and_says_its_limit() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]")
    root, problems = parse_yaml("\n".join(lines), "x.yml")
    assert root is None
    assert [p.format() for p in problems] == [
        "x.yml:1: error: YAML aliases expand to more than 20,000 values "
        "(write the values out instead of repeating aliases)"
    ]


RSS = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0"><channel>
<title>Synthetic Wire</title><link>https://example.org/</link>
<item>
<title>Bureau X raids dealers in Rivér Cíty</title>
<link>https://example.org/news/raid-caf\u00e9</link>
<pubDate>Sat, 02 Mar 2024 09:00:00 +0900</pubDate>
<description>Agents of Bureau X searched the café stalls of Rivér Cíty.</description>
</item>
</channel></rss>
"""


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "windows-1252", "UTF-16"])
def test_a_feed_in_its_declared_encoding_imports(
    content: Path, tmp_path: Path, encoding: str
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(RSS.format(encoding=encoding).encode(encoding))
    result = digest_main("import", str(feed), "--content", str(content), "--today", TODAY)
    assert result.stderr.splitlines()[-1] == "1 imported, 0 skipped, 0 failed", result.stderr
    [note] = (content / "articles" / "2024").glob("2024-03-02-bureau-raids-dealers-*.md")
    text = note.read_text(encoding="utf-8")
    assert "title: Bureau X raids dealers in Rivér Cíty\n" in text
    assert "- river-city" in text and "- secret-office" in text


NOTE = """---
title: A note with a link
date: 2024-05-01
source: {name: Test Wire, url: "https://example.org/linked"}
themes: [phones]
---
Reported by [Daily NK](www.dailynk.com), and [again](dailynk.com/english/x "Daily NK").

See [the report](files/report.pdf), [a note](../2024/beta.md) and ![a chart](www.example.org/c.png).
"""


def test_a_link_without_a_scheme_is_an_error_at_its_line(content: Path) -> None:
    note = content / "articles" / "2024" / "linked.md"
    note.write_text(NOTE, encoding="utf-8")
    result = digest_main("check", "--content", str(content), "--today", TODAY)
    tail = "has no scheme: it would lead to a missing page of this site"
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{note}:7: error: link 'dailynk.com/english/x' {tail} "
        "(write 'https://dailynk.com/english/x')",
        f"{note}:7: error: link 'www.dailynk.com' {tail} (write 'https://www.dailynk.com')",
        f"{note}:9: error: image source 'www.example.org/c.png' {tail} "
        "(write 'https://www.example.org/c.png')",
    ]
