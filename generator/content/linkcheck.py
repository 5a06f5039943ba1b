"""Link rot: the source and archive URLs of the notes, checked over HTTP.

Outlets reorganise their sites and a note's link dies without anyone noticing; this module finds
the dead ones and reports each as a warning at the line that cites it, so the author can replace
it or add an archived copy. It is polite by construction: one request per distinct URL however
many notes cite it, HEAD before GET, at most `jobs` requests at a time and `per_host` against one
host. Standard library only; nothing the network does makes it raise.

`--timeout` bounds each URL as a whole (HEAD, GET, redirects and reading), not each read: a
socket's timeout restarts with every byte, so a server sending one byte a second kept a check
going for minutes. A watchdog (`_Watch`) shuts the request's connection down when its time is
up, whatever phase it is in (connecting, TLS, headers, body); only the name lookup, which the
system resolver bounds, is outside it.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ..problems import Problem, sort_problems, warning
from .model import Note

USER_AGENT = "research-digest-linkcheck/1.0 (digest links: checks the sources notes cite)"
MAX_REDIRECTS = 10
BODY_BYTES = 4096  # read of a GET answer: enough to see the server talks, no more
HEAD_REFUSED = frozenset({400, 403, 405, 501})  # answers some servers give HEAD but not GET
RATE_LIMITED = 429
_SAFE = "!#$%&'()*+,/:;=?@[]~"  # left as is when percent-encoding a path or query

Answer = tuple[int | None, str, str | None]  # status, final URL, error


@dataclass(frozen=True)
class Link:
    """One URL cited by a note, where the author wrote it."""

    path: str  # the note file as shown to the user
    line: int  # the line of the URL in the front matter
    url: str
    field: str  # e.g. "source.url", "sources[2].archive": names the URL in the message


@dataclass(frozen=True)
class LinkResult:
    """How a link answered: alive when `error` is None."""

    link: Link
    status: int | None  # final HTTP status after redirects, None when no answer
    final_url: str
    error: str | None  # e.g. "timed out after 5 s", "connection refused", "HTTP 404"


def web_links(note: Note) -> list[Link]:
    """The note's source and archive URLs, each where it is written."""
    links = []
    many = len(note.sources) > 1
    for index, source in enumerate(note.sources, 1):
        label = f"sources[{index}]" if many else "source"
        if source.url:
            links.append(Link(note.path, source.url_line, source.url, f"{label}.url"))
        if source.archive:
            links.append(Link(note.path, source.archive_line, source.archive, f"{label}.archive"))
    return links


def is_http(url: str) -> bool:
    """Only http(s) is checked: the content checker already refuses every other scheme."""
    return url.strip().lower().startswith(("http://", "https://"))


def request_url(url: str) -> str:
    """`url` as it goes on the wire: IDNA host, percent-encoded path and query, no fragment.

    Authors paste what their browser shows (`https://예.kr/기사`), but a request line is ASCII.
    Raises ValueError (UnicodeError too) when no valid URL can be made of it.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"not an http(s) URL with a host: {url!r}")
    host = parts.hostname.encode("idna").decode("ascii")
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    path = quote(parts.path, safe=_SAFE, errors="surrogateescape") or "/"
    query = quote(parts.query, safe=_SAFE, errors="surrogateescape")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


class _Watch:
    """One request's deadline: when `seconds` have passed, every connection the request opened
    is shut down, which wakes a read blocked on it at once (`expired` then says why).

    It holds a duplicate of each socket: shutting one down shuts the connection, and the
    duplicate stays valid while TLS takes the original over, and is never another request's
    descriptor reused."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watch:
        _watching.current = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _watching.current = None
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            copy = sock.dup()
            self._sockets.append(copy)
            if self.expired:
                _shut(copy)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


_watching = threading.local()  # the `_Watch` of the request this thread is making


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watched_connection(
    address: tuple[str, int], timeout: float | None = None, source: Any = None
) -> socket.socket:
    """`socket.create_connection`, the new socket handed to this thread's `_Watch`."""
    sock = socket.create_connection(address, timeout, source)
    watch: _Watch | None = getattr(_watching, "current", None)
    if watch is not None:
        watch.add(sock)
    return sock


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _watched_connection


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _watched_connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPSConnection, req)


def default_opener() -> urllib.request.OpenerDirector:
    """urllib's opener (proxies from the environment, TLS verified) without its redirect handler:
    the checker follows redirects itself, to cap them, catch loops and hold a per-host slot on
    every host it visits. Without it a 3xx comes back as an `HTTPError`, Location unparsed.
    Its connections are watched (`_Watch`): a request ends at its deadline."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _HTTPHandler(),
        _HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _host(url: str) -> str:
    """The host a per-host limit counts, the same for a URL and its wire form."""
    try:
        return urlsplit(request_url(url)).hostname or ""
    except ValueError:
        return ""


class _Slots:
    """Which URL to fetch next, so that no host ever has more than `limit` requests open.

    A worker takes the next URL whose host has room rather than waiting on a busy one, so an
    outlet cited a thousand times cannot hold every thread while other hosts wait.
    """

    def __init__(self, urls: Iterable[str], limit: int) -> None:
        self._limit = limit
        self._open: Counter[str] = Counter()
        self._queued: dict[str, deque[str]] = {}
        self._changed = threading.Condition()
        for url in urls:
            self._queued.setdefault(_host(url), deque()).append(url)

    def take(self) -> tuple[str, list[str]]:
        """The next URL and the host whose slot it now holds (a list: redirects change it)."""
        with self._changed:
            while True:
                for host, queue in self._queued.items():
                    if self._open[host] < self._limit:
                        self._open[host] += 1
                        url = queue.popleft()
                        if not queue:
                            del self._queued[host]
                        return url, [host]
                self._changed.wait()

    def move(self, held: list[str], host: str) -> None:
        """Give up the slot held and wait for one on `host`. Holding nothing while waiting
        means two redirects between two busy hosts cannot wait on each other."""
        if held[0] == host:
            return
        with self._changed:
            self._open[held[0]] -= 1
            self._changed.notify_all()
            self._changed.wait_for(lambda: self._open[host] < self._limit)
            self._open[host] += 1
            held[0] = host

    def release(self, held: list[str]) -> None:
        with self._changed:
            self._open[held[0]] -= 1
            self._changed.notify_all()


@dataclass
class _Checker:
    """Fetches the URLs `slots` hands out, each within `timeout` seconds in all."""

    slots: _Slots
    timeout: float
    opener: urllib.request.OpenerDirector

    def next(self) -> tuple[str, Answer]:
        """Check one URL; whatever goes wrong becomes its answer, never an exception."""
        url, held = self.slots.take()
        try:
            start = request_url(url)
            status, final, error = self._follow(start, held, time.monotonic() + self.timeout)
            return url, (status, url if final == start else final, error)
        except ValueError:
            return url, (None, url, "invalid URL")
        except Exception as failure:
            return url, (None, url, f"unexpected error ({type(failure).__name__})")
        finally:
            self.slots.release(held)

    def _follow(self, url: str, held: list[str], deadline: float) -> Answer:
        """Redirects followed by hand; the answer names the last URL actually asked."""
        seen = {url}
        while True:
            try:
                status, location = self._ask(url, deadline)
            except Exception as failure:
                return None, url, _reason(failure, self.timeout)
            if not 300 <= status < 400:
                return status, url, _status_error(status)
            if location is None:
                return status, url, f"HTTP {status} without a Location"
            try:
                target = request_url(urljoin(url, _header_text(location)))
            except ValueError:
                return status, url, f"HTTP {status} to an invalid or non-HTTP URL"
            if target in seen:
                return status, url, "redirect loop"
            if len(seen) > MAX_REDIRECTS:
                return status, url, f"more than {MAX_REDIRECTS} redirects"
            seen.add(target)
            self.slots.move(held, _host(target))
            url = target

    def _ask(self, url: str, deadline: float) -> tuple[int, str | None]:
        """HEAD, then GET when the server refuses HEAD (many do, some with 403 or 400)."""
        status, location = self._request("HEAD", url, deadline)
        if status in HEAD_REFUSED:
            status, location = self._request("GET", url, deadline)
        return status, location

    def _request(self, method: str, url: str, deadline: float) -> tuple[int, str | None]:
        """One request, ended by its `_Watch` at `deadline` whatever it is waiting for."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
        request = urllib.request.Request(url, method=method, headers=headers)
        with _Watch(left) as watch:
            try:
                answer = self._answer(request, method, left)
            except Exception:
                if watch.expired:  # what the shut connection made of it: a timeout
                    raise TimeoutError from None
                raise
        if watch.expired:  # a body cut short (`_read_some` keeps quiet) is no answer either
            raise TimeoutError
        return answer

    def _answer(
        self, request: urllib.request.Request, method: str, timeout: float
    ) -> tuple[int, str | None]:
        try:
            response = self.opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as answer:  # every status but 2xx, with its headers
            answer.close()
            return answer.code, answer.headers.get("Location")
        with response:
            if method == "GET":
                _read_some(response)
            return int(response.status), response.headers.get("Location")


def _header_text(value: str) -> str:
    """http.client decodes headers as Latin-1; a UTF-8 Location gets its characters back, and
    bytes that are not UTF-8 survive as escapes that `request_url` percent-encodes unchanged."""
    try:
        return value.encode("latin-1").decode("utf-8", "surrogateescape")
    except UnicodeError:
        return value


def _read_some(response: IO[bytes]) -> None:
    """A little of the body, so the server has really answered; its errors do not matter."""
    with contextlib.suppress(OSError, http.client.HTTPException):
        response.read(BODY_BYTES)


def _status_error(status: int) -> str | None:
    if 200 <= status < 300:
        return None
    if status == RATE_LIMITED:
        return "rate-limited (HTTP 429), try later"
    return f"HTTP {status}"


def _reason(failure: BaseException, timeout: float) -> str:
    """A short reason that reads the same every run (no addresses, no errno numbers)."""
    if isinstance(failure, urllib.error.URLError) and isinstance(failure.reason, BaseException):
        failure = failure.reason
    reasons: list[tuple[type[BaseException], str]] = [
        (TimeoutError, f"timed out after {timeout:g} s"),
        (ConnectionRefusedError, "connection refused"),
        (http.client.RemoteDisconnected, "connection closed without an answer"),
        (ConnectionError, "connection reset"),
        (socket.gaierror, "host not found"),
        (ssl.SSLCertVerificationError, "TLS certificate not valid"),
        (ssl.SSLError, "TLS error"),
        (http.client.InvalidURL, "invalid URL"),
        (http.client.HTTPException, "invalid HTTP answer"),
        (ValueError, "invalid URL"),
    ]
    for kind, reason in reasons:
        if isinstance(failure, kind):
            return reason
    if isinstance(failure, OSError) and failure.strerror:
        return f"network error: {failure.strerror}"
    return f"request failed ({type(failure).__name__})"


def check_links(
    links: Iterable[Link],
    *,
    timeout: float = 10.0,
    jobs: int = 8,
    per_host: int = 2,
    progress: Callable[[int, int], None] | None = None,
    opener: urllib.request.OpenerDirector | None = None,
) -> list[LinkResult]:
    """Every http(s) link with how it answered, sorted by path and line; others are skipped.

    Each distinct URL is fetched once, and its answer reported at every place that cites it.
    `progress(done, total)` is called from this thread after each distinct URL. `opener` must
    not follow redirects itself (the default does not); it is there for proxies and tests.
    """
    if timeout <= 0 or jobs < 1 or per_host < 1:
        raise ValueError("timeout, jobs and per_host must be positive")
    cited = [link for link in links if is_http(link.url)]
    urls = list(dict.fromkeys(link.url for link in cited))
    checker = _Checker(_Slots(urls, per_host), timeout, opener or default_opener())
    answers = _check_all(checker, len(urls), jobs, progress)
    results = [LinkResult(link, *answers[link.url]) for link in cited]
    return sorted(results, key=lambda r: (r.link.path, r.link.line, r.link.field, r.link.url))


def _check_all(
    checker: _Checker, total: int, jobs: int, progress: Callable[[int, int], None] | None
) -> dict[str, Answer]:
    """`total` checks on at most `jobs` threads; on Ctrl-C the ones not started are dropped."""
    answers: dict[str, Answer] = {}
    if not total:
        return answers
    pool = ThreadPoolExecutor(max_workers=min(jobs, total), thread_name_prefix="linkcheck")
    try:
        futures = [pool.submit(checker.next) for _ in range(total)]
        for done, future in enumerate(as_completed(futures), start=1):
            url, answer = future.result()
            answers[url] = answer
            if progress is not None:
                progress(done, total)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return answers


def dead_link_problems(results: Iterable[LinkResult]) -> list[Problem]:
    """One warning per place citing a link that did not answer 2xx, in file order."""
    return sort_problems(_problem(result) for result in results if result.error is not None)


def _problem(result: LinkResult) -> Problem:
    link = result.link
    if result.status == RATE_LIMITED:
        message = f"{link.field} could not be checked: {result.error} ({link.url})"
        return warning(link.path, link.line, message)
    moved = f" at {result.final_url}" if result.final_url != link.url else ""
    message = f"{link.field} is dead: {result.error}{moved} ({link.url})"
    if link.field.endswith("archive"):
        return warning(link.path, link.line, message, "replace it with another archived copy")
    return warning(link.path, link.line, message, "replace it, or add an archive: URL")
