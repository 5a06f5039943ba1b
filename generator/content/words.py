"""Words as authors write them: the matching key, did-you-mean, and the one slug function.

Authors write `Hoeryŏng`, `hoeryong` or `회령` and mean one place; matching therefore compares
normalised keys (accents, case, punctuation and spacing removed). File names and term ids are
made from the same folding, by `slugify` alone, after `romanise` has put titles in any script
into Latin letters: a Korean title gave `2024-04-19-note.md`, then `…-note-2.md`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

_SLUG_WORDS = re.compile(r"[a-z0-9]+")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]+")
_NOT_ASCII = re.compile("[^\x00-\x7f]+")
_SYLLABIC = ("CJK", "HIRAGANA", "KATAKANA")  # scripts written without spaces between words


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


def romanise(text: str) -> str:
    """`text` in Latin letters, for slugs: Korean in the Revised Romanisation of Korean, with
    its sound changes (`종로` → `jongno`, `신라` → `silla`), every other script transliterated
    (`Север` → `Sever`, `北朝鲜` → `Bei Chao Xian`). Latin text is left as it is.

    Korean comes from koroman, which applies the National Institute of Korean Language's
    pronunciation rules the official romanisation is defined on (letter-by-letter tables such
    as anyascii's or Unidecode's write `hoelyeong` for 회령, not `hoeryeong`). The rest comes
    from anyascii, one transliteration for every script, kept up to date with Unicode.
    """
    if text.isascii():
        return text
    from koroman import romanize  # imported here: only `new` and `import` make slugs

    korean = _HANGUL.sub(lambda found: romanize(found.group(), use_custom_dictionary=False), text)
    return _NOT_ASCII.sub(_transliterated, korean)


def _transliterated(found: re.Match[str]) -> str:
    """A run of other letters in ASCII; Han characters and kana one syllable apiece, apart
    (`北朝鮮の` → ` Bei Chao Xian no `), since nothing marks where their words end."""
    from anyascii import anyascii

    run = found.group()
    if any(unicodedata.name(char, "").startswith(_SYLLABIC) for char in run):
        return " " + " ".join(anyascii(char) for char in run) + " "
    return anyascii(run)


def slugify(text: str, words: int | None = None, skip: Iterable[str] = ()) -> str:
    """The ASCII words of `text` (any script romanised, accents folded), joined by hyphens: at
    most `words` of them, leaving out those in `skip`; "" when none is left."""
    skipped = frozenset(skip)
    folded = normalise_spaced(romanise(text))
    kept = [w for w in _SLUG_WORDS.findall(folded) if w not in skipped]
    return "-".join(kept[:words])
