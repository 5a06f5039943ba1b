"""`digest publish` that remembers: the engine renders only the pages whose sources changed.

The docs tree's files are known by digest (the build's state says them, `state.py`); the publish
keeps, beside the build's state, the digests it published last and what it learnt of each page
(its front matter, its header search entries: `engine.py`). A publish then:

- renders with MkDocs, in a fresh folder beside the site, exactly the docs files that changed
  (new, edited) and the files every build writes (the sitemap, the 404 page, the search index,
  put together page by page as a clean build has it);
- links every other file of the current site into that folder (the same file: no copy), except
  the outputs of docs files that are gone, so a removed or renamed note's page goes;
- swaps the folder in whole, as every publish does (`site/write.swap_in`): a reader never sees
  a mix, and a failed or killed publish keeps the site as it was. The search index of the site
  (`pagefind/`) comes along until `digest index` brings the new one.

A full publish (every page, by the engine's own strict build) is made when there is no state,
when the engine, the config, the theme's overrides, the engine's version or the site folder
changed, with `--full`, and always with Zensical, which has no way to be told what changed (its
own cache keeps its full builds quick).
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ..files import content_digest, link_or_copy, locked, os_error_message
from ..problems import BuildError
from ..settings import docs_dir
from ..site.publish import ELSEWHERE, build_with_engine, check_site
from ..site.write import leftover, output_lock, swap_in
from . import state
from .engine import merge_search_index, run_mkdocs
from .inputs import contents_digest, files_under
from .outputs import COMPLETE, check_tree, marker_state
from .run import LOCK_HOLDERS

SCHEMA = 1
PAGEFIND = "pagefind"


@dataclass
class PublishState:
    version: str
    settings: str
    docs: dict[str, bytes]  # docs file → digest, as published
    outputs: dict[str, str]  # docs file → the site file it became
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # docs page → front matter
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # URL → entries


@dataclass
class PublishReport:
    code: int  # the engine's exit code
    full: str | None = None  # why every page was rendered, if it was
    rendered: int = 0  # docs files the engine rendered or copied
    removed: int = 0  # site files of docs files that are gone
    linked: int = 0  # site files carried over unchanged
    seconds: float = 0.0
    nothing: bool = False  # the docs tree had not changed since the last publish

    def line(self, site: Path, engine: str) -> str:
        took = f"({self.seconds:.1f} s)"
        name = {"mkdocs": "MkDocs", "zensical": "Zensical"}[engine]
        if self.nothing:
            return f"digest publish: nothing changed since the last publish of {site} {took}"
        if self.full is not None:
            return f"digest publish: full build by {name} ({self.full}) → {site} {took}"
        return (
            f"digest publish: {self.rendered:,} changed file(s) built by {name}, "
            f"{self.removed:,} removed, {self.linked:,} reused → {site} {took}"
        )


def publish(
    config: Path,
    site: Path,
    engine: str = "mkdocs",
    full: bool = False,
    cache: Path | None = None,
) -> PublishReport:
    """Publish the docs tree `config` names into `site`, rendering what changed since the last
    publish (or everything: see the module's documentation). A failure of the file system is
    a `BuildError` of one line; a failed engine build leaves the site as it was."""
    started = time.perf_counter()
    if site.is_symlink():  # the folder a web server serves: swap beside it, keep the link
        site = Path(os.path.realpath(site))
    docs = docs_dir(config)
    folder = cache or state.cache_folder(docs)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with locked(folder, LOCK_HOLDERS), output_lock(site):
            report = _publish(config, docs, site, engine, full, folder)
    except OSError as exc:
        raise BuildError(os_error_message(exc, site, elsewhere=ELSEWHERE)) from None
    report.seconds = time.perf_counter() - started
    return report


def _publish(
    config: Path, docs: Path, site: Path, engine: str, full: bool, folder: Path
) -> PublishReport:
    check_site(site)
    staging = leftover(site, "staging").resolve()
    staging.mkdir()  # a read-only or full disk is said here in one line, not by the engine
    try:
        return _publish_into(config, docs, site, engine, full, folder, staging)
    finally:
        if staging.exists():
            _remove_tree(staging)


def _publish_into(
    config: Path, docs: Path, site: Path, engine: str, full: bool, folder: Path, staging: Path
) -> PublishReport:
    _check_docs(docs, site)
    current = _docs_digests(docs, folder)
    settings = _settings(config, engine, site)
    previous, why = state.load_kept(
        folder / f"publish-{engine}.pickle", PublishState, _version(), settings
    )
    reason: str | None = None if previous is not None else why
    if why == "what it depends on changed":
        reason = "the engine, the config, the theme or the site folder changed"
    if full:
        reason = "--full"
    elif engine != "mkdocs":
        reason = "Zensical builds every page"
    elif previous is not None and not (site / "index.html").is_file():
        reason = f"{site} has no site yet"
    if reason is not None or previous is None:
        report, kept = _full(config, engine, staging, site, current, reason)
    else:
        report, kept = _changes(config, staging, site, current, previous)
    if report.code != 0 or report.nothing:
        return report
    swap_in(staging, site, background=True)
    if kept is not None:
        kept.version, kept.settings = _version(), settings
        state.save_kept(folder / f"publish-{engine}.pickle", kept)
    return report


def _full(
    config: Path,
    engine: str,
    staging: Path,
    site: Path,
    current: dict[str, bytes],
    reason: str | None,
) -> tuple[PublishReport, PublishState | None]:
    report = PublishReport(0, full=reason or "no state of an earlier publish")
    if engine != "mkdocs":
        report.code = build_with_engine(engine, config, staging)
        _carry_search(site, staging)
        return report, None
    run = run_mkdocs(config, staging)
    report.code, report.rendered = run.code, len(current)
    _carry_search(site, staging)
    kept = PublishState("", "", current, run.outputs, run.meta, run.search)
    return report, kept


def _changes(
    config: Path,
    staging: Path,
    site: Path,
    current: dict[str, bytes],
    previous: PublishState,
) -> tuple[PublishReport, PublishState | None]:
    changed = {path for path, digest in current.items() if previous.docs.get(path) != digest}
    gone = set(previous.docs) - set(current)
    if not changed and not gone:  # the site is the one this docs tree makes: nothing to do
        return PublishReport(0, nothing=True), None
    run = run_mkdocs(config, staging, changed, previous.meta)
    report = PublishReport(run.code, rendered=len(changed))
    if run.code != 0:
        return report, None
    search = merge_search_index(staging, run, previous.search, changed)
    dropped = {previous.outputs[path] for path in gone if path in previous.outputs}
    report.removed = len(dropped)
    report.linked = _link_the_rest(site, staging, dropped)
    meta = {path: previous.meta.get(path, {}) for path in run.pages}
    meta.update(run.meta)
    return report, PublishState("", "", current, run.outputs, meta, search)


def _link_the_rest(site: Path, staging: Path, dropped: set[str]) -> int:
    """Every file of the current site that the engine did not write, but for the outputs of
    docs files that are gone, linked into `staging` (copied where links are refused). Strings
    and `scandir`, each folder made once: a site has a folder per page, 100,000 of them."""
    linked = 0
    pending = [(str(site), str(staging), "")]
    while pending:
        source, target, prefix = pending.pop()
        made = os.path.isdir(target)  # noqa: PTH112 (strings: Path objects cost 4× here)
        with os.scandir(source) as entries:
            for entry in entries:
                path = f"{prefix}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{target}/{entry.name}", f"{path}/"))
                elif path not in dropped and not os.path.lexists(f"{target}/{entry.name}"):
                    if not made:
                        os.makedirs(target, exist_ok=True)  # noqa: PTH103 (as above)
                        made = True
                    link_or_copy(entry.path, f"{target}/{entry.name}")
                    linked += 1
    return linked


def _carry_search(site: Path, staging: Path) -> None:
    """The site's Pagefind index, carried into the new site until `digest index` replaces it:
    a published site always has search."""
    old = site / PAGEFIND
    if old.is_dir() and not (staging / PAGEFIND).exists():
        _link_the_rest(old, staging / PAGEFIND, set())


def _check_docs(docs: Path, site: Path) -> None:
    if marker_state(docs) != COMPLETE:
        raise BuildError(
            f"{docs} is not a complete docs tree (missing, or left half written by a build "
            "that was stopped): run digest build first"
        )
    if docs.resolve() == site.resolve():
        raise BuildError(f"refusing to publish into {site}: it is the docs tree")


def _docs_digests(docs: Path, folder: Path) -> dict[str, bytes]:
    """Every docs file by digest: from the build's state when the tree is as the build left
    it (stat calls), else read."""
    try:
        head = state.load_head_of(folder, docs)
    except state.StateMissingError:
        head = None
    if head is not None and check_tree(docs, head.outputs).intact:
        return {path: output.digest for path, output in head.outputs.items()}
    base = len(str(docs)) + 1
    found: dict[str, bytes] = {}
    for path in files_under(str(docs)):
        relative = path[base:].replace(os.sep, "/")
        if relative != ".digest-generated":
            found[relative] = content_digest(Path(path).read_bytes())
    return found


def _settings(config: Path, engine: str, site: Path) -> str:
    """What decides every page besides the docs: the engine and its version, the config, the
    theme's overrides, the site folder."""
    overrides = _custom_dir(config)
    versions = [f"{name} {_installed(name)}" for name in ("mkdocs", "mkdocs-material", engine)]
    parts = [engine, *versions, contents_digest(config), contents_digest(overrides), str(site)]
    return "\n".join(parts)


def _custom_dir(config: Path) -> Path | None:
    try:
        import yaml

        class Loader(yaml.SafeLoader):
            pass

        Loader.add_multi_constructor("", lambda loader, suffix, node: None)
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)
        found = data["theme"]["custom_dir"]
    except Exception:  # no custom_dir, or a config the engine will say is wrong
        return None
    return config.parent / str(found)


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _version() -> str:
    return f"{state.VERSION}+publish{SCHEMA}"


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
