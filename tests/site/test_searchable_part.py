"""What `digest index` compares of a note page: what Pagefind reads of it, and nothing less."""

from __future__ import annotations

from pathlib import Path

from generator.site.search_index import SEARCH_END, searchable_part


def _note_pages(site: Path) -> list[Path]:
    return sorted(site.glob("articles/*/index.html"))


def test_every_engine_keeps_the_marker_after_what_search_reads(built_site: Path) -> None:
    """Each note page of the sample, built by MkDocs and by Zensical, has its searchable part
    cut at the marker: the body and the search attributes in it, the related notes not."""
    pages = _note_pages(built_site)
    assert pages
    for path in pages:
        page = path.read_bytes()
        part = searchable_part(page)
        assert part != page, path
        assert b"data-pagefind-body" in part and b'data-pagefind-meta="title' in part
        assert b"<html lang=" in part
        assert b"note-evidence" not in part and b"Related notes" not in part


def test_what_only_the_related_notes_change_leaves_the_part_alone(built_site: Path) -> None:
    page = _note_pages(built_site)[0].read_bytes()
    below = page.index(SEARCH_END)
    retitled = page[:below] + page[below:].replace(b"</ul>", b"<li>Another title</li></ul>", 1)
    assert retitled != page and searchable_part(retitled) == searchable_part(page)


def test_what_search_reads_changes_the_part(built_site: Path) -> None:
    page = _note_pages(built_site)[0].read_bytes()
    body = page.index(b"data-pagefind-body")
    for changed in (
        page[:body] + page[body:].replace(b"</p>", b" edited</p>", 1),  # the body
        page.replace(b'data-title="', b'data-title="Edited ', 1),  # the title it shows
        page.replace(b'<html lang="en"', b'<html lang="ko"', 1),  # which index it goes to
    ):
        assert changed != page and searchable_part(changed) != searchable_part(page)


def test_a_page_off_the_pattern_is_read_whole() -> None:
    """No marker, or a Pagefind attribute below it (a template changed without this module):
    the whole page, never less than Pagefind reads."""
    page = b'<html lang="en"><div data-pagefind-body>x</div>' + SEARCH_END + b"<p>y</p>"
    assert searchable_part(page) == b'<html lang="en"><div data-pagefind-body>x</div>'
    for whole in (
        page.replace(SEARCH_END, b""),
        page + b'<p data-pagefind-meta="z">z</p>',
        SEARCH_END + b'<html lang="en"><div data-pagefind-body>x</div>',
    ):
        assert searchable_part(whole) == whole
