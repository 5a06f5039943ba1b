"""Issue 28's faults of `digest publish` and `digest index`, each as the issue wrote it: a full
disk, a docs tree given as the site, a site that is a symbolic link, a site without search after
a publish, a note with no page, a killed Zensical run's config copy, index staging inside the
site, an interrupt without a word, and a file system without hard links."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import CANNOT_MOUNT, _mount, _unmount, fill
from tests.support import digest_main, mkdocs_config, run_digest

FULL = "No space left on device (the disk is full: free some space, then run the command again)"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _site(content: Path, root: Path, site: Path | None = None) -> tuple[Path, Path]:
    """`digest build` and `digest publish` of `content`; (config, site)."""
    docs, site = root / "docs", site or root / "site"
    config = mkdocs_config(root, docs, site)
    built = run_digest(
        "build", "--content", str(content), "--out", str(docs), "--config", str(config)
    )
    assert built.returncode == 0, built.stderr
    published = run_digest("publish", "--config", str(config), "--site", str(site))
    assert published.returncode == 0, published.stderr
    return config, site


@pytest.fixture
def site_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB tmpfs: room for the fixture's site and its build, and a filler."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=24m", "tmpfs", str(disk)):
        pytest.skip(f"no tmpfs: {CANNOT_MOUNT}")
    yield disk
    _unmount(disk)


def test_publish_onto_a_full_disk_says_so_in_one_line(content: Path, site_disk: Path) -> None:
    """Case 9: MkDocs' 40-line traceback, and never a word of the disk being full."""
    small_disk = site_disk
    config, site = _site(content, small_disk.parent, small_disk / "site")
    before = _files(site)
    note = content / "articles" / "2024" / "beta.md"
    note.write_text(note.read_text().replace("Beta body.", "Beta, again and again. " * 20))
    docs = small_disk.parent / "docs"
    assert (
        run_digest(
            "build", "--content", str(content), "--out", str(docs), "--config", str(config)
        ).returncode
        == 0
    )
    fill(small_disk)
    result = run_digest("publish", "--config", str(config), "--site", str(site))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == f"digest: error: cannot write {site}: {FULL}"
    assert "Traceback" not in result.stderr
    assert _files(site) == before


def test_the_docs_tree_is_never_published_over(content: Path, tmp_path: Path) -> None:
    """Case 11: `--site build/docs` replaced the docs tree by HTML."""
    config, _ = _site(content, tmp_path)
    docs = tmp_path / "docs"
    before = _files(docs)
    result = run_digest("publish", "--config", str(config), "--site", str(docs))
    assert (result.returncode, result.stderr) == (
        1,
        f"digest: error: refusing to replace {docs}: it is a docs tree, not a site (give the "
        "site folder with --site)\n",
    )
    assert _files(docs) == before


def test_a_site_that_is_a_link_is_published_where_it_leads(content: Path, tmp_path: Path) -> None:
    """Case 12: the link was replaced by a folder; the served folder stayed old."""
    served = tmp_path / "www" / "digest"
    config, _ = _site(content, tmp_path, served)
    link = tmp_path / "site"
    link.symlink_to(served)
    note = content / "articles" / "2024" / "beta.md"
    note.write_text(note.read_text().replace("Beta body.", "Beta through the link."))
    docs = tmp_path / "docs"
    assert (
        run_digest(
            "build", "--content", str(content), "--out", str(docs), "--config", str(config)
        ).returncode
        == 0
    )
    result = run_digest("publish", "--config", str(config), "--site", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == served.resolve()
    assert "Beta through the link." in (served / "articles" / "beta" / "index.html").read_text()


def test_a_published_site_always_has_search(content: Path, tmp_path: Path) -> None:
    """Case 13: `digest publish` swapped in a site without `pagefind/` until `digest index`
    ran; now the new site carries the old index (full publish or not)."""
    config, site = _site(content, tmp_path)
    assert run_digest("index", "--site", str(site), "--config", str(config)).returncode == 0
    entry = (site / "pagefind" / "pagefind-entry.json").read_bytes()
    for extra in ((), ("--full",)):
        result = run_digest("publish", "--config", str(config), "--site", str(site), *extra)
        assert result.returncode == 0, result.stderr
        assert (site / "pagefind" / "pagefind-entry.json").read_bytes() == entry


def test_index_names_a_note_whose_page_is_missing(content: Path, tmp_path: Path) -> None:
    """Case 19: "a folder on the way does not exist"."""
    config, site = _site(content, tmp_path)
    (site / "articles" / "beta" / "index.html").unlink()
    result = run_digest("index", "--site", str(site), "--config", str(config))
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        1,
        f"digest: error: {site} has no page for note 'beta' ({site}/articles/beta/index.html is "
        "missing): publish the site again",
    )


def test_index_of_a_damaged_dataset_is_one_line(content: Path, tmp_path: Path) -> None:
    """Case 7: `echo x > site/data/articles.json` gave a JSONDecodeError."""
    config, site = _site(content, tmp_path)
    (site / "data" / "articles.json").write_text("x\n")
    result = run_digest("index", "--site", str(site), "--config", str(config))
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        1,
        f"digest: error: {site}/data/articles.json is damaged (not the dataset a build writes): "
        "publish the site again",
    )


def test_a_killed_zensical_runs_config_copy_is_removed(content: Path, tmp_path: Path) -> None:
    """Case 22: `.mkdocs.publish-PID.yml` stayed for good."""
    config, site = _site(content, tmp_path)
    stale = config.with_name(f".{config.stem}.publish-99999{config.suffix}")
    stale.write_text("site_dir: nowhere\n")
    result = run_digest(
        "publish", "--config", str(config), "--site", str(site), "--engine", "zensical"
    )
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert not list(config.parent.glob(f".{config.stem}.publish-*"))


def test_index_stages_beside_the_site_and_an_interrupt_says_so(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Case 24: a killed index left `.pagefind.staging-PID` in the site, where a deploy would
    publish it; Ctrl-C exited 130 without a word."""
    config, site = _site(content, tmp_path)
    from generator.site import search_index

    seen: list[Path] = []
    real = search_index._index_bundle

    def interrupted(site_: Path, work: Path, group: object, target: Path) -> None:
        seen.append(target)
        raise KeyboardInterrupt

    monkeypatch.setattr(search_index, "_index_bundle", interrupted)
    result = digest_main("index", "--site", str(site), "--config", str(config))
    assert (result.returncode, result.stderr) == (130, "digest index: interrupted\n")
    assert seen and not seen[0].is_relative_to(site.resolve()), "staged beside the site"
    assert not list(site.glob(".*")), "nothing hidden left in the site"
    monkeypatch.setattr(search_index, "_index_bundle", real)


def test_a_file_system_without_hard_links(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Case 25: the second build and every index failed with "Operation not permitted" where
    `link` is refused: every step copies instead."""
    import generator.files

    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(generator.files.os, "link", no_links)
    docs, site = tmp_path / "docs", tmp_path / "site"
    config = mkdocs_config(tmp_path, docs, site)
    build = ("build", "--content", str(content), "--out", str(docs), "--config", str(config))
    for _ in range(2):
        assert digest_main(*build).returncode == 0
        note = content / "articles" / "2024" / "beta.md"
        note.write_text(note.read_text() + "\nMore.\n")
    assert digest_main(*build, "--full").returncode == 0
    for step in (("publish",), ("publish",), ("index", "--site", str(site))):
        result = digest_main(
            *step, "--config", str(config), *(("--site", str(site)) if step == ("publish",) else ())
        )
        assert result.returncode == 0, result.stderr
    assert json.loads((site / "pagefind" / "bundles.json").read_text())["years"]
