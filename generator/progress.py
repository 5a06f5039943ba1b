"""Progress of long work on the terminal: a bar where someone watches, one line where not.

At 100,000 notes a build, an index or a link check takes minutes. On a terminal `tqdm` shows
the step, the count done and an estimate of what remains; when the output is not a terminal
(a log, CI) nothing is drawn and one summary line is printed at the end instead.
"""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import Never, TextIO

from tqdm import tqdm

# tqdm's monitor thread would outlive a bar, and a process with a second thread must not fork
# (`site/parallel.py` then works in one process): bars here refresh on updates instead.
tqdm.monitor_interval = 0


def _watched(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")


class Progress:
    """`with Progress("checking links", total) as shown: … shown.update(done, total)`."""

    def __init__(
        self, step: str, total: int, stream: TextIO | None = None, summary: bool = True
    ) -> None:
        self.step, self.total, self.summary = step, total, summary
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.perf_counter()
        self.bar: tqdm[Never] | None = None
        self.watched = False

    def __enter__(self) -> Progress:
        self.watched = _watched(self.stream)
        return self

    def update(self, done: int, total: int | None = None) -> None:
        """`done` of `total` finished so far (a callback for the work's own progress, which may
        come from another thread); the bar appears at the first report."""
        if total is not None:
            self.total = total
        if self.bar is None and self.watched and self.total:
            self.bar = tqdm(total=self.total, desc=self.step, file=self.stream, leave=False)
        if self.bar is not None:
            self.bar.total = self.total
            self.bar.update(done - self.done)
        self.done = done

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.close()
        if kind is None and self.summary:
            seconds = time.perf_counter() - self.started
            print(f"{self.step}: {self.done} of {self.total} in {seconds:.1f} s", file=self.stream)
