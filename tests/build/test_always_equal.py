"""The central promise of the build that remembers: whatever happened since the last run, an
incremental `digest build` + `digest publish` + `digest index` leaves `build/docs` and `site/`
equal to a clean full build of the same content.

Hypothesis draws sequences of what happens to an archive between two runs (notes edited,
retitled, redated, retagged, added, removed, renamed and moved between folders, touched without
a change, vocabularies, `outlets.yml`, `locations.geojson`, a hand-written page, a template and
`mkdocs.yml` edited, a run killed half way) and after each one runs the three steps as `make
site` does, with their state on disk between runs, then builds the same content from scratch in
other folders and compares every file.

What cannot be equal, and why: Pagefind's filter files and the entry and meta files naming them
(`pagefind/**/filter/*`, `pagefind-entry.json`, `pagefind.*.pf_meta`) differ between two clean
runs on the same pages (Pagefind orders them by a hash map), so for the search index the pages,
fragments, word index and bundle manifest are compared, and the filter files by count.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from benchmarks.synth import generate
from generator.build.publish import publish
from generator.build.run import Build, Target
from generator.build.search import index
from generator.settings import site_info
from generator.site.search_index import bundles, published_notes
from tests.support import DIGEST, ROOT, mkdocs_config

TODAY = date(2026, 1, 1)
BUNDLE_NOTES = 8  # several search bundles from a small archive
EPOCH = "1767225600"  # 2026-01-01: the sitemap's build date, the same for every run
NOT_BYTE_FOR_BYTE = re.compile(
    r"pagefind/(.*/)?(filter/.*|pagefind-entry\.json|pagefind\..*\.pf_meta)$"
)

pytestmark = pytest.mark.slow


@dataclass
class Project:
    """A synthetic archive with its own templates and config, and the folders `make site`
    writes (`build/docs`, `build/cache`, `site`) beside them. Paths are relative to the
    project's folder, the working folder while it is used, as `make site` runs (so a copy of
    the whole folder, as CI restores one, keeps its state)."""

    root: Path
    content = Path("content")
    templates = Path("templates")
    config = Path("mkdocs.yml")

    def notes(self) -> list[Path]:
        return sorted((self.content / "articles").rglob("*.md"))

    def site(self, name: str = "site") -> Path:
        return Path(name)

    def docs(self, name: str = "build") -> Path:
        return Path(name) / "docs"

    def make_site(self, full: bool = False, name: str = "site", build: str = "build") -> None:
        """`digest build`, `digest publish`, `digest index`, as `make site` runs them."""
        docs, cache = self.docs(build), Path(build) / "cache"
        config = self._config_for(docs, self.site(name))
        target = Target(self.content, docs, site_info(config), self.templates, config, cache)
        Build(target).run(TODAY, full=full)
        report = publish(config, self.site(name), "mkdocs", full, cache)
        assert report.code == 0
        index(self.site(name), cache, BUNDLE_NOTES, full)

    def _config_for(self, docs: Path, site: Path) -> Path:
        """The project's config, pointed at `docs` and `site` (a copy for a clean build)."""
        if docs == self.docs() and site == self.site():
            return self.config
        text = self.config.read_text(encoding="utf-8")
        text = text.replace("docs_dir: build/docs", f"docs_dir: {docs}")
        text = text.replace("site_dir: site", f"site_dir: {site}")
        copy = Path(f"{site.name}.yml")
        copy.write_text(text, encoding="utf-8")
        return copy


def _project(tmp: Path) -> Project:
    generate(tmp, notes=24, seed=21)
    project = Project(tmp)
    shutil.copytree(ROOT / "templates", tmp / project.templates)
    mkdocs_config(tmp, tmp / project.docs(), tmp / project.site())  # the project's config
    text = project.config.read_text(encoding="utf-8")
    text = text.replace(
        f"custom_dir: {ROOT / 'templates' / 'overrides'}", "custom_dir: templates/overrides"
    )
    project.config.write_text(text, encoding="utf-8")
    return project


# --- what happens between two runs -----------------------------------------------------------


def _front(note: Path, key: str, value: str) -> None:
    text = note.read_text(encoding="utf-8")
    note.write_text(re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text, count=1), "utf-8")


def edit_body(p: Project, n: int) -> None:
    note = p.notes()[n % len(p.notes())]
    note.write_text(note.read_text(encoding="utf-8") + f"\nAn added sentence {n}.\n", "utf-8")


def retitle(p: Project, n: int) -> None:
    _front(p.notes()[n % len(p.notes())], "title", f'"A synthetic note retitled {n}"')


def redate(p: Project, n: int) -> None:
    _front(p.notes()[n % len(p.notes())], "date", f"20{15 + n % 10}-0{1 + n % 9}-1{n % 10}")


def retag(p: Project, n: int) -> None:
    ids = re.findall(r"(?m)^- id: (\S+)", (p.content / "vocabulary/themes.yml").read_text())
    _front(p.notes()[n % len(p.notes())], "themes", f'["{ids[n % len(ids)]}"]')


def add(p: Project, n: int) -> None:
    source = p.notes()[n % len(p.notes())]
    shutil.copy(source, source.with_name(f"synthetic-added-{n}.md"))


def remove(p: Project, n: int) -> None:
    notes = p.notes()
    if len(notes) > 12:
        notes[n % len(notes)].unlink()


def rename(p: Project, n: int) -> None:
    note = p.notes()[n % len(p.notes())]
    note.rename(note.with_name(f"synthetic-renamed-{n}.md"))


def move_folder(p: Project, n: int) -> None:
    """A note moved to another folder: its slug, and so its page, stay."""
    note = p.notes()[n % len(p.notes())]
    folder = p.content / "articles" / f"moved-{n % 3}"
    folder.mkdir(exist_ok=True)
    note.rename(folder / note.name)


def touch(p: Project, n: int) -> None:
    """Files written again with the same bytes, and a time set back: no change at all."""
    note = p.notes()[n % len(p.notes())]
    note.write_bytes(note.read_bytes())
    other = p.notes()[(n + 7) % len(p.notes())]
    os.utime(other, ns=(0, other.stat().st_mtime_ns - 10**9))


def same_size_same_time(p: Project, n: int) -> None:
    """An edit that keeps the size and the modification time (only the change time shows)."""
    note = p.notes()[n % len(p.notes())]
    before = note.stat()
    text = note.read_text(encoding="utf-8")
    words = re.findall(r"(?m)^([a-z]{4,}) ", text.split("\n---\n", 1)[1])
    if not words:
        return
    note.write_text(text.replace(words[0], words[0][::-1], 1), encoding="utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))


def vocabulary(p: Project, n: int) -> None:
    themes = p.content / "vocabulary" / "themes.yml"
    text = themes.read_text(encoding="utf-8")
    themes.write_text(text.replace("name: ", f"name: Renamed{n} ", 1), encoding="utf-8")


def outlets(p: Project, n: int) -> None:
    (p.content / "vocabulary" / "outlets.yml").write_text(
        "terms:\n  - id: synthetic-wire\n    name: Synthetic Wire\n"
        f"    reliability: {'ABC'[n % 3]}\n    description: A synthetic outlet, version {n}.\n",
        encoding="utf-8",
    )


def shapes(p: Project, n: int) -> None:
    ids = re.findall(r"(?m)^- id: (\S+)", (p.content / "vocabulary/locations.yml").read_text())
    lon, lat = 124.0 + n % 5, 40.0 + n % 3
    ring = [[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]
    feature = {
        "type": "Feature",
        "properties": {"id": ids[1 + n % (len(ids) - 1)]},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    geojson = {"type": "FeatureCollection", "features": [feature]}
    (p.content / "vocabulary" / "locations.geojson").write_text(json.dumps(geojson), "utf-8")


def page(p: Project, n: int) -> None:
    (p.content / "pages" / "about.md").write_text(
        f"# About this synthetic corpus\n\nSynthetic, edited {n} times.\n", encoding="utf-8"
    )


def template(p: Project, n: int) -> None:
    note = p.templates / "note.md.j2"
    note.write_text(note.read_text(encoding="utf-8") + f"\n{{# edited {n} #}}\n", "utf-8")
    css = p.templates / "assets" / "digest.css"
    css.write_text(css.read_text(encoding="utf-8") + f"\n/* edited {n} */\n", "utf-8")


def config(p: Project, n: int) -> None:
    text = p.config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_description: .*$", f"site_description: Synthetic, take {n}.", text)
    p.config.write_text(text, encoding="utf-8")


def kill_half_way(p: Project, n: int) -> None:
    """An edit, then `digest build` and `digest publish` killed at a random moment."""
    edit_body(p, n)
    build = ["build", "--content", str(p.content), "--templates", str(p.templates)]
    for command in (build, ["publish"]):
        process = subprocess.Popen(
            [DIGEST, *command, "--config", str(p.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        time.sleep(0.05 + (n % 20) / 20)
        process.send_signal(signal.SIGKILL)
        process.wait()


CHANGES: dict[str, Callable[[Project, int], None]] = {
    f.__name__: f
    for f in (
        edit_body, retitle, redate, retag, add, remove, rename, move_folder, touch,
        same_size_same_time, vocabulary, outlets, shapes, page, template, config, kill_half_way,
    )
}  # fmt: skip


# --- the comparison --------------------------------------------------------------------------


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def assert_equal_trees(incremental: Path, clean: Path) -> None:
    ours, theirs = _files(incremental), _files(clean)
    assert sorted(ours) == sorted(theirs) or _same_pagefind_names(ours, theirs)
    different = [
        path
        for path in theirs
        if not NOT_BYTE_FOR_BYTE.match(path) and ours.get(path) != theirs[path]
    ]
    assert different == [], [_first_difference(path, ours, theirs) for path in different[:5]]


def _first_difference(path: str, ours: dict[str, bytes], theirs: dict[str, bytes]) -> str:
    """Where two versions of a file part: the first line (or search entry) that differs."""
    if path.endswith(".json"):
        mine, clean = json.loads(ours[path]), json.loads(theirs[path])
        if isinstance(mine, dict) and "docs" in mine:
            pairs = list(zip(mine["docs"], clean["docs"], strict=False))
            first = next((pair for pair in pairs if pair[0] != pair[1]), None)
            return f"{path}: {len(mine['docs'])} vs {len(clean['docs'])} entries; {first}"[:600]
    lines = list(zip(ours[path].splitlines(), theirs[path].splitlines(), strict=False))
    first = next((pair for pair in lines if pair[0] != pair[1]), None)
    return f"{path}: {first!r}"[:600]


def _same_pagefind_names(ours: dict[str, bytes], theirs: dict[str, bytes]) -> bool:
    """The same files but for the names Pagefind draws anew each run (filter, meta)."""

    def kept(files: dict[str, bytes]) -> list[str]:
        return sorted(path for path in files if not NOT_BYTE_FOR_BYTE.match(path))

    def counted(files: dict[str, bytes]) -> int:
        return sum(1 for path in files if NOT_BYTE_FOR_BYTE.match(path))

    assert kept(ours) == kept(theirs), set(kept(ours)) ^ set(kept(theirs))
    assert counted(ours) == counted(theirs)
    return True


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive built once; each example starts from a copy of it, state and all."""
    root = tmp_path_factory.mktemp("always-equal")
    project = _project(root)
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    with contextlib.chdir(root):
        project.make_site()
    return root


def _copy(archive: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Project:
    """A copy of the built archive, state and all, for one test to change."""
    root = tmp_path_factory.mktemp(name)
    shutil.rmtree(root)
    shutil.copytree(archive, root, symlinks=True)
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    return Project(root)


@settings(
    max_examples=6,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # a failing sequence is shown as
    # drawn: shrinking it would rebuild the site hundreds of times
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(CHANGES)), st.integers(min_value=0, max_value=999)),
        min_size=1,
        max_size=3,
    )
)
@example(changes=[("retitle", 3)])  # other bundles' pages change, and are not indexed again
def test_an_incremental_site_equals_a_clean_build(
    archive: Path, tmp_path_factory: pytest.TempPathFactory, changes: list[tuple[str, int]]
) -> None:
    project = _copy(archive, tmp_path_factory, "example")
    with contextlib.chdir(project.root):
        for name, number in changes:
            CHANGES[name](project, number)
            project.make_site()
        project.make_site(full=True, name="clean", build="clean-build")
        assert_equal_trees(project.docs(), project.docs("clean-build"))
        assert_equal_trees(project.site(), project.site("clean"))


def test_a_retitled_note_reindexes_its_own_bundle_only(
    archive: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The new title shows in the related-notes lists of notes in other bundles, so their
    pages change; search does not read those lists, so their bundles are reused."""
    project = _copy(archive, tmp_path_factory, "retitle")
    with contextlib.chdir(project.root):
        pages = {path: path.read_bytes() for path in Path("site/articles").rglob("*.html")}
        groups = bundles(published_notes(project.site()), BUNDLE_NOTES)
        bundle_of = {slug: group.years for group in groups for slug in group.slugs}
        listed = next(  # a note whose title shows on pages of another bundle
            path
            for path in project.notes()
            if any(
                f"/{path.stem}/".encode() in html
                and bundle_of[page.parent.name] != bundle_of.get(path.stem)
                for page, html in pages.items()
            )
        )
        _front(listed, "title", '"A synthetic note retitled"')
        docs, cache = project.docs(), Path("build") / "cache"
        Build(Target(project.content, docs, site_info(project.config), project.templates,
                     project.config, cache)).run(TODAY)  # fmt: skip
        assert publish(project.config, project.site(), "mkdocs", False, cache).code == 0
        report = index(project.site(), cache, BUNDLE_NOTES)
        changed = {path.parent.name for path, old in pages.items() if path.read_bytes() != old}
    years = {group.years for group in report.bundles if changed & set(group.slugs)}
    assert len(years) > 1, "the retitled note is listed in other bundles' pages"
    assert report.indexed == 1
