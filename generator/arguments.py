"""The arguments of `digest` and its commands, and nothing else: `cli.py` runs them."""

from __future__ import annotations

import argparse
import ipaddress
import math
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__
from .content.placeholders import UNKNOWN_OUTLET
from .content.validate import RESERVED_SLUGS, SLUG
from .facets import FACETS
from .settings import TEMPLATES
from .site.publish import ENGINES
from .site.search_index import BUNDLE_NOTES


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from exc


def _slug(text: str) -> str:
    if not SLUG.match(text) or text.lower() in RESERVED_SLUGS:
        raise argparse.ArgumentTypeError(
            f"not a slug (letters, digits and - _ . ~, not 'index'): {text!r}"
        )
    return text


MAX_SECONDS = 3600.0  # a timeout longer than an hour is a typo (1e308 overflowed the clock)
MAX_JOBS = 64  # requests at a time: a thread each


def _seconds(text: str) -> float:
    """A timeout: finite, above 0 and at most an hour (`nan` was taken, `1e308` overflowed)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"not a number of seconds above 0 and at most {MAX_SECONDS:g}: {text!r}"
        )
    return value


def dev_address(text: str) -> tuple[str, int]:
    """`IP:PORT` as MkDocs takes it (an IP address or `localhost`, IPv6 in brackets), with a
    port it can bind: 99999 made MkDocs' server fail with an `OverflowError` traceback."""
    host, _, port = text.rpartition(":")
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        if bare != "localhost":
            ipaddress.ip_address(bare)
        number = int(port) if port.isascii() and port.isdigit() and len(port) <= 5 else 0
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(
            f"not IP:PORT with a port from 1 to 65535 (e.g. 127.0.0.1:8000): {text!r}"
        )
    return bare, number


def _address(text: str) -> str:
    dev_address(text)
    return text


def _whole(text: str, most: int | None = None) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    if most is not None and int(text) > most:
        raise argparse.ArgumentTypeError(f"not a whole number from 1 to {most}: {text!r}")
    return int(text)


def _count(text: str) -> int:
    return _whole(text)


def _jobs(text: str) -> int:
    return _whole(text, MAX_JOBS)


def _text(text: str) -> str:
    """A value written into a note: text a file can hold. Bytes that are not UTF-8 reach
    Python as lone surrogates, which no encoder writes (a traceback in the YAML writer)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(f"not UTF-8 text: {text!r}") from None
    return text


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content", type=Path, default=Path("content"), help="content folder (default: content)"
    )
    common.add_argument("--today", type=_iso_date, help=argparse.SUPPRESS)  # tests fix 'today'
    return common


class _Given(argparse.Action):
    """Stores the value and notes that it was given (`config_given`): a `--config` named on
    the command line must be there, while the default `mkdocs.yml` may be missing."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        setattr(namespace, f"{self.dest}_given", True)


def _site() -> argparse.ArgumentParser:
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument(
        "--config",
        type=Path,
        action=_Given,
        default=Path("mkdocs.yml"),
        help="MkDocs config (default: mkdocs.yml)",
    )
    return site


def parser() -> argparse.ArgumentParser:
    """`digest` and its commands; `cli.COMMANDS` runs the one chosen."""
    top = argparse.ArgumentParser(prog="digest", description="Research digest generator.")
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common, site = _common(), _site()
    _checking(commands, common, site)
    _authoring(commands, common)
    _publishing(commands, common, site)
    return top


def _checking(
    commands: Any, common: argparse.ArgumentParser, site: argparse.ArgumentParser
) -> None:
    check = commands.add_parser(
        "check", parents=[common], help="validate all content, report every problem"
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=("text", "json"), default="text")
    build = commands.add_parser(
        "build", parents=[common, site], help="check, then write the docs tree"
    )
    build.add_argument(
        "--out", type=Path, default=Path("build/docs"), help="docs tree (default: build/docs)"
    )
    build.add_argument("--templates", type=Path, default=TEMPLATES, help=argparse.SUPPRESS)
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--full",
        "--force",
        action="store_true",
        help="a clean build: check and render everything, reusing nothing of the last run",
    )
    _cache(build)
    serve = commands.add_parser("serve", parents=[common, site], help="build and preview, live")
    serve.add_argument("--out", type=Path, default=Path("build/docs"), help=argparse.SUPPRESS)
    serve.add_argument("--templates", type=Path, default=TEMPLATES, help=argparse.SUPPRESS)
    serve.add_argument(
        "-a",
        "--dev-addr",
        type=_address,
        help="IP:PORT to serve on (default: MkDocs' 127.0.0.1:8000)",
    )
    _cache(serve)


def _cache(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--cache",
        type=Path,
        help="where a build keeps its state between runs (default: beside the docs tree, "
        "build/cache/docs for build/docs)",
    )


def _authoring(commands: Any, common: argparse.ArgumentParser) -> None:
    new = commands.add_parser("new", parents=[common], help="scaffold a note with today's date")
    new.add_argument("title", type=_text, help="the note's title, in your own words")
    new.add_argument("--date", type=_iso_date, help="date of the report (default: today)")
    new.add_argument(
        "--source",
        type=_text,
        default=UNKNOWN_OUTLET,
        help=f"outlet name, e.g. 'Daily NK' (default: '{UNKNOWN_OUTLET}', to fill in)",
    )
    new.add_argument("--url", type=_text, help="address of the report (http or https)")
    new.add_argument(
        "--slug", type=_slug, help="the note's file name without .md (default: date and title)"
    )
    for facet in FACETS:
        new.add_argument(
            f"--{facet.singular}",
            dest=facet.singular,
            type=_text,
            action="append",
            default=[],
            help="id, name or alias; repeat",
        )
    imports = commands.add_parser("import", parents=[common], help="import captures as draft notes")
    imports.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="text capture, HTML file or Atom/RSS feed",
    )
    imports.add_argument("--dry-run", action="store_true", help="print the notes; write nothing")
    captures = commands.add_parser(
        "captures", parents=[common], help="list the captures no note refers to"
    )
    captures.add_argument(
        "--remove-orphans", action="store_true", help="remove the captures no note refers to"
    )
    schema = commands.add_parser(
        "schema", parents=[common], help="JSON Schema of note front matter"
    )
    schema.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")


def _publishing(
    commands: Any, common: argparse.ArgumentParser, site: argparse.ArgumentParser
) -> None:
    export = commands.add_parser(
        "export", parents=[common, site], help="the dataset as JSON or CSV"
    )
    export.add_argument(
        "--format", choices=("json", "csv", "bibtex", "ris", "csl-json"), default="json"
    )
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    links = commands.add_parser(
        "links", parents=[common], help="check every source and archive URL over HTTP"
    )
    links.add_argument(
        "--timeout", type=_seconds, default=10.0, help="seconds per URL (default 10)"
    )
    links.add_argument(
        "--jobs", type=_jobs, default=8, help=f"requests at a time (default 8, at most {MAX_JOBS})"
    )
    links.add_argument("--strict", action="store_true", help="exit 1 when a link is dead")
    publish = commands.add_parser(
        "publish",
        parents=[site],
        help="the engine's strict build into a fresh folder, then swap it in as the site",
    )
    publish.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="mkdocs (MkDocs + Material, the default) or zensical",
    )
    publish.add_argument(
        "--site", type=Path, default=Path("site"), help="site folder (default: site)"
    )
    publish.add_argument(
        "--full", action="store_true", help="a clean build of every page by the engine"
    )
    _cache(publish)
    publish.set_defaults(content=Path())
    index = commands.add_parser(
        "index", parents=[site], help="build Pagefind's search index over the built site"
    )
    index.add_argument("--site", type=Path, default=Path("site"), help="built site (default: site)")
    index.add_argument(
        "--bundle-notes",
        type=_count,
        default=BUNDLE_NOTES,
        help=f"notes a search bundle may hold (default {BUNDLE_NOTES}): bounds Pagefind's memory",
    )
    index.add_argument(
        "--full", action="store_true", help="index every bundle, reusing none of the last run"
    )
    _cache(index)
    index.set_defaults(content=Path())
