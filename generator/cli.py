"""`digest`: arguments → a call into the package → what the author reads, and an exit code.

The commands only parse arguments, call `build`, `authoring` or `preview`, print results and
problems, and decide the exit code, here and nowhere else: 0 clean, 1 content errors (or a
capture that failed), 2 usage errors, 130 interrupted. Bad content never prints a traceback.
"""

from __future__ import annotations

import argparse
import errno
import gc
import json
import os
import socket
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from . import progress, routes
from .arguments import dev_address, parser
from .authoring import new as new_note
from .authoring.capture_store import tracked_captures
from .authoring.headlines import headline_words
from .authoring.orphans import REMOVE_COMMAND, find_orphans, orphan_problems, remove_orphans
from .authoring.schema import note_schema
from .build.check import check as check_content
from .build.run import Build, Target
from .build.state import cache_folder
from .content.linkcheck import check_links, dead_link_problems, web_links
from .facets import FACETS
from .files import (
    NotAFileError,
    TooLargeError,
    UnreadableError,
    locked,
    os_error_message,
    read_regular,
    replace_file,
)
from .problems import (
    ConfigError,
    ContentError,
    DigestError,
    Problem,
    Severity,
    error,
    format_json,
    has_errors,
    sort_problems,
)
from .settings import (
    MAX_CONFIG_BYTES,
    BadConfigError,
    SiteInfo,
    config_text,
    docs_dir,
    parse_site_info,
)
from .site import search_index
from .site.exports import FORMATS

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
CONTENT_ELSEWHERE = "make the content folder writable, or choose another with --content"
WRITERS = "another digest new or digest import"  # who holds the content folder's lock
OTHER_OUTPUT = "give a file name with -o, or -o - for standard output"


def _failed(message: str) -> int:
    """A failure that is not the content's (a file system error): one line, exit 1."""
    print(f"digest: error: {message}", file=sys.stderr)
    return EXIT_CONTENT


def _write_output(path: Path, text: str) -> int | None:
    """`-o FILE` replaced whole, or the one-line failure's exit code."""
    try:
        replace_file(path, text.encode("utf-8"))
    except NotAFileError as exc:  # a device, FIFO or folder is never replaced
        return _failed(os_error_message(exc, path, elsewhere=OTHER_OUTPUT))
    except OSError as exc:
        return _failed(os_error_message(exc, path, elsewhere="choose another file with -o"))
    return None


def _site(args: argparse.Namespace) -> SiteInfo:
    """The site's settings from `--config`, read as every other file is (regular files only,
    capped): a config named but missing, unreadable or broken is an error (`ConfigError`),
    never a site with an empty `site_url`. Only the default `mkdocs.yml` may be missing."""
    shown = str(args.config)
    try:
        data = read_regular(args.config, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        if not getattr(args, "config_given", False):
            return SiteInfo()
        hint = "check the name given to --config"
        raise ConfigError(
            f"digest: error: config file not found: {shown} ({hint})", EXIT_USAGE
        ) from None
    except TooLargeError as exc:
        reason = f"{exc.reason}, the limit for a config"
        raise ConfigError(error(shown, 1, reason, "give MkDocs' config").format()) from None
    except UnreadableError as exc:
        hint = "give a regular file with --config"
        raise ConfigError(error(shown, 1, exc.reason, hint).format()) from None
    except OSError as exc:
        message = os_error_message(exc, shown, verb="read", elsewhere="give another with --config")
        raise ConfigError(f"digest: error: {message}") from None
    try:
        return parse_site_info(data)
    except BadConfigError as bad:
        raise ConfigError(error(shown, bad.line, bad.message, bad.hint).format()) from None


def _report(problems: Sequence[Problem], strict: bool = False, fmt: str = "text") -> None:
    """Problems on stdout, one per line (or as JSON), plus annotations under GitHub Actions;
    the count on stderr.

    Findings are the command's result, as they are for ruff or mypy: `digest check > report.txt`
    and `digest check | grep error` get them. Standard error is for the summary and for the
    tool's own failures, so a script reading stdout never mistakes one for a finding.
    """
    if fmt == "json":
        print(format_json(problems))
        return
    for problem in problems:
        print(problem.format())
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:  # under --strict a warning fails the run, so it shows as an error
            shown = replace(problem, severity=Severity.ERROR) if strict else problem
            print(shown.github_annotation())
    errors = sum(p.severity is Severity.ERROR or strict for p in problems)
    warnings = len(problems) - errors
    if problems:
        sys.stdout.flush()  # the findings before the count, where both reach one terminal or file
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def _today(args: argparse.Namespace) -> date | None:
    return getattr(args, "today", None)


def cmd_check(args: argparse.Namespace) -> int:
    checked = check_content(args.content, _today(args))
    captures = [*tracked_captures(args.content), *orphan_problems(args.content)]
    found = sort_problems([*checked.problems, *captures])
    _report(found, args.strict, args.format)
    if has_errors(found, args.strict):
        return EXIT_CONTENT
    if args.format == "text":
        notes = len(checked.corpus.notes)
        print(f"{args.content}: {notes} note(s) checked, no errors", file=sys.stderr)
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """The one build, loading what the last run kept and keeping what this one found."""
    site = replace(_site(args), today=_today(args))  # the build date of the pages
    target = Target(args.content, args.out, site, args.templates, args.config, args.cache)
    build = Build(target)
    try:
        with progress.Progress("writing note pages", 0, sys.stderr, summary=False) as shown:
            report = build.run(_today(args), args.strict, args.full, progress=shown.update)
    except ContentError as exc:
        _report(exc.problems, args.strict)
        print(f"build failed: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    _report(report.problems, args.strict)
    print(report.line(), file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    checked = check_content(args.content, _today(args))
    if has_errors(checked.problems):
        _report(checked.problems)
        return EXIT_CONTENT
    site = _site(args)
    notes = checked.corpus.published
    text = FORMATS[args.format](notes, checked.corpus, site, None)
    if args.output and str(args.output) != "-":
        if (failed := _write_output(args.output, text)) is not None:
            return failed
        print(f"{args.output}: {len(notes)} notes", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_links(args: argparse.Namespace) -> int:
    """Every source and archive URL checked over HTTP; dead ones are warnings at their line."""
    checked = check_content(args.content, _today(args))
    if has_errors(checked.problems):
        _report(checked.problems)
        return EXIT_CONTENT
    links = [link for note in checked.corpus.published for link in web_links(note)]
    with progress.Progress("checking links", len(links), sys.stderr) as shown:
        results = check_links(links, timeout=args.timeout, jobs=args.jobs, progress=shown.update)
    problems = dead_link_problems(results)
    _report(problems, args.strict)
    if not problems:
        print(f"{args.content}: {len(results)} link(s) checked, none dead", file=sys.stderr)
    return EXIT_CONTENT if args.strict and problems else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """One writer of the content folder at a time: a concurrent `new` or `import` waits."""
    with locked(args.content, WRITERS):
        return _new(args)


def _new(args: argparse.Namespace) -> int:
    checked = check_content(args.content, _today(args))
    wanted = {facet.vocabulary: getattr(args, facet.singular) for facet in FACETS}
    vocabularies = dict(checked.corpus.vocabularies)
    term_ids, problems = new_note.resolve_terms(wanted, vocabularies)
    problems += filter(None, [new_note.url_problem(args.url)])
    if problems:
        return _refused(problems)
    when = args.date or _today(args) or date.today()
    note = new_note.NewNote(args.title, when, args.source, args.url, wanted)
    taken = {n.slug.lower() for n in checked.corpus.notes}
    slug = args.slug or new_note.slug_for(args.title, when)
    text = new_note.new_note_text(note, term_ids)
    today = _today(args) or date.today()
    problems = new_note.draft_problems(f"{slug}.md", text, vocabularies, today)
    if problems:  # what `check` would refuse is never written
        return _refused(problems)
    try:
        path = new_note.create_note(args.content, slug, when, taken, text)
    except OSError as exc:
        return _failed(os_error_message(exc, elsewhere=CONTENT_ELSEWHERE))
    print(path)
    _say_how_named(args, slug, path)
    for duplicate in new_note.likely_duplicates_of(note, checked.corpus):
        print(
            f"digest new: warning: likely a note on the same report already: {duplicate}",
            file=sys.stderr,
        )
    if not any(term_ids.values()):
        print(
            "digest new: tag at least one agency, location or theme before publishing",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_captures(args: argparse.Namespace) -> int:
    """The orphaned captures, one per line; with `--remove-orphans`, removed."""
    if not args.remove_orphans:
        found = find_orphans(args.content).captures
        for capture in found:
            print(capture)
        how = f"; `{REMOVE_COMMAND}` removes them" if found else ""
        print(f"{len(found)} orphaned capture(s){how}", file=sys.stderr)
        return EXIT_OK
    with locked(args.content, WRITERS):  # an import writing its capture is waited for
        orphans = find_orphans(args.content)
        if orphans.unreadable:
            return _failed(
                f"cannot tell which capture {orphans.unreadable[0]} names: the note cannot be "
                "read; nothing was removed"
            )
        removed = remove_orphans(orphans, args.content)
    for capture in removed:
        print(f"removed {capture}")
    print(f"{len(removed)} orphaned capture(s) removed", file=sys.stderr)
    return EXIT_OK


def _say_how_named(args: argparse.Namespace, slug: str, path: Path) -> None:
    """A name the author did not expect is said: one made of no word of the title, or one
    that took a number because the name was taken."""
    if path.stem != slug:
        print(f"digest new: warning: {slug} is taken; the note is {path.stem}", file=sys.stderr)
    if not args.slug and not headline_words(args.title):
        print(
            f"digest new: warning: no word of the title could name the file; it is {path.name} "
            "(choose a name with --slug)",
            file=sys.stderr,
        )


def _refused(problems: Sequence[Problem]) -> int:
    """What stops `digest new` before it writes: one line each, a usage error."""
    for problem in problems:
        hint = f" ({problem.hint})" if problem.hint else ""
        print(f"digest new: error: {problem.message}{hint}", file=sys.stderr)
    return EXIT_USAGE


def cmd_schema(args: argparse.Namespace) -> int:
    checked = check_content(args.content, _today(args))
    text = (
        json.dumps(note_schema(dict(checked.corpus.vocabularies)), ensure_ascii=False, indent=2)
        + "\n"
    )
    if args.output and str(args.output) != "-":
        if (failed := _write_output(args.output, text)) is not None:
            return failed
        print(args.output, file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_index(args: argparse.Namespace) -> int:
    """Pagefind over the published site, bundle by bundle, reusing the bundles that did not
    change; one lock with build and publish."""
    from .build.search import index

    if not (args.site / "index.html").is_file() or not (args.site / routes.DATA_JSON).is_file():
        print(
            f"digest index: error: no built site in {args.site} (run the site build first)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    cache = args.cache or _index_cache(args.config, args.site)
    try:
        with progress.Progress("indexing for search", 0, sys.stderr) as shown:
            report = index(args.site, cache, args.bundle_notes, args.full, shown.update)
    except search_index.PagefindError as error:
        print(f"digest index: error: Pagefind failed: {error}", file=sys.stderr)
        return EXIT_CONTENT
    print(report.line(args.site), file=sys.stderr)
    return EXIT_OK


def _index_cache(config: Path, site: Path) -> Path:
    """The build's cache when `site` is the config's site (one lock for build, publish and
    index), else a cache beside the site indexed."""
    configured = config.parent / (config_text(config, "site_dir") or "site")
    if configured.resolve() == site.resolve():
        return cache_folder(docs_dir(config))
    return site.parent / "cache" / site.name


def cmd_publish(args: argparse.Namespace) -> int:
    """The engine renders what changed into a fresh folder, swapped in whole: a killed or
    failed build keeps the site."""
    from .build.publish import publish

    _site(args)  # MkDocs would wait forever on a FIFO, and say less of a broken file
    report = publish(args.config, args.site, args.engine, args.full, args.cache)
    if report.code != 0:
        print(
            f"digest publish: error: {args.engine} build failed (exit {report.code}); "
            f"{args.site} was left as it was",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    print(report.line(args.site, args.engine), file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .authoring import importer  # imported here: its parsers cost other commands 0.1 s

    with progress.Progress("importing captures", 0, sys.stderr, summary=False) as shown:
        report = importer.import_files(
            list(args.files),
            args.content,
            dry_run=args.dry_run,
            today=_today(args),
            progress=shown.update,
        )
    report.print()
    return EXIT_CONTENT if report.failed else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .preview.serve import serve

    _site(args)
    address = args.dev_addr or config_text(args.config, "dev_addr") or DEV_ADDR
    try:  # `-a` was checked as it was parsed: this is for mkdocs.yml's `dev_addr`
        host, port = dev_address(address)
    except argparse.ArgumentTypeError as exc:
        print(f"digest serve: error: dev_addr of {args.config}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        _can_listen(host, port)  # before the first build: a busy port is said at once
        served = serve(
            args.content, args.out, args.config, args.templates, args.dev_addr, args.cache
        )
    except OSError as exc:
        if exc.filename is not None or exc.errno not in ADDRESS_ERRORS:
            raise
        advice = ADDRESS_ERRORS[exc.errno].format(host=host, port=port)
        message = f"cannot serve on {address}: {exc.strerror} ({advice})"
        print(f"digest serve: error: {message}", file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK if served else EXIT_CONTENT


DEV_ADDR = "127.0.0.1:8000"  # MkDocs' default
ADDRESS_ERRORS = {  # what binding the preview's address can say, and what to do
    errno.EADDRINUSE: "port {port} is in use by another program: stop it, or choose another "
    "port with -a {host}:PORT",
    errno.EADDRNOTAVAIL: "{host} is not an address of this machine: use -a 127.0.0.1:{port}",
    errno.EACCES: "ports below 1024 need root: choose a port from 1024 up with -a {host}:PORT",
}


def _can_listen(host: str, port: int) -> None:
    """Raises the `OSError` MkDocs' server would raise on this address (in use, not this
    machine's, not allowed), binding it the way that server does (`SO_REUSEADDR`)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": cmd_check,
    "build": cmd_build,
    "export": cmd_export,
    "new": cmd_new,
    "schema": cmd_schema,
    "index": cmd_index,
    "publish": cmd_publish,
    "import": cmd_import,
    "captures": cmd_captures,
    "links": cmd_links,
    "serve": cmd_serve,
}


def command() -> int:
    """The `digest` executable: `main` in a process that ends with the command."""
    return main(process_ends=True)


def main(argv: Sequence[str] | None = None, *, process_ends: bool = False) -> int:
    args = parser().parse_args(argv)
    args.run = COMMANDS[args.command]
    if (unusable := _unusable(args)) is not None:
        print(f"digest: error: {unusable}", file=sys.stderr)
        return EXIT_USAGE
    one_off = process_ends and args.command != "serve"
    try:
        if one_off:
            gc.disable()
        code: int = args.run(args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return exc.code
    except DigestError as exc:
        print(f"digest: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a failure of the file system no command expected: still one line
        return _failed(os_error_message(exc, verb="use"))
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM to `digest serve`: one line, no traceback
        if args.command != "serve":  # stopping the preview is how it ends, not a failure
            print(f"digest {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if one_off:
            _leave_to_exit()
    return code


OUTPUTS = {"build": "out", "serve": "out", "export": "output", "schema": "output"}
OPTIONS = {"out": "--out", "output": "-o"}


def _unusable(args: argparse.Namespace) -> str | None:
    """Why the folders given cannot be used, before anything is read: the content folder is
    not there, or an output would land inside it (nothing but `new` and `import` ever writes
    into content/: a docs tree or an export there would be read back as content)."""
    try:
        if not args.content.is_dir():
            return f"content folder not found: {args.content}"
    except OSError as exc:  # a name too long for the file system, a link loop …
        return os_error_message(exc, args.content, verb="read")
    dest = OUTPUTS.get(args.command)
    output: Path | None = getattr(args, dest, None) if dest else None
    if dest is None or output is None or str(output) == "-":
        return None
    try:
        inside = output.resolve().is_relative_to(args.content.resolve())
    except (OSError, RuntimeError):  # the write itself will say what is wrong with it
        return None
    if not inside:
        return None
    option = OPTIONS[dest]
    return (
        f"{option} {output} is inside the content folder {args.content} "
        "(nothing is written there but notes: choose a path outside it)"
    )


def _leave_to_exit() -> None:
    """Keeps what the command made out of the cyclic collector until the process ends.

    A build's million objects live to the end and hold almost no reference cycles. Walking them
    once more, as the next collection or the interpreter's exit would, took 0.2–0.4 s of a
    3 s build of 10,000 notes; moving them to the permanent generation costs nothing. Never for
    `digest serve`, which lives on, nor for `main` called from other code.
    """
    gc.freeze()
    gc.enable()


if __name__ == "__main__":
    sys.exit(command())
