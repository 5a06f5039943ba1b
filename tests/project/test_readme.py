"""The documentation's examples run as written: the `digest new` and `digest import` commands of
the README's and the guide's shell blocks (`docs/*.md`), run in a copy of the repository's
content and examples, do and print what the page that shows them says they do."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

from tests.project.guide import README, Block, all_blocks, command_lines, pages, read
from tests.support import DIGEST, ROOT


def _examples(name: str) -> list[tuple[Block, str]]:
    """Every `.venv/bin/digest <name> …` command of the shell blocks, with its block; comments
    dropped."""
    found = []
    for block in all_blocks():
        if block.lang != "sh":
            continue
        for line in command_lines(block):
            if line.startswith(f".venv/bin/digest {name} "):
                found.append((block, line.split(" # ")[0].split("  #")[0].strip()))
    return found


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    assert words[0] == ".venv/bin/digest"
    return subprocess.run(
        [DIGEST, *words[1:]], cwd=cwd, capture_output=True, text=True, check=False
    )


def _checkout(folder: Path) -> Path:
    for name in ("content", "examples"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _shown_blocks(page: Path) -> set[str]:
    """The plain fenced blocks of a page (no language): where printed output is shown."""
    return {block.text.strip() for block in all_blocks() if block.page == page and not block.lang}


def test_the_new_example_writes_the_note_and_warns_as_shown(tmp_path: Path) -> None:
    examples = _examples("new")
    assert examples, "no `.venv/bin/digest new` example in README.md or docs/*.md"
    for i, (block, command) in enumerate(examples):
        where = block.page.relative_to(ROOT)
        result = _run(command, _checkout(tmp_path / str(i)))
        assert result.returncode == 0, f"{where}: {result.stderr}"
        shown = re.findall(r"# → (content/\S+\.md)", block.text)
        assert shown, f"{where}: the `digest new` example shows no `# → <path>` it writes"
        assert result.stdout.strip() == shown[0], where
        warning = result.stderr.strip()
        assert warning.startswith("digest new: warning: likely a note on the same report already")
        assert warning in _shown_blocks(block.page), f"{where} does not show the warning"


def test_the_import_examples_run_as_written(tmp_path: Path) -> None:
    examples = [command for _, command in _examples("import")]
    assert len(examples) == 2, f"expected a dry run and a real import, found {examples}"
    dry, real = examples
    assert "--dry-run" in dry and "--dry-run" not in real
    checkout = _checkout(tmp_path)
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
    for page, text in pages().items():
        assert "Open `site/index.html`" not in text, page
    assert "python3 -m http.server -d site" in read(README)


BASE_NOTE = """\
---
title: State security offices caught using confiscated phones
date: 2024-04-19
source:
  name: Daily NK
  url: https://www.dailynk.com/english/x
agencies: [ministry-of-state-security]
locations: [hoeryong]
themes: [corruption]
summary: Offices kept confiscated phones.
---
The ministry found its own offices using seized phones.
"""
TITLE = "title: State security offices caught using confiscated phones"
# Each mistake of the author's guide's list: (what the line was, what the author wrote)
MISTAKES = [
    (TITLE, "title: Daily NK: state security offices caught using confiscated phones"),
    ("  name: Daily NK", "\tname: Daily NK"),
    ("---\nThe ministry", "The ministry"),
    ("  name: Daily NK\n  url:", "  - name: Daily NK\n    url:"),
    (TITLE, "title: “Daily NK: state security offices caught using confiscated phones”"),
    ("date: 2024-04-19", "date: 2024/04/19"),
    ("  url: https://www.dailynk.com/english/x\n", ""),
]


def _shown_after(page: Path, heading: str) -> list[str]:
    """The lines of the first plain fenced block after `heading` on `page`."""
    text = read(page)
    after = text[text.index(heading) :]
    block = next(b for b in all_blocks() if b.page == page and not b.lang and b.text in after)
    return block.text.splitlines()


def test_the_mistakes_the_authors_guide_lists_are_reported_as_shown(tmp_path: Path) -> None:
    reported = []
    for number, (line, mistake) in enumerate(MISTAKES):
        checkout = _checkout(tmp_path / str(number))
        assert line in BASE_NOTE
        note = checkout / "content" / "articles" / "2024" / "x.md"
        note.write_text(BASE_NOTE.replace(line, mistake, 1), encoding="utf-8")
        reported += _run(".venv/bin/digest check", checkout).stdout.splitlines()
    orphaned = _checkout(tmp_path / "capture")
    capture = orphaned / "content" / "captures" / "2024" / "x.txt"
    capture.parent.mkdir(parents=True)
    capture.write_text("a page saved as text\n", encoding="utf-8")
    reported += _run(".venv/bin/digest check", orphaned).stdout.splitlines()
    guide = ROOT / "docs" / "authors.md"
    assert reported == _shown_after(guide, "### Mistakes it explains")


def test_the_captures_examples_run_as_written(tmp_path: Path) -> None:
    examples = [command for _, command in _examples("captures")]
    assert examples == [
        ".venv/bin/digest captures",
        ".venv/bin/digest captures --remove-orphans",
    ]
    listing, removal = examples
    checkout = _checkout(tmp_path)
    capture = checkout / "content" / "captures" / "2024" / "x.txt"
    capture.parent.mkdir(parents=True)
    capture.write_text("a page saved as text\n", encoding="utf-8")
    listed = _run(listing, checkout)
    assert (listed.returncode, listed.stdout) == (0, "content/captures/2024/x.txt\n")
    removed = _run(removal, checkout)
    assert (removed.returncode, removed.stdout) == (0, "removed content/captures/2024/x.txt\n")
    assert not capture.exists()
