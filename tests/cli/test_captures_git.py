"""Captures never enter git by accident: `digest import` makes their folder ignore itself, and
`digest check` warns about any capture git tracks all the same; without git it says nothing.

Each test makes its own repository with the real `git` and runs the real `digest` executable.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.authoring.capture_store import IGNORE_TEXT
from tests.cli.test_check import check, problems
from tests.support import FIXTURES, ROOT, run_digest

CAPTURE = FIXTURES / "captures" / "river-city.txt"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _import(content: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = run_digest(
        "import", "--content", str(content), "--today", "2024-06-01", str(CAPTURE), cwd=cwd
    )
    assert result.returncode == 0, result.stderr
    return result


def test_import_makes_the_captures_folder_ignore_itself(tmp_path: Path) -> None:
    repository = tmp_path / "team"
    shutil.copytree(FIXTURES / "content", repository / "content")
    _git(repository, "init", "-q")
    result = _import(Path("content"), cwd=repository)
    ignore = repository / "content" / "captures" / ".gitignore"
    assert ignore.read_text(encoding="utf-8") == IGNORE_TEXT
    assert (
        f"{Path('content/captures/.gitignore')}: written, so that git never picks up a capture"
        in (result.stderr.splitlines())
    )
    [capture] = (repository / "content" / "captures" / "2024").iterdir()
    _git(repository, "add", "-A")
    staged = _git(repository, "diff", "--cached", "--name-only").splitlines()
    assert "content/captures/.gitignore" in staged
    assert [name for name in staged if name.startswith("content/captures/2024")] == []
    assert [name for name in staged if name.startswith("content/articles/2024/2024-")] != []
    assert check(repository / "content").returncode == 0
    # a second import leaves the team's own ignore rules alone
    ignore.write_text("*\n!.gitignore\n# ours\n", encoding="utf-8")
    capture.unlink()
    _import(repository / "content")
    assert ignore.read_text(encoding="utf-8") == "*\n!.gitignore\n# ours\n"


def test_check_warns_about_a_capture_git_tracks(tmp_path: Path) -> None:
    repository = tmp_path / "team"
    content = repository / "notes" / "content"  # the content folder anywhere in the work tree
    shutil.copytree(FIXTURES / "content", content)
    _git(repository, "init", "-q")
    _import(content)
    [capture] = (content / "captures" / "2024").iterdir()
    _git(repository, "add", "--force", str(capture))
    result = check(content)
    assert result.returncode == 0, "a warning, not an error"
    shown = content / "captures" / "2024" / capture.name
    assert problems(result) == [
        f"{shown}:1: warning: capture is tracked by git: a push would publish someone else's "
        f"article (git rm --cached '{shown}' keeps it on disk and out of the repository)"
    ]
    assert check(content, "--strict").returncode == 1
    _git(repository, "rm", "-q", "--cached", str(capture))
    assert problems(check(content)) == []


def test_no_repository_and_no_git_mean_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    _import(content)
    assert problems(check(content)) == [], "outside a work tree git lists nothing"
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    result = check(content)
    assert result.returncode == 0 and problems(result) == []


def test_the_sample_captures_folder_ignores_itself() -> None:
    assert (ROOT / "content" / "captures" / ".gitignore").read_text(encoding="utf-8") == IGNORE_TEXT
