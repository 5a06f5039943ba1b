"""The README's examples run as written: its `digest new` and `digest import` commands, run in a
copy of the repository's content and examples, do and print what the README says they do."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import DIGEST, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SHELL_BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.DOTALL)


def _commands(name: str) -> list[str]:
    """Every `.venv/bin/digest <name> …` command of the README's shell blocks, continuation
    lines joined and comments dropped."""
    found = []
    for block in SHELL_BLOCKS:
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith(f".venv/bin/digest {name} "):
                found.append(line.split(" # ")[0].split("  #")[0].strip())
    return found


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    assert words[0] == ".venv/bin/digest"
    return subprocess.run(
        [DIGEST, *words[1:]], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for folder in ("content", "examples"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_new_example_writes_the_note_and_warns_as_shown(checkout: Path) -> None:
    [command] = _commands("new")
    result = _run(command, checkout)
    assert result.returncode == 0, result.stderr
    [shown] = re.findall(r"# → (content/\S+\.md)", README)
    assert result.stdout.strip() == shown
    warning = result.stderr.strip()
    assert warning.startswith("digest new: warning: likely a note on the same report already")
    assert f"```\n{warning}\n```" in README


def test_the_import_examples_run_as_written(checkout: Path) -> None:
    dry, real = _commands("import")
    assert "--dry-run" in dry and "--dry-run" not in real
    before = _files(checkout)
    shown = _run(dry, checkout)
    assert shown.returncode == 0, shown.stderr
    assert "3 would import, 0 skipped, 0 failed" in shown.stderr
    assert _files(checkout) == before, "a dry run writes nothing"
    done = _run(real, checkout)
    assert done.returncode == 0, done.stderr
    assert "3 imported, 0 skipped, 0 failed" in done.stderr
    drafts = sorted(_files(checkout) - before)
    assert [name for name in drafts if name.startswith("content/articles/")] != []
    assert len([name for name in drafts if name.startswith("content/captures/")]) == 3
    checked = _run(".venv/bin/digest check", checkout)
    assert checked.returncode == 0, checked.stderr


def test_the_examples_are_synthetic_and_the_site_is_served_over_http() -> None:
    for file in (ROOT / "examples").rglob("*"):
        if file.is_file() and file.name != "README.md":
            assert "SYNTHETIC EXAMPLE" in file.read_text(encoding="utf-8"), file
    assert "Open `site/index.html`" not in README
    assert "python3 -m http.server -d site" in README
