"""What one size measured, as the JSON keeps it, and the figures derived from it.

Each step's record is the `measure.run_record` dictionary the results files have always held
under these keys (`digest`, `rerun`, `mkdocs`, ...), so earlier `out/results-*.json` stay
comparable: the first engine (MkDocs) keeps `mkdocs`, `pagefind` and `search`; every other
engine has `engines[name]` with its own `build`, `index` and `search`. The properties are the
sums and ratios the tables and the targets read; `steps()` lists every step's time and peak
memory under one name each, for the steps table, the growth table and the targets.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Record = dict[str, Any]

PRIMARY = "mkdocs"  # the engine whose records keep the old keys (and which serves the preview)


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def seconds(record: Record) -> float | None:
    """The wall time of a successful run, else None."""
    return float(record["seconds"]) if record.get("ok") else None


@dataclass(frozen=True)
class Step:
    """One step of one size: its time (None unless it succeeded), its peak RSS (also when it
    failed: an out-of-memory kill still has one), whether it ran and whether it succeeded."""

    name: str
    seconds: float | None
    maxrss_mb: float | None
    ran: bool
    ok: bool


def _step(name: str, record: Record) -> Step:
    rss = record.get("maxrss_mb")
    return Step(name, seconds(record), rss, bool(record), bool(record.get("ok")))


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
    # every engine but the first: name -> {"build": record, "index": record, "search": figures}
    engines: dict[str, Record] = field(default_factory=dict)
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

    # -- per engine ------------------------------------------------------------------------

    def engine_names(self) -> list[str]:
        """The engines this size built with, the first one first."""
        return [*([PRIMARY] if self.mkdocs else []), *self.engines]

    def engine_build(self, name: str) -> Record:
        return self.mkdocs if name == PRIMARY else self.engines.get(name, {}).get("build", {})

    def engine_index(self, name: str) -> Record:
        """`digest index` (Pagefind) on that engine's site."""
        return self.pagefind if name == PRIMARY else self.engines.get(name, {}).get("index", {})

    def engine_search(self, name: str) -> Record:
        return self.search if name == PRIMARY else self.engines.get(name, {}).get("search", {})

    def engine_full_s(self, name: str) -> float | None:
        """Issue 17's full build: `digest build` + the engine's build + `digest index`."""
        parts = [seconds(self.digest), seconds(self.engine_build(name))]
        parts.append(seconds(self.engine_index(name)))
        return None if None in parts else round(sum(p for p in parts if p is not None), 3)

    def engine_over_floor(self, name: str) -> float | None:
        return ratio(self.engine_full_s(name), seconds(self.floor))

    # -- every step ------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        """Every step's time and peak memory, named as the tables name them: the cold `digest
        build` (median time, the last build's memory), the rerun, each engine's build and
        index, the edit's two commands, and the preview (median edit → preview; the memory
        of the whole `digest serve` process)."""
        out = [_step("digest build", self.digest), _step("rerun", self.rerun)]
        for name in self.engine_names():
            out.append(_step(f"{name} build", self.engine_build(name)))
            out.append(_step(f"{name} index", self.engine_index(name)))
        out.append(_step("edit: digest", self.edit.get("digest", {})))
        out.append(_step(f"edit: {PRIMARY} --dirty", self.edit.get("mkdocs_dirty", {})))
        median = self.serve.get("median_s")
        out.append(
            Step("serve", median, self.serve.get("maxrss_mb"), bool(self.serve), median is not None)
        )
        return out

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
            "engines_full_s": {name: self.engine_full_s(name) for name in self.engine_names()},
            "engines_full_over_floor": {
                name: self.engine_over_floor(name) for name in self.engine_names()
            },
            "steps": {
                s.name: {"seconds": s.seconds, "maxrss_mb": s.maxrss_mb, "ok": s.ok}
                for s in self.steps()
                if s.ran
            },
        }
