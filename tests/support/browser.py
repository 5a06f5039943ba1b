"""Reusable pieces for the browser tests: a static server, headless Chromium, a page watcher.

Import the fixtures into a test module to use them (pytest only collects fixtures from
conftest.py and the module itself):

    from tests.support.browser import Watch, browser_context, chromium, site_url  # noqa: F401

`chromium` is module-scoped on purpose: Playwright's sync API allows one running instance per
thread, so each browser test module starts and stops its own.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.support import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
HOST = "127.0.0.1"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def require_browser() -> None:
    """Skip (or fail, with DIGEST_REQUIRE_BROWSER=1) when Playwright or Chromium is missing."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the Python package playwright (pip install -e '.[dev]')")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if not missing:
        return
    reason = "browser tests need " + " and ".join(missing)
    if os.environ.get("DIGEST_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " (DIGEST_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # stdlib signature; silence
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The sample site, served over HTTP for the length of a test module."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium driven by Playwright; skipped (or failed) when missing."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_context(chromium: Browser) -> Iterator[BrowserContext]:
    """A fresh desktop-sized context (no shared storage between tests)."""
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@dataclass
class Watch:
    """Everything that went wrong while pages of one context were open.

    Console errors, uncaught exceptions, failed requests, HTTP errors from the site and any
    request to a host other than the test server: a static site should produce none of them.
    """

    origin: str
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, context: BrowserContext, base_url: str) -> Watch:
        parts = urlsplit(base_url)
        watch = cls(origin=f"{parts.scheme}://{parts.netloc}")
        context.on("console", watch._console)
        context.on("weberror", lambda error: watch.problems.append(f"page error: {error.error}"))
        context.on("request", watch._request)
        context.on("requestfailed", watch._failed)
        context.on("response", watch._response)
        return watch

    def _console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.problems.append(f"console error: {message.text} ({where})")

    def _request(self, request: Any) -> None:
        url = request.url
        if request.is_navigation_request() and url.startswith(self.origin):
            self.visited.append(url)
        scheme = urlsplit(url).scheme
        if scheme in {"data", "blob", "about"}:
            return
        if urlsplit(url).hostname != HOST:
            self.problems.append(f"request to another host: {url}")

    def _failed(self, request: Any) -> None:
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.url.startswith(self.origin):
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join([*self.problems, "pages visited:", *self.visited])


@pytest.fixture
def watch(browser_context: BrowserContext, site_url: str) -> Watch:
    """Records console errors, failed requests and foreign hosts for the page under test."""
    return Watch.attach(browser_context, site_url)


@pytest.fixture
def page(browser_context: BrowserContext, watch: Watch) -> Iterator[Page]:
    page = browser_context.new_page()
    yield page
    page.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/<name>.png (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path
