"""One regeneration of the preview's docs tree: the build's run, what the terminal says about it,
and the problems the browser's banner shows.

The preview keeps one `Build` alive (the same build `digest build` runs, in its preview mode:
in place, state saved when the preview stops), so an edit costs what it changes. Problems are
printed, never raised, so the server keeps running on the last good build. The terminal says
when the content has errors and, once, when it is clean again; the banner (`overlay.py`) says
the same in the browser. A change of mkdocs.yml reads the site's settings again; a change of
the templates, the theme or mkdocs.yml makes the build a full one, and asks MkDocs for every
page (the theme is in every page).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ..build.run import Build, Target
from ..problems import ContentError, DigestError, Problem
from ..settings import site_info
from .mkdocs_bridge import Outputs
from .overlay import overlay_html


class Preview:
    """The preview's docs tree, regenerated on demand (on MkDocs' build loop)."""

    def __init__(
        self,
        content: Path,
        out: Path,
        config: Path,
        templates: Path,
        err: TextIO | None = None,
        cache: Path | None = None,
    ) -> None:
        self.err = err or sys.stderr
        self.target = Target(content, out, site_info(config), templates, config, cache)
        self.build = Build(self.target, preview=True)
        self.problems: list[Problem] = []
        self.failing = False
        self.served = False  # a regeneration has succeeded: the preview serves its tree
        self._overlay = b""

    def overlay(self) -> bytes:
        """What the server adds to each page it serves: the problems while there are errors."""
        return self._overlay

    def regenerate(self) -> Outputs | None:
        """One run of the build: the docs files it changed, or None when the content has
        errors (nothing is written then: the last good tree stays)."""
        self._follow_settings()
        try:
            report = self.build.run()
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
        self._show(report.problems)
        if self.failing:
            self.failing = False
            print("content is clean again: the preview shows the new build", file=self.err)
        changed = report.written + report.removed
        if changed or report.full is not None:
            print(report.line().replace("digest build:", "regenerated:", 1), file=self.err)
        return Outputs(frozenset(changed), report.full is not None)

    def close(self) -> None:
        """Keep what the preview knows for the next `digest build` (or preview)."""
        self.build.save()

    def _follow_settings(self) -> None:
        """mkdocs.yml may have changed: the site's name or address is in every page."""
        target = self.target
        site = site_info(target.config) if target.config is not None else target.site
        if site != target.site:
            self.target = Target(
                target.content, target.out, site, target.templates, target.config, target.cache
            )
            self.build.target = self.target

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
