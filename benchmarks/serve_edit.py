"""Edit-to-preview time: how long after saving a note `digest serve` shows the change.

Starts `digest serve` on a free port, waits for its first build, then edits notes one at a
time (a marker word in the title) and polls the note's page until the served HTML carries the
marker. The time covers everything an author waits for: the watcher's debounce, `digest`'s
incremental regeneration and MkDocs' dirty rebuild. Synthetic corpora only.

    .venv/bin/python -m benchmarks.serve_edit --content D/content --config D/mkdocs.yml --out D/docs

(from the project root; `benchmarks.run` calls `measure` at its largest size.)
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from benchmarks import commands
from benchmarks.commands import PROJECT
from benchmarks.measure import maxrss_mb

STARTUP_TIMEOUT_S = 900.0  # the first build; `startup_timeout` scales it with the notes
EDIT_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 20.0


def startup_timeout(notes: int) -> float:
    """How long the first build may take: 900 s, or 30 ms a note (3,000 s at 100,000)."""
    return max(STARTUP_TIMEOUT_S, 0.03 * notes)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _base_path(config: Path) -> str:
    """MkDocs serves under the path of `site_url` (e.g. /research-digest/)."""
    text = config.read_text(encoding="utf-8")
    match = re.search(r"(?m)^site_url:\s*(\S+)", text)
    path = urlsplit(match.group(1)).path if match else "/"
    return path if path.endswith("/") else path + "/"


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # localhost only
            body: bytes = response.read()
            return body.decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _published(notes: list[Path]) -> list[Path]:
    return [n for n in notes if "\ndraft: true" not in n.read_text(encoding="utf-8")]


def _wait(url: str, marker: str | None, timeout: float, server: subprocess.Popen[Any]) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        body = _get(url)
        if body is not None and (marker is None or marker in body):
            return True
        time.sleep(0.02)
    return False


def _stop(server: subprocess.Popen[Any]) -> float | None:
    """Stops the server (SIGTERM, then SIGKILL after STOP_TIMEOUT_S) and reaps it with
    `os.wait4`: its peak RSS in MiB, or None when it had already exited (reaped elsewhere)."""
    if server.returncode is not None:
        return None
    server.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while True:
        pid, status, usage = os.wait4(server.pid, os.WNOHANG)
        if pid:
            server.returncode = os.waitstatus_to_exitcode(status)
            return maxrss_mb(usage)
        if time.monotonic() > deadline:
            server.kill()
            _, status, usage = os.wait4(server.pid, 0)
            server.returncode = os.waitstatus_to_exitcode(status)
            return maxrss_mb(usage)
        time.sleep(0.05)


def measure(
    content: Path,
    config: Path,
    out: Path,
    log: Path,
    edits: int = 3,
    startup_s: float = STARTUP_TIMEOUT_S,
) -> dict[str, Any]:
    """Seconds from saving an edited note to the preview serving it, for `edits` notes, and
    the server's peak RSS (`maxrss_mb`: its first build, the edits, everything it held)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}{_base_path(config)}"
    command = commands.digest().serve(content, out, config, f"127.0.0.1:{port}")
    notes = _published(sorted((content / "articles").rglob("*.md")))
    picked = [notes[(i + 1) * len(notes) // (edits + 1)] for i in range(edits)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result: dict[str, Any] = {"command": command, "log": str(log), "edits": []}
    with log.open("w", encoding="utf-8") as sink:
        started = time.monotonic()
        server = subprocess.Popen(
            command, cwd=PROJECT, stdout=sink, stderr=subprocess.STDOUT, env=env
        )
        try:
            first = f"{base}articles/{picked[0].stem}/"
            if not _wait(first, None, startup_s, server):
                result["error"] = "the server did not come up"
                return result
            result["startup_s"] = round(time.monotonic() - started, 3)
            for number, note in enumerate(picked):
                marker = f"Previewmarker{number}x{port}"
                text = note.read_text(encoding="utf-8")
                edited = re.sub(r'(?m)^title: "', f'title: "{marker} ', text, count=1)
                saved = time.monotonic()
                note.write_text(edited, encoding="utf-8")
                url = f"{base}articles/{note.stem}/"
                shown = _wait(url, marker, EDIT_TIMEOUT_S, server)
                elapsed = time.monotonic() - saved
                result["edits"].append(
                    {"note": note.name, "seconds": round(elapsed, 3), "ok": shown}
                )
                time.sleep(1.0)  # let the server settle before the next edit
        finally:
            result["maxrss_mb"] = _stop(server)
    times = [e["seconds"] for e in result["edits"] if e["ok"]]
    result["median_s"] = statistics.median(times) if times else None
    result["max_s"] = max(times) if times else None
    regenerated = re.findall(r"regenerated: .* (\d+) written", log.read_text(encoding="utf-8"))
    result["files_regenerated"] = [int(n) for n in regenerated[-edits:]]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.serve_edit", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--log", type=Path, default=Path("serve-edit.log"))
    args = parser.parse_args()
    result = measure(args.content, args.config, args.out, args.log, args.edits)
    print(yaml.safe_dump(result, sort_keys=False))
    return 0 if result.get("median_s") is not None else 1


if __name__ == "__main__":
    raise SystemExit(main())
