"""One regeneration of the preview's docs tree: the session's build, what the terminal says about
it, and the problems the browser's overlay shows.

Problems are printed, never raised, so the server keeps running on the last good build. The
terminal says when the content has errors and, once, when it is clean again; the overlay
(`overlay.py`) says the same in the browser. A change of the templates, the theme or mkdocs.yml
asks MkDocs for every page (the theme is in every page) and, for mkdocs.yml, starts a fresh
session with the site's settings read again.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from ..pipeline import fingerprint
from ..problems import ContentError, DigestError, Problem
from ..settings import site_info
from .mkdocs_bridge import Outputs
from .overlay import overlay_html
from .session import Session


class Preview:
    """The preview's docs tree, regenerated on demand (on MkDocs' build loop)."""

    def __init__(
        self, content: Path, out: Path, config: Path, templates: Path, err: TextIO | None = None
    ) -> None:
        self.content, self.out, self.config, self.templates = content, out, config, templates
        self.err = err or sys.stderr
        self.session = Session()  # kept between runs: an edit re-renders what it touches
        self.site = site_info(config)
        self.settings = fingerprint(config)
        self.theme = fingerprint(templates, config)
        self.problems: list[Problem] = []
        self.failing = False
        self.served = False  # a regeneration has succeeded: the preview serves its tree
        self._overlay = b""

    def overlay(self) -> bytes:
        """What the server adds to each page it serves: the problems while there are errors."""
        return self._overlay

    def regenerate(self) -> Outputs | None:
        """One incremental build: the docs files it changed, or None when the content has
        errors (nothing is written then: the last good tree stays)."""
        started = time.perf_counter()
        settings, theme = fingerprint(self.config), fingerprint(self.templates, self.config)
        if settings != self.settings:  # the site's name or address: every page, from scratch
            self.session, self.site, self.settings = Session(), site_info(self.config), settings
        try:
            result = self.session.build(self.content, self.out, self.site, self.templates)
        except ContentError as exc:
            self._failed(exc.problems)
            return None
        except (DigestError, OSError) as exc:
            if not self.served:  # before anything is served: the command's own error
                raise
            # e.g. a full disk: say so and keep serving, rather than leave MkDocs' build
            # loop with an exception, which keeps every page waiting for a build that failed
            print(f"digest serve: error: {exc}; still serving the last good build", file=self.err)
            return None
        self.served = True
        self._show(result.problems)
        if self.failing:
            self.failing = False
            print("content is clean again: the preview shows the new build", file=self.err)
        written = result.report.written + result.report.removed
        if written:
            seconds = time.perf_counter() - started
            shown = ", ".join(written[:5]) + (", …" if len(written) > 5 else "")
            message = f"regenerated {len(written)} file(s) in {seconds:.2f} s: {shown}"
            print(message, file=self.err)
        everything, self.theme = theme != self.theme, theme
        return Outputs(frozenset(written), everything)

    def _failed(self, problems: list[Problem]) -> None:
        self._show(problems)
        self.failing = True
        if self.served:
            message = (
                "content has errors; still serving the last good build (the browser shows them)"
            )
        else:
            message = (
                "content has errors; nothing to serve: fix them and start `digest serve` again"
            )
        print(message, file=self.err)

    def _show(self, problems: list[Problem]) -> None:
        for problem in problems:
            print(problem.format(), file=self.err)
        self.problems = problems
        self._overlay = overlay_html(problems)
