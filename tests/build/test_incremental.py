"""The build's incremental runs give the very files a full build gives.

After each kind of edit, a `Build` kept alive between runs (as the preview keeps one: in place,
rendering only what `changes.pages_to_render` selects) must leave the docs tree byte for byte
equal to a build from scratch; and a one-note edit must select only a small part of the site.
The same with the state on disk between runs is `test_always_equal.py`.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.synth import generate
from generator.build import changes
from generator.build.check import check, check_reusing
from generator.build.digests import update_digests
from generator.build.run import Build, Target
from generator.settings import DIGEST_PAGE_NOTES, TEMPLATES, SiteInfo
from generator.site.digests import RELATED_WINDOW, Digests, RelatedNotes, build_digests
from generator.site.jobs import site_jobs
from generator.site.render import Renderer

TODAY = date(2026, 1, 1)
SITE = SiteInfo(name="Synthetic", url="https://example.org/digest/")
ONE_THEME = {"themes": ("one-theme",)}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def _notes(content: Path) -> list[Path]:
    return sorted((content / "articles").rglob("*.md"))


def _front(note: Path, key: str, value: str) -> None:
    text = note.read_text(encoding="utf-8")
    text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text, count=1)
    note.write_text(text, encoding="utf-8")


def _retitle(content: Path) -> None:
    _front(_notes(content)[5], "title", '"A new title for a synthetic note"')


def _retitle_popular(content: Path) -> None:
    """The note that the most other notes list as related: their pages show its title."""
    digests = build_digests(check(content, TODAY).corpus)
    shown = Counter(n.path for slug in digests.related_notes for n in digests.related_notes[slug])
    _front(Path(shown.most_common(1)[0][0]), "title", '"A popular note, retitled"')


def _redate(content: Path) -> None:
    _front(_notes(content)[7], "date", "2015-02-03")


def _retag(content: Path) -> None:
    note = _notes(content)[9]
    locations = re.findall(r"(?m)^- id: (\S+)", (content / "vocabulary/locations.yml").read_text())
    _front(note, "locations", f'["{locations[-1]}"]')


def _edit_body(content: Path) -> None:
    note = _notes(content)[11]
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more synthetic sentence.\n")


def _delete(content: Path) -> None:
    _notes(content)[13].unlink()


def _add(content: Path) -> None:
    source = _notes(content)[15]
    shutil.copy(source, source.with_name("synthetic-added-note.md"))


def _draft(content: Path) -> None:
    note = _notes(content)[17]
    note.write_text(note.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1))


def _vocabulary(content: Path) -> None:
    themes = content / "vocabulary/themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("name: ", "name: Renamed ", 1))


def _link(content: Path, relation: str = "follows", target: str | None = None) -> None:
    """A note starts pointing at another: the other note's page shows the backlink."""
    notes = _notes(content)
    note, target = notes[19], target or notes[3].stem
    text = re.sub(r"(?m)^see_also: .*\n", "", note.read_text(encoding="utf-8"))
    head, _, body = text.partition("\n---\n")
    line = f"see_also: [{{note: {target}, relation: {relation}}}]"
    note.write_text(f"{head}\n{line}\n---\n{body}", encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    "retitle": _retitle,
    "retitle-popular": _retitle_popular,
    "redate": _redate,
    "retag": _retag,
    "body": _edit_body,
    "delete": _delete,
    "add": _add,
    "draft": _draft,
    "vocabulary": _vocabulary,
    "see-also": _link,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("incremental")
    generate(folder, notes=240, seed=11)
    return folder / "content"


def _served(corpus: Path, tmp_path: Path, templates: Path = TEMPLATES) -> tuple[Path, Build]:
    """A copy of the corpus, built once in place as `digest serve` does: (content, build)."""
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    build = Build(Target(content, tmp_path / "served", SITE, templates), preview=True)
    _rebuild(build)
    return content, build


def _rebuild(build: Build) -> None:
    build.run(TODAY)


def _digests(build: Build) -> Digests:
    assert build.body is not None and build.body.digests is not None
    return build.body.digests


def _fresh(content: Path, tmp_path: Path) -> dict[str, bytes]:
    Build(Target(content, tmp_path / "fresh", SITE)).run(TODAY, full=True)
    return _tree(tmp_path / "fresh")


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_rebuilt_in_place_equals_a_full_build(
    corpus: Path, tmp_path: Path, edit: str
) -> None:
    content, build = _served(corpus, tmp_path)
    EDITS[edit](content)
    _rebuild(build)
    assert _tree(tmp_path / "served") == _fresh(content, tmp_path)


@pytest.mark.parametrize("edit", EDITS)
def test_updated_digests_equal_digests_built_from_scratch(
    corpus: Path, tmp_path: Path, edit: str
) -> None:
    content, build = _served(corpus, tmp_path)
    EDITS[edit](content)
    assert build.body is not None and build.head is not None
    found = check_reusing(content, build.body.notes, TODAY, build.head.vocabularies)
    corpus_now = found.checked.corpus
    updated = update_digests(_digests(build), corpus_now)
    fresh = build_digests(corpus_now)
    assert updated.terms == fresh.terms
    assert updated.months == fresh.months and updated.notes == fresh.notes


def test_a_digest_that_grows_past_its_page_gets_its_yearly_pages(
    corpus: Path, tmp_path: Path
) -> None:
    """Tagging a few more notes pushes a term over the page limit: its yearly pages appear."""
    content, build = _served(corpus, tmp_path)
    small = [d for d in _digests(build).terms.values() if d.term.vocabulary == "themes"]
    small = [d for d in small if d.count <= DIGEST_PAGE_NOTES]
    digest = max(small, key=lambda d: d.count)
    tagged = {e.note.path for e in digest.entries}
    others = [n for n in _notes(content) if str(n) not in tagged][
        : DIGEST_PAGE_NOTES + 1 - digest.count
    ]
    for note in others:
        text = note.read_text(encoding="utf-8")
        note.write_text(text.replace("themes: [", f'themes: ["{digest.term.id}", ', 1))
    _rebuild(build)
    assert list((tmp_path / "served" / "themes" / digest.term.id).glob("*.md"))
    assert _tree(tmp_path / "served") == _fresh(content, tmp_path)


def test_a_one_note_edit_renders_a_small_part_of_the_site(corpus: Path, tmp_path: Path) -> None:
    content, build = _served(corpus, tmp_path)
    before = _digests(build)
    _retitle(content)
    _rebuild(build)
    wanted = changes.pages_to_render(before, _digests(build))
    routes = [job.route for job in site_jobs(Renderer(_digests(build), SITE))]
    chosen = {r.path for r in routes if wanted(r.key) and r.path.endswith(".md")}
    pages = {r.path for r in routes if r.path.endswith(".md")}
    assert f"articles/{_notes(content)[5].stem}/index.md" in chosen
    assert len(chosen) < len(pages) / 4, sorted(chosen)


def test_a_template_change_renders_everything_again(corpus: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    _content, build = _served(corpus, tmp_path, templates)
    year = templates / "digest_year.md.j2"
    year.write_text(year.read_text(encoding="utf-8") + "\nEdited template.\n", encoding="utf-8")
    _rebuild(build)
    served = tmp_path / "served"
    year_pages = [p for p in served.rglob("index.md") if re.fullmatch(r"\d{4}", p.parent.name)]
    assert year_pages and all("Edited template." in p.read_text() for p in year_pages)


def test_a_notes_neighbours_are_every_note_whose_related_list_it_can_change(
    tmp_path: Path,
) -> None:
    """Take a note out: every note whose related list changes is among its neighbours."""
    generate(tmp_path, notes=600, seed=5)
    corpus = check(tmp_path / "content", TODAY).corpus
    before = build_digests(corpus)
    for removed in corpus.published[::40]:
        others = replace(corpus, notes=tuple(n for n in corpus.notes if n is not removed))
        after = build_digests(others)
        changed = {
            slug
            for slug in after.related_notes
            if [n.slug for n in after.related_notes[slug]]
            != [n.slug for n in before.related_notes[slug]]
        }
        assert changed, "the sample should move some related lists"
        assert changed <= before.related_notes.neighbours(removed.slug), removed.slug


def test_neighbours_cover_the_whole_window(tmp_path: Path) -> None:
    """Forty notes on one theme: related lists are pure windows, ties going to newer notes.
    Taking a note out lets each note up to W places older take one more newer note in."""
    generate(tmp_path, notes=20, seed=3)
    model = check(tmp_path / "content", TODAY).corpus.published[0]
    notes = tuple(  # newest first, as the corpus keeps them
        replace(model, slug=f"n{i:02d}", date=date(2020, 3, 1) - timedelta(days=i), terms=ONE_THEME)
        for i in range(40)
    )
    before = RelatedNotes(notes)
    far = False
    for index in range(5, 35):
        after = RelatedNotes(notes[:index] + notes[index + 1 :])
        changed = {s for s in after if after[s] != before[s]}
        assert changed <= before.neighbours(notes[index].slug)
        far |= f"n{index + RELATED_WINDOW:02d}" in changed
    assert far, "some change reaches a note W places away"


def test_a_check_rereads_only_changed_notes(content: Path) -> None:
    """A check reusing the last one's records: unchanged notes are not parsed again (a file
    written within a clock tick is read, but its bytes are the same: the same note)."""
    before = check_reusing(content, {}, TODAY)
    first = {n.slug: n for n in before.checked.corpus.notes}
    beta = content / "articles" / "2024" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    (content / "articles" / "2023" / "gamma.md").unlink()
    after = check_reusing(content, before.records, TODAY, before.vocabularies)
    second = {n.slug: n for n in after.checked.corpus.notes}
    assert second["alpha"] is first["alpha"]
    assert second["beta"] is not first["beta"] and "More." in second["beta"].body
    assert "gamma" not in second and len(after.records) == len(second)
    assert after.notes == 1


def test_backlinks_follow_edits_of_the_note_that_links(corpus: Path, tmp_path: Path) -> None:
    """The target is a note nothing else would render again: only its backlink changes."""
    content, build = _served(corpus, tmp_path)
    linking = _notes(content)[19].stem
    near = _digests(build).related_notes.neighbours(linking)
    target = next(n.slug for n in _digests(build).notes if n.slug not in near)
    for relation in ("follows", "contradicts"):
        _link(content, relation, target)
        _rebuild(build)
        assert _tree(tmp_path / "served") == _fresh(content, tmp_path), relation
    note = _notes(content)[19]
    note.write_text(re.sub(r"(?m)^see_also: .*\n", "", note.read_text(encoding="utf-8")))
    _rebuild(build)
    assert _tree(tmp_path / "served") == _fresh(content, tmp_path)
