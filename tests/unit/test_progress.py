"""Progress: a bar on a terminal, one summary line anywhere else."""

from __future__ import annotations

import io

import pytest

from generator.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_one_summary_line(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    with Progress("checking links", 3, stream) as shown:
        for done in (1, 2, 3):
            shown.update(done)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("checking links: 3 of 3 in ")


def test_on_a_terminal_a_bar_with_an_estimate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = _Terminal()
    with Progress("writing note pages", 0, stream, summary=False) as shown:
        shown.update(5, 10)
        shown.update(10, 10)
    text = stream.getvalue()
    assert "writing note pages" in text and "/10" in text


def test_in_ci_no_bar_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = _Terminal()
    with Progress("indexing", 2, stream) as shown:
        shown.update(2)
    assert stream.getvalue().splitlines() == [stream.getvalue().splitlines()[-1]]
    assert "%|" not in stream.getvalue()
