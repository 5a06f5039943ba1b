"""The real `digest serve` in a subprocess, and what it serves compared with a fresh build.

`Preview` starts the executable on a free port with its own temporary folder (where MkDocs keeps
the site it serves), reads its output as it comes (tests wait for a line, e.g. MkDocs'
"Building documentation..." to act during a build) and stops it with SIGTERM.
`compare_with_fresh_build` builds the same content from scratch (`digest build` +
`mkdocs build`) and checks that the preview serves the same files, every page byte for byte
once what legitimately differs is normalised: MkDocs' live-reload script and the address it
serves at (it replaces `site_url` with its own).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from tests.support import DIGEST, build_site, mkdocs_build, mkdocs_config, run_digest

SITE_URL = "https://example.github.io/research-digest/"
MOUNT = "research-digest/"
_LIVERELOAD = re.compile(rb"<script>\s*var livereload = function.*?</script>", re.DOTALL)
# Files MkDocs makes whatever the content: compressed with a time stamp, or the search index
# (compared as a set of entries: a dirty build appends, a full build lists in page order).
NOT_BYTE_FOR_BYTE = {"sitemap.xml.gz", "search/search_index.json", "sitemap.xml"}
# A dirty build reads the front matter of the pages it rebuilds only, so the sitemap's `lastmod`
# of the others is the build date (MkDocs' own fallback); the URLs it lists must still match.
_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Preview:
    """`digest serve --content <content>` on a free port, for the length of a `with` block."""

    def __init__(self, content: Path, tmp: Path) -> None:
        self.content = content
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.root = self.base + MOUNT
        self.temp = tmp / "serve-tmp"
        self.temp.mkdir(exist_ok=True)
        self.config = mkdocs_config(tmp, tmp / "docs", tmp / "site")
        self.config_edits: list[tuple[str, str]] = []
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> Preview:
        self.process = subprocess.Popen(
            [DIGEST, "serve", *self.arguments()],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(self.temp)},
        )
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def arguments(self) -> list[str]:
        docs, address = self.config.parent / "docs", f"127.0.0.1:{self.port}"
        paths = ["--content", str(self.content), "--config", str(self.config)]
        return [*paths, "--out", str(docs), "--dev-addr", address]

    def edit_config(self, old: str, new: str) -> None:
        """Edit the mkdocs.yml the preview runs with (a fresh build for comparison gets the
        same edit)."""
        text = self.config.read_text(encoding="utf-8")
        assert old in text
        self.config.write_text(text.replace(old, new), encoding="utf-8")
        self.config_edits.append((old, new))

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> str:
        """SIGTERM, then everything it printed."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        return self.output()

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()

    def output(self) -> str:
        with self.changed:
            return "\n".join(self.lines)

    def wait_for_line(self, needle: str, after: int = 0, seconds: float = 60) -> int:
        """Wait until a line (from line number `after` on) holds `needle`; its number."""
        deadline = time.monotonic() + seconds
        with self.changed:
            while True:
                for number in range(after, len(self.lines)):
                    if needle in self.lines[number]:
                        return number
                left = deadline - time.monotonic()
                if left <= 0 or (self.process is not None and self.process.poll() is not None):
                    raise AssertionError(f"{needle!r} never printed:\n" + "\n".join(self.lines))
                self.changed.wait(timeout=left)

    def line_count(self) -> int:
        with self.changed:
            return len(self.lines)

    def get(self, path: str) -> tuple[int, bytes]:
        """GET `path` (relative to the site's mount point): status and body."""
        try:
            with urllib.request.urlopen(self.root + path, timeout=60) as response:
                return int(response.status), bytes(response.read())
        except urllib.error.HTTPError as error:
            return int(error.code), error.read()

    def served_folder(self) -> Path:
        """The folder MkDocs serves from (its temporary site, which `digest serve` makes in a
        folder of its own beside the build's state)."""
        [folder] = (self.config.parent / "cache" / "docs").glob("serve-*/mkdocs_*")
        return folder


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def normalised(data: bytes, preview: Preview) -> bytes:
    """A served file as a fresh build has it: no live-reload script, the configured address."""
    data = _LIVERELOAD.sub(b"", data)
    return data.replace(preview.root.encode(), SITE_URL.encode())


def _url_of(relative: str) -> str:
    return relative.removesuffix("index.html") if relative.endswith("index.html") else relative


def _search_entries(data: bytes) -> set[str]:
    index = json.loads(data)
    return {json.dumps(entry, sort_keys=True) for entry in index["docs"]}


def fresh_site(content: Path, tmp: Path, edits: Sequence[tuple[str, str]] = ()) -> Path:
    """The same content built from scratch, as `make site` would (without the search index),
    with mkdocs.yml edited as the preview's was (`edits`: (old, new) replacements)."""
    folder = tmp / f"fresh-{time.monotonic_ns()}"
    shutil.copytree(content, folder / "content")
    if not edits:
        return build_site(folder / "content", folder)
    docs, site = folder / "docs", folder / "site"
    config = mkdocs_config(folder, docs, site)
    for old, new in edits:
        config.write_text(config.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    built = run_digest(
        "build", "--content", str(folder / "content"), "--out", str(docs), "--config", str(config)
    )
    assert built.returncode == 0, built.stderr
    mkdocs_build(config)
    return site


def compare_with_fresh_build(preview: Preview, tmp: Path) -> list[str]:
    """Every difference between what the preview serves and a fresh build (empty: none)."""
    fresh = fresh_site(preview.content, tmp, preview.config_edits)
    expected, served = files_under(fresh), files_under(preview.served_folder())
    differences = [f"served, not built: {name}" for name in sorted(served - expected)]
    differences += [f"built, not served: {name}" for name in sorted(expected - served)]
    for name in sorted(expected & served):
        if name == "sitemap.xml.gz":
            continue
        status, body = preview.get(_url_of(name))
        if status != 200:
            differences.append(f"{name}: HTTP {status}")
        elif name == "search/search_index.json":
            if _search_entries(body) != _search_entries((fresh / name).read_bytes()):
                differences.append(f"{name}: other entries")
        elif name == "sitemap.xml":
            served_pages = _LASTMOD.sub(b"", normalised(body, preview))
            if served_pages != _LASTMOD.sub(b"", (fresh / name).read_bytes()):
                differences.append(f"{name}: other pages")
        elif normalised(body, preview) != (fresh / name).read_bytes():
            differences.append(f"{name}: other content")
    return differences
