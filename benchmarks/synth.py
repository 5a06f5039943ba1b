"""Seeded synthetic corpus for the performance benchmarks (issue 6).

    python benchmarks/synth.py --notes 10000 --seed 1 --out /tmp/bench

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

Importable: ``generate(out_dir, notes, seed)``.
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
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MARKER = ".synthetic-corpus"  # file left in every generated content/ so a rerun may replace it

SOURCE_NAME = "Synthetic Wire"
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
# A box around the Korean peninsula's north; coordinates stay inside it.
LAT_BOX = (37.70, 43.00)
LON_BOX = (124.30, 130.70)

# Pseudo-syllables: onset consonants and vowels, each mapped one-to-one onto Hangul jamo so that
# a pseudo-word has a unique Hangul-like spelling (distinct words -> distinct Hangul aliases).
ONSETS = ["k", "n", "t", "r", "m", "p", "s", "", "j", "ch", "kh", "th", "ph", "h", "g", "d", "b"]
ONSET_JAMO = [0, 2, 3, 5, 6, 7, 9, 11, 12, 14, 15, 16, 17, 18, 1, 4, 8]  # Hangul initial index
VOWELS = ["a", "e", "i", "o", "u", "ae", "yo", "ya", "eo", "wa"]
VOWEL_JAMO = [0, 5, 20, 8, 13, 1, 12, 2, 4, 9]  # Hangul medial index
CODAS = ["", "", "", "n", "ng", "l", "m", "k"]
CODA_JAMO = {"": 0, "n": 4, "ng": 21, "l": 8, "m": 16, "k": 1}  # Hangul final index
ACCENTS = {"o": "ŏ", "u": "ŭ", "e": "é", "a": "á"}


# --------------------------------------------------------------------------------------------
# helpers


def normalise(text: str) -> str:
    """The matching key of PRODUCT.md: NFKD, drop combining marks, casefold, letters/digits."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in "".join(kept).casefold() if c.isalnum())


class Words:
    """Deterministic pseudo-words built from syllables; remembers them to keep names unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def syllables(self, count: int) -> list[tuple[int, int, str]]:
        rng = self.rng
        out = []
        for position in range(count):
            coda = rng.choice(CODAS) if position == count - 1 else rng.choice(["", "", "n", "l"])
            out.append((rng.randrange(len(ONSETS)), rng.randrange(len(VOWELS)), coda))
        return out

    @staticmethod
    def latin(sylls: Sequence[tuple[int, int, str]]) -> str:
        return "".join(ONSETS[o] + VOWELS[v] + c for o, v, c in sylls)

    @staticmethod
    def hangul(sylls: Sequence[tuple[int, int, str]]) -> str:
        return "".join(
            chr(0xAC00 + (ONSET_JAMO[o] * 21 + VOWEL_JAMO[v]) * 28 + CODA_JAMO[c])
            for o, v, c in sylls
        )

    def new(self, min_syll: int = 2, max_syll: int = 3) -> tuple[str, str]:
        """A fresh (Latin, Hangul) pair, capitalised Latin, unique by normalised key."""
        while True:
            sylls = self.syllables(self.rng.randint(min_syll, max_syll))
            word = self.latin(sylls)
            if not 4 <= len(word) <= 12 or word in self.used:
                continue
            self.used.add(word)
            return word.capitalize(), self.hangul(sylls)


def accented(word: str) -> str | None:
    """'Kalvosu' -> 'Kalvŏsŭ' (McCune-Reischauer-like breves); None if nothing to accent."""
    out = []
    changed = False
    for i, ch in enumerate(word):
        # accent o/u (and e/a when nothing else) but never the first letter
        if i and ch in "ou":
            out.append(ACCENTS[ch])
            changed = True
        else:
            out.append(ch)
    if not changed:
        for i, ch in enumerate(word):
            if i and ch in "ea":
                out[i] = ACCENTS[ch]
                changed = True
                break
    return "".join(out) if changed else None


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = ["".join(c for c in part if c.isalnum()) for part in ascii_text.split()]
    return "-".join(p for p in parts if p)


class Registry:
    """Normalised keys of one vocabulary: no alias may collide with another term's id/name/alias."""

    def __init__(self) -> None:
        self.owner: dict[str, str] = {}

    def claim(self, term_id: str, text: str) -> bool:
        key = normalise(text)
        if not key:
            return False
        holder = self.owner.setdefault(key, term_id)
        return holder == term_id

    def free(self, text: str) -> bool:
        key = normalise(text)
        return bool(key) and key not in self.owner


def fresh(words: Words, registry: Registry, keys: Any, lo: int = 2, hi: int = 3) -> tuple[str, str]:
    """A new word whose id and name (``keys(word)``) are free in the registry."""
    while True:
        word, hangul = words.new(lo, hi)
        if all(registry.free(k) for k in keys(word)):
            return word, hangul


def clamp(value: float, box: tuple[float, float]) -> float:
    return min(max(value, box[0]), box[1])


def synthetic_meta(**extra: Any) -> dict[str, Any]:
    return {"synthetic": True, **extra}


# --------------------------------------------------------------------------------------------
# vocabularies


def make_term(
    registry: Registry,
    term_id: str,
    name: str,
    aliases: Sequence[str | None],
    **fields: Any,
) -> dict[str, Any]:
    if not (registry.claim(term_id, term_id) and registry.claim(term_id, name)):
        raise ValueError(f"synthetic id/name collision: {term_id} {name}")
    kept = []
    for alias in aliases:
        if alias and alias != name and alias not in kept and registry.claim(term_id, alias):
            kept.append(alias)
    term: dict[str, Any] = {"id": term_id, "name": name}
    if kept:
        term["aliases"] = kept
    for key in ("parent", "kind", "description", "coordinates", "keywords", "meta"):
        if fields.get(key) is not None:
            term[key] = fields[key]
    return term


def locations(rng: random.Random, words: Words) -> list[dict[str, Any]]:
    registry = Registry()
    terms: list[dict[str, Any]] = []

    def coords(lat: float, lon: float, spread: float) -> list[float]:
        return [
            round(clamp(lat + rng.uniform(-spread, spread), LAT_BOX), 4),
            round(clamp(lon + rng.uniform(-spread, spread), LON_BOX), 4),
        ]

    country_word, country_hangul = fresh(words, registry, lambda w: [w + " Land"], 2, 2)
    country_id = slug(country_word) + "-land"
    country = [40.0, 127.0]
    terms.append(
        make_term(
            registry,
            country_id,
            f"{country_word} Land",
            [
                f"{accented(country_word) or country_word} Land",
                country_hangul,
                country_hangul + "국",
                f"{country_word}-guk",
            ],
            kind="country",
            description=f"Synthetic country; root of the {country_word} region tree.",
            coordinates=country,
            meta=synthetic_meta(level=0),
        )
    )

    # 8 provinces -> 25 cities/counties (3 or 4 each) -> 26 districts (0-3 per city)
    provinces = []
    for p in range(8):
        word, hangul = fresh(words, registry, lambda w: [w, w + " Province"])
        pid = slug(word)
        lat = rng.uniform(LAT_BOX[0] + 0.6, LAT_BOX[1] - 0.6)
        lon = rng.uniform(LON_BOX[0] + 0.6, LON_BOX[1] - 0.6)
        terms.append(
            make_term(
                registry,
                pid,
                f"{word} Province",
                [word, accented(word), hangul + "도", f"{word}-do"],
                parent=country_id,
                kind="province",
                description=f"Synthetic province {p + 1} of {country_word} Land.",
                coordinates=[round(lat, 4), round(lon, 4)],
                meta=synthetic_meta(level=1),
            )
        )
        provinces.append((pid, lat, lon))

    city_parents = [provinces[i % 8] for i in range(25)]
    cities = []
    for c, (pid, plat, plon) in enumerate(city_parents):
        word, hangul = fresh(words, registry, lambda w: [w, w + " County"])
        county = c % 3 == 2
        kind = "county" if county else "city"
        name = f"{word} County" if county else word
        suffix = "군" if county else "시"
        lat, lon = coords(plat, plon, 0.7)
        aliases = [accented(word), hangul, hangul + suffix]
        aliases.append(word if county else f"{word} City")
        terms.append(
            make_term(
                registry,
                slug(word),
                name,
                aliases,
                parent=pid,
                kind=kind,
                coordinates=[lat, lon],
                description=f"Synthetic {kind} in {pid} (benchmark data).",
                meta=synthetic_meta(level=2),
            )
        )
        cities.append((slug(word), lat, lon))

    # 26 districts: spread so that some cities have none and some several.
    district_parents = [cities[i % 13] for i in range(26)]
    for cid, clat, clon in district_parents:
        word, hangul = fresh(words, registry, lambda w: [w + "-dong"])
        lat, lon = coords(clat, clon, 0.12)
        terms.append(
            make_term(
                registry,
                slug(word) + "-dong",
                f"{word}-dong",
                [f"{accented(word) or word}-dong", hangul + "동", f"{word} District"],
                parent=cid,
                kind="district",
                coordinates=[lat, lon],
                meta=synthetic_meta(level=3),
            )
        )
    return terms


AGENCY_TOP = ["Ministry of {w}", "{w} Commission", "State {w} Committee", "{w} Department"]
AGENCY_SUB = ["{w} Bureau", "{w} Office", "{w} Unit", "{w} Section", "{w} Command"]
THEME_NOUNS = [
    "trade",
    "markets",
    "labour",
    "policing",
    "transport",
    "housing",
    "schooling",
    "rations",
    "festivals",
    "farming",
    "fisheries",
    "mining",
    "media",
    "finance",
]


def acronym(name: str) -> str:
    return "".join(part[0] for part in name.replace("-", " ").split() if part[0].isupper())


def agencies(rng: random.Random, words: Words) -> list[dict[str, Any]]:
    registry = Registry()
    terms: list[dict[str, Any]] = []
    tops: list[str] = []
    subs: list[str] = []
    for a in range(50):
        if a < 12:
            pattern, parent, kind, suffix = AGENCY_TOP[a % 4], None, "ministry", "성"
        else:
            pool = tops if a < 36 else subs
            parent = pool[rng.randrange(len(pool))] if rng.random() < 0.85 else None
            pattern, kind, suffix = rng.choice(AGENCY_SUB), "bureau", "국"
        word, hangul = fresh(words, registry, lambda w, p=pattern: [p.format(w=w)])
        name = pattern.format(w=word)
        tid = slug(name)
        accented_word = accented(word)
        aliases = [
            acronym(name) if len(acronym(name)) >= 2 else None,
            hangul + suffix,
            pattern.format(w=accented_word) if accented_word else None,
        ]
        if rng.random() < 0.3:
            aliases.append(f"{word} Agency")
        terms.append(
            make_term(
                registry,
                tid,
                name,
                aliases,
                parent=parent,
                kind=kind,
                description=f"Synthetic agency {a + 1:02d} (benchmark data, not a real body).",
                meta=synthetic_meta(),
            )
        )
        (tops if a < 12 else subs).append(tid)
    return terms


def themes(rng: random.Random, words: Words) -> list[dict[str, Any]]:
    registry = Registry()
    terms: list[dict[str, Any]] = []
    tops: list[str] = []
    for t in range(30):
        noun = THEME_NOUNS[t % len(THEME_NOUNS)]
        word, hangul = fresh(words, registry, lambda w, n=noun: [f"{w} {n}"])
        name = f"{word} {noun}"
        tid = slug(name)
        parent = None if t < 10 else tops[rng.randrange(len(tops))]
        accented_word = accented(word)
        aliases: list[str | None] = [f"{accented_word} {noun}" if accented_word else None]
        if rng.random() < 0.5:
            aliases.append(hangul)
        terms.append(
            make_term(
                registry,
                tid,
                name,
                aliases,
                parent=parent,
                description=f"Synthetic theme {t + 1:02d} for benchmarks.",
                keywords=[word.lower(), hangul],
                meta=synthetic_meta(),
            )
        )
        if t < 10:
            tops.append(tid)
    return terms


def dump_vocabulary(path: Path, kind: str, terms: list[dict[str, Any]]) -> None:
    header = (
        f"# SYNTHETIC benchmark vocabulary ({kind}); generated by benchmarks/synth.py.\n"
        "# Not real places or bodies. Do not copy into content/.\n"
    )
    body = yaml.safe_dump(
        {"meta": {"synthetic": True, "generator": "benchmarks/synth.py"}, "terms": terms},
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=None,
    )
    path.write_text(header + body, encoding="utf-8")


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
    out_dir = Path(out_dir).resolve()
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

    rng = random.Random(f"synth-notes-{seed}")
    lex = lexicon(rng)
    title_words = lex[240:]  # no fillers in titles
    pickers = {
        "agencies": Picker(rng, vocab["agencies"]),
        "locations": Picker(rng, vocab["locations"], root_weight=0.2),
        "themes": Picker(rng, vocab["themes"]),
    }
    span = (LAST_DAY - FIRST_DAY).days
    made_dirs: set[int] = set()
    for i in range(1, notes + 1):
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))
        head = " ".join(rng.choices(title_words, k=rng.randint(3, 7)))
        title = f"Synthetic note {i:05d}: {head.capitalize()}"
        note_slug = f"synthetic-note-{i:05d}"
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
        year_dir = content / "articles" / str(day.year)
        if day.year not in made_dirs:
            year_dir.mkdir(exist_ok=True)
            made_dirs.add(day.year)
        (year_dir / f"{note_slug}.md").write_text(
            "\n".join(lines) + "\n" + body + "\n", encoding="utf-8"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
