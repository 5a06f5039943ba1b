"""Unclear messages a fault probe found after the first round (issue 28, cases 14–18, 20, 21):
each case now says what is wrong and where, in one line, and writes nothing it should not.

14. A missing, broken or mistyped `--config` was silently ignored: the build exited 0 with an
    empty `site_url`, and feed links became `href=""`.
15. A busy port said "cannot use a file: Address already in use (check the path…)".
16. A year folder that is a file: `import` said "File exists (check the path…)".
17. `themes.yml` missing: `new` said "unknown theme 'corruption'"; an empty `agencies.yml` gave
    an "unknown agency" line per note and none naming the file.
18. A symlink loop inside content was reported as "symlink leads outside the content folder".
20. `digest new --url javascript:…` wrote the note; only `check` objected later.
21. `digest import` of a feed entry with a 2 MB title wrote a 4 MB draft that `check` then
    refused as over 1 MB, failing the whole archive.
"""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from tests.faults.bounds import deadline, picture, run_within
from tests.faults.conftest import NOBODY
from tests.support import FIXTURES, ROOT, digest_main

TODAY = "2025-01-01"


# --- 14: the config ---------------------------------------------------------------------------


def test_a_mistyped_config_name_is_a_usage_error(content: Path) -> None:
    """`digest build --config typo.yml`: exit 2, nothing written."""
    before = picture(content.parent)
    out = content.parent / "docs"
    result = run_within(
        20, "build", "--content", str(content), "--out", str(out), "--config", "typo.yml",
        cwd=content.parent,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "digest: error: config file not found: typo.yml (check the name given to --config)\n"
    )
    assert picture(content.parent) == before


NOT_A_MAPPING = (
    "config is not a mapping of keys (MkDocs' config: site_name, site_url … one per line)"
)
BROKEN_CONFIGS = [
    (
        b"site_name: Test\nsite_url: [https://example.org/\n",
        "2: error: config is not valid YAML: expected ',' or ']', but got '<stream end>'",
    ),
    (b"- site_name\n- site_url\n", f"1: error: {NOT_A_MAPPING}"),
    (
        b"site_name: Test\nsite_url:\n  - https://example.org/\n",
        "3: error: 'site_url' must be text (write one line)",
    ),
    (b"site_name: Test\nsite_url: 2024\n", "2: error: 'site_url' must be text (write one line)"),
    (b"site_name: \xff\n", "1: error: config is not UTF-8 (save it as UTF-8)"),
]


@pytest.mark.parametrize(("data", "line"), BROKEN_CONFIGS)
@pytest.mark.parametrize("command", ["build", "export"])
def test_a_broken_config_is_an_error_at_its_line(
    content: Path, data: bytes, line: str, command: str
) -> None:
    config = content.parent / "bad.yml"
    config.write_bytes(data)
    out = ["--out", str(content.parent / "docs")] if command == "build" else []
    before = picture(content.parent)
    with deadline(20):
        result = digest_main(command, "--content", str(content), "--config", str(config), *out)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"{config}:{line}\n")
    assert picture(content.parent) == before


def test_an_unreadable_config_as_an_unprivileged_user(nobody_content: Path) -> None:
    config = nobody_content.parent / "mkdocs.yml"
    config.write_text("site_name: Secret\n")
    config.chmod(0o600)  # root's, closed to others
    result = run_within(
        20, "export", "--content", str(nobody_content), "--config", str(config), user=NOBODY
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"digest: error: cannot read {config}: Permission denied (permission denied: make it "
        "readable, or give another with --config)\n"
    )


def test_without_config_the_defaults_still_build(content: Path, tmp_path: Path) -> None:
    """Only the default `mkdocs.yml` may be missing (a content folder checked on its own)."""
    project = tmp_path / "project"
    project.mkdir()
    result = run_within(20, "build", "--content", str(content), cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "build" / "docs" / "index.md").is_file()


# --- 16: a file where the year's folder should be -----------------------------------------------


def test_import_when_the_year_folder_is_a_file(content: Path) -> None:
    year = content / "articles" / "2024"
    for note in year.iterdir():
        note.unlink()
    year.rmdir()
    year.write_text("x\n")
    capture = FIXTURES / "captures" / "river-city.txt"
    before = picture(content.parent)
    result = run_within(20, "import", str(capture), "--content", str(content), "--today", TODAY)
    note = year / "2024-03-02-bureau-raids-handset-dealers-river-city.md"
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{capture}: error: cannot write {note}: Not a directory "
        f"({year} is a file, not a folder: move it away, then run the command again)",
        "0 imported, 0 skipped, 1 failed",
    ]
    assert picture(content.parent) == before  # not even an empty captures/2024/


# --- 15: the preview's port ---------------------------------------------------------------------


def _serve(
    content: Path, address: str, user: str | None = None
) -> subprocess.CompletedProcess[str]:
    out = content.parent / "docs"
    command = ("serve", "--content", str(content), "--out", str(out), "-a", address)
    return run_within(30, *command, "--config", str(ROOT / "mkdocs.yml"), user=user)


def test_serve_on_a_busy_port_says_the_port_is_in_use(content: Path) -> None:
    """At once, before the first build (it said "cannot use a file … check the path")."""
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        before = picture(content.parent)
        result = _serve(content, f"127.0.0.1:{port}")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"digest serve: error: cannot serve on 127.0.0.1:{port}: Address already in use "
        f"(port {port} is in use by another program: stop it, or choose another port with "
        "-a 127.0.0.1:PORT)\n"
    )
    assert picture(content.parent) == before


def test_serve_on_an_address_of_another_machine(content: Path) -> None:
    result = _serve(content, "192.0.2.1:8000")  # TEST-NET-1: never this machine's
    assert (result.returncode, result.stderr) == (
        1,
        "digest serve: error: cannot serve on 192.0.2.1:8000: Cannot assign requested address "
        "(192.0.2.1 is not an address of this machine: use -a 127.0.0.1:8000)\n",
    )


def test_serve_on_a_low_port_as_an_unprivileged_user(nobody_content: Path) -> None:
    result = _serve(nobody_content, "127.0.0.1:80", user=NOBODY)
    assert (result.returncode, result.stderr) == (
        1,
        "digest serve: error: cannot serve on 127.0.0.1:80: Permission denied (ports below "
        "1024 need root: choose a port from 1024 up with -a 127.0.0.1:PORT)\n",
    )


def test_a_dev_addr_in_the_config_that_cannot_be_is_a_usage_error(content: Path) -> None:
    config = content.parent / "mkdocs.yml"
    config.write_text("site_name: Test\ndev_addr: 127.0.0.1:99999\n")
    result = run_within(20, "serve", "--content", str(content), "--config", str(config))
    assert (result.returncode, result.stderr) == (
        2,
        f"digest serve: error: dev_addr of {config}: not IP:PORT with a port from 1 to 65535 "
        "(e.g. 127.0.0.1:8000): '127.0.0.1:99999'\n",
    )


# --- 17: a vocabulary missing or empty ---------------------------------------------------------


def test_new_with_themes_yml_missing_names_the_file(content: Path) -> None:
    themes = content / "vocabulary" / "themes.yml"
    themes.unlink()
    before = picture(content.parent)
    result = run_within(
        20, "new", "T", "--content", str(content), "--date", "2024-05-01", "--theme", "corruption"
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"digest new: error: unknown theme 'corruption' ({themes} is missing)\n"
    assert picture(content.parent) == before


def test_an_empty_vocabulary_is_named_on_every_line_it_makes_fail(content: Path) -> None:
    agencies = content / "vocabulary" / "agencies.yml"
    agencies.write_text("terms: []\n")
    with deadline(20):
        checked = digest_main("check", "--content", str(content), "--today", TODAY)
        new = digest_main("new", "T", "--content", str(content), "--agency", "bureau-x")
    alpha, beta = (content / "articles" / "2024" / f"{n}.md" for n in ("alpha", "beta"))
    assert (checked.returncode, checked.stdout.splitlines()) == (
        1,
        [
            f"{alpha}:7: error: unknown agency 'Bureau X' ({agencies} has no terms)",
            f"{beta}:5: error: unknown agency 'customs-office' ({agencies} has no terms)",
        ],
    )
    assert checked.stderr.splitlines() == ["2 error(s), 0 warning(s)"]
    assert (new.returncode, new.stderr) == (
        2,
        f"digest new: error: unknown agency 'bureau-x' ({agencies} has no terms)\n",
    )


# --- 18: a symlink loop ------------------------------------------------------------------------

LOOP = (
    "symlink loop: the link leads back to itself; refused (point the link at a file, or remove it)"
)


def test_a_symlink_loop_is_reported_as_a_loop(content: Path) -> None:
    """It said "symlink leads outside the content folder"."""
    year = content / "articles" / "2024"
    (year / "loop.md").symlink_to("loop.md")
    (year / "ping.md").symlink_to("pong.md")
    (year / "pong.md").symlink_to("ping.md")
    (content / "pages" / "page.md").symlink_to("page.md")
    themes = content / "vocabulary" / "themes.yml"
    themes.unlink()
    themes.symlink_to("themes.yml")
    before = picture(content.parent)
    result = run_within(20, "check", "--content", str(content), "--today", TODAY)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    for link in (
        year / "loop.md",
        year / "ping.md",
        year / "pong.md",
        content / "pages" / "page.md",
        themes,
    ):
        assert f"{link}:1: error: {LOOP}" in lines
    assert not [line for line in lines if "outside" in line or "missing" in line]
    assert picture(content.parent) == before


# --- 20: digest new --url ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/x",
        "example.org",
    ],
)
def test_new_refuses_a_url_check_would_refuse_before_writing(content: Path, url: str) -> None:
    before = picture(content.parent)
    result = run_within(
        20, "new", "Phones seized", "--content", str(content), "--date", "2024-05-01",
        "--theme", "phones", "--url", url,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"digest new: error: --url '{url}' is not an http(s) URL (give the https:// address)\n"
    )
    assert picture(content.parent) == before


def test_new_writes_nothing_check_would_refuse(content: Path) -> None:
    """Whatever the value: a title with a control character, here."""
    before = picture(content.parent)
    with deadline(20):
        result = digest_main(
            "new", "Phones\x07seized", "--content", str(content), "--theme", "phones"
        )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "digest new: error: 'title' holds a control character (\\x07) "
        "(remove it: pages and feeds cannot carry it)\n"
    )
    assert picture(content.parent) == before


# --- 21: import never writes what check refuses ----------------------------------------------


FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Synthetic Wire</title>
  <entry>
    <title>{title}</title>
    <link href="https://example.org/news/huge"/><id>urn:example:huge</id>
    <published>2024-04-11T05:30:00+09:00</published>
    <content type="html">Bureau X searched the market in River City.</content>
  </entry>
  <entry>
    <title>Cops raid Old Town stalls in River City</title>
    <link href="https://example.org/news/other"/><id>urn:example:other</id>
    <published>2024-04-12T05:30:00+09:00</published>
    <content type="html">Bureau X searched the market in River City.</content>
  </entry>
</feed>
"""


def test_import_of_an_entry_with_a_2_mb_title_fails_that_entry_only(
    content: Path, tmp_path: Path
) -> None:
    """It wrote a 4 MB draft (the title twice) that `check` refused, failing the archive."""
    title = "Bureau X raids " + "x" * 2_000_000
    feed = tmp_path / "feed.atom"
    feed.write_text(FEED.format(title=title), encoding="utf-8")
    result = run_within(60, "import", str(feed), "--content", str(content), "--today", TODAY)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        f"{feed}#1: error: the draft would be larger than 1 MB, the limit for a note: the "
        f"capture's headline is {len(title):,} characters long (write the note with `digest new`)",
        "1 imported, 0 skipped, 1 failed",
    ]
    assert not list((content / "captures" / "2024").glob("2024-04-11-*"))
    checked = run_within(30, "check", "--content", str(content), "--today", TODAY)
    assert (checked.returncode, checked.stderr) == (0, f"{content}: 5 note(s) checked, no errors\n")
