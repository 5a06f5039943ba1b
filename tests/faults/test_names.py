"""No title makes a file name too long: slugs are capped in bytes. A 300-character one-word
title gave `File name too long` tracebacks in `digest new` and `digest import`, and in a feed
one such entry stopped every other entry."""

from __future__ import annotations

from pathlib import Path

from tests.support import digest_main

TODAY = "2025-01-01"
MAX_SLUG_BYTES = 100  # generator.authoring.drafts.MAX_SLUG_BYTES
LONG = "Phones" + "x" * 300  # one word: no word limit shortens it


def test_new_with_a_300_character_word_as_title(content: Path) -> None:
    result = digest_main(
        "new", LONG, "--content", str(content), "--date", "2024-05-01", "--theme", "phones"
    )
    assert result.returncode == 0, result.stderr
    note = Path(result.stdout.strip())
    assert note.is_file() and note.read_text(encoding="utf-8").startswith(f"---\ntitle: {LONG}\n")
    assert len(note.stem.encode()) <= MAX_SLUG_BYTES
    again = digest_main(
        "new", LONG, "--content", str(content), "--date", "2024-05-01", "--theme", "phones"
    )
    assert Path(again.stdout.strip()).name == f"{note.stem}-2.md"


def test_import_of_a_capture_with_a_300_character_word_as_headline(
    content: Path, tmp_path: Path
) -> None:
    capture = tmp_path / "long.txt"
    headline = "Bureau" + "x" * 300 + " raids River City"
    capture.write_text(
        f"Title: {headline}\nPublished: 2024-03-02\nOutlet: Synthetic Wire\n\n"
        "Bureau X searched the market stalls of Old Town in River City.\n",
        encoding="utf-8",
    )
    result = digest_main("import", str(capture), "--content", str(content), "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.splitlines()[-1] == "1 imported, 0 skipped, 0 failed"
    [note] = (content / "articles" / "2024").glob("2024-03-02-bureau*.md")
    [stored] = (content / "captures" / "2024").glob("2024-03-02-bureau*.txt")
    assert note.stem == stored.stem and len(note.stem.encode()) <= MAX_SLUG_BYTES
    assert f"title: {headline}\n" in note.read_text(encoding="utf-8")


ENTRY = """  <entry>
    <title>{title}</title>
    <link href="https://example.org/news/{slug}"/>
    <id>urn:example:{slug}</id>
    <published>2024-04-1{day}T05:30:00+09:00</published>
    <content type="html">&lt;p&gt;Bureau X searched the market in River City.&lt;/p&gt;</content>
  </entry>
"""


def test_one_feed_entry_with_a_huge_title_does_not_stop_the_others(
    content: Path, tmp_path: Path
) -> None:
    entries = [
        ENTRY.format(title="Bureau" + "x" * 300, slug="long", day=1),
        ENTRY.format(title="Bureau X checks phones in River City", slug="short", day=2),
        ENTRY.format(title="", slug="untitled", day=3),
        ENTRY.format(title="Cops raid Old Town stalls in River City", slug="other", day=4),
    ]
    feed = tmp_path / "feed.atom"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <title>Synthetic Wire</title>\n" + "".join(entries) + "</feed>\n",
        encoding="utf-8",
    )
    result = digest_main("import", str(feed), "--content", str(content), "--today", TODAY)
    lines = (result.stdout + result.stderr).splitlines()
    assert f"{feed}#3: error: entry has no title" in lines
    assert lines[-1] == "3 imported, 0 skipped, 1 failed"
    names = sorted(p.name for p in (content / "articles" / "2024").glob("2024-04-1*.md"))
    assert len(names) == 3 and all(len(name.encode()) <= MAX_SLUG_BYTES + 3 for name in names)


def test_slugs_are_capped_in_bytes_not_characters() -> None:
    from generator.authoring import drafts

    limit, cap_slug = drafts.MAX_SLUG_BYTES, drafts.cap_slug
    assert limit == MAX_SLUG_BYTES
    korean = cap_slug("2024-01-01-" + "회령" * 60)  # 3 bytes a character
    assert len(korean.encode()) <= limit and korean.startswith("2024-01-01-회령")
    words = cap_slug("2024-01-01-" + "-".join(["border"] * 30))
    assert len(words.encode()) <= limit and words.endswith("-border")
    assert cap_slug("2024-01-01-short") == "2024-01-01-short"
