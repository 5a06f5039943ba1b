"""`digest serve` for real: a live preview that follows edits and survives content errors."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import DIGEST, mkdocs_config

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(url: str, needle: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if needle in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} not served at {url} within {seconds}s")


def _temp_dir(tmp_path: Path) -> Path:
    """The server's temp dir, where MkDocs puts the site it serves."""
    folder = tmp_path / "tmp"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def server(content: Path, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    config = mkdocs_config(tmp_path, tmp_path / "docs", tmp_path / "site")
    process = subprocess.Popen(
        [
            DIGEST,
            "serve",
            "--content",
            str(content),
            "--config",
            str(config),
            "--out",
            str(tmp_path / "docs"),
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(_temp_dir(tmp_path))},
    )
    try:
        yield f"http://127.0.0.1:{port}/", process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_follows_edits_and_keeps_the_last_good_site(
    server: tuple[str, subprocess.Popen[str]], content: Path, tmp_path: Path
) -> None:
    base, process = server
    # site_url's path (/research-digest/) is where MkDocs mounts the preview
    root = base + "research-digest/"
    _wait_for(root + "articles/beta/", "Synthetic beta report")
    note = content / "articles" / "2024" / "beta.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace("Beta body.", "Beta body, edited live.")
    )
    _wait_for(root + "articles/beta/", "edited live")
    note.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    time.sleep(3)
    assert "edited live" in _get(root + "articles/beta/"), "the last good page is still served"
    served = tmp_path / "cache" / "docs"
    assert list(served.glob("serve-*/mkdocs_*")), "MkDocs serves from a folder beside the state"
    assert not list(_temp_dir(tmp_path).glob("mkdocs_*")), "not from the system's temp folder"
    process.terminate()
    output = process.communicate(timeout=10)[0]
    assert "beta.md:3:1: error: YAML syntax error" in output
    assert "still serving the last good build" in output
    assert "Traceback" not in output
    assert not list(served.glob("serve-*")), "SIGTERM lets MkDocs and digest clean up"


ODD_PATHS = {
    "/%00": 400,
    "/research-digest/%00": 400,
    "/research-digest/articles/%00beta/": 400,
    "/research-digest/a%00b.css": 400,
    "/research-digest/%ff%fe/": 200,  # bytes that are not UTF-8 are dropped: the home page
    "/research-digest/../../../etc/passwd": 404,
    "/research-digest/" + "a" * 5000 + "/": 404,
    "/research-digest/articles/beta/": 200,
}


def _status(base: str, path: str) -> int:
    """The status of a request for `path` sent as written (urllib would normalise it)."""
    import http.client

    host, port = base.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_serve_answers_odd_paths_with_400_or_404_never_a_traceback(
    server: tuple[str, subprocess.Popen[str]],
) -> None:
    base, process = server
    _wait_for(base + "research-digest/articles/beta/", "Synthetic beta report")
    assert {path: _status(base, path) for path in ODD_PATHS} == ODD_PATHS
    process.terminate()
    output = process.communicate(timeout=10)[0]
    assert "Traceback" not in output and "500 Internal Server Error" not in output


def test_a_killed_servers_folder_is_removed_by_the_next(content: Path, tmp_path: Path) -> None:
    """Issue 28, case 23: `kill -9` of `digest serve` leaked MkDocs' temporary site (24 MB at
    317 notes) for good; now it lives in `serve-PID` beside the build's state, and the next
    server removes the folders of servers no longer running."""
    dead = subprocess.Popen(["true"])
    dead.wait()
    leftover = tmp_path / "cache" / "docs" / f"serve-{dead.pid}" / "mkdocs_x"
    leftover.mkdir(parents=True)
    (leftover / "index.html").write_text("a killed server's site")
    port = _free_port()
    config = mkdocs_config(tmp_path, tmp_path / "docs", tmp_path / "site")
    process = subprocess.Popen(
        [DIGEST, "serve", "--content", str(content), "--config", str(config),
         "--out", str(tmp_path / "docs"), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    try:
        _wait_for(f"http://127.0.0.1:{port}/research-digest/articles/beta/", "Synthetic beta")
        assert not leftover.parent.exists()
        assert list((tmp_path / "cache" / "docs").glob(f"serve-{process.pid}/mkdocs_*"))
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert not list((tmp_path / "cache" / "docs").glob("serve-*"))
