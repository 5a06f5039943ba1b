"""Two revisions of the generator on one corpus: times of both steps, and whether outputs agree.

    .venv/bin/python -m benchmarks.compare_revisions --base HEAD~3 [--head REV] \
        [--notes 1000] [--sample]

For each revision (a commit checked out with `git worktree`, or the working tree itself for
`--head`), builds the docs tree with `digest build` and the site with `mkdocs build`, timing
each, then says whether the two docs trees are byte for byte the same and whether the two
sites are (file lists and contents; MkDocs' `sitemap.xml.gz` holds a timestamp and is left
out). Used to show that a refactoring changed nothing and what a change costs or saves.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.synth import generate

ROOT = Path(__file__).resolve().parent.parent
VOLATILE = {"sitemap.xml.gz"}


def checkout(revision: str, into: Path) -> Path:
    """The tree of `revision` in a detached worktree under `into`."""
    target = into / f"rev-{revision.replace('/', '_')}"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--force", str(target), revision],
        check=True,
        capture_output=True,
    )
    return target


def run_timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return elapsed


def config_for(tree: Path, docs: Path, site: Path, work: Path) -> Path:
    text = (tree / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: build/docs", f"docs_dir: {docs}")
    text = text.replace("site_dir: site", f"site_dir: {site}")
    text = text.replace(
        "custom_dir: templates/overrides", f"custom_dir: {tree}/templates/overrides"
    )
    config = work / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def build(tree: Path, content: Path, work: Path) -> dict[str, float]:
    """`digest build` and `mkdocs build` with the generator of `tree`; seconds of each."""
    work.mkdir(parents=True, exist_ok=True)
    docs, site = work / "docs", work / "site"
    config = config_for(tree, docs, site, work)
    env = {**os.environ, "PYTHONPATH": str(tree), "NO_MKDOCS_2_WARNING": "1"}
    digest = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]
    build_args = ["build", "--content", str(content), "--out", str(docs), "--config", str(config)]
    mkdocs = [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(config)]
    return {
        "digest build": run_timed([*digest, *build_args, "--force"], env, work),
        "mkdocs build": run_timed(mkdocs, env, work),
    }


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two trees (missing on one side, or other bytes)."""
    found: list[str] = []
    compare = filecmp.dircmp(left, right)
    stack = [(compare, "")]
    while stack:
        node, prefix = stack.pop()
        found += [prefix + name for name in node.left_only + node.right_only]
        for name in node.common_files:
            if name in VOLATILE:
                continue
            if not filecmp.cmp(Path(node.left) / name, Path(node.right) / name, shallow=False):
                found.append(prefix + name)
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(found)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.compare_revisions", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--base", required=True, help="the revision to compare against")
    parser.add_argument("--head", default="", help="a revision; default: the working tree")
    parser.add_argument("--notes", type=int, default=0, help="synthetic notes (0: none)")
    parser.add_argument("--sample", action="store_true", help="also the sample content")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="digest-compare-"))
    try:
        base = checkout(args.base, work)
        head = checkout(args.head, work) if args.head else ROOT
        corpora: list[tuple[str, Path]] = []
        if args.sample:
            corpora.append(("sample", ROOT / "content"))
        if args.notes:
            generate(work / "synth", args.notes, 1)
            corpora.append((f"{args.notes} notes", work / "synth" / "content"))
        for name, content in corpora:
            times = {}
            for label, tree in (("base", base), ("head", head)):
                times[label] = build(tree, content, work / name / label)
            docs = differences(work / name / "base" / "docs", work / name / "head" / "docs")
            site = differences(work / name / "base" / "site", work / name / "head" / "site")
            print(f"{name}:")
            for step in ("digest build", "mkdocs build"):
                print(
                    f"  {step}: base {times['base'][step]:.2f} s, head {times['head'][step]:.2f} s"
                )
            print(f"  docs trees differ in {len(docs)} file(s): {docs[:8]}")
            print(f"  sites differ in {len(site)} file(s): {site[:8]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
