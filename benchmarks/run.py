"""Benchmark for issues 6 and 8: digest build and full site build against two references.

    .venv/bin/python benchmarks/run.py                      # N = 1,000, 4,000, 10,000
    .venv/bin/python benchmarks/run.py --sizes 200,400 --no-blog

For every size N, in a temporary directory of its own, the runner

1. generates a synthetic corpus of N notes (``benchmarks/synth.py``, seeded);
2. times ``digest build`` cold three times, each into a new folder, and reports the median,
   then a second ``digest build`` with nothing changed, counting the files it rewrote;
3. times ``mkdocs build`` of the generated docs tree with the project's ``mkdocs.yml``
   (a copy with absolute paths); *full build* = first ``digest build`` + this;
3b. times ``python -m pagefind --site`` on that site (``make site``'s third step), reported on
   its own and as *full build + pagefind*, then measures with ``search_size.search_sizes`` the
   bytes a browser downloads for a first Pagefind query (and a first filtered one) and the size
   of Material's ``search_index.json``;
4. edits one note (title and body), times ``digest build`` again and ``mkdocs build --dirty``
   (not strict: ``--dirty`` always warns), counting the files each rewrote;
5. the floor: plain MkDocs + Material on the same notes as plain pages, no digests, nav with
   the home page only;
6. the anchor (N <= --blog-max, default 4,000): Material's blog plugin, notes as posts, themes as
   categories, agencies and locations as tags (``tags`` plugin).

Every timed step starts after ``sync``, and work folders are deleted only when the run ends:
on a small VM, writing out or deleting an earlier step's files slows file creation for seconds.

It prints Markdown tables (figures, ratios, targets with ✓/✗) and writes the raw results as
JSON to ``benchmarks/out/results-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import gzip
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
import search_size  # noqa: E402
import serve_edit  # noqa: E402
import synth  # noqa: E402

# ------------------------------------------------------------------------------------------
# targets of issue 6

TARGET_DIGEST_S = 3.0  # digest build, 10,000 notes
COLD_RUNS = 3  # cold digest builds per size; the median is reported
TARGET_RERUN_S = 1.0  # second digest build, nothing changed, no file written
TARGET_BLOG_RATIO = 10.0  # blog build / full build at 4,000
TARGET_FLOOR_RATIO = 1.25  # full build / floor at 4,000 and 10,000
TARGET_GROWTH = 2.7  # full build 10,000 / 4,000 (linear = 2.5)
TARGET_MEMORY_MB = 1024.0  # peak RSS
TARGET_EDIT_S = 3.0  # edit one note at 10,000: regenerate + rebuild the preview
# targets of issue 8 (search), at 10,000 notes
TARGET_FIRST_QUERY_BYTES = 300_000  # Pagefind, first query, bytes transferred (gzip)
TARGET_MATERIAL_INDEX_BYTES = 2_000_000  # Material's search_index.json, as stored
# The query whose download is measured. The synthetic bodies are pseudo-words, so the issue's
# example ("phones") is no word of the corpus (search_size's stem fallback then settles on a
# shorter pseudo-word prefix such as "phon", so its figure is only indicative); every synthetic
# note's title holds "Synthetic", which makes it the worst case: an index chunk whose word is on
# every page, and a full first screen of results. "phones" is measured too (JSON only).
QUERY = "synthetic"
ISSUE_QUERY = "phones"
OK, KO = "✓", "✗"


def mark(ok: bool) -> str:
    return OK if ok else KO


# ------------------------------------------------------------------------------------------
# running and measuring commands


@dataclass
class Run:
    cmd: list[str]
    seconds: float
    rc: int
    maxrss_mb: float
    log: str
    tail: str = ""


def measure(cmd: Sequence[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd``; wall time and the peak RSS of that process tree (wait4's rusage).

    The file system is synced first, so that a step is not charged for writing out what the
    step before it wrote (on a small VM that alone can add seconds to a build of 10,000 files).
    """
    os.sync()
    with log.open("ab") as out:
        out.write(("\n$ " + " ".join(map(str, cmd)) + "\n").encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(list(map(str, cmd)), cwd=cwd, stdout=out, stderr=out, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    tail = "\n".join(text.rstrip().splitlines()[-3:])
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Run(
        list(map(str, cmd)), round(seconds, 3), proc.returncode, round(rss, 1), str(log), tail
    )


Snapshot = dict[str, tuple[int, int, int]]


def snapshot(root: Path) -> Snapshot:
    """path -> (mtime_ns, inode, size) for every file under root."""
    out: Snapshot = {}
    if not root.exists():
        return out
    stack = [root]
    while stack:
        for entry in os.scandir(stack.pop()):
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            else:
                st = entry.stat(follow_symlinks=False)
                out[os.path.relpath(entry.path, root)] = (st.st_mtime_ns, st.st_ino, st.st_size)
    return out


def changed(before: Snapshot, after: Snapshot) -> dict[str, list[str]]:
    """Files written (new, or mtime/inode changed) and removed between two snapshots."""
    written = sorted(p for p, sig in after.items() if before.get(p) != sig)
    removed = sorted(p for p in before if p not in after)
    return {"written": written, "removed": removed}


def tree_size(snap: Snapshot) -> int:
    return sum(sig[2] for sig in snap.values())


def mb(n_bytes: float) -> float:
    return round(n_bytes / 1e6, 2)


# ------------------------------------------------------------------------------------------
# mkdocs.yml: load with its custom tags kept, rewrite relative paths, dump a copy


class Tagged:
    """A YAML node with an application tag (!ENV, !relative, !!python/name:...), kept as is."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)

# keys whose relative values are paths relative to the config file (not to docs_dir)
PATH_KEYS = {"custom_dir", "hooks", "watch", "INHERIT", "base_path", "cache_dir"}
# keys relative to docs_dir (left alone)
DOCS_KEYS = {
    "blog_dir",
    "post_dir",
    "authors_file",
    "favicon",
    "logo",
    "export_file",
    "extra_css",
    "extra_javascript",
    "extra_templates",
    "nav",
}


def _absolute(value: Any) -> Any:
    if isinstance(value, str) and value and not Path(value).is_absolute() and "://" not in value:
        return str((PROJECT / value).resolve())
    if isinstance(value, list):
        return [_absolute(v) for v in value]
    if (
        isinstance(value, Tagged)
        and value.tag == "!relative"
        and str(value.value).startswith("$config_dir")
    ):
        rest = str(value.value)[len("$config_dir") :].lstrip("/")
        return str((PROJECT / rest).resolve())
    return value


def rewrite_paths(node: Any, key: str | None = None) -> Any:
    """Make paths in the project config absolute so a copy elsewhere still finds them."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in DOCS_KEYS:
                out[k] = v
            elif k in PATH_KEYS:
                out[k] = _absolute(v)
            else:
                out[k] = rewrite_paths(v, k)
        return out
    if isinstance(node, list):
        return [rewrite_paths(v, key) for v in node]
    if isinstance(node, Tagged) and node.tag == "!relative":
        return _absolute(node)
    if (
        isinstance(node, str)
        and key is not None
        and key.endswith(("_dir", "_path", "_file"))
        and not Path(node).is_absolute()
        and (PROJECT / node).exists()
    ):
        return str((PROJECT / node).resolve())
    return node


def load_project_config() -> tuple[dict[str, Any], str]:
    path = PROJECT / "mkdocs.yml"
    if not path.exists():
        minimal = {
            "site_name": "Research digest (benchmark)",
            "theme": {"name": "material"},
            "plugins": ["search"],
        }
        return minimal, "built-in minimal config (no mkdocs.yml in the project)"
    with path.open(encoding="utf-8") as fh:
        config = yaml.load(fh, Loader=_Loader)
    return rewrite_paths(config), str(path)


def plugin_names(plugins: Any) -> list[str]:
    names = []
    for item in plugins or []:
        names.append(item if isinstance(item, str) else next(iter(item)))
    return names


def keep_plugins(plugins: Any, wanted: Sequence[str]) -> list[Any]:
    return [p for p in plugins or [] if (p if isinstance(p, str) else next(iter(p))) in wanted]


def plain_theme(theme: Any) -> Any:
    """Material as configured (palette, features) but without project overrides."""
    if isinstance(theme, dict):
        return {k: v for k, v in theme.items() if k != "custom_dir"}
    return theme or {"name": "material"}


def write_config(path: Path, config: dict[str, Any]) -> None:
    text = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    path.write_text("# generated by benchmarks/run.py\n" + text, encoding="utf-8")


def full_config(base: dict[str, Any], docs: Path, site: Path, content: Path) -> dict[str, Any]:
    config = dict(base)
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(site)
    # a plugin of our own that reads content itself must read the synthetic corpus
    plugins = []
    for item in config.get("plugins") or []:
        if isinstance(item, dict):
            name, options = next(iter(item.items()))
            if isinstance(options, dict):
                options = {
                    k: (str(content) if k in ("content", "content_dir") else v)
                    for k, v in options.items()
                }
            item = {name: options}
        plugins.append(item)
    if plugins:
        config["plugins"] = plugins
    return config


def reference_config(base: dict[str, Any], docs: Path, site: Path, blog: bool) -> dict[str, Any]:
    config: dict[str, Any] = {
        k: v
        for k, v in base.items()
        if k
        not in (
            "hooks",
            "extra_css",
            "extra_javascript",
            "nav",
            "plugins",
            "watch",
            "not_in_nav",
            "exclude_docs",
            "validation",
            "strict",
            "INHERIT",
        )
    }
    config["site_name"] = "Synthetic benchmark (" + ("blog plugin" if blog else "floor") + ")"
    config["theme"] = plain_theme(base.get("theme"))
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(site)
    search = keep_plugins(base.get("plugins"), ["search"]) or ["search"]
    if blog:
        config["plugins"] = [*search, "blog", "tags"]
        config["nav"] = [{"Home": "index.md"}, {"Blog": "blog/index.md"}, {"Tags": "tags.md"}]
    else:
        config["plugins"] = search
        config["nav"] = [{"Home": "index.md"}]
        config["not_in_nav"] = "/articles/\n/about.md"
    return config


# ------------------------------------------------------------------------------------------
# the corpus as plain pages (floor) and as blog posts (anchor)


def read_note(path: Path) -> tuple[dict[str, Any], str, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.load(front, Loader=yaml.CSafeLoader), front, body


def term_names(content: Path) -> dict[str, dict[str, str]]:
    """vocabulary -> normalised spelling -> canonical name."""
    out: dict[str, dict[str, str]] = {}
    for kind in ("agencies", "locations", "themes"):
        doc = yaml.load(
            (content / "vocabulary" / f"{kind}.yml").read_text(encoding="utf-8"),
            Loader=yaml.CSafeLoader,
        )
        index: dict[str, str] = {}
        for term in doc["terms"]:
            for spelling in [term["id"], term["name"], *term.get("aliases", [])]:
                index[synth.normalise(spelling)] = term["name"]
        out[kind] = index
    return out


def published(content: Path) -> Iterator[tuple[Path, dict[str, Any], str, str]]:
    for path in sorted((content / "articles").glob("*/*.md")):
        meta, front, body = read_note(path)
        if not meta.get("draft"):
            yield path, meta, front, body


def make_floor(content: Path, docs: Path) -> int:
    (docs / "articles").mkdir(parents=True)
    (docs / "index.md").write_text("# Synthetic floor\n\nPlain MkDocs + Material.\n", "utf-8")
    shutil.copy(content / "pages" / "about.md", docs / "about.md")
    count = 0
    for path, _meta, front, body in published(content):
        (docs / "articles" / path.name).write_text(f"---\n{front}---\n{body}", "utf-8")
        count += 1
    return count


def make_blog(content: Path, docs: Path) -> int:
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (docs / "index.md").write_text("# Synthetic blog anchor\n\nMaterial's blog plugin.\n", "utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", "utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", "utf-8")
    names = term_names(content)
    count = 0
    for path, meta, _front, body in published(content):
        categories = [names["themes"][synth.normalise(t)] for t in meta["themes"]]
        tags = [names["agencies"][synth.normalise(t)] for t in meta["agencies"]]
        tags += [names["locations"][synth.normalise(t)] for t in meta["locations"]]
        head = {
            "title": meta["title"],
            "date": meta["date"],
            "categories": categories,
            "tags": tags,
        }
        first, _, rest = body.lstrip("\n").partition("\n\n")
        text = (
            "---\n"
            + yaml.safe_dump(head, allow_unicode=True, sort_keys=False)
            + "---\n"
            + f"{first}\n\n<!-- more -->\n\n{rest}"
        )
        (posts / path.name).write_text(text, "utf-8")
        count += 1
    return count


def edit_one_note(content: Path) -> Path:
    """Change the title and the body of one published note in the middle of the corpus."""
    notes = [p for p, *_ in published(content)]
    path = notes[len(notes) // 2]
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r'^title: "Synthetic note (\d+):',
        r'title: "Synthetic note \1 (edited):',
        text,
        count=1,
        flags=re.M,
    )
    text = text.rstrip("\n") + "\n\nSynthetic edit: one more paragraph for the benchmark.\n"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------
# the digest command line


@dataclass
class DigestCli:
    exe: list[str]
    out_option: str | None
    config_option: bool = False
    help_text: str = ""

    def build(self, content: Path, docs: Path, config: Path) -> list[str]:
        cmd = [*self.exe, "build", "--content", str(content)]
        if self.out_option:
            cmd += [self.out_option, str(docs)]
        if self.config_option:  # site name and URL for feeds come from the (copied) mkdocs.yml
            cmd += ["--config", str(config)]
        return cmd


OUT_OPTIONS = ("--out", "--output", "--docs-dir", "--docs", "--output-dir", "--dest", "--to")


def find_digest(explicit_out: str | None) -> DigestCli | str:
    candidates = [PROJECT / ".venv" / "bin" / "digest", Path(sys.executable).parent / "digest"]
    exe = next((str(c) for c in candidates if c.exists()), shutil.which("digest"))
    if not exe:
        return "no `digest` executable (run `make site` or `pip install -e .` first)"
    try:
        proc = subprocess.run(
            [exe, "build", "--help"], capture_output=True, text=True, timeout=60, cwd=PROJECT
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"`digest build --help` failed: {exc}"
    text = proc.stdout + proc.stderr
    if proc.returncode != 0 or "--content" not in text:
        last = (text.strip().splitlines() or [""])[-1]
        return f"`digest build --help` exited {proc.returncode}: {last[:200]}"
    out_option = explicit_out or next(
        (o for o in OUT_OPTIONS if re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", text)), None
    )
    if out_option is None:
        return (
            f"`digest build --help` shows no output option ({', '.join(OUT_OPTIONS)}); "
            "pass --digest-out-option"
        )
    has_config = re.search(r"(?<![\w-])--config(?![\w-])", text) is not None
    return DigestCli([exe], out_option, has_config, text)


def mkdocs_exe() -> list[str]:
    for candidate in (PROJECT / ".venv" / "bin" / "mkdocs", Path(sys.executable).parent / "mkdocs"):
        if candidate.exists():
            return [str(candidate)]
    return [sys.executable, "-m", "mkdocs"]


# ------------------------------------------------------------------------------------------
# one size


@dataclass
class SizeResult:
    notes: int
    published: int = 0
    synth_s: float = 0.0
    digest: dict[str, Any] = field(default_factory=dict)
    rerun: dict[str, Any] = field(default_factory=dict)
    mkdocs: dict[str, Any] = field(default_factory=dict)
    edit: dict[str, Any] = field(default_factory=dict)
    serve: dict[str, Any] = field(default_factory=dict)  # edit → preview, through digest serve
    pagefind: dict[str, Any] = field(default_factory=dict)
    search: dict[str, Any] = field(default_factory=dict)
    floor: dict[str, Any] = field(default_factory=dict)
    blog: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def full_s(self) -> float | None:
        if self.digest.get("ok") and self.mkdocs.get("ok"):
            return round(float(self.digest["seconds"]) + float(self.mkdocs["seconds"]), 3)
        return None

    @property
    def pagefind_s(self) -> float | None:
        return float(self.pagefind["seconds"]) if self.pagefind.get("ok") else None

    @property
    def full_pagefind_s(self) -> float | None:
        """What ``make site`` costs: full build + the Pagefind index."""
        if self.full_s is None or self.pagefind_s is None:
            return None
        return round(self.full_s + self.pagefind_s, 3)

    @property
    def peak_mb(self) -> float | None:
        values = [r["maxrss_mb"] for r in (self.digest, self.mkdocs) if r.get("ok")]
        return max(values) if len(values) == 2 else None


REPORTED = re.compile(r"(\d+) file\(s\) written, (\d+) unchanged, (\d+) removed")


def run_record(run: Run, **extra: Any) -> dict[str, Any]:
    record = asdict(run)
    record["ok"] = run.rc == 0
    found = REPORTED.findall(run.tail)
    if found:  # digest build's own summary line, to cross-check the snapshot comparison
        written, unchanged, removed = map(int, found[-1])
        record["reported"] = {"written": written, "unchanged": unchanged, "removed": removed}
    record.update(extra)
    return record


def site_figures(site: Path) -> dict[str, Any]:
    snap = snapshot(site)
    index = site / "search" / "search_index.json"
    return {
        "site_files": len(snap),
        "site_mb": mb(tree_size(snap)),
        "search_index_mb": mb(index.stat().st_size) if index.exists() else None,
        "search_index_bytes": index.stat().st_size if index.exists() else None,
    }


def python_exe() -> str:
    venv = PROJECT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def pagefind_build(site: Path, log: Path) -> Run:
    """``make site``'s third step, from the project directory as there."""
    return measure(
        [str(Path(python_exe()).parent / "digest"), "index", "--site", str(site)], PROJECT, log
    )


def search_figures(site: Path) -> dict[str, Any]:
    """search_size.search_sizes for the benchmark's query and the issue's example query,
    plus the size of the Pagefind bundle."""
    bundle = snapshot(site / "pagefind")
    return {
        "query": QUERY,
        "sizes": search_size.search_sizes(site, QUERY),
        "issue_query": ISSUE_QUERY,
        "sizes_issue_query": search_size.search_sizes(site, ISSUE_QUERY),
        "bundle_files": len(bundle),
        "bundle_mb": mb(tree_size(bundle)),
    }


def mkdocs_build(config: Path, work: Path, log: Path, dirty: bool = False) -> Run:
    cmd = [*mkdocs_exe(), "build", "-f", str(config)]
    if dirty:
        # --dirty always logs a WARNING ("A 'dirty' build is being performed…"), which the
        # project's `strict: true` turns into an abort after the build: not strict here
        cmd += ["--dirty", "--no-strict"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return measure(cmd, work, log, env=env)


def bench_size(
    n: int, args: argparse.Namespace, cli: DigestCli | str, base: dict[str, Any]
) -> SizeResult:
    result = SizeResult(notes=n)
    parent = args.workdir
    if parent:
        parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"digest-bench-{n}-", dir=parent))
    progress(f"N={n}: working in {work}")
    try:
        start = time.perf_counter()
        synth.generate(work, n, args.seed)
        result.synth_s = round(time.perf_counter() - start, 3)
        content = work / "content"
        result.published = sum(1 for _ in published(content))
        logs = work / "logs"
        logs.mkdir()

        # --- digest build, cold; rerun; then mkdocs build of its tree -------------------
        if isinstance(cli, str):
            result.errors.append(f"digest: {cli}")
        else:
            docs, site = work / "build" / "docs", work / "build" / "site"
            config = work / "mkdocs-full.yml"
            write_config(config, full_config(base, docs, site, content))
            build_cmd = cli.build(content, docs, config)
            progress(f"N={n}: digest build ×{COLD_RUNS}, each into a new folder")
            cold = []
            for attempt in range(1, COLD_RUNS):  # trial trees, deleted with the work folder
                trial = work / "build" / f"docs-trial-{attempt}"
                cold.append(
                    measure(cli.build(content, trial, config), PROJECT, logs / "digest.log")
                )
            run = measure(build_cmd, PROJECT, logs / "digest.log")
            cold.append(run)
            snap1 = snapshot(docs)
            result.digest = run_record(run, files=len(snap1), docs_mb=mb(tree_size(snap1)))
            if all(attempt.rc == 0 for attempt in cold):  # the median of the cold builds
                result.digest["runs_s"] = [attempt.seconds for attempt in cold]
                result.digest["seconds"] = statistics.median(result.digest["runs_s"])
            if run.rc != 0:
                result.errors.append(f"digest build exited {run.rc}: {run.tail}")
            else:
                progress(f"N={n}: digest build, no change")
                run = measure(build_cmd, PROJECT, logs / "digest-rerun.log")
                diff = changed(snap1, snapshot(docs))
                result.rerun = run_record(
                    run,
                    files_written=len(diff["written"]),
                    files_removed=len(diff["removed"]),
                    sample=diff["written"][:20],
                )
                progress(f"N={n}: mkdocs build (full)")
                run = mkdocs_build(config, work, logs / "mkdocs-full.log")
                result.mkdocs = run_record(
                    run, **site_figures(site), warnings=count_warnings(logs / "mkdocs-full.log")
                )
                if run.rc != 0:
                    result.errors.append(f"mkdocs build (full) exited {run.rc}: {run.tail}")
                else:
                    progress(f"N={n}: pagefind --site")
                    run = pagefind_build(site, logs / "pagefind.log")
                    result.pagefind = run_record(run)
                    if run.rc != 0:
                        result.errors.append(f"pagefind exited {run.rc}: {run.tail}")
                    else:
                        try:
                            result.search = search_figures(site)
                        except (OSError, ValueError, KeyError, IndexError) as exc:
                            result.errors.append(f"search_sizes failed: {exc!r}")
                if result.mkdocs["ok"] and not args.no_edit:
                    progress(f"N={n}: edit one note, digest build + mkdocs build --dirty")
                    before_docs, before_site = snapshot(docs), snapshot(site)
                    edited = edit_one_note(content)
                    run = measure(build_cmd, PROJECT, logs / "digest-edit.log")
                    diff = changed(before_docs, snapshot(docs))
                    result.edit = {
                        "note": str(edited.relative_to(content)),
                        "digest": run_record(
                            run,
                            files_written=len(diff["written"]),
                            files_removed=len(diff["removed"]),
                            written=diff["written"][:200],
                        ),
                    }
                    run = mkdocs_build(config, work, logs / "mkdocs-dirty.log", dirty=True)
                    diff = changed(before_site, snapshot(site))
                    result.edit["mkdocs_dirty"] = run_record(
                        run, files_written=len(diff["written"]), sample=diff["written"][:20]
                    )
                    for step in ("digest", "mkdocs_dirty"):
                        if not result.edit[step]["ok"]:
                            record = result.edit[step]
                            result.errors.append(
                                f"edit: {step} exited {record['rc']}: {record['tail']}"
                            )
                if result.mkdocs["ok"] and not args.no_serve and n == max(args.sizes):
                    progress(f"N={n}: digest serve, edit three notes, wait for the preview")
                    result.serve = serve_edit.measure(content, config, docs, logs / "serve.log")
                    if result.serve.get("median_s") is None:
                        result.errors.append(f"serve edit: {result.serve.get('error', 'failed')}")

        # --- the floor: plain MkDocs + Material, same notes, no digests ------------------
        floor_docs, floor_site = work / "floor" / "docs", work / "floor" / "site"
        pages = make_floor(content, floor_docs)
        config = work / "mkdocs-floor.yml"
        write_config(config, reference_config(base, floor_docs, floor_site, blog=False))
        progress(f"N={n}: floor (plain MkDocs + Material, {pages} pages)")
        run = mkdocs_build(config, work, logs / "mkdocs-floor.log")
        result.floor = run_record(run, pages=pages, **site_figures(floor_site))
        floor_index = floor_site / "search" / "search_index.json"
        if floor_index.is_file():
            data = floor_index.read_bytes()
            result.floor["search_index_gzip_bytes"] = len(gzip.compress(data, 6, mtime=0))
        if run.rc != 0:
            result.errors.append(f"floor mkdocs build exited {run.rc}: {run.tail}")

        # --- the anchor: Material's blog plugin ------------------------------------------
        if not args.no_blog and n <= args.blog_max:
            blog_docs, blog_site = work / "blog" / "docs", work / "blog" / "site"
            posts = make_blog(content, blog_docs)
            config = work / "mkdocs-blog.yml"
            write_config(config, reference_config(base, blog_docs, blog_site, blog=True))
            progress(f"N={n}: anchor (Material blog plugin, {posts} posts)")
            run = mkdocs_build(config, work, logs / "mkdocs-blog.log")
            result.blog = run_record(run, posts=posts, **site_figures(blog_site))
            if run.rc != 0:
                result.errors.append(f"blog mkdocs build exited {run.rc}: {run.tail}")
    finally:
        if args.keep:
            progress(f"N={n}: kept {work}")
        else:  # deleted after the last size: deleting thousands of files slows the next builds
            LEFT_OVER.append(work)
    return result


LEFT_OVER: list[Path] = []  # work folders to delete when the run ends


def count_warnings(log: Path) -> int:
    text = log.read_text(encoding="utf-8", errors="replace")
    return sum(1 for line in text.splitlines() if line.startswith("WARNING"))


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------
# report


def fmt_s(value: float | None, target: tuple[str, float] | None = None) -> str:
    if value is None:
        return "—"
    text = f"{value:.2f}"
    if target:
        op, bound = target
        text += " " + mark(value < bound if op == "<" else value >= bound)
    return text


def fmt_ratio(value: float | None, ok: bool | None = None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}×" + ("" if ok is None else " " + mark(ok))


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def seconds(record: dict[str, Any]) -> float | None:
    """The wall time of a successful run, else None."""
    return float(record["seconds"]) if record.get("ok") else None


def targets(
    results: list[SizeResult], growth_rows: list[dict[str, Any]]
) -> list[tuple[str, str | None, bool | None]]:
    """(target, measured figure or None when not measured, met?) for every target of issue 6."""
    by_n = {r.notes: r for r in results}
    out: list[tuple[str, str | None, bool | None]] = []
    r10 = by_n.get(10_000)
    r4 = by_n.get(4000)

    value = seconds(r10.digest) if r10 else None
    out.append(
        (
            "digest build, 10,000 notes < 3 s",
            None if value is None else f"{value:.2f} s",
            value is not None and value < TARGET_DIGEST_S,
        )
    )
    for r in results:
        rerun = seconds(r.rerun)
        out.append(
            (
                f"second digest build, no change: < 1 s and no file written ({r.notes:,})",
                None if rerun is None else f"{rerun:.2f} s, {r.rerun['files_written']} files",
                rerun is not None and rerun < TARGET_RERUN_S and r.rerun["files_written"] == 0,
            )
        )
    blog_full = ratio(seconds(r4.blog), r4.full_s) if r4 else None
    out.append(
        (
            "full build ≥ 10× faster than the blog plugin (4,000)",
            None if blog_full is None else f"{blog_full:.2f}×",
            blog_full is not None and blog_full >= TARGET_BLOG_RATIO,
        )
    )
    for n in (4000, 10_000):
        rn = by_n.get(n)
        full_floor = ratio(rn.full_s, seconds(rn.floor)) if rn else None
        out.append(
            (
                f"full build ≤ 1.25× the plain-MkDocs floor ({n:,})",
                None if full_floor is None else f"{full_floor:.2f}×",
                full_floor is not None and full_floor <= TARGET_FLOOR_RATIO,
            )
        )
    growth = next((g["full"] for g in growth_rows if (g["from"], g["to"]) == (4000, 10_000)), None)
    out.append(
        (
            "full build growth 4,000 → 10,000 ≤ 2.7×",
            None if growth is None else f"{growth:.2f}×",
            growth is not None and growth <= TARGET_GROWTH,
        )
    )
    peaks = [r.peak_mb for r in results if r.peak_mb is not None]
    peaks += [float(r.pagefind["maxrss_mb"]) for r in results if r.pagefind.get("ok")]
    out.append(
        (
            "peak memory < 1 GB (largest over all sizes: digest, mkdocs, pagefind)",
            f"{max(peaks):.0f} MB" if peaks else None,
            bool(peaks) and max(peaks) < TARGET_MEMORY_MB,
        )
    )
    serve = r10.serve if r10 else {}
    median = serve.get("median_s")
    edits = ", ".join(f"{e['seconds']:.2f}" for e in serve.get("edits", []))
    regenerated = ", ".join(str(n) for n in serve.get("files_regenerated", []))
    out.append(
        (
            "edit one note at 10,000: `digest serve` shows it in the preview < 3 s",
            None
            if median is None
            else f"median {median:.2f} s of three edits ({edits} s); "
            f"docs files regenerated: {regenerated}",
            median is not None and median < TARGET_EDIT_S,
        )
    )
    # issue 8
    sizes = r10.search.get("sizes") if r10 else None
    first = sizes["first_query_total_gzip"] if sizes else None
    out.append(
        (
            f"Pagefind first query < 300 kB transferred (gzip), 10,000 (query “{QUERY}”)",
            None if first is None else f"{kb(first)} kB",
            first is not None and first < TARGET_FIRST_QUERY_BYTES,
        )
    )
    material = sizes["material_index"] if sizes else None
    out.append(
        (
            "Material's search_index.json < 2 MB, 10,000",
            None
            if material is None or sizes is None
            else f"{mb(material):.2f} MB ({mb(sizes['material_index_gzip']):.2f} MB gzip)",
            material is not None and material < TARGET_MATERIAL_INDEX_BYTES,
        )
    )
    return out


def kb(n_bytes: float) -> str:
    """kB (1,000 bytes), as Pagefind's 300 kB figure."""
    return f"{n_bytes / 1000:,.0f}"


def search_tables(results: list[SizeResult]) -> list[str]:
    """Bytes a browser downloads to search: Pagefind's first query, Material's index."""
    lines = [
        "",
        f"### Search downloads (kB = 1,000 bytes; query “{QUERY}”)",
        "",
        "| notes | results | first query: stored / gzip | first filtered query: stored / gzip "
        "| Pagefind bundle: files / MB | Material index: stored / gzip "
        "| floor's Material index: stored / gzip |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        sizes = r.search.get("sizes")
        floor = r.floor if r.floor.get("ok") else {}
        floor_cell = "—"
        if floor.get("search_index_bytes"):
            floor_cell = (
                f"{kb(floor['search_index_bytes'])} / {kb(floor['search_index_gzip_bytes'])}"
            )
        if not sizes:
            lines.append(f"| {r.notes:,} | — | — | — | — | — | {floor_cell} |")
            continue
        at_10k = r.notes == 10_000
        first = f"{kb(sizes['first_query_total'])} / {kb(sizes['first_query_total_gzip'])}"
        material = f"{kb(sizes['material_index'])} / {kb(sizes['material_index_gzip'])}"
        if at_10k:
            first += " " + mark(sizes["first_query_total_gzip"] < TARGET_FIRST_QUERY_BYTES)
            material += " " + mark(sizes["material_index"] < TARGET_MATERIAL_INDEX_BYTES)
        lines.append(
            f"| {r.notes:,} | {sizes['results']:,} | {first} "
            f"| {kb(sizes['faceted_query_total'])} / {kb(sizes['faceted_query_total_gzip'])} "
            f"| {r.search['bundle_files']:,} / {r.search['bundle_mb']:.1f} "
            f"| {material} | {floor_cell} |"
        )
    lines += [
        "",
        "First query, by part (kB as stored; Pagefind's own files are gzip already):",
        "",
        "| notes | runtime (entry, JS, worker) | wasm | meta (every page) "
        "| index chunks (count) | fragments (count) | UI | filter chunks (count), if filtered |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        sizes = r.search.get("sizes")
        if not sizes:
            continue
        lines.append(
            f"| {r.notes:,} | {kb(sizes['pagefind_runtime'])} | {kb(sizes['pagefind_wasm'])} "
            f"| {kb(sizes['pagefind_meta'])} "
            f"| {kb(sizes['pagefind_index'])} ({sizes['pagefind_index_chunks']}) "
            f"| {kb(sizes['pagefind_fragments'])} "
            f"({min(sizes['results'], search_size.RESULTS_SHOWN)}) "
            f"| {kb(sizes['search_ui'])} "
            f"| {kb(sizes['pagefind_filters'])} ({sizes['pagefind_filter_chunks']}) |"
        )
    return lines


def report(results: list[SizeResult], meta: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    lines = [
        f"## Benchmark {meta['started']} — {meta['machine']}",
        "",
        f"digest: `{meta['digest_cmd']}` · mkdocs config: {meta['mkdocs_config']} "
        f"· seed {meta['seed']}",
        "",
        "### Times (seconds, wall clock)",
        "",
        "| notes | digest build | rerun, no change (files written) | full build "
        "| pagefind | full + pagefind "
        "| floor | full / floor | blog plugin | blog / full | edit: digest (files) "
        "| edit: mkdocs --dirty (files) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        at_10k = r.notes == 10_000
        digest_s = r.digest.get("seconds") if r.digest.get("ok") else None
        rerun = r.rerun
        rerun_cell = "—"
        if rerun:
            ok = rerun["ok"] and rerun["seconds"] < TARGET_RERUN_S and rerun["files_written"] == 0
            rerun_cell = f"{rerun['seconds']:.2f} ({rerun['files_written']}) {mark(ok)}"
        floor_s = r.floor.get("seconds") if r.floor.get("ok") else None
        blog_s = r.blog.get("seconds") if r.blog.get("ok") else None
        full_floor = ratio(r.full_s, floor_s)
        blog_full = ratio(blog_s, r.full_s)
        floor_ok = (
            full_floor <= TARGET_FLOOR_RATIO if full_floor and r.notes in (4000, 10_000) else None
        )
        blog_ok = blog_full >= TARGET_BLOG_RATIO if blog_full and r.notes == 4000 else None
        edit_cell = dirty_cell = "—"
        if r.edit:
            e, d = r.edit["digest"], r.edit["mkdocs_dirty"]
            edit_cell = f"{e['seconds']:.2f} ({e['files_written']})"
            dirty_cell = f"{d['seconds']:.2f} ({d['files_written']})"
            if at_10k:
                dirty_cell += " " + mark(e["seconds"] + d["seconds"] < TARGET_EDIT_S)
        lines.append(
            f"| {r.notes:,} | {fmt_s(digest_s, ('<', TARGET_DIGEST_S) if at_10k else None)} "
            f"| {rerun_cell} | {fmt_s(r.full_s)} | {fmt_s(r.pagefind_s)} "
            f"| {fmt_s(r.full_pagefind_s)} | {fmt_s(floor_s)} "
            f"| {fmt_ratio(full_floor, floor_ok)} | {fmt_s(blog_s)} "
            f"| {fmt_ratio(blog_full, blog_ok)} "
            f"| {edit_cell} | {dirty_cell} |"
        )
    lines += [
        "",
        "### Memory and output",
        "",
        "| notes | peak RSS, full build (MB) | pagefind RSS | floor RSS | blog RSS | docs files "
        "| site files | site MB | search index MB | floor: files / MB / index MB "
        "| blog: files / MB / index MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        peak = r.peak_mb
        peak_cell = "—" if peak is None else f"{peak:.0f} {mark(peak < TARGET_MEMORY_MB)}"

        def ref(d: dict[str, Any]) -> str:
            if not d.get("ok"):
                return "—"
            return f"{d['site_files']:,} / {d['site_mb']:.1f} / {d['search_index_mb'] or 0:.1f}"

        m = r.mkdocs if r.mkdocs.get("ok") else {}
        cells = [
            f"{r.notes:,}",
            peak_cell,
            f"{r.pagefind['maxrss_mb']:.0f}" if r.pagefind.get("ok") else "—",
            f"{r.floor['maxrss_mb']:.0f}" if r.floor.get("ok") else "—",
            f"{r.blog['maxrss_mb']:.0f}" if r.blog.get("ok") else "—",
            f"{r.digest['files']:,}" if r.digest.get("ok") else "—",
            f"{m['site_files']:,}" if m else "—",
            f"{m['site_mb']:.1f}" if m else "—",
            f"{m['search_index_mb'] or 0:.1f}" if m else "—",
            ref(r.floor),
            ref(r.blog),
        ]
        lines.append("| " + " | ".join(cells) + " |")

    lines += search_tables(results)

    # growth between consecutive sizes
    growth_rows: list[dict[str, Any]] = []
    ok_sizes = [r for r in results if r.full_s]
    for a, b in itertools.pairwise(ok_sizes):
        linear = b.notes / a.notes
        bound = (
            TARGET_GROWTH if (a.notes, b.notes) == (4000, 10_000) else linear * TARGET_GROWTH / 2.5
        )
        g_full = ratio(b.full_s, a.full_s)
        g_digest = ratio(b.digest["seconds"], a.digest["seconds"])
        g_floor = ratio(b.floor.get("seconds"), a.floor.get("seconds"))
        g_pagefind = ratio(b.pagefind_s, a.pagefind_s)
        growth_rows.append(
            {
                "from": a.notes,
                "to": b.notes,
                "linear": round(linear, 3),
                "bound": round(bound, 3),
                "full": g_full,
                "digest": g_digest,
                "floor": g_floor,
                "pagefind": g_pagefind,
            }
        )
    if growth_rows:
        lines += [
            "",
            "### Growth (time at the larger size / time at the smaller)",
            "",
            "| from → to | linear | bound | full build | digest build | floor | pagefind |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for g in growth_rows:
            within = g["full"] <= g["bound"] if g["full"] is not None else None
            lines.append(
                f"| {g['from']:,} → {g['to']:,} | {g['linear']:.2f}× | {g['bound']:.2f}× "
                f"| {fmt_ratio(g['full'], within)} "
                f"| {fmt_ratio(g['digest'])} | {fmt_ratio(g['floor'])} "
                f"| {fmt_ratio(g['pagefind'])} |"
            )

    lines += [
        "",
        "### Targets (issues 6 and 8)",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    for label, measured, ok in targets(results, growth_rows):
        if measured is None:
            lines.append(f"| {label} | not measured | |")
        else:
            lines.append(f"| {label} | {measured} | {mark(bool(ok))} |")

    errors = [f"- N={r.notes}: {e}" for r in results for e in r.errors]
    if errors:
        lines += ["", "### Errors", "", *errors]
    return "\n".join(lines) + "\n", growth_rows


# ------------------------------------------------------------------------------------------


def machine() -> str:
    cpus = os.cpu_count() or 0
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = 0
    return (
        f"{platform.system()} {platform.machine()}, {cpus} CPU, {mem:.0f} GiB, "
        f"Python {platform.python_version()}"
    )


def versions() -> dict[str, str]:
    out = {}
    from importlib.metadata import PackageNotFoundError, version

    for dist in (
        "mkdocs",
        "mkdocs-material",
        "pagefind",
        "pagefind-bin",
        "research-digest",
        "PyYAML",
        "Markdown",
        "Jinja2",
    ):
        with contextlib.suppress(PackageNotFoundError):
            out[dist] = version(dist)
    return out


def git_revision() -> str | None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        proc = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=10,
        )
        if proc.returncode == 0:
            return proc.stdout.strip()
    return None


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--sizes: {exc}") from exc
    if not sizes or any(n <= 0 for n in sizes):
        raise argparse.ArgumentTypeError("--sizes needs positive integers, e.g. 1000,4000")
    return sorted(set(sizes))


def compile_package() -> None:
    """Byte-compiles `generator/` as an installed package would be.

    An editable install leaves it as source, and with PYTHONDONTWRITEBYTECODE (set on CI
    machines) Python never writes the bytecode either, so every `digest` run would first
    compile 5,000 lines: 0.05 s that an author's second run never pays.
    """
    compileall.compile_dir(str(PROJECT / "generator"), quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark digest build + mkdocs build against plain MkDocs and the blog "
        "plugin."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[1000, 4000, 10_000],
        help="comma-separated note counts (default 1000,4000,10000)",
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--no-blog", action="store_true", help="skip the blog-plugin anchor")
    parser.add_argument(
        "--blog-max",
        type=int,
        default=4000,
        help="largest N for the blog anchor (default 4000; it is super-linear)",
    )
    parser.add_argument("--no-edit", action="store_true", help="skip the edit-one-note run")
    parser.add_argument(
        "--no-serve",
        action="store_true",
        help="skip the edit-to-preview run through `digest serve` (largest size only)",
    )
    parser.add_argument(
        "--digest-out-option",
        default=None,
        help="the output option of `digest build` (default: read from --help)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="parent of the per-size temp dirs (default: system temp)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dirs for inspection")
    parser.add_argument(
        "--json-dir",
        type=Path,
        default=HERE / "out",
        help="where results-<timestamp>.json goes (default benchmarks/out)",
    )
    args = parser.parse_args(argv)

    started = dt.datetime.now().astimezone()
    compile_package()
    base, config_source = load_project_config()
    cli = find_digest(args.digest_out_option)
    if isinstance(cli, str):
        progress(f"warning: {cli}; measuring the references only")
    meta = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(),
        "git": git_revision(),
        "seed": args.seed,
        "sizes": args.sizes,
        "mkdocs_config": config_source,
        "digest_cmd": cli
        if isinstance(cli, str)
        else " ".join(
            cli.build(Path("DIR/content"), Path("DIR/build/docs"), Path("DIR/mkdocs-full.yml"))
        ),
        "targets": {
            "digest_10k_s": TARGET_DIGEST_S,
            "rerun_s": TARGET_RERUN_S,
            "blog_over_full_4k": TARGET_BLOG_RATIO,
            "full_over_floor": TARGET_FLOOR_RATIO,
            "growth_4k_10k": TARGET_GROWTH,
            "peak_mb": TARGET_MEMORY_MB,
            "edit_10k_s": TARGET_EDIT_S,
            "first_query_10k_bytes_gzip": TARGET_FIRST_QUERY_BYTES,
            "material_index_10k_bytes": TARGET_MATERIAL_INDEX_BYTES,
        },
        "search_query": QUERY,
    }
    results = []
    try:
        for n in args.sizes:
            results.append(bench_size(n, args, cli, base))
    finally:
        for work in LEFT_OVER:
            shutil.rmtree(work, ignore_errors=True)
    table, growth = report(results, meta)
    print(table)

    args.json_dir.mkdir(parents=True, exist_ok=True)
    out = args.json_dir / f"results-{started.strftime('%Y%m%d-%H%M%S')}.json"
    payload = {
        **meta,
        "results": [
            {
                **asdict(r),
                "full_s": r.full_s,
                "pagefind_s": r.pagefind_s,
                "full_pagefind_s": r.full_pagefind_s,
                "peak_mb": r.peak_mb,
                "full_over_floor": ratio(r.full_s, r.floor.get("seconds")),
                "blog_over_full": ratio(r.blog.get("seconds"), r.full_s),
            }
            for r in results
        ],
        "growth": growth,
        "table_markdown": table,
    }
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    progress(f"results written to {out}")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
