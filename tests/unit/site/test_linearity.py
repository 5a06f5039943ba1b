"""Linearity guarded structurally: work is counted, not timed, so a quadratic step fails here.

Quadrupling the notes may at most quadruple (plus a margin for fixed costs spreading out) the
template renders and the counting steps of the digest indexes.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import jinja2
import pytest

from benchmarks.synth import generate
from generator.build.check import check
from generator.settings import SiteInfo
from generator.site import digests as digest_module
from generator.site.digests import build_digests
from tests.support import render_site

MARGIN = 1.15


class _CountingCounter(Counter):  # type: ignore[type-arg]
    increments = 0

    def __setitem__(self, key: Any, value: Any) -> None:
        type(self).increments += 1
        super().__setitem__(key, value)


def _work(folder: Path, notes: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    generate(folder, notes=notes, seed=7)
    checked = check(folder / "content")
    renders = 0
    original = jinja2.Template.render

    def counting_render(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        nonlocal renders
        renders += 1
        return original(self, *args, **kwargs)

    _CountingCounter.increments = 0
    with monkeypatch.context() as patch:
        patch.setattr(digest_module, "Counter", _CountingCounter)
        patch.setattr(jinja2.Template, "render", counting_render)
        digests = build_digests(checked.corpus)
        files = render_site(digests, SiteInfo(url="https://example.org/"))
    entries = sum(d.count for d in digests.terms.values())
    return {
        "renders": renders,
        "counting": _CountingCounter.increments,
        "entries": entries,
        "bytes": sum(len(v) for v in files.values()),
    }


def test_work_grows_linearly_with_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = _work(tmp_path / "small", 600, monkeypatch)
    large = _work(tmp_path / "large", 2400, monkeypatch)
    for measure in small:
        ratio = large[measure] / small[measure]
        assert ratio <= 4 * MARGIN, (
            f"{measure} grew {ratio:.2f}× for 4× the notes: {small} → {large}"
        )
