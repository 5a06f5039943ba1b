"""What one size measured, as the JSON keeps it, and the figures derived from it.

Each step's record is the `measure.run_record` dictionary the results files have always held
under these keys (`digest`, `rerun`, `mkdocs`, ...), so earlier `out/results-*.json` stay
comparable; the properties are the sums and ratios the tables and the targets read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Record = dict[str, Any]


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def seconds(record: Record) -> float | None:
    """The wall time of a successful run, else None."""
    return float(record["seconds"]) if record.get("ok") else None


@dataclass
class SizeResult:
    notes: int
    published: int = 0
    synth_s: float = 0.0
    digest: Record = field(default_factory=dict)  # cold builds: the median, and all of them
    rerun: Record = field(default_factory=dict)  # nothing changed
    mkdocs: Record = field(default_factory=dict)  # the engine's build of digest's docs tree
    edit: Record = field(default_factory=dict)  # one note edited: digest, then a dirty build
    serve: Record = field(default_factory=dict)  # edit → preview, through digest serve
    pagefind: Record = field(default_factory=dict)
    search: Record = field(default_factory=dict)
    floor: Record = field(default_factory=dict)
    blog: Record = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def full_s(self) -> float | None:
        """digest build + the site build of its tree."""
        if self.digest.get("ok") and self.mkdocs.get("ok"):
            return round(float(self.digest["seconds"]) + float(self.mkdocs["seconds"]), 3)
        return None

    @property
    def pagefind_s(self) -> float | None:
        return seconds(self.pagefind)

    @property
    def full_pagefind_s(self) -> float | None:
        """What ``make site`` costs: full build + the Pagefind index."""
        if self.full_s is None or self.pagefind_s is None:
            return None
        return round(self.full_s + self.pagefind_s, 3)

    @property
    def peak_mb(self) -> float | None:
        """The larger peak RSS of the full build's two processes."""
        values = [r["maxrss_mb"] for r in (self.digest, self.mkdocs) if r.get("ok")]
        return max(values) if len(values) == 2 else None

    def as_json(self) -> Record:
        """The record of this size in the results file: fields, then the derived figures."""
        return {
            **asdict(self),
            "full_s": self.full_s,
            "pagefind_s": self.pagefind_s,
            "full_pagefind_s": self.full_pagefind_s,
            "peak_mb": self.peak_mb,
            "full_over_floor": ratio(self.full_s, self.floor.get("seconds")),
            "blog_over_full": ratio(self.blog.get("seconds"), self.full_s),
        }
