"""The `digest` command through its real entry point: build, export, new, schema, usage errors."""

from __future__ import annotations

import csv
import gc
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.build.run import Build, BuildReport
from tests.support import DIGEST, run_digest


def _build(content: Path, out: Path) -> tuple[int, str]:
    result = run_digest("build", "--content", str(content), "--out", str(out))
    return result.returncode, result.stderr


def test_build_writes_the_docs_tree(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    code, stderr = _build(content, out)
    assert code == 0, stderr
    for path in (
        "index.md",
        "articles/alpha/index.md",
        "regions/north-province/index.md",
        "digests/2024-04/index.md",
        "about/index.md",
    ):
        assert (out / path).is_file(), path
    assert re.fullmatch(
        r"digest build: full build \(no usable state: there is none yet\) → 3 notes, "
        r"\d+ files rendered, \d+ written \(\d+\.\d s\)\n",
        stderr,
    ), stderr


def test_failed_build_writes_nothing_and_keeps_previous_output(
    content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "docs"
    assert _build(content, out)[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (content / "articles" / "2024" / "alpha.md").write_text(
        "---\ntitle: broken\n", encoding="utf-8"
    )
    result = run_digest("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 1
    assert (
        f"{content}/articles/2024/alpha.md:1: error: front matter is not closed"
        in (result.stdout.splitlines()[0])
    )
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_second_build_rewrites_no_file(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    _build(content, out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.md")}
    code, stderr = _build(content, out)  # files written a moment ago: their bytes compared
    assert code == 0 and stderr.startswith("digest build: nothing changed, "), stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.md")} == mtimes
    forced = run_digest("build", "--content", str(content), "--out", str(out), "--full")
    assert forced.returncode == 0 and "full build (--full)" in forced.stderr
    assert ", 0 written (" in forced.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.md")} == mtimes


def test_an_edit_after_a_build_is_rebuilt(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    _build(content, out)
    note = content / "articles" / "2024" / "beta.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Beta body.", "Beta edited."))
    code, _stderr = _build(content, out)
    assert code == 0 and "Beta edited." in (out / "articles" / "beta" / "index.md").read_text()


def test_export_json_and_csv_hold_exactly_the_published_notes(
    content: Path, tmp_path: Path
) -> None:
    result = run_digest("export", "--content", str(content))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [a["slug"] for a in data["articles"]] == ["alpha", "beta", "gamma"]
    alpha = data["articles"][0]
    assert alpha["terms"] == {
        "agencies": ["secret-office"],
        "locations": ["river-city", "bay-county"],
        "themes": ["phones", "bribery"],
        "outlets": [],
    }
    target = tmp_path / "notes.csv"
    result = run_digest("export", "--content", str(content), "--format", "csv", "-o", str(target))
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["slug"] for r in rows] == ["alpha", "beta", "gamma"]


def test_new_scaffolds_a_checked_note_and_never_overwrites(content: Path) -> None:
    args = ("new", "Phones seized again", "--content", str(content), "--date", "2024-05-01")
    first = run_digest(
        *args, "--location", "Rivér Cíty", "--theme", "handsets", "--source", "Synthetic Wire"
    )
    assert first.returncode == 0, first.stderr
    path = Path(first.stdout.strip())
    assert path == content / "articles" / "2024" / "2024-05-01-phones-seized-again.md"
    text = path.read_text(encoding="utf-8")
    assert "- river-city" in text and "- phones" in text and "date: 2024-05-01" in text
    second = run_digest(*args, "--theme", "phones")
    assert Path(second.stdout.strip()).name == "2024-05-01-phones-seized-again-2.md"
    assert second.stderr.splitlines() == [
        "digest new: warning: 2024-05-01-phones-seized-again is taken; "
        "the note is 2024-05-01-phones-seized-again-2",
        f"digest new: warning: likely a note on the same report already: {path} (same title)",
    ]
    assert path.read_text(encoding="utf-8") == text
    assert run_digest("check", "--content", str(content)).returncode == 0
    untagged = run_digest("new", "Untagged", "--content", str(content))
    assert untagged.returncode == 0 and "tag at least one" in untagged.stderr


def test_new_names_a_korean_note_in_the_revised_romanisation(content: Path) -> None:
    args = ("new", "회령 보위부 휴대전화 단속", "--content", str(content), "--date", "2024-04-19")
    made = run_digest(*args, "--theme", "phones")
    assert made.returncode == 0, made.stderr
    assert Path(made.stdout.strip()).name == "2024-04-19-hoeryeong-bowibu-hyudaejeonhwa-dansok.md"
    assert made.stderr == ""


def test_new_takes_the_slug_it_is_given(content: Path) -> None:
    args = ("new", "회령 보위부", "--content", str(content), "--date", "2024-04-19")
    made = run_digest(*args, "--slug", "hoeryong-phones", "--theme", "phones")
    assert Path(made.stdout.strip()) == content / "articles" / "2024" / "hoeryong-phones.md"
    refused = run_digest(*args, "--slug", "Hoeryong phones")
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[-1] == (
        "digest new: error: argument --slug: not a slug (letters, digits and - _ . ~, "
        "not 'index'): 'Hoeryong phones'"
    )


def test_new_says_when_no_word_of_the_title_names_the_file(content: Path) -> None:
    made = run_digest("new", "!!! ???", "--content", str(content), "--date", "2024-04-19")
    assert made.returncode == 0
    assert made.stderr.splitlines()[0] == (
        "digest new: warning: no word of the title could name the file; it is "
        "2024-04-19-note.md (choose a name with --slug)"
    )


def test_new_rejects_an_unknown_term_with_a_suggestion(content: Path) -> None:
    result = run_digest("new", "X", "--content", str(content), "--theme", "phnoes")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "digest new: error: unknown theme 'phnoes' (did you mean 'phones'?)"
    )
    assert not list((content / "articles").rglob("*-x.md"))


def test_schema_enumerates_ids_and_aliases(content: Path) -> None:
    result = run_digest("schema", "--content", str(content))
    schema = json.loads(result.stdout)
    words = schema["properties"]["locations"]["items"]["enum"]
    assert {"river-city", "River City", "강시", "Rivér Cíty"} <= set(words)
    assert schema["additionalProperties"] is False


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_digest("frobnicate").returncode == 2
    missing = run_digest("check", "--content", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "content folder not found" in missing.stderr


def test_an_interrupted_command_exits_130_without_a_traceback(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Build, "run", interrupted)
    assert cli.main(["build", "--content", str(content)]) == 130
    assert "Traceback" not in capsys.readouterr().err


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Gives back to the cyclic collector whatever a test's command kept from it."""
    yield
    gc.unfreeze()
    gc.enable()


@pytest.mark.usefixtures("unfrozen")
def test_the_executable_keeps_what_a_build_made_from_the_collector(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    run = Build.run

    def watched(*args: Any, **kwargs: Any) -> BuildReport:
        seen.append(gc.isenabled())
        return run(*args, **kwargs)

    monkeypatch.setattr(Build, "run", watched)
    gc.unfreeze()
    argv = ["build", "--content", str(content), "--out", str(tmp_path / "docs")]
    monkeypatch.setattr("sys.argv", ["digest", *argv])
    assert cli.command() == 0
    assert seen == [False]  # the collector is off for the whole command
    assert gc.isenabled() and gc.get_freeze_count() > 0  # and back on, with the build parked


@pytest.mark.usefixtures("unfrozen")
def test_main_called_from_other_code_leaves_the_collector_alone(
    content: Path, tmp_path: Path
) -> None:
    gc.unfreeze()
    assert cli.main(["build", "--content", str(content), "--out", str(tmp_path / "d")]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_installed_executable_runs_command() -> None:
    assert "command()" in Path(DIGEST).read_text(encoding="utf-8")
