"""A read-only folder, a full disk, a name too long: one line naming the path and what to do,
exit 1, nothing lost; for every command that writes (build, build --out, export -o,
schema -o, new, import, index).

The file systems fail for real where the tests may mount (a read-only bind mount, a full 1 MB
tmpfs); the same failures are also injected as a mocked `OSError` at each write, which always
runs.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.site import write
from tests.faults.conftest import ReadOnly, fill
from tests.support import FIXTURES, digest_main

TODAY = "2025-01-01"
READ_ONLY = "Read-only file system (the file system is read-only: {elsewhere})"
FULL = "No space left on device (the disk is full: free some space, then run the command again)"
CONTENT = "make the content folder writable, or choose another with --content"
NOTE = "articles/2024/2024-05-01-phones-seized.md"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _build(content: Path, *more: str) -> tuple[int, str]:
    result = digest_main("build", "--content", str(content), "--today", TODAY, *more)
    return result.returncode, result.stderr


def _new(content: Path, title: str = "Phones seized") -> tuple[int, str, str]:
    result = digest_main(
        "new", title, "--content", str(content), "--date", "2024-05-01", "--theme", "phones"
    )
    return result.returncode, result.stdout, result.stderr


def _import(content: Path, *captures: Path) -> tuple[int, list[str]]:
    paths = [str(c) for c in captures]
    result = digest_main("import", *paths, "--content", str(content), "--today", TODAY)
    return result.returncode, (result.stdout + result.stderr).splitlines()


# --- read-only folders -------------------------------------------------------------------------


def test_build_into_a_read_only_folder(content: Path, tmp_path: Path, read_only: ReadOnly) -> None:
    out = tmp_path / "ro" / "docs"
    assert _build(content, "--out", str(out))[0] == 0
    before = _tree(out.parent)
    read_only(out.parent)
    (content / "articles" / "2024" / "beta.md").write_text(
        (content / "articles" / "2024" / "beta.md").read_text().replace("Beta body.", "New.")
    )
    code, stderr = _build(content, "--out", str(out))
    elsewhere = "choose another folder with --out"
    assert (code, stderr) == (
        1,
        f"digest: error: cannot write {out}: {READ_ONLY.format(elsewhere=elsewhere)}\n",
    )
    assert _tree(out.parent) == before


def test_build_with_the_default_output_in_a_read_only_folder(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    read_only: ReadOnly,
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    read_only(project)
    monkeypatch.chdir(project)
    code, stderr = _build(content)
    elsewhere = "choose another folder with --out"
    assert (code, stderr) == (
        1,
        f"digest: error: cannot write build/docs: {READ_ONLY.format(elsewhere=elsewhere)}\n",
    )


@pytest.mark.parametrize("command", ["export", "schema"])
def test_an_output_file_in_a_read_only_folder(
    content: Path,
    tmp_path: Path,
    command: str,
    read_only: ReadOnly,
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "out.json").write_text("previous")
    read_only(folder)
    target = folder / "out.json"
    result = digest_main(command, "--content", str(content), "-o", str(target))
    elsewhere = "choose another file with -o"
    assert (result.returncode, result.stderr) == (
        1,
        f"digest: error: cannot write {target}: {READ_ONLY.format(elsewhere=elsewhere)}\n",
    )
    assert target.read_text() == "previous"


def test_new_in_a_read_only_content_folder(content: Path, read_only: ReadOnly) -> None:
    before = _tree(content)
    read_only(content)
    code, stdout, stderr = _new(content)
    assert (code, stdout) == (1, "")
    assert (
        stderr
        == f"digest: error: cannot write {content / NOTE}: {READ_ONLY.format(elsewhere=CONTENT)}\n"
    )
    assert _tree(content) == before


def test_import_into_a_read_only_content_folder(content: Path, read_only: ReadOnly) -> None:
    capture = FIXTURES / "captures" / "river-city.txt"
    before = _tree(content)
    read_only(content)
    code, lines = _import(content, capture)
    assert code == 1
    stored = (
        content / "captures" / "2024" / "2024-03-02-bureau-raids-handset-dealers-river-city.txt"
    )
    assert lines == [
        f"{capture}: error: cannot write {stored}: {READ_ONLY.format(elsewhere=CONTENT)}",
        "0 imported, 0 skipped, 1 failed",
    ]
    assert _tree(content) == before


def test_index_of_a_read_only_site(tmp_path: Path, read_only: ReadOnly) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>Home</body></html>")
    _dataset(site, [])
    read_only(site)
    result = digest_main("index", "--site", str(site))
    elsewhere = "make the site writable, or index a copy of it with --site"
    assert (result.returncode, result.stderr) == (
        1,
        f"digest: error: cannot write {site / 'pagefind'}: {READ_ONLY.format(elsewhere=elsewhere)}\n",
    )


def test_publish_into_a_read_only_folder(tmp_path: Path, read_only: ReadOnly) -> None:
    folder = tmp_path / "ro"
    (folder / "site").mkdir(parents=True)
    (folder / "site" / "sitemap.xml").write_text("old")
    read_only(folder)
    result = digest_main("publish", "--site", str(folder / "site"))
    elsewhere = "choose another folder with --site"
    assert (result.returncode, result.stderr) == (
        1,
        f"digest: error: cannot write {folder / 'site'}: {READ_ONLY.format(elsewhere=elsewhere)}\n",
    )
    assert (folder / "site" / "sitemap.xml").read_text() == "old"


# --- a full disk -------------------------------------------------------------------------------


def test_build_on_a_full_disk_keeps_the_previous_output(content: Path, small_disk: Path) -> None:
    out = small_disk / "docs"
    assert _build(content, "--out", str(out))[0] == 0
    before = _tree(out)
    fill(small_disk)
    (content / "articles" / "2024" / "beta.md").write_text(
        (content / "articles" / "2024" / "beta.md").read_text().replace("Beta body.", "New.")
    )
    code, stderr = _build(content, "--out", str(out))
    assert (code, stderr) == (1, f"digest: error: cannot write {out}: {FULL}\n")
    assert _tree(out) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["cache", "docs", "filler"]


def test_new_and_import_on_a_full_disk_leave_nothing(content: Path, small_disk: Path) -> None:
    disk_content = small_disk / "content"
    shutil.copytree(content, disk_content)
    fill(small_disk)
    before = _tree(disk_content)
    code, _, stderr = _new(disk_content)
    assert (code, stderr) == (1, f"digest: error: cannot write {disk_content / NOTE}: {FULL}\n")
    capture = FIXTURES / "captures" / "river-city.txt"
    code, lines = _import(disk_content, capture)
    assert code == 1 and lines[-1] == "0 imported, 0 skipped, 1 failed"
    stored = (
        disk_content
        / "captures"
        / "2024"
        / "2024-03-02-bureau-raids-handset-dealers-river-city.txt"
    )
    assert lines[0] == f"{capture}: error: cannot write {stored}: {FULL}"
    assert _tree(disk_content) == before, "no note, no capture, no temporary file"


def _dataset(site: Path, slugs: list[str]) -> None:
    """The site's dataset, which `digest index` reads to group the notes into bundles."""
    articles = [{"slug": slug, "date": "2024-03-02"} for slug in slugs]
    (site / "data").mkdir(exist_ok=True)
    (site / "data" / "articles.json").write_text(json.dumps({"articles": articles}))


def _page(site: Path, slug: str, text: str) -> None:
    page = site / "articles" / slug / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        f"<html><body><main data-pagefind-body><h1>{slug}</h1><p>{text}</p></main></body></html>"
    )


def test_index_on_a_full_disk_keeps_the_previous_index(small_disk: Path) -> None:
    """Pagefind itself writes empty files on a full disk and exits 0."""
    site = small_disk / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>Home</body></html>")
    _page(site, "alpha", "Phones were seized at the market.")
    _dataset(site, ["alpha"])
    assert digest_main("index", "--site", str(site)).returncode == 0
    before = _tree(site / "pagefind")
    _page(site, "beta", "Traders paid bribes to keep their stalls.")
    _dataset(site, ["alpha", "beta"])
    fill(small_disk)
    result = digest_main("index", "--site", str(site))
    advice = "(the disk is full: free some space, then run the command again)"
    assert (result.returncode, result.stderr) == (
        1,
        f"digest: error: cannot write {site / 'pagefind'}: Pagefind wrote empty files {advice}\n",
    )
    assert _tree(site / "pagefind") == before
    assert sorted(p.name for p in site.iterdir()) == ["articles", "data", "index.html", "pagefind"]


# --- mocked OSErrors, which always run ---------------------------------------------------------


def _raise(code: int) -> Callable[..., None]:
    """A write that fails as the system's does: an errno, its text, no file name."""

    def failing(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return failing


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        (
            errno.ENOSPC,
            "No space left on device (the disk is full: free some space, then run the command again)",
        ),
        (
            errno.EACCES,
            "Permission denied (permission denied: make it writable, or choose another folder with --out)",
        ),
        (
            errno.EROFS,
            "Read-only file system (the file system is read-only: choose another folder with --out)",
        ),
    ],
)
def test_a_failed_write_of_the_marker_file(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, advice: str
) -> None:
    """The marker is the last file written into the new tree (a write reports no file name)."""
    out = tmp_path / "docs"
    assert _build(content, "--out", str(out))[0] == 0
    before = _tree(out)
    monkeypatch.setattr(write, "write_marker", _raise(code))
    code_, stderr = _build(content, "--out", str(out), "--force")
    assert (code_, stderr) == (1, f"digest: error: cannot write {out}: {advice}\n")
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "docs"]


def test_a_failed_write_of_a_page(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    real_open = open

    def full(path: str, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "wb" in mode and str(path).endswith("articles/beta/index.md"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(write, "open", full, raising=False)
    monkeypatch.setattr("generator.build.run.workers", lambda: 1)
    code, stderr = _build(content, "--out", str(out))
    assert (code, stderr) == (
        1,
        f"digest: error: cannot write {out}/articles/beta/index.md: {FULL}\n",
    )
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content"]


def test_a_failed_write_in_a_worker_process_is_one_line(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked workers report the line as it is, not as 'a worker process failed'."""
    out = tmp_path / "docs"
    real_open = open

    def full(path: str, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "wb" in mode and "/articles/" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(write, "open", full, raising=False)
    monkeypatch.setattr("generator.build.run.workers", lambda: 3)
    code, stderr = _build(content, "--out", str(out))
    assert code == 1
    assert re.fullmatch(
        rf"digest: error: cannot write {out}/articles/\S+/index.md: {re.escape(FULL)}\n", stderr
    ), stderr


@pytest.mark.parametrize("command", ["export", "schema"])
def test_a_failed_write_of_an_output_file(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from generator import files  # here: the tests above also run against older code

    monkeypatch.setattr(files.os, "write", _raise(errno.ENOSPC))
    target = tmp_path / "out.json"
    result = digest_main(command, "--content", str(content), "-o", str(target))
    assert (result.returncode, result.stderr) == (
        1,
        f"digest: error: cannot write {target}: {FULL}\n",
    )
    assert not target.exists()


def test_new_and_import_with_a_failed_write(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import files

    before = _tree(content)
    monkeypatch.setattr(files.os, "write", _raise(errno.ENOSPC))
    code, _, stderr = _new(content)
    assert (code, stderr) == (1, f"digest: error: cannot write {content / NOTE}: {FULL}\n")
    capture = FIXTURES / "captures" / "river-city.txt"
    code, lines = _import(content, capture)
    stored = (
        content / "captures" / "2024" / "2024-03-02-bureau-raids-handset-dealers-river-city.txt"
    )
    assert (code, lines) == (
        1,
        [f"{capture}: error: cannot write {stored}: {FULL}", "0 imported, 0 skipped, 1 failed"],
    )
    assert _tree(content) == before


def test_an_output_path_with_a_name_too_long(content: Path, tmp_path: Path) -> None:
    out = tmp_path / ("x" * 300) / "docs"
    code, stderr = _build(content, "--out", str(out))
    advice = (
        "File name too long (a name in the path is too long for the file system: use a shorter one)"
    )
    assert (code, stderr) == (1, f"digest: error: cannot write {out}: {advice}\n")


def test_the_preview_says_a_failed_write_in_one_line_and_keeps_serving(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from generator.preview.regenerate import Preview
    from generator.settings import TEMPLATES
    from tests.support import mkdocs_config

    out = tmp_path / "docs"
    err = io.StringIO()
    preview = Preview(content, out, mkdocs_config(tmp_path, out, tmp_path / "site"), TEMPLATES, err)
    assert preview.regenerate() is not None  # the first build: served from now on
    before = _tree(out)
    note = next((content / "articles").rglob("*.md"))
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    err.truncate(0)
    err.seek(0)
    from generator.build import outputs

    real_open = open

    def full(path: str, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "wb" in mode and "/articles/" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(outputs, "open", full, raising=False)
    assert preview.regenerate() is None
    pattern = (
        rf"digest serve: error: cannot write {out}/\S+: {re.escape(FULL)}; "
        r"still serving the last good build\n"
    )
    assert re.fullmatch(pattern, err.getvalue()), err.getvalue()
    assert _tree(out) == before
