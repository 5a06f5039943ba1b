"""What tests share besides fixtures: the project's paths, the real commands, site builders.

Fixtures live in `tests/conftest.py`; browser helpers in `support/browser.py`; the sample site
with its Pagefind index in `support/search_site.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from generator.build.run import Build, BuildReport, Target
from generator.settings import TEMPLATES, SiteInfo
from generator.site.digests import Digests
from generator.site.jobs import Files, rendered, site_jobs
from generator.site.render import Renderer
from generator.site.write import WriteReport, write_pieces

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
DIGEST = str(BIN / "digest")
FIXTURES = ROOT / "tests" / "fixtures"


def run_digest(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `digest` entry point, as an author would."""
    return subprocess.run(
        [DIGEST, *args], cwd=cwd or ROOT, capture_output=True, text=True, check=False
    )


def _from(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else str(path)


def mkdocs_config(tmp: Path, docs: Path, site: Path) -> Path:
    """The project's mkdocs.yml, pointed at another docs tree and site folder."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # relative to the config where they can be: Zensical (0.0.73) cannot take absolute ones
    text = text.replace("docs_dir: build/docs", f"docs_dir: {_from(tmp, docs)}")
    text = text.replace("site_dir: site", f"site_dir: {_from(tmp, site)}")
    text = text.replace(
        "custom_dir: templates/overrides", f"custom_dir: {ROOT / 'templates' / 'overrides'}"
    )
    config = tmp / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


# The engines that turn the docs tree into a site: MkDocs + Material (the default) and
# Zensical, Material's successor, which reads the same mkdocs.yml.
ENGINES = ("mkdocs", "zensical")


def engine_build(config: Path, engine: str = "mkdocs") -> None:
    """The engine's strict build through its real command; fails the test on any warning."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [str(BIN / engine), "build", "--strict", "-f", str(config)],
        cwd=config.parent,  # Zensical's project root: docs and site must lie within it
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Error" not in built.stdout, built.stdout


def mkdocs_build(config: Path) -> None:
    engine_build(config, "mkdocs")


def build_site(content: Path, tmp: Path, engine: str = "mkdocs") -> Path:
    """`digest build` then the engine's strict build, both through their real commands."""
    docs, site = tmp / "docs", tmp / "site"
    config = mkdocs_config(tmp, docs, site)
    result = run_digest(
        "build", "--content", str(content), "--out", str(docs), "--config", str(config)
    )
    assert result.returncode == 0, result.stderr
    engine_build(config, engine)
    return site


def header_search_index(site: Path) -> list[dict[str, object]]:
    """The engine's own (header) search index: MkDocs' `search/search_index.json` or
    Zensical's `search.json`, both a list of {location, title, text}."""
    material = site / "search" / "search_index.json"
    if material.is_file():
        docs: list[dict[str, object]] = json.loads(material.read_text(encoding="utf-8"))["docs"]
        return docs
    items: list[dict[str, object]] = json.loads((site / "search.json").read_text(encoding="utf-8"))[
        "items"
    ]
    return items


def render_site(digests: Digests, site: SiteInfo, templates: Path = TEMPLATES) -> Files:
    """Every file of the docs tree, rendered in this process (no writing, no forking)."""
    return rendered(site_jobs(Renderer(digests, site, templates), templates))


def write_tree(files: Files, target: Path, stamp: str = "") -> WriteReport:
    """`files` written as a whole tree, the way `digest build` writes one."""
    return write_pieces(lambda _: files, 1, target, stamp)


def digest_main(*args: str) -> subprocess.CompletedProcess[str]:
    """A `digest` command run in this process through `cli.main` (the code the executable
    runs, without an interpreter start), its output and exit code as a subprocess's."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from generator import cli

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            code = int(exit_.code or 0)
    return subprocess.CompletedProcess(["digest", *args], code, out.getvalue(), err.getvalue())


def build_docs(
    content: Path,
    out: Path,
    site: SiteInfo | None = None,
    templates: Path = TEMPLATES,
    today: date | None = None,
    strict: bool = False,
    full: bool = False,
) -> BuildReport:
    """The one build (`build.run.Build`) of `content` into `out`, as `digest build` runs it,
    its state kept beside `out`."""
    target = Target(content, out, site or SiteInfo(), templates)
    return Build(target).run(today, strict, full)
