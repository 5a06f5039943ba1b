"""Seeded synthetic corpus for the performance benchmarks (issue 6).

    .venv/bin/python -m benchmarks.synth --notes 10000 --seed 1 --out /tmp/bench

writes ``/tmp/bench/content/`` in the PRODUCT.md format:

* ``vocabulary/locations.yml``: a 4-level region tree (1 country, 8 provinces, 25 cities and
  counties, 26 districts = 60 terms) with coordinates inside a plausible lat/lon box and aliases
  in accented and Hangul-like forms;
* ``vocabulary/agencies.yml``: 50 agencies, most under a parent;
* ``vocabulary/themes.yml``: 30 themes, two thirds under a parent;
* ``articles/<yyyy>/<slug>.md``: N notes dated over ten years (2015-2024), 1-3 terms per
  vocabulary (sometimes written as a name or an alias instead of the id), a summary on about
  40 %, ~300 words of pseudo-word body in paragraphs, about 1 % drafts;
* ``pages/about.md``.

Everything is synthetic and says so: notes are titled "Synthetic note 00042: ...", the source is
"Synthetic Wire" at https://example.org/..., and every term's description and ``meta`` mark it as
synthetic. The same ``--notes`` and ``--seed`` give byte-identical output. Nothing is ever written
into the project's own ``content/`` directory.

The vocabularies come from ``benchmarks.synth_vocabulary``. Run it from the project root;
importable as ``from benchmarks.synth import generate``: ``generate(out_dir, notes, seed)``.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.synth_vocabulary import (
    ONSETS,
    VOWELS,
    Words,
    agencies,
    dump_vocabulary,
    locations,
    themes,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MARKER = ".synthetic-corpus"  # file left in every generated content/ so a rerun may replace it

SOURCE_NAME = "Synthetic Wire"
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)


# --------------------------------------------------------------------------------------------
# notes


class Picker:
    """Zipf-like choice of 1-3 distinct terms; each written as id, name or alias."""

    def __init__(self, rng: random.Random, terms: list[dict[str, Any]], root_weight: float = 1.0):
        self.rng = rng
        order = list(range(len(terms)))
        rng.shuffle(order)
        weights = [0.0] * len(terms)
        for rank, index in enumerate(order):
            weights[index] = 1.0 / (rank + 1) ** 0.8
            if "parent" not in terms[index]:
                weights[index] *= root_weight
        self.cum = list(itertools.accumulate(weights))
        self.spellings = [(t["id"], t["name"], t.get("aliases", [])) for t in terms]

    def pick(self) -> list[str]:
        rng = self.rng
        count = rng.choice((1, 1, 2, 2, 2, 3))
        chosen: list[int] = []
        total = self.cum[-1]
        while len(chosen) < count:
            index = bisect.bisect_left(self.cum, rng.random() * total)
            if index not in chosen:
                chosen.append(index)
        out = []
        for index in chosen:
            tid, name, aliases = self.spellings[index]
            roll = rng.random()
            if roll < 0.7 or (roll >= 0.85 and not aliases):
                out.append(tid)
            elif roll < 0.85:
                out.append(name)
            else:
                out.append(aliases[rng.randrange(len(aliases))])
        return out


def lexicon(rng: random.Random, size: int = 1500) -> list[str]:
    """Lower-case pseudo-words for bodies (ASCII letters only: no accidental Markdown)."""
    seen: set[str] = set()
    out: list[str] = []
    fillers = ["the", "a", "of", "and", "in", "to", "was", "on", "by", "with", "from", "that"]
    while len(out) < size:
        sylls = [
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(("", "", "n", "l", "k"))
            for _ in range(rng.choice((1, 2, 2, 3)))
        ]
        word = "".join(sylls)
        if 2 <= len(word) <= 11 and word not in seen:
            seen.add(word)
            out.append(word)
    return fillers * 20 + out  # fillers are frequent, like real text


def yaml_str(value: str) -> str:
    """A JSON string is a valid YAML double-quoted scalar."""
    return json.dumps(value, ensure_ascii=False)


def yaml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(yaml_str(v) for v in values) + "]"


def sentence(rng: random.Random, lex: list[str]) -> str:
    words = rng.choices(lex, k=rng.randint(7, 18))
    return " ".join(words).capitalize() + "."


def body_text(rng: random.Random, lex: list[str], n_words: int) -> tuple[str, int]:
    paragraphs: list[str] = []
    total = 0
    while total < n_words:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            s = sentence(rng, lex)
            total += s.count(" ") + 1
            sentences.append(s)
        paragraphs.append(" ".join(sentences))
    if len(paragraphs) > 3 and rng.random() < 0.3:
        paragraphs.insert(2, "## Synthetic details")
    return "\n\n".join(paragraphs), total


def generate(out_dir: Path, notes: int, seed: int) -> None:
    """Write ``out_dir/content`` with ``notes`` synthetic notes; deterministic for ``seed``."""
    content = _fresh_content(Path(out_dir).resolve(), notes, seed)
    rng = random.Random(f"synth-vocabulary-{seed}")
    words = Words(rng)
    vocab = {
        "locations": locations(rng, words),
        "agencies": agencies(rng, words),
        "themes": themes(rng, words),
    }
    for kind, terms in vocab.items():
        dump_vocabulary(content / "vocabulary" / f"{kind}.yml", kind, terms)
    (content / "pages" / "about.md").write_text(
        "# About this synthetic corpus\n\n"
        "This site is a **synthetic benchmark corpus** generated by `benchmarks/synth.py` "
        f"(notes: {notes}, seed: {seed}). Every note, source, place and agency in it is made up; "
        "nothing here is research.\n",
        encoding="utf-8",
    )
    _write_notes(content, vocab, notes, seed)


def _fresh_content(out_dir: Path, notes: int, seed: int) -> Path:
    """An empty ``out_dir/content`` with its folders and marker; never the project's content,
    and never a folder this module did not make."""
    content = out_dir / "content"
    project_content = (PROJECT_ROOT / "content").resolve()
    if (
        content == project_content
        or content.is_relative_to(project_content)
        or (project_content.is_relative_to(content))
    ):
        raise ValueError(f"refusing to write synthetic data into or over {project_content}")
    if content.exists():
        if not (content / MARKER).exists():
            raise FileExistsError(f"{content} exists and was not made by synth.py; not touching it")
        shutil.rmtree(content)
    (content / "vocabulary").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "articles").mkdir()
    (content / MARKER).write_text(
        f"synthetic benchmark corpus: notes={notes} seed={seed}\n", encoding="utf-8"
    )
    return content


def _write_notes(
    content: Path, vocab: dict[str, list[dict[str, Any]]], notes: int, seed: int
) -> None:
    """The notes, drawn from a random generator seeded apart from the vocabularies' one."""
    rng = random.Random(f"synth-notes-{seed}")
    lex = lexicon(rng)
    pickers = {
        "agencies": Picker(rng, vocab["agencies"]),
        "locations": Picker(rng, vocab["locations"], root_weight=0.2),
        "themes": Picker(rng, vocab["themes"]),
    }
    made_dirs: set[int] = set()
    for i in range(1, notes + 1):
        day, text = _note(rng, i, lex, pickers)
        year_dir = content / "articles" / str(day.year)
        if day.year not in made_dirs:
            year_dir.mkdir(exist_ok=True)
            made_dirs.add(day.year)
        (year_dir / f"synthetic-note-{i:05d}.md").write_text(text, encoding="utf-8")


def _note(
    rng: random.Random, i: int, lex: list[str], pickers: dict[str, Picker]
) -> tuple[dt.date, str]:
    """Note number `i`: its date and its text (front matter, then the body)."""
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    head = " ".join(rng.choices(lex[240:], k=rng.randint(3, 7)))  # no fillers in titles
    title = f"Synthetic note {i:05d}: {head.capitalize()}"
    lines = [
        "---",
        f"title: {yaml_str(title)}",
        f"date: {day.isoformat()}",
        "source:",
        f"  name: {SOURCE_NAME}",
        f"  url: https://example.org/synthetic/{day.year}/{i:05d}",
    ]
    if rng.random() < 0.2:
        lines.append(f"  author: Synthetic Reporter {rng.randint(1, 40):02d}")
    for kind in ("agencies", "locations", "themes"):
        lines.append(f"{kind}: {yaml_list(pickers[kind].pick())}")
    if rng.random() < 0.4:
        lines.append(f"summary: {yaml_str(sentence(rng, lex))}")
    if rng.random() < 0.01:
        lines.append("draft: true")
    lines.append("---")
    body, _ = body_text(rng, lex, rng.randint(240, 300))
    return day, "\n".join(lines) + "\n" + body + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synth", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--notes", type=int, default=1000, help="number of notes (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="writes OUT/content/")
    args = parser.parse_args(argv)
    if args.notes < 0:
        parser.error("--notes must be >= 0")
    start = time.perf_counter()
    try:
        generate(args.out, args.notes, args.seed)
    except (ValueError, FileExistsError) as exc:
        print(f"synth.py: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    print(f"wrote {args.notes} synthetic notes to {args.out / 'content'} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
