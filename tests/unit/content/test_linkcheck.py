"""The link-rot checker against a local server that answers every way a real one does.

The server counts requests per path and the most it ever had open at once, so the tests can
hold the checker to its politeness promises (one request per URL, `per_host`, `jobs`) and not
only to its verdicts.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from generator.content.linkcheck import (
    USER_AGENT,
    Link,
    check_links,
    dead_link_problems,
    request_url,
)

TIMEOUT = 0.5
NOTE = "content/articles/2024/x.md"
REDIRECTS = {"/moved": "/target", "/loop": "/loop", "/badredirect": "javascript:alert(1)"}
STATUSES = {"/ok": 200, "/target": 200, "/gone": 404, "/broken": 500, "/slow429": 429}


@dataclass
class Tally:
    """What the server saw: requests per (method, path), and the most open at once."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: Counter[tuple[str, str]] = field(default_factory=Counter)
    open_now: int = 0
    most_open: int = 0
    release: threading.Event = field(default_factory=threading.Event)
    agents: set[str] = field(default_factory=set)

    def enter(self, method: str, path: str) -> None:
        with self.lock:
            self.requests[method, path] += 1
            self.open_now += 1
            self.most_open = max(self.most_open, self.open_now)

    def leave(self) -> None:
        with self.lock:
            self.open_now -= 1


class Handler(BaseHTTPRequestHandler):
    tally: Tally

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _answer(self, method: str) -> None:
        self.tally.enter(method, self.path)
        self.tally.agents.add(self.headers.get("User-Agent", ""))
        self.answered = False
        try:
            self._respond(method, self.path.partition("?")[0])
        finally:
            self._leave()

    def _leave(self) -> None:
        """Counted closed before the answer is written: once it is, the client may send the
        next request before this thread gets to run again."""
        if not self.answered:
            self.answered = True
            self.tally.leave()

    def _respond(self, method: str, path: str) -> None:
        if path == "/hang":  # accepts, never answers (until the test is over)
            self.tally.release.wait(5)
            self.close_connection = True
        elif path == "/garbage":
            self._leave()
            self.wfile.write(b"\x00\xffnot http at all\r\n\r\n")
        elif path == "/nohead":
            self._send(405 if method == "HEAD" else 200, body=method == "GET")
        elif path == "/slow":
            time.sleep(0.1)
            self._send(200)
        elif path.startswith("/chain/"):  # /chain/N: N redirects to /chain/0, then 200
            hops = int(path.removeprefix("/chain/"))
            self._send(301 if hops else 200, location=f"/chain/{hops - 1}" if hops else None)
        elif path in REDIRECTS:
            self._send(301, location=REDIRECTS[path])
        elif path == "/nolocation":
            self._send(302)
        else:
            self._send(STATUSES.get(path, 200 if path.startswith("/%C3%BC") else 404))

    def _send(self, status: int, location: str | None = None, body: bool = False) -> None:
        self._leave()
        self.send_response(status)
        if location is not None:
            self.send_header("Location", location)
        self.send_header("Content-Length", "10000" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"x" * 10000)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Tally]]:
    """A fresh local server and its tally; the base URL has no trailing slash."""
    for scheme in ("http", "https", "all"):
        monkeypatch.delenv(f"{scheme}_proxy", raising=False)
        monkeypatch.delenv(f"{scheme.upper()}_PROXY", raising=False)
    tally = Tally()
    handler = type("CountingHandler", (Handler,), {"tally": tally})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", tally
    tally.release.set()
    httpd.shutdown()
    httpd.server_close()


def links_to(base: str, *paths: str, note: str = NOTE) -> list[Link]:
    return [Link(note, 10 + i, base + path, "source.url") for i, path in enumerate(paths)]


def lines(links: list[Link], jobs: int = 8, per_host: int = 2) -> list[str]:
    results = check_links(links, timeout=TIMEOUT, jobs=jobs, per_host=per_host)
    return [problem.format() for problem in dead_link_problems(results)]


def test_every_kind_of_answer_is_one_located_line(server: tuple[str, Tally]) -> None:
    base, _ = server
    paths = ["/ok", "/moved", "/loop", "/gone", "/broken", "/hang", "/nohead", "/slow429"]
    paths += ["/nolocation", "/badredirect", "/garbage", "/ünï path"]
    hint = "(replace it, or add an archive: URL)"
    assert lines(links_to(base, *paths)) == [
        f"{NOTE}:12: warning: source.url is dead: redirect loop ({base}/loop) {hint}",
        f"{NOTE}:13: warning: source.url is dead: HTTP 404 ({base}/gone) {hint}",
        f"{NOTE}:14: warning: source.url is dead: HTTP 500 ({base}/broken) {hint}",
        f"{NOTE}:15: warning: source.url is dead: timed out after 0.5 s ({base}/hang) {hint}",
        f"{NOTE}:17: warning: source.url could not be checked: rate-limited (HTTP 429), try later ({base}/slow429)",
        f"{NOTE}:18: warning: source.url is dead: HTTP 302 without a Location ({base}/nolocation) {hint}",
        f"{NOTE}:19: warning: source.url is dead: HTTP 301 to an invalid or non-HTTP URL ({base}/badredirect) {hint}",
        f"{NOTE}:20: warning: source.url is dead: invalid HTTP answer ({base}/garbage) {hint}",
    ]


def test_a_url_cited_many_times_is_requested_once_and_reported_everywhere(
    server: tuple[str, Tally],
) -> None:
    base, tally = server
    paths = ("/ok", "/moved", "/gone", "/nohead", "/gone")
    links = [link for note in "abc" for link in links_to(base, *paths, note=f"{note}.md")]
    calls: list[tuple[int, int]] = []
    results = check_links(links, timeout=TIMEOUT, progress=lambda *call: calls.append(call))
    assert len(results) == 15
    dead = [(p.path, p.line) for p in dead_link_problems(results)]
    assert dead == [(f"{note}.md", line) for note in "abc" for line in (12, 14)]
    assert tally.requests == {
        ("HEAD", "/ok"): 1,
        ("HEAD", "/moved"): 1,
        ("HEAD", "/target"): 1,
        ("HEAD", "/gone"): 1,
        ("HEAD", "/nohead"): 1,
        ("GET", "/nohead"): 1,
    }
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert tally.agents == {USER_AGENT}
    moved = next(r for r in results if r.link.url.endswith("/moved"))
    assert (moved.status, moved.final_url, moved.error) == (200, f"{base}/target", None)


def test_ten_redirects_are_followed_and_not_one_more(server: tuple[str, Tally]) -> None:
    base, _ = server
    assert lines(links_to(base, "/chain/10", "/chain/11")) == [
        f"{NOTE}:11: warning: source.url is dead: more than 10 redirects at {base}/chain/1"
        f" ({base}/chain/11) (replace it, or add an archive: URL)"
    ]


def test_no_more_than_per_host_requests_at_once_against_one_host(
    server: tuple[str, Tally],
) -> None:
    base, tally = server
    slow = links_to(base, *(f"/slow?{i}" for i in range(10)))
    assert lines(slow, jobs=8, per_host=2) == []
    assert tally.most_open == 2


def test_no_more_than_jobs_requests_at_once(server: tuple[str, Tally]) -> None:
    base, tally = server
    assert lines(links_to(base, *(f"/slow?{i}" for i in range(4))), jobs=1, per_host=4) == []
    assert tally.most_open == 1


def test_a_hanging_server_costs_about_the_timeout(server: tuple[str, Tally]) -> None:
    base, _ = server
    started = time.monotonic()
    result = check_links(links_to(base, "/hang", "/hang"), timeout=TIMEOUT)[0]
    assert time.monotonic() - started < TIMEOUT * 3
    assert (result.status, result.error) == (None, "timed out after 0.5 s")


def test_network_failures_and_bad_urls_are_answers_not_exceptions() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    links = [
        Link("n.md", 1, f"http://127.0.0.1:{port}/", "sources[1].archive"),
        Link("n.md", 2, "http://[::1/", "source.url"),
        Link("n.md", 3, "http://host:port/", "source.url"),
        Link("n.md", 4, "ftp://example.org/file", "source.url"),
        Link("n.md", 5, "mailto:someone@example.org", "source.url"),
    ]
    assert lines(links) == [
        f"n.md:1: warning: sources[1].archive is dead: connection refused (http://127.0.0.1:{port}/) (replace it with another archived copy)",
        "n.md:2: warning: source.url is dead: invalid URL (http://[::1/) (replace it, or add an archive: URL)",
        "n.md:3: warning: source.url is dead: invalid URL (http://host:port/) (replace it, or add an archive: URL)",
    ]


def test_urls_go_on_the_wire_as_ascii() -> None:
    assert request_url("https://Bücher.example/ä b?q=ü#frag") == (
        "https://xn--bcher-kva.example/%C3%A4%20b?q=%C3%BC"
    )
    assert request_url("http://[::1]:8080") == "http://[::1]:8080/"
    assert request_url("https://example.org/a%20b") == "https://example.org/a%20b"
    with pytest.raises(ValueError):
        request_url("https://" + "x" * 64 + ".example/")


def test_nothing_to_check_makes_no_request() -> None:
    calls: list[tuple[int, int]] = []
    assert check_links([], progress=lambda *call: calls.append(call)) == []
    assert calls == []
