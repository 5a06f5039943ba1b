"""The executables the benchmark drives and the command lines it gives them.

The benchmark measures what an author runs: the `digest` and site-engine executables of the
project's virtual environment, each in a process of its own, so interpreter start-up, imports
and the whole process's memory count as they do for an author. The command lines are written
out here once, with the options the CLI has; nothing is probed from `--help`.

A site engine is a value (`Engine`): the steps that build a site take one, so the second engine
(Zensical's `zensical build`, which reads the same `mkdocs.yml`) is one more value here, not a
change to the steps. `ENGINES` names them for `--engines`.
"""

from __future__ import annotations

import compileall
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def bin_dir() -> Path:
    """The venv's bin folder: beside the running interpreter (`.venv/bin/python -m ...`), else
    the project's `.venv/bin` (when run by another interpreter)."""
    beside = Path(sys.executable).parent
    return beside if (beside / "digest").exists() else PROJECT / ".venv" / "bin"


def executable(name: str) -> str:
    """The path of `name` in the venv's bin folder; exits with a hint when it is not there."""
    path = bin_dir() / name
    if not path.exists():
        raise SystemExit(f"no `{name}` in {path.parent}: run `make site` (or `pip install -e .`)")
    return str(path)


@dataclass(frozen=True)
class Digest:
    """The `digest` command line, with the options its subcommands have."""

    exe: str

    def build(self, content: Path, out: Path, config: Path) -> list[str]:
        """`digest build`; the site name and URL of the feeds come from the (copied) config."""
        return [
            self.exe,
            "build",
            "--content",
            str(content),
            "--out",
            str(out),
            "--config",
            str(config),
        ]

    def index(self, site: Path) -> list[str]:
        """`digest index`: Pagefind over the built site, `make site`'s third step."""
        return [self.exe, "index", "--site", str(site)]

    def serve(self, content: Path, out: Path, config: Path, address: str) -> list[str]:
        """`digest serve` on `address` (host:port), writing its docs tree to `out`."""
        command = [self.exe, "serve", "--content", str(content), "--out", str(out)]
        return [*command, "--config", str(config), "--dev-addr", address]


def digest() -> Digest:
    return Digest(executable("digest"))


@dataclass(frozen=True)
class Engine:
    """A static-site engine that builds a docs tree into a site from a `mkdocs.yml`."""

    name: str  # also names the step's log files and its record in the results
    exe: str
    dirty_options: tuple[str, ...] = ()  # what turns `build` into an incremental rebuild
    env: Mapping[str, str] = field(default_factory=dict)
    # what makes a build strict when the config says `strict: true` (MkDocs reads the key)
    strict_options: tuple[str, ...] = ()
    # whether `docs_dir` and `site_dir` must be relative paths inside the config's folder
    relative_dirs: bool = False
    # a cache the engine keeps beside its config (deleted before a cold build)
    cache: str | None = None

    def build(self, config: Path, dirty: bool = False, strict: bool = False) -> list[str]:
        command = [self.exe, "build", "-f", str(config)]
        if strict:
            command += self.strict_options
        return [*command, *self.dirty_options] if dirty else command

    def environ(self) -> dict[str, str]:
        return {**os.environ, **self.env}


def mkdocs() -> Engine:
    """MkDocs, the project's engine. `--dirty` always logs a WARNING ("A 'dirty' build is being
    performed…"), which the project's `strict: true` turns into an abort: not strict there."""
    return Engine(
        "mkdocs",
        executable("mkdocs"),
        dirty_options=("--dirty", "--no-strict"),
        env={"NO_MKDOCS_2_WARNING": "1"},
    )


def zensical() -> Engine:
    """Zensical (0.0.73), Material's successor, which reads the same `mkdocs.yml`. It panics on
    an absolute `docs_dir` or `site_dir` (`invariant: Id(Format(Path(RootDir)))`), so its config
    is written with relative ones; it keeps `.cache/` beside the config; it has no dirty build.
    `-s` is its strict mode, given when the config says `strict: true`, as MkDocs reads it."""
    return Engine(
        "zensical",
        executable("zensical"),
        strict_options=("-s",),
        relative_dirs=True,
        cache=".cache",
    )


# the engines `--engines` knows; the first of a run builds what `make site` builds by default
ENGINES = {"mkdocs": mkdocs, "zensical": zensical}


def compile_package() -> None:
    """Byte-compiles `generator/` as an installed package would be.

    An editable install leaves it as source, and with PYTHONDONTWRITEBYTECODE (set on CI
    machines) Python never writes the bytecode either, so every `digest` run would first
    compile 5,000 lines: 0.05 s that an author's second run never pays.
    """
    compileall.compile_dir(str(PROJECT / "generator"), quiet=1)
