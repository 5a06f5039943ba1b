"""`digest`: arguments → a call into the package → what the author reads, and an exit code.

The commands only parse arguments, call `pipeline`, `authoring` or `preview`, print results and
problems, and decide the exit code, here and nowhere else: 0 clean, 1 content errors (or a
capture that failed), 2 usage errors, 130 interrupted. Bad content never prints a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from . import pipeline, progress, routes
from .arguments import parser
from .authoring import new as new_note
from .authoring.capture_store import tracked_captures
from .authoring.schema import note_schema
from .content.linkcheck import check_links, dead_link_problems, web_links
from .facets import FACETS
from .files import locked, os_error_message, replace_file
from .problems import (
    ContentError,
    DigestError,
    Problem,
    Severity,
    format_json,
    has_errors,
    sort_problems,
)
from .settings import site_info
from .site import search_index
from .site.exports import FORMATS

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
CONTENT_ELSEWHERE = "make the content folder writable, or choose another with --content"
WRITERS = "another digest new or digest import"  # who holds the content folder's lock


def _failed(message: str) -> int:
    """A failure that is not the content's (a file system error): one line, exit 1."""
    print(f"digest: error: {message}", file=sys.stderr)
    return EXIT_CONTENT


def _write_output(path: Path, text: str) -> int | None:
    """`-o FILE` replaced whole, or the one-line failure's exit code."""
    try:
        replace_file(path, text.encode("utf-8"))
    except OSError as exc:
        return _failed(os_error_message(exc, path, elsewhere="choose another file with -o"))
    return None


def _report(problems: Sequence[Problem], strict: bool = False, fmt: str = "text") -> None:
    """Problems one per line on stderr (JSON on stdout), plus annotations under GitHub Actions."""
    if fmt == "json":
        print(format_json(problems))
        return
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:  # under --strict a warning fails the run, so it shows as an error
            shown = replace(problem, severity=Severity.ERROR) if strict else problem
            print(shown.github_annotation())
    errors = sum(p.severity is Severity.ERROR or strict for p in problems)
    warnings = len(problems) - errors
    if problems:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def _today(args: argparse.Namespace) -> date | None:
    return getattr(args, "today", None)


def cmd_check(args: argparse.Namespace) -> int:
    checked = pipeline.check(args.content, _today(args))
    found = sort_problems([*checked.problems, *tracked_captures(args.content)])
    _report(found, args.strict, args.format)
    if has_errors(found, args.strict):
        return EXIT_CONTENT
    if args.format == "text":
        notes = len(checked.corpus.notes)
        print(f"{args.content}: {notes} note(s) checked, no errors", file=sys.stderr)
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    site = replace(site_info(args.config), today=_today(args))  # the build date of the pages
    try:
        with progress.Progress("writing note pages", 0, sys.stderr, summary=False) as shown:
            result = pipeline.build(
                args.content,
                args.out,
                site,
                args.templates,
                _today(args),
                args.strict,
                config=None if args.force else args.config,
                progress=shown.update,
            )
    except ContentError as exc:
        _report(exc.problems, args.strict)
        print(f"build failed: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    _report(result.problems, args.strict)
    report = result.report
    if result.digests is None:
        print(
            f"{args.out}: nothing changed since the last build (--force rebuilds)", file=sys.stderr
        )
        return EXIT_OK
    print(
        f"{args.out}: {len(result.digests.notes)} notes, {len(report.written)} file(s) written, "
        f"{report.unchanged} unchanged, {len(report.removed)} removed",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    checked = pipeline.check(args.content, _today(args))
    if has_errors(checked.problems):
        _report(checked.problems)
        return EXIT_CONTENT
    site = site_info(args.config)
    notes = checked.corpus.published
    text = FORMATS[args.format](notes, checked.corpus, site)
    if args.output and str(args.output) != "-":
        if (failed := _write_output(args.output, text)) is not None:
            return failed
        print(f"{args.output}: {len(notes)} notes", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_links(args: argparse.Namespace) -> int:
    """Every source and archive URL checked over HTTP; dead ones are warnings at their line."""
    checked = pipeline.check(args.content, _today(args))
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
    checked = pipeline.check(args.content, _today(args))
    wanted = {facet.vocabulary: getattr(args, facet.singular) for facet in FACETS}
    term_ids, problems = new_note.resolve_terms(wanted, dict(checked.corpus.vocabularies))
    for problem in problems:
        print(
            f"digest new: error: {problem.message}"
            + (f" ({problem.hint})" if problem.hint else ""),
            file=sys.stderr,
        )
    if problems:
        return EXIT_USAGE
    when = args.date or _today(args) or date.today()
    note = new_note.NewNote(args.title, when, args.source, args.url, wanted)
    taken = {n.slug.lower() for n in checked.corpus.notes}
    slug, text = new_note.slug_for(args.title, when), new_note.new_note_text(note, term_ids)
    try:
        path = new_note.create_note(args.content, slug, when, taken, text)
    except OSError as exc:
        return _failed(os_error_message(exc, elsewhere=CONTENT_ELSEWHERE))
    print(path)
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


def cmd_schema(args: argparse.Namespace) -> int:
    checked = pipeline.check(args.content, _today(args))
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
    if not (args.site / "index.html").is_file() or not (args.site / routes.DATA_JSON).is_file():
        print(
            f"digest index: error: no built site in {args.site} (run the site build first)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        with progress.Progress("indexing for search", 0, sys.stderr) as shown:
            groups = search_index.index_site(args.site, args.bundle_notes, shown.update)
    except search_index.PagefindError as error:
        print(f"digest index: error: Pagefind failed: {error}", file=sys.stderr)
        return EXIT_CONTENT
    notes = sum(len(group.slugs) for group in groups)
    where = args.site / search_index.PRIMARY
    print(
        f"{args.site}: {notes} notes in {len(groups)} search bundle(s) at {where}", file=sys.stderr
    )
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    """MkDocs into a fresh folder, swapped in whole: a killed or failed build keeps the site."""
    from .site.publish import publish

    code = publish(args.config, args.site, args.engine)
    if code != 0:
        print(
            f"digest publish: error: {args.engine} build failed (exit {code}); "
            f"{args.site} was left as it was",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    engine = {"mkdocs": "MkDocs", "zensical": "Zensical"}[args.engine]
    print(f"{args.site}: built by {engine} and swapped in", file=sys.stderr)
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

    served = serve(args.content, args.out, args.config, args.templates, args.dev_addr)
    return EXIT_OK if served else EXIT_CONTENT


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": cmd_check,
    "build": cmd_build,
    "export": cmd_export,
    "new": cmd_new,
    "schema": cmd_schema,
    "index": cmd_index,
    "publish": cmd_publish,
    "import": cmd_import,
    "links": cmd_links,
    "serve": cmd_serve,
}


def command() -> int:
    """The `digest` executable: `main` in a process that ends with the command."""
    return main(process_ends=True)


def main(argv: Sequence[str] | None = None, *, process_ends: bool = False) -> int:
    args = parser().parse_args(argv)
    args.run = COMMANDS[args.command]
    if not args.content.is_dir():
        print(f"digest: error: content folder not found: {args.content}", file=sys.stderr)
        return EXIT_USAGE
    one_off = process_ends and args.command != "serve"
    try:
        if one_off:
            gc.disable()
        code: int = args.run(args)
    except DigestError as exc:
        print(f"digest: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a failure of the file system no command expected: still one line
        return _failed(os_error_message(exc, verb="use"))
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM to `digest serve`: no traceback
        return EXIT_INTERRUPTED
    finally:
        if one_off:
            _leave_to_exit()
    return code


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
