"""The synthetic vocabularies of the benchmark corpus: regions, agencies, themes.

Pseudo-words built from syllables, each with a Hangul-like spelling (one jamo per onset, vowel
and coda, so distinct words get distinct spellings), make the terms' names and aliases. Within
one vocabulary no alias collides with another term's id, name or alias after normalisation
(`Registry`), so every alias is unambiguous.

Used by `benchmarks.synth`, which draws from one seeded random generator in a fixed order:
the same seed gives the same terms, byte for byte.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

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


Place = tuple[str, float, float]  # id, latitude, longitude


def _near(rng: random.Random, lat: float, lon: float, spread: float) -> list[float]:
    """Coordinates within `spread` degrees of a parent's, kept inside the box."""
    return [
        round(clamp(lat + rng.uniform(-spread, spread), LAT_BOX), 4),
        round(clamp(lon + rng.uniform(-spread, spread), LON_BOX), 4),
    ]


def locations(rng: random.Random, words: Words) -> list[dict[str, Any]]:
    """1 country -> 8 provinces -> 25 cities/counties (3 or 4 each) -> 26 districts (0-3 per
    city), drawn in that order from `rng`."""
    registry = Registry()
    terms: list[dict[str, Any]] = []
    country_id, country_word = _country(words, registry, terms)
    provinces = _provinces(rng, words, registry, terms, country_id, country_word)
    cities = _cities(rng, words, registry, terms, [provinces[i % 8] for i in range(25)])
    # 26 districts: spread so that some cities have none and some several.
    _districts(rng, words, registry, terms, [cities[i % 13] for i in range(26)])
    return terms


def _country(words: Words, registry: Registry, terms: list[dict[str, Any]]) -> tuple[str, str]:
    country_word, country_hangul = fresh(words, registry, lambda w: [w + " Land"], 2, 2)
    country_id = slug(country_word) + "-land"
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
            coordinates=[40.0, 127.0],
            meta=synthetic_meta(level=0),
        )
    )
    return country_id, country_word


def _provinces(
    rng: random.Random,
    words: Words,
    registry: Registry,
    terms: list[dict[str, Any]],
    country_id: str,
    country_word: str,
) -> list[Place]:
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
    return provinces


def _cities(
    rng: random.Random,
    words: Words,
    registry: Registry,
    terms: list[dict[str, Any]],
    parents: list[Place],
) -> list[Place]:
    cities = []
    for c, (pid, plat, plon) in enumerate(parents):
        word, hangul = fresh(words, registry, lambda w: [w, w + " County"])
        county = c % 3 == 2
        kind = "county" if county else "city"
        name = f"{word} County" if county else word
        suffix = "군" if county else "시"
        lat, lon = _near(rng, plat, plon, 0.7)
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
    return cities


def _districts(
    rng: random.Random,
    words: Words,
    registry: Registry,
    terms: list[dict[str, Any]],
    parents: list[Place],
) -> None:
    for cid, clat, clon in parents:
        word, hangul = fresh(words, registry, lambda w: [w + "-dong"])
        lat, lon = _near(rng, clat, clon, 0.12)
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
