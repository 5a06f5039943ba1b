"""Slugs from headlines: the few words of a title that say what the note is about.

Headlines abbreviate and possess: "N. Korea's state security agency cracks down on corruption".
Folded word by word, that gave `n-korea-s-state-security-agency`: a stray letter from the
abbreviation, another from the possessive, and no room left for what happened. So, before the
words are taken:

- a possessive or contracted ending goes (`Korea's` → `korea`, `officers'` → `officers`,
  `don't` → `don`);
- dotted abbreviations join up (`U.S.` → `us`, `N.K.` → `nk`), and a compass initial before a
  name is written out (`N. Korea` → `north korea`, `S.Pyongan` → `south pyongan`);
- any single letter still standing goes (`Bureau X` → `bureau`, `Plan B` → `plan`): a slug is
  read out of context, where a lone letter means nothing;

then small words (`the`, `of`, `in` …) do not count and at most `SLUG_WORDS` meaningful words are
kept. Both `digest new` and `digest import` name files this way; `drafts.py` owns the rest of a
file name (the date, free names, lengths).
"""

from __future__ import annotations

import re
from datetime import date

from ..content.words import normalise_spaced, romanise
from .drafts import note_slug

SLUG_WORDS = 6
_STOP = "a an the of in on at to for and or by with from as is are was were be been its it"
STOP_WORDS = frozenset(_STOP.split())
_APOSTROPHE = "'’ʼ"
_ENDING = re.compile(rf"(?<=\w)[{_APOSTROPHE}](?:s|t|re|ve|ll|d|m)?\b", re.IGNORECASE)
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_COMPASS = re.compile(r"\b([NSEW])\.\s*(?=[A-Z])")
_COMPASS_WORDS = {"N": "North ", "S": "South ", "E": "East ", "W": "West "}
_WORD = re.compile(r"[a-z0-9]+")


def headline_words(title: str) -> list[str]:
    """The title's words as a slug takes them: folded to ASCII, none a stray letter."""
    text = _ENDING.sub("", title)
    text = _DOTTED.sub(lambda found: found.group().replace(".", "") + " ", text)
    text = _COMPASS.sub(lambda found: _COMPASS_WORDS[found.group(1)], text)
    words = _WORD.findall(normalise_spaced(romanise(text)))
    return [word for word in words if len(word) > 1 or word.isdigit()]


def headline_slug(title: str, when: date, fallback: str) -> str:
    """`2024-04-19-north-korea-state-security-agency-cracks`: the date and the title's first
    `SLUG_WORDS` meaningful words, in any script romanised (`회령 보위부` → `hoeryeong-bowibu`);
    `<date>-<fallback>` when none is left (a title of emoji or punctuation)."""
    return note_slug(" ".join(headline_words(title)), when, SLUG_WORDS, STOP_WORDS, fallback)
