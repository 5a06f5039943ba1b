"""Words as authors write them: the matching key, did-you-mean, and the one slug function.

Authors write `Hoeryŏng`, `hoeryong` or `회령` and mean one place; matching therefore compares
normalised keys (accents, case, punctuation and spacing removed). File names and term ids are
made from the same folding, by `slugify` alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

_SLUG_WORDS = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """The matching key: no accents, no case, letters and digits only (any script).

    Cached: a large archive writes the same few hundred term spellings tens of thousands of times.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", "".join(c for c in "".join(kept).casefold() if c.isalnum()))


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 60) -> str | None:
    """The closest choice, compared on normalised keys so `Corruptoin` still finds `corruption`."""
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(normalise(choice), choice)
    if not by_key:
        return None
    found = process.extractOne(
        normalise(word), list(by_key), scorer=fuzz.ratio, score_cutoff=cutoff
    )
    return by_key[found[0]] if found else None


def hint_for(word: str, choices: Iterable[str]) -> str | None:
    suggestion = did_you_mean(word, choices)
    return f"did you mean '{suggestion}'?" if suggestion else None


def normalise_spaced(text: str) -> str:
    """Accents removed and case folded, spacing and punctuation kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text: str, words: int | None = None, skip: Iterable[str] = ()) -> str:
    """The ASCII words of `text` (accents folded), joined by hyphens: at most `words` of them,
    leaving out those in `skip`; "" when none is left."""
    skipped = frozenset(skip)
    kept = [w for w in _SLUG_WORDS.findall(normalise_spaced(text)) if w not in skipped]
    return "-".join(kept[:words])
