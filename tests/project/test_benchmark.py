"""The benchmark runner's own logic: options, snapshots, another engine's step, the targets of
issue 17 and the tables, on made-up figures (no real build but a stand-in engine's)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import report, run, targets
from benchmarks.commands import Digest, Engine
from benchmarks.configs import load_project_config
from benchmarks.measure import changed, snapshot, tree_stats
from benchmarks.results import SizeResult
from benchmarks.steps import Work, other_engine

# ------------------------------------------------------------------------------------------
# options


def test_engines_default_to_both_with_mkdocs_first() -> None:
    args = run.arguments(["--sizes", "300,600"])
    assert args.engines == ["mkdocs", "zensical"]
    assert run.parse_engines("zensical,mkdocs") == ["mkdocs", "zensical"]
    assert run.parse_engines("mkdocs") == ["mkdocs"]
    for wrong in ("zensical", "hugo,mkdocs", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            run.parse_engines(wrong)


def test_the_plan_runs_the_floor_up_to_floor_max_and_the_preview_everywhere() -> None:
    args = run.arguments(["--sizes", "10000,100000", "--cold-runs", "1"])
    small, large = run.plan(10_000, args), run.plan(100_000, args)
    assert (small.floor, large.floor) == (True, False)
    assert (small.blog, large.blog) == (False, False)
    assert small.serve and large.serve and small.cold_runs == 1
    assert not run.plan(100_000, run.arguments(["--floor-max", "100000", "--no-serve"])).serve
    assert run.arguments([]).cold_runs == 3


# ------------------------------------------------------------------------------------------
# snapshots


def test_a_snapshot_tells_written_new_and_removed_files(tmp_path: Path) -> None:
    for name in ("a.html", "sub/b.html", "sub/deeper/c.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    before = snapshot(tmp_path)
    assert set(before) == {"a.html", "sub/b.html", "sub/deeper/c.html"}
    assert tree_stats(tmp_path) == (3, sum(len(n) for n in before))
    os.utime(tmp_path / "a.html", ns=(1, 1))
    (tmp_path / "sub/deeper/c.html").unlink()
    (tmp_path / "new.html").write_text("x")
    diff = changed(before, snapshot(tmp_path))
    assert diff == {"written": ["a.html", "new.html"], "removed": ["sub/deeper/c.html"]}
    assert snapshot(tmp_path / "missing") == {} and tree_stats(tmp_path / "missing") == (0, 0)


# ------------------------------------------------------------------------------------------
# another engine's step, with a stand-in engine


STAND_IN = """\
import sys
from pathlib import Path
import yaml

args = sys.argv[1:]
if args[0] == "index":
    site = Path(args[args.index("--site") + 1])
    (site / "pagefind").mkdir()
    sys.exit(0)
config = Path(args[args.index("-f") + 1])
text = yaml.safe_load(config.read_text())
docs, site = Path(text["docs_dir"]), Path(text["site_dir"])
assert not docs.is_absolute() and not site.is_absolute(), "relative dirs wanted"
assert not Path(".cache").exists(), "the cache is gone before a cold build"
Path(".cache").mkdir()
site.mkdir(parents=True)
for page in docs.rglob("*.md"):
    (site / (page.stem + ".html")).write_text(page.read_text())
print("strict" if "-s" in args else "lax")
"""


def test_another_engine_builds_the_same_tree_into_its_own_site(tmp_path: Path) -> None:
    script = tmp_path / "stand-in.py"
    script.write_text(STAND_IN)
    launcher = tmp_path / "stand-in"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{script}" "$@"\n')
    launcher.chmod(0o755)
    work = Work(tmp_path / "work")
    work.docs.mkdir(parents=True)
    work.logs.mkdir()
    (work.docs / "index.md").write_text("# Home\n")
    (work.root / ".cache").mkdir()  # a stale cache: the step deletes it
    engine = Engine(
        "standin", str(launcher), strict_options=("-s",), relative_dirs=True, cache=".cache"
    )
    base, _ = load_project_config()
    result = SizeResult(notes=1)
    other_engine(work, engine, Digest(str(launcher)), base, result)
    record = result.engines["standin"]
    assert record["build"]["ok"], record["build"]["tail"]
    assert record["build"]["site_files"] == 1
    assert (work.root / "build/site-standin/index.html").is_file()
    strict = bool(base.get("strict"))
    assert record["build"]["tail"].endswith("strict" if strict else "lax")
    assert record["index"]["ok"]
    assert result.engine_names() == ["standin"]
    # no Pagefind bundle to read: said in the errors, the build's figures kept
    assert any("standin: search_sizes failed" in e for e in result.errors)


# ------------------------------------------------------------------------------------------
# targets and tables, on made-up figures


def _rec(seconds: float, rss: float = 100.0, **extra: Any) -> dict[str, Any]:
    return {"seconds": seconds, "maxrss_mb": rss, "ok": True, "rc": 0, **extra}


def _site(seconds: float, rss: float = 100.0) -> dict[str, Any]:
    figures = {"site_files": 10, "site_mb": 1.0, "search_index_mb": 0.1}
    return _rec(seconds, rss, search_index_bytes=100_000, search_index_gzip_bytes=20_000, **figures)


def _size(notes: int, k: float, floor: float | None = None) -> SizeResult:
    """A size whose every step takes `k` times a base time."""
    r = SizeResult(notes=notes)
    r.digest = _rec(1.0 * k, files=10, docs_mb=1.0)
    r.rerun = _rec(0.1 * k, files_written=0)
    r.mkdocs = _site(5.0 * k)
    r.pagefind = _rec(2.0 * k)
    r.engines = {"zensical": {"build": _site(7.0 * k), "index": _rec(2.0 * k)}}
    r.edit = {
        "note": "x.md",
        "digest": _rec(1.0 * k, files_written=3),
        "mkdocs_dirty": _rec(0.5 * k, files_written=4),
    }
    r.serve = {"median_s": 0.25 * k, "maxrss_mb": 300.0, "edits": [], "files_regenerated": []}
    if floor is not None:
        r.floor = _site(floor)
    return r


def _by_label(rows: list[targets.Target]) -> dict[str, tuple[str | None, bool | None]]:
    return {label: (measured, ok) for label, measured, ok in rows}


def test_issue_17_targets_at_10000_and_100000() -> None:
    small, large = _size(10_000, 1.0, floor=6.0), _size(100_000, 10.0)
    large.engines["zensical"]["build"]["maxrss_mb"] = 5000.0  # over 4 GB
    large.edit["digest"]["seconds"] = 12.0  # 12× the 10,000 figure
    results = [small, large]
    rows = _by_label(targets.targets(results, targets.growth_rows(results)))
    floor_rows = [v for label, v in rows.items() if "floor" in label]
    # mkdocs: 1 + 5 + 2 = 8 s against 6 s; zensical: 1 + 7 + 2 = 10 s
    assert floor_rows == [
        ("1.33× (8.0 s against 6.0 s)", True),
        ("1.67× (10.0 s against 6.0 s)", False),
    ]
    memory = next(v for label, v in rows.items() if label.startswith("peak memory"))
    assert memory == ("largest 5,000 MB (zensical build); over: zensical build 5,000 MB", False)
    growth = next(v for label, v in rows.items() if label.startswith("growth"))
    assert growth == ("largest 12.00× (edit: digest); over: edit: digest 12.00×", False)
    preview = next(v for label, v in rows.items() if label.startswith("edit one note"))
    assert preview[0] is not None and preview[0].startswith("median 2.50 s") and preview[1]
    rerun = next(v for label, v in rows.items() if label.startswith("rebuild"))
    assert rerun == ("1.00 s, 0 files", True)
    completes = next(v for label, v in rows.items() if label.startswith("every step"))
    assert completes == ("9 of 9 steps", True)


def test_targets_of_sizes_not_run_are_not_measured() -> None:
    results = [_size(300, 1.0, floor=6.0), _size(600, 2.0, floor=12.0)]
    growth = targets.growth_rows(results)
    assert growth[0]["bound"] == 2.2 and growth[0]["steps"]["zensical index"] == 2.0
    assert all(measured is None for _, measured, _ in targets.targets(results, growth))
    text = report.render(results, _meta(), growth)
    assert "| 300 | zensical | 7.00 | 2.00 | 10.00 | 1.67× |" in text
    assert "| zensical build | 7.00 / 100 | 14.00 / 100 |" in text
    assert "| serve | 2.00× ✓ |" in text
    assert text.count("not measured") == len(targets.targets(results, growth))


def test_a_failed_step_at_100000_is_reported() -> None:
    small, large = _size(10_000, 1.0, floor=6.0), _size(100_000, 10.0)
    large.engines["zensical"]["build"].update(ok=False, rc=-9)
    large.engines["zensical"].pop("index")
    large.errors.append("zensical build (full) exited -9: Killed")
    rows = _by_label(targets.targets([small, large], targets.growth_rows([small, large])))
    assert rows[f"every step completes ({targets.LARGE:,})"] == (
        "7 of 8 steps; failed: zensical build",
        False,
    )
    text = report.render([small, large], _meta(), targets.growth_rows([small, large]))
    assert "| zensical build | 7.00 / 100 | failed / 100 |" in text


def _meta() -> dict[str, Any]:
    return {
        "started": "now",
        "machine": "test",
        "digest_cmd": "digest build",
        "mkdocs_config": "mkdocs.yml",
        "seed": 1,
        "engine_cmds": {"mkdocs": "mkdocs build", "zensical": "zensical build"},
        "cold_runs": 1,
        "floor_max": 10_000,
        "blog_max": 0,
    }
