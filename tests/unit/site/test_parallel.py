"""Work split over forked processes gives what one process gives."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from benchmarks.synth import generate
from generator.build import check as checking
from generator.build import notes as noting
from generator.build import run as running
from generator.settings import SiteInfo
from generator.site.digests import build_digests
from generator.site.jobs import note_jobs
from generator.site.parallel import can_fork, share_out
from generator.site.render import Renderer

pytestmark = pytest.mark.usefixtures("forkable")  # every test here proves work done forked


@pytest.fixture
def broken_corpus(tmp_path: Path) -> Path:
    """A synthetic archive with mistakes spread over files that different processes read."""
    generate(tmp_path, notes=120, seed=9)
    content = tmp_path / "content"
    notes = sorted((content / "articles").rglob("*.md"))
    text = notes[3].read_text(encoding="utf-8")
    notes[3].write_text(text.replace("title:", "titel:", 1), encoding="utf-8")
    shutil.copy(
        notes[10],
        notes[10].parent.parent / "2015" / notes[10].name.replace("synthetic", "Synthetic"),
    )
    notes[21].write_text("---\ndate: [unclosed\n---\nBody.\n", encoding="utf-8")
    return content


def test_a_check_in_parts_equals_a_check_in_one_process(
    broken_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert can_fork()
    monkeypatch.setattr(noting, "workers", lambda: 1)
    alone = checking.check(broken_corpus, date(2026, 1, 1))
    monkeypatch.setattr(noting, "workers", lambda: 3)
    monkeypatch.setattr(noting, "PARALLEL_CHECK_NOTES", 1)
    split = checking.check(broken_corpus, date(2026, 1, 1))
    assert [p.format() for p in split.problems] == [p.format() for p in alone.problems]
    assert any("duplicate slug" in p.message for p in split.problems)
    assert split.corpus == alone.corpus


def test_every_piece_is_taken_by_exactly_one_process() -> None:
    taken = share_out(300, list, 3)
    assert len(taken) == 3
    numbers = [number for part in taken for number in part]
    assert sorted(numbers) == list(range(300))


def test_a_build_in_shared_pieces_equals_a_build_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path, notes=150, seed=4)
    content, site = tmp_path / "content", SiteInfo(url="https://example.org/")
    trees = {}
    for count in (1, 3):
        monkeypatch.setattr(running, "workers", lambda count=count: count)
        out = tmp_path / f"out{count}"
        running.Build(running.Target(content, out, site)).run(date(2026, 1, 1))
        trees[count] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert len(trees[1]) > 150 and trees[3] == trees[1]


def test_note_pages_and_dataset_render_without_the_term_digests(tmp_path: Path) -> None:
    """What forked processes render while this one works out the term digests must not need
    them: were it to, each process would work them out again and the overlap would be lost."""
    generate(tmp_path, notes=60, seed=5)
    checked = checking.check(tmp_path / "content", date(2026, 1, 1))
    digests = build_digests(checked.corpus)
    renderer = Renderer(digests, SiteInfo())
    files = {job.route.path: job.render() for job in note_jobs(renderer)}
    assert len(files) == len(digests.notes) + 5  # the dataset (2 files), the bibliography (3)
    assert "terms" not in vars(digests) and "months" not in vars(digests), "not worked out yet"
    assert digests.terms and "terms" in vars(digests)  # and worked out when asked for


def test_pieces_done_are_counted_across_processes() -> None:
    """Every piece is reported once, whichever process did it, and the count only grows."""
    seen: list[tuple[int, int]] = []

    def work(numbers: Iterable[int]) -> int:
        return sum(1 for _ in numbers)

    taken = share_out(40, work, 3, progress=lambda done, total: seen.append((done, total)))
    assert sum(taken) == 40
    assert seen[-1] == (40, 40)
    assert [done for done, _ in seen] == sorted({done for done, _ in seen})
