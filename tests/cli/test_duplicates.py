"""Likely duplicates are reported by `digest new` and `digest import` (real executable), and
slugs made from headlines read well.

The model case: the sample's hand-written note on Daily NK's report of 19 April 2024 and the
synthetic capture `dailynk-hoeryong.txt` of the same outlet and day, on the same subject.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support import FIXTURES, ROOT, run_digest

SAMPLE_NOTE = Path("content/articles/2024/2024-04-19-state-security-offices-confiscated-phones.md")
SAMPLE_TITLE = "State security offices on the border caught using confiscated phones"
CAPTURE = FIXTURES / "captures" / "dailynk-hoeryong.txt"


def _sample(tmp_path: Path) -> Path:
    """A copy of the project's sample content, as an author's checkout has it."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def test_import_reports_the_sample_note_on_the_same_report(tmp_path: Path) -> None:
    folder = _sample(tmp_path)
    result = run_digest("import", str(CAPTURE), "--today", "2024-06-01", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert (
        f"{CAPTURE}: warning: likely a note on the same report already: {SAMPLE_NOTE} "
        f"(same outlet and date, similar title: '{SAMPLE_TITLE}')"
    ) in result.stderr.splitlines()
    written = (
        folder / "content/articles/2024/2024-04-19-hoeryong-security-office-caught-renting-out.md"
    )
    assert written.is_file(), "a warning: the author decides"


def test_import_reports_a_note_whose_report_has_the_same_headline(tmp_path: Path) -> None:
    folder = _sample(tmp_path)
    headline = "N. Korea's state security agency cracks down on corruption in offices along border"
    capture = tmp_path / "headline.txt"
    capture.write_text(
        CAPTURE.read_text(encoding="utf-8").replace(
            "Hoeryong security office caught renting out confiscated phones", headline
        ),
        encoding="utf-8",
    )
    result = run_digest("import", str(capture), "--today", "2024-06-01", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert (
        f"{capture}: warning: likely a note on the same report already: {SAMPLE_NOTE} (same title)"
        in result.stderr.splitlines()
    )
    slug = "2024-04-19-north-korea-state-security-agency-cracks"
    assert (folder / "content/articles/2024" / f"{slug}.md").is_file()
    assert (folder / "content/captures/2024" / f"{slug}.txt").is_file()


def test_import_reports_a_duplicate_among_the_files_of_one_run(tmp_path: Path) -> None:
    folder = _sample(tmp_path)
    retold = tmp_path / "retold.txt"
    retold.write_text(
        CAPTURE.read_text(encoding="utf-8").replace(
            "Hoeryong security office caught renting out confiscated phones",
            "Security office in Hoeryong rented out confiscated phones",
        ),
        encoding="utf-8",
    )
    result = run_digest("import", str(CAPTURE), str(retold), "--today", "2024-06-01", cwd=folder)
    first = Path("content/articles/2024/2024-04-19-hoeryong-security-office-caught-renting-out.md")
    assert (
        f"{retold}: warning: likely a note on the same report already: {first} (same outlet and "
        "date, similar title: 'Hoeryong security office caught renting out confiscated phones')"
    ) in result.stderr.splitlines()


def test_new_warns_about_a_note_on_the_same_report(tmp_path: Path) -> None:
    folder = _sample(tmp_path)

    def new(title: str, day: str, outlet: str) -> list[str]:
        made = run_digest(
            "new", title, "--date", day, "--source", outlet, "--theme", "corruption", cwd=folder
        )
        assert made.returncode == 0, made.stderr
        assert Path(folder / made.stdout.strip()).is_file(), "a warning: the note is written"
        return made.stderr.splitlines()

    warning = "digest new: warning: likely a note on the same report already:"
    assert new(SAMPLE_TITLE, "2025-01-02", "RFA") == [f"{warning} {SAMPLE_NOTE} (same title)"]
    retold = "Security office in Hoeryong rented out confiscated phones"
    assert new(retold, "2024-04-19", "DailyNK") == [  # outlets.yml: DailyNK is Daily NK
        f"{warning} {SAMPLE_NOTE} (same outlet and date, similar title: '{SAMPLE_TITLE}')"
    ]
    assert new("Rice prices rise in Hyesan markets", "2024-04-19", "Daily NK") == []
    assert new("Another security office rented out phones", "2024-04-19", "RFA") == []
