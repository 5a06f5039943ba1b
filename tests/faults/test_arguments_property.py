"""Every argument that names a path, a port, a size or a time, given a hostile value (Hypothesis).

Whatever the value, each command ends within a deadline, exits 0, 1 or 2 (never a traceback,
never 130), says what is wrong in one line, and changes nothing outside its own outputs. The
commands run in this process (`cli.main`), in a playground of odd files made afresh for each
example: FIFOs, sockets, a device node, folders, symlink loops, dangling links, a file where a
folder should be, names too long or not UTF-8.

What these tests found, and what was fixed: a name too long for the file system as
`--content` (a traceback); `export -o` and `schema -o` writing over a vocabulary inside the
content folder; `--timeout nan` taken and `--timeout 1e308` a traceback; `--jobs` unbounded
(a thread per request); bytes that are not UTF-8 in `new`'s title, source or terms (a
traceback in the YAML writer); "File exists" for a file where an output folder should be.

`build --out` naming a symlink (a loop, a dangling link, a link to a folder) replaced the link
with a folder: a link to a folder is now written where it leads, any other link refused. A
build's outputs include its state, beside the docs tree (`cache/<name>`).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from generator.arguments import dev_address, parser
from tests.faults.bounds import deadline, picture
from tests.support import FIXTURES, digest_main

TODAY = "2025-01-01"
SCALE = float(os.environ.get("DIGEST_PROPERTY_SCALE", "1"))  # more examples when hunting


def examples(count: int) -> settings:
    """Modest counts: all these tests together stay well under a minute on two cores."""
    return settings(
        max_examples=max(1, int(count * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


ONE_LINE = re.compile(r"^(digest( \w+)?: error: |\S.*:\d+: error: |\S.*: error: )\S")


# --- the playground ---------------------------------------------------------------------------


def _device(path: Path) -> None:
    """A `/dev/null` of the playground's own (as root): an output test never names the real one."""
    if os.geteuid() == 0:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    else:
        os.mkfifo(path)


ODD: dict[str, Callable[[Path], object]] = {
    "fifo": os.mkfifo,
    "device": _device,
    "folder": Path.mkdir,
    "file": lambda p: p.write_text("title: not a note\n"),
    "loop": lambda p: p.symlink_to(p.name),
    "dangling": lambda p: p.symlink_to("nowhere/at/all"),
    "to-file": lambda p: p.symlink_to("file"),
    "to-folder": lambda p: p.symlink_to("folder"),
}
# paths as given on the command line: relative to the playground, where the commands run
PATHS = [
    *ODD,
    "socket",
    "file/below",
    "missing/below",
    "x" * 300,
    "not-utf8-\udcff",
    "-",
    ".",
    "",
    "content",
    "content/articles",
    "content/vocabulary/themes.yml",
]
INPUTS = [*PATHS, "/dev/zero", "/dev/null", "/proc/self/maps"]  # read, never written
SYMLINKS = {"loop", "dangling", "to-file", "to-folder"}


def _cache_of(output: str) -> str:
    """Where a build keeps its state for an output folder: `cache/<name>` beside it."""
    path = Path(output)
    return (path.parent / "cache" / path.name).as_posix()


@contextmanager
def playground(tmp_path: Path, name: str) -> Iterator[Path]:
    """A fresh folder of odd files with a copy of the fixture content, as the current folder."""
    root = tmp_path / name
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    shutil.copytree(FIXTURES / "content", root / "content")
    note = root / "content" / "articles" / "2024" / "alpha.md"
    note.write_text(note.read_text().replace("https://example.org/alpha", "http://127.0.0.1:9/x"))
    for odd, make in ODD.items():
        make(root / odd)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "socket"))
    previous = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(previous)
        server.close()
        shutil.rmtree(root, ignore_errors=True)


def _devices() -> dict[str, tuple[int, int]]:
    found = {name: Path(name).stat() for name in ("/dev/null", "/dev/zero")}
    return {name: (mode.st_mode, mode.st_rdev) for name, mode in found.items()}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    with deadline(60):
        return digest_main(*args)


def _well_behaved(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 0, 1 or 2; no traceback; a failure says so in at least one one-line error."""
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1, 2), output
    assert "Traceback" not in output and '  File "' not in output, output
    if result.returncode != 0:
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert errors, result.stderr
        assert all(ONE_LINE.match(line) for line in errors), errors


def _outputs(root: Path, *paths: str) -> tuple[str, ...]:
    """What a command may change, relative to the playground: each output, the folders it
    makes on the way to it, and what a symlink output leads to. Asked before the command runs."""
    found: list[str] = []
    for given_path in paths:
        path = root / given_path
        found.append(os.path.normpath(given_path))
        found += [
            folder.relative_to(root).as_posix()
            for folder in path.parents
            if folder.is_relative_to(root) and folder != root and not os.path.lexists(folder)
        ]
        if os.path.islink(path):  # noqa: PTH114 (False, not an error, for a name too long)
            target = Path(os.path.realpath(path))
            if target.is_relative_to(root):
                found.append(target.relative_to(root).as_posix())
    return tuple(found)


# --- every argument, parsed --------------------------------------------------------------------

OPTIONS = [
    ("check", "--content"),
    ("build", "--content"),
    ("build", "--out"),
    ("build", "--config"),
    ("serve", "-a"),
    ("serve", "--config"),
    ("export", "-o"),
    ("export", "--config"),
    ("schema", "-o"),
    ("new", "--date"),
    ("new", "--url"),
    ("new", "--source"),
    ("new", "--theme"),
    ("import", "--content"),
    ("links", "--timeout"),
    ("links", "--jobs"),
    ("index", "--site"),
    ("index", "--bundle-notes"),
    ("publish", "--site"),
    ("publish", "--config"),
]
NUMBERS = st.sampled_from(
    ["0", "-1", "-0", "nan", "inf", "-inf", "1e308", "1e-300", "99999", "65536", "0x10", "²",
     "٣", "1_000", " 8", "8 ", "18446744073709551617", "127.0.0.1:99999", "[::1]:0", ":8000",
     "localhost:", "0000-01-01", "9999-12-31", "2024-13-01", "2024-02-30", "-"]
)  # fmt: skip
HOSTILE_TEXT = st.one_of(
    NUMBERS,
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cs", "Zs"]), max_size=8),
    st.builds(lambda n: "x" * n, st.integers(250, 5000)),
)


@examples(200)
@given(option=st.sampled_from(OPTIONS), value=HOSTILE_TEXT)
@example(option=("links", "--timeout"), value="nan")  # was taken
@example(option=("links", "--timeout"), value="1e308")  # overflowed the clock: a traceback
@example(option=("links", "--jobs"), value="10000000")  # a thread each
@example(option=("new", "--source"), value="Wire\udcff")  # not UTF-8: a traceback in YAML
@example(option=("serve", "-a"), value="127.0.0.1:99999")  # OverflowError in MkDocs
def test_every_value_parses_or_is_a_usage_error(option: tuple[str, str], value: str) -> None:
    """Parsing alone: a value is taken, or refused with exit 2 and a line naming the option."""
    command, name = option
    arguments = [command, f"{name}={value}"] + (["T"] if command == "new" else [])
    try:
        parser().parse_args(arguments)
    except SystemExit as exit_:
        assert exit_.code == 2
    except Exception as failure:  # any other exception is what this test finds
        pytest.fail(f"digest {' '.join(arguments)!r}: {failure!r}")


@examples(200)
@given(
    value=st.one_of(NUMBERS, st.text(max_size=30), st.from_regex(r"\[?[0-9a-f:.]{1,20}\]?:\d{1,6}"))
)
def test_serve_takes_only_addresses_mkdocs_can_bind(value: str) -> None:
    """`-a` is taken exactly when MkDocs' own check takes it and the port can be bound."""
    from mkdocs.config.base import ValidationError
    from mkdocs.config.config_options import IpAddress

    try:
        host, port = dev_address(value)
    except Exception:  # argparse makes it a usage error: any refusal will do
        return
    try:
        checked = IpAddress().validate(value)
    except ValidationError:
        pytest.fail(f"taken by digest, refused by MkDocs: {value!r}")
    assert (checked.port, 1 <= port <= 65535) == (port, True)
    assert checked.host == host or host == "localhost"


# --- paths, for every command that reads or writes one -----------------------------------------

PATH_RUNS: list[tuple[str, Callable[[str], list[str]], Callable[[str], tuple[str, ...]]]] = [
    ("check --content", lambda p: ["check", "--content", p], lambda p: ()),
    ("build --content", lambda p: ["build", "--content", p, "--out", "out"], lambda p: ("out", "cache/out")),
    ("build --config", lambda p: ["build", "--content", "content", "--out", "out", "--config", p], lambda p: ("out", "cache/out")),
    ("build --out", lambda p: ["build", "--content", "content", "--out", p], lambda p: (p, _cache_of(p))),
    ("export -o", lambda p: ["export", "--content", "content", "-o", p], lambda p: (p,)),
    ("export --config", lambda p: ["export", "--content", "content", "--config", p], lambda p: ()),
    ("schema -o", lambda p: ["schema", "--content", "content", "-o", p], lambda p: (p,)),
    ("new --content", lambda p: ["new", "T", "--content", p, "--theme", "phones", "--date", "2024-05-01"], lambda p: (f"{p}/articles",)),
    ("import FILE", lambda p: ["import", p, "--content", "content", "--today", TODAY], lambda p: ("content/articles", "content/captures")),
    ("import --content", lambda p: ["import", str(FIXTURES / "captures" / "river-city.txt"), "--content", p, "--today", TODAY], lambda p: (f"{p}/articles", f"{p}/captures")),
    ("index --site", lambda p: ["index", "--site", p], lambda p: (_cache_of(p),)),
    ("links --content", lambda p: ["links", "--content", p, "--timeout", "0.5"], lambda p: ()),
]  # fmt: skip


@examples(100)
@given(run=st.sampled_from(PATH_RUNS), path=st.sampled_from(INPUTS))
@example(run=PATH_RUNS[0], path="x" * 300)  # check --content: a traceback
@example(run=PATH_RUNS[4], path="content/vocabulary/themes.yml")  # export -o wrote over it
@example(run=PATH_RUNS[6], path="content/x.json")  # schema -o into the content folder
@example(run=PATH_RUNS[3], path="file/below")  # build --out: "File exists"
def test_a_hostile_path_ends_in_one_line_and_changes_nothing_else(
    tmp_path: Path,
    run: tuple[str, Callable[[str], list[str]], Callable[[str], tuple[str, ...]]],
    path: str,
) -> None:
    name, arguments, outputs = run
    writes = name.endswith(("-o", "--out"))
    assume(not (writes and path.startswith(("/dev/", "/proc/"))))  # the playground's device instead
    devices = _devices()
    with playground(tmp_path, "play") as root:
        skip = _outputs(root, *outputs(path))
        before = picture(root, skip=skip)
        result = _run(*arguments(path))
        _well_behaved(result)
        assert picture(root, skip=skip) == before
        if path in ("content", ".", "") or path.startswith("content/"):
            assert result.returncode != 0 or not writes or path == "-"
    assert _devices() == devices


# --- times and sizes ---------------------------------------------------------------------------


@examples(30)
@given(
    timeout=st.one_of(NUMBERS, st.floats(allow_nan=True).map(repr)),
    jobs=st.one_of(NUMBERS, st.integers(-5, 10**12).map(str)),
)
def test_links_with_any_timeout_and_jobs_ends(tmp_path: Path, timeout: str, jobs: str) -> None:
    """One link to a port nothing listens on: refused at once, whatever the bounds say."""
    with playground(tmp_path, "links") as root:
        before = picture(root)
        result = _run("links", "--content", "content", f"--timeout={timeout}", f"--jobs={jobs}")
        _well_behaved(result)
        assert picture(root) == before


@examples(30)
@given(bundle=st.one_of(NUMBERS, st.integers(-5, 10**20).map(str)))
def test_index_with_any_bundle_size_ends(tmp_path: Path, bundle: str) -> None:
    with playground(tmp_path, "index") as root:
        before = picture(root)
        _well_behaved(_run("index", "--site", "folder", f"--bundle-notes={bundle}"))
        assert picture(root) == before


# --- what new and import write, check accepts --------------------------------------------------

NOTE_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30),
    st.sampled_from(
        [
            "javascript:alert(1)",
            "https://例.kr/기사",
            "http://",
            "\x00",
            "---",
            "'\"",
            "- a",
            "{x: 1}",
        ]
    ),
)


@examples(80)
@given(
    title=st.one_of(st.text(min_size=1, max_size=80), NOTE_TEXT),
    source=st.one_of(st.just("Synthetic Wire"), NOTE_TEXT),
    url=st.one_of(st.none(), st.just("https://example.org/a"), NOTE_TEXT),
    when=st.one_of(
        st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat),
        st.dates().map(date.isoformat),
        NUMBERS,
    ),
)
def test_new_writes_only_what_check_accepts(
    tmp_path: Path, title: str, source: str, url: str | None, when: str
) -> None:
    """Any title, outlet, URL or date: `new` writes a note `check` takes, or nothing (exit 2)."""
    assume("\x00" not in title + source + (url or ""))  # argv cannot carry NUL
    with playground(tmp_path, "new") as root:
        before = picture(root, skip=("content/articles",))
        options = [f"--source={source}", f"--date={when}", "--theme=phones"]
        options += [f"--url={url}"] if url is not None else []
        result = _run("new", "--content=content", *options, "--", title)
        _well_behaved(result)
        assert picture(root, skip=("content/articles",)) == before
        written = [line for line in result.stdout.splitlines() if line.endswith(".md")]
        event(
            f"new exits {result.returncode}: "
            + re.sub(r"'.*", "", (result.stderr.splitlines() or [""])[-1])[:60]
        )
        if result.returncode != 0:
            assert not written
            return
        [note] = written
        checked = _run("check", "--content", "content", "--today", "9999-12-31")
        assert not [
            line
            for line in checked.stderr.splitlines()
            if line.startswith(note) and ": error: " in line
        ]


FEED_ENTRY = """<entry><title>{title}</title><link href="{link}"/><id>urn:x:{number}</id>
<published>{published}</published><author><name>{author}</name></author>
<content type="html">Bureau X searched the market in River City.</content></entry>
"""


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


FEED_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40
)


@examples(60)
@given(
    entries=st.lists(
        st.tuples(
            FEED_TEXT.map(lambda t: "Bureau X " + t),
            st.one_of(NUMBERS, st.text(max_size=25), st.just("2024-04-12T05:30:00+09:00")),
            FEED_TEXT,
            st.one_of(FEED_TEXT, st.just("https://example.org/x")),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_import_writes_only_what_check_accepts(
    tmp_path: Path, entries: list[tuple[str, str, str, str]]
) -> None:
    """Whatever a feed entry holds, one bad entry never stops the others, and every draft
    written passes `check` (a huge title, year 0 or month 13 broke one or the other)."""
    with playground(tmp_path, "import") as root:
        feed = root / "feed.atom"
        body = "".join(
            FEED_ENTRY.format(
                title=_xml(t), published=_xml(p), author=_xml(a), link=_xml(u), number=n
            )
            for n, (t, p, a, u) in enumerate(entries)
        )
        feed.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Synthetic Wire</title>{body}</feed>\n')  # fmt: skip
        before = picture(root, skip=("content/articles", "content/captures"))
        result = _run("import", "feed.atom", "--content", "content", "--today", TODAY)
        _well_behaved(result)
        assert picture(root, skip=("content/articles", "content/captures")) == before
        summary = result.stderr.splitlines()[-1]
        assert re.fullmatch(r"\d+ imported, \d+ skipped, \d+ failed", summary), summary
        assert sum(int(n) for n in re.findall(r"\d+", summary)) == len(entries)
        checked = _run("check", "--content", "content", "--today", "9999-12-31")
        assert checked.returncode == 0, checked.stderr
