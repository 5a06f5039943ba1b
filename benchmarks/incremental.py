"""The build that remembers, measured (issue 27): what a change costs after a full `make site`.

For each size it generates a synthetic archive, runs `make site`'s three steps (`digest build`,
`digest publish`, `digest index`) from scratch, then:

- `digest build` again with nothing changed;
- one note edited and one removed, and the three steps again: their sum against the full run's;
- with `--verify`, a clean full build of the same content in other folders, compared file by
  file with the incremental one (Pagefind's filter files excepted: see
  `tests/build/test_always_equal.py`);
- with `--preview`, seconds from saving a note to `digest serve` serving it, split into the
  build's own regeneration and MkDocs' dirty rebuild, as their log lines say.

Every command's wall time and peak memory (its process tree's, `measure.timed`) is printed as a
table and kept in `benchmarks/out/incremental-<time>.json`. Synthetic data only, in a work
folder (a temporary one unless `--workdir`).

    .venv/bin/python -m benchmarks.incremental --sizes 10000 --verify --preview
    .venv/bin/python -m benchmarks.incremental --sizes 100000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import serve_edit
from benchmarks.commands import PROJECT, executable
from benchmarks.corpus import edit_one_note, published_paths
from benchmarks.measure import Run, timed
from benchmarks.synth import generate

OUT = PROJECT / "benchmarks" / "out"
STEPS = ("build", "publish", "index")
# Pagefind names and orders these differently on every run, even of the same pages
NOT_BYTE_FOR_BYTE = re.compile(
    r"pagefind/(.*/)?(filter/.*|pagefind-entry\.json|pagefind\..*\.pf_meta)$"
)


@dataclass
class Size:
    notes: int
    full: dict[str, dict[str, Any]] = field(default_factory=dict)
    quiet: dict[str, Any] = field(default_factory=dict)
    change: dict[str, dict[str, Any]] = field(default_factory=dict)
    equal: bool | None = None
    different: list[str] = field(default_factory=list)
    preview: dict[str, Any] = field(default_factory=dict)

    def total(self, runs: dict[str, dict[str, Any]]) -> float:
        return round(sum(run["seconds"] for run in runs.values()), 1)

    @property
    def ratio(self) -> float:
        full = self.total(self.full)
        return round(self.total(self.change) / full, 3) if full else 0.0


def _project(root: Path, notes: int) -> Path:
    """A synthetic archive with the project's config (its theme overrides by absolute path)."""
    generate(root, notes, seed=1)
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    overrides = PROJECT / "templates" / "overrides"
    text = text.replace("custom_dir: templates/overrides", f"custom_dir: {overrides}")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def _step(root: Path, step: str, log: Path, *more: str) -> dict[str, Any]:
    words = {"build": ["build"], "publish": ["publish"], "index": ["index", "--site", "site"]}
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run: Run = timed([executable("digest"), *words[step], *more], root, log, env)
    if run.rc != 0:
        raise SystemExit(f"{step} failed (exit {run.rc}); see {log}:\n{run.tail}")
    return {"seconds": run.seconds, "maxrss_mb": run.maxrss_mb, "line": run.tail.splitlines()[-1]}


def _make_site(root: Path, log: Path, *more: str) -> dict[str, dict[str, Any]]:
    return {step: _step(root, step, log, *more) for step in STEPS}


def _change(content: Path) -> None:
    """One note edited (title and body), one removed that no other note links to."""
    edit_one_note(content)
    notes = list(published_paths(content))
    linked = "\n".join(path.read_text(encoding="utf-8") for path in notes[::50])
    gone = next(path for path in notes[len(notes) // 3 :] if path.stem not in linked)
    gone.unlink()


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def _compare(ours: Path, clean: Path) -> list[str]:
    mine, theirs = _files(ours), _files(clean)
    names = {p for p in mine.keys() | theirs.keys() if not NOT_BYTE_FOR_BYTE.match(p)}
    return sorted(p for p in names if mine.get(p) != theirs.get(p))


def _verify(root: Path, size: Size, log: Path) -> None:
    clean = root / "clean"
    clean.mkdir()
    shutil.copytree(root / "content", clean / "content")
    shutil.copy(root / "mkdocs.yml", clean / "mkdocs.yml")
    _make_site(clean, log)
    size.different = [
        *(f"build/docs/{p}" for p in _compare(root / "build/docs", clean / "build/docs")),
        *(f"site/{p}" for p in _compare(root / "site", clean / "site")),
    ]
    size.equal = not size.different


def _preview(root: Path, log: Path) -> dict[str, Any]:
    """Edit-to-preview time, and its parts: the build's regeneration and MkDocs' rebuild."""
    found = serve_edit.measure(
        root / "content",
        root / "mkdocs.yml",
        root / "build" / "docs",
        log,
        edits=3,
        startup_s=serve_edit.startup_timeout(len(list((root / "content").rglob("*.md")))),
    )
    text = log.read_text(encoding="utf-8")
    ours = [float(s) for s in re.findall(r"regenerated: .*\((\d+\.\d+) s\)", text)][-3:]
    engine = [float(s) for s in re.findall(r"Documentation built in (\d+\.\d+) seconds", text)]
    found["regeneration_s"] = statistics.median(ours) if ours else None
    found["mkdocs_rebuild_s"] = statistics.median(engine[-3:]) if len(engine) > 1 else None
    return found


def bench(notes: int, work: Path, verify: bool, preview: bool) -> Size:
    root = _project(work / f"n{notes}", notes)
    log = work / f"n{notes}.log"
    size = Size(notes)
    size.full = _make_site(root, log)
    size.quiet = _step(root, "build", log)
    _change(root / "content")
    size.change = _make_site(root, log)
    if verify:
        _verify(root, size, log)
    if preview:
        size.preview = _preview(root, work / f"n{notes}-serve.log")
    return size


def report(sizes: Sequence[Size]) -> str:
    rows = [
        "| notes | step | full `make site` | peak MB | one note edited, one removed | peak MB |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for size in sizes:
        for step in STEPS:
            full, change = size.full[step], size.change[step]
            rows.append(
                f"| {size.notes:,} | `digest {step}` | {full['seconds']:.1f} s | "
                f"{full['maxrss_mb']:,.0f} | {change['seconds']:.1f} s | {change['maxrss_mb']:,.0f} |"
            )
        rows.append(
            f"| {size.notes:,} | **all three** | **{size.total(size.full):.1f} s** | | "
            f"**{size.total(size.change):.1f} s ({size.ratio:.1%})** | |"
        )
    lines = ["", *rows, ""]
    for size in sizes:
        lines.append(
            f"- {size.notes:,} notes: `digest build` with nothing changed "
            f"{size.quiet['seconds']:.1f} s ({size.quiet['maxrss_mb']:,.0f} MB)"
        )
        if size.equal is not None:
            verdict = "equals" if size.equal else f"differs in {len(size.different)} file(s) from"
            lines.append(f"- {size.notes:,} notes: the incremental site {verdict} a clean build")
        if size.preview:
            p = size.preview
            lines.append(
                f"- {size.notes:,} notes: edit to preview {p.get('median_s')} s (median of 3): "
                f"the build's regeneration {p.get('regeneration_s')} s, MkDocs' dirty rebuild "
                f"{p.get('mkdocs_rebuild_s')} s, the rest the watcher and the page's reload"
            )
        for step in STEPS:
            lines.append(f"  - {step}, after the change: `{size.change[step]['line']}`")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.incremental")
    parser.add_argument("--sizes", default="10000", help="comma-separated note counts")
    parser.add_argument("--verify", action="store_true", help="compare with a clean build")
    parser.add_argument("--preview", action="store_true", help="measure digest serve's edits")
    parser.add_argument("--workdir", type=Path, help="keep the trees here (default: a temp dir)")
    args = parser.parse_args(argv)
    sizes = [int(n.replace(",", "").replace("_", "")) for n in args.sizes.split(",")]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="digest-incremental-"))
    work.mkdir(parents=True, exist_ok=True)
    results = [bench(n, work, args.verify, args.preview) for n in sizes]
    text = report(results)
    print(text)
    OUT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"incremental-{stamp}.json").write_text(
        json.dumps([asdict(r) for r in results], indent=1) + "\n", encoding="utf-8"
    )
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
