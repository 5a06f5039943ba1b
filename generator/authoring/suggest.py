"""Suggesting terms for a text: vocabulary names, aliases and keywords found in it, with evidence.

Matching ignores accents and case. Latin-script phrases match whole words (an English plural `s`
or `es` allowed: `Chinese phones` for the keyword `Chinese phone`); short all-capital acronyms
(`SSD`, `USB`) match only in capitals. Korean attaches particles to words (`회령에서`), so a
Hangul phrase of two syllables or more matches at the start of a word; a one-syllable one must be
the whole word. Where phrases overlap, the longest wins, so `Ministry of State Security` counts
once and not again as `State Security`.

A term is suggested when its name or an alias is found, or a keyword at least twice (a keyword
is weaker evidence); the rest is reported as `weak`. Among locations, a region whose narrower
region is also found gives way to it (`hoeryong` is kept, `north-hamgyong` dropped).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..content.model import Vocabulary
from ..content.words import normalise
from ..facets import SINGULAR, VOCABULARIES

MIN_KEYWORD_MENTIONS = 2
MAX_TAGS = 6  # per vocabulary; more are reported as weak
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_SEPARATOR = r"[\s\-‐‑–]+"


@dataclass(frozen=True)
class Suggestion:
    vocabulary: str
    term_id: str
    mentions: int
    evidence: tuple[tuple[str, int], ...]  # (as written in the text, count), most frequent first
    named: bool  # found by its name or an alias, not only by keywords
    first: int  # offset of the first mention, to break ties

    def format(self) -> str:
        """`hoeryong ← "Hoeryong" ×3, "회령" ×1`"""
        shown = ", ".join(f'"{text}" ×{count}' for text, count in self.evidence)
        return f"{self.term_id} ← {shown}"


@dataclass(frozen=True)
class Suggestions:
    tagged: Mapping[str, tuple[Suggestion, ...]]  # vocabulary → suggestions, best first
    weak: tuple[Suggestion, ...] = ()  # found, but not enough to tag
    broader: tuple[tuple[Suggestion, str], ...] = ()  # (dropped region, the narrower one kept)

    def ids(self, vocabulary: str) -> tuple[str, ...]:
        return tuple(s.term_id for s in self.tagged.get(vocabulary, ()))

    def any(self) -> bool:
        return any(self.tagged.values())

    def lines(self) -> list[str]:
        """What the author reads: every suggestion and every near-miss, with its evidence."""
        shown = [
            f"{SINGULAR[v]}: {s.format()}" for v in VOCABULARIES for s in self.tagged.get(v, ())
        ]
        shown += [
            f"{SINGULAR[s.vocabulary]}: {s.format()} (not tagged: {kept} is narrower)"
            for s, kept in self.broader
        ]
        shown += [
            f"{SINGULAR[s.vocabulary]}: {s.format()} (not tagged: weak evidence)" for s in self.weak
        ]
        return shown


# --- the text, folded ------------------------------------------------------------------------


def _fold_char(char: str) -> str:
    if char.isascii():
        return char
    kept = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


def fold(text: str) -> tuple[str, list[int]]:
    """Accents dropped (case kept: the pattern ignores it); and where each folded char came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            folded.append(piece)
            origin.append(index)
    origin.append(len(text))
    return "".join(folded), origin


# --- the patterns ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Phrase:
    pattern: str
    length: int
    terms: tuple[str, ...]
    named: bool
    key: str  # its first word, casefolded: a text without that word cannot match it


def _phrase_pattern(phrase: str, proper: bool) -> str:
    """Whole words with an optional plural; Hangul from a word start; capitals where they matter."""
    words = [w for w in re.split(_SEPARATOR, phrase) if w]
    escaped = [re.escape(w) for w in words]
    if _HANGUL.search(phrase):
        whole = len(normalise(phrase)) < 2
        return rf"(?<!\w){_SEPARATOR.join(escaped)}" + (r"(?!\w)" if whole else "")
    acronym = phrase.isascii() and phrase.isupper() and len(phrase) <= 5
    if proper and words[0][0].isupper():  # `Cabinet` the agency, not a locked cabinet
        escaped[0] = f"(?-i:{re.escape(words[0][0])}){re.escape(words[0][1:])}"
    plural = "(?:e?s)?" if phrase[-1:].isalpha() and not acronym else ""
    pattern = rf"(?<!\w){_SEPARATOR.join(escaped)}{plural}(?!\w)"
    return f"(?-i:{pattern})" if acronym else pattern


def _spellings(vocabulary: Vocabulary) -> dict[str, tuple[str, list[str], bool]]:
    """casefolded phrase → (spelling, term ids, named); aliases two terms share are left out."""
    found: dict[str, tuple[str, list[str], bool]] = {}
    for term in vocabulary.terms.values():
        names = [term.name, term.id.replace("-", " "), *term.aliases]
        spelled = [(n, True) for n in names] + [(k, False) for k in term.keywords]
        for written, named in spelled:
            phrase = " ".join(fold(written)[0].split())
            key = normalise(phrase)
            if len(key) < 2 or (named and len(vocabulary.index.get(key, ())) > 1):
                continue
            spelling, ids, was_named = found.setdefault(phrase.casefold(), (phrase, [], named))
            if term.id not in ids:
                ids.append(term.id)
            found[phrase.casefold()] = (spelling, ids, was_named or named)
    return found


def _phrases(vocabulary: Vocabulary) -> list[_Phrase]:
    """Every spelling of every term, once. Agencies and places are proper names: a capital in
    the vocabulary must be a capital in the text; themes are common nouns and match any case."""
    proper = vocabulary.name != "themes"
    return [
        _Phrase(
            _phrase_pattern(spelling, proper),
            len(spelling),
            tuple(ids),
            named,
            re.findall(r"\w+", spelling.casefold())[0],
        )
        for spelling, ids, named in _spellings(vocabulary).values()
        if re.search(r"\w", spelling)
    ]


class _Matcher:
    """A vocabulary's phrases, indexed by first word so each text compiles only its candidates."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.by_key: dict[str, list[_Phrase]] = {}
        for phrase in _phrases(vocabulary):
            self.by_key.setdefault(phrase.key, []).append(phrase)

    def candidates(self, words: set[str]) -> list[_Phrase]:
        keys = set(words)
        for word in words:
            keys.update((word[:-1], word[:-2]))  # plurals: phones → phone, boxes → box
            if _HANGUL.search(word):  # Korean particles: 회령에서 → 회령
                keys.update(word[:end] for end in range(1, len(word)))
        found = [p for key in keys & self.by_key.keys() for p in self.by_key[key]]
        return sorted(found, key=lambda p: (-p.length, p.pattern))

    def finditer(self, folded: str, words: set[str]) -> Iterator[tuple[re.Match[str], _Phrase]]:
        """Longest phrase first in the alternation, so the longest match at a place wins."""
        phrases = self.candidates(words)
        if not phrases:
            return
        pattern = "|".join(f"(?P<p{i}>{phrase.pattern})" for i, phrase in enumerate(phrases))
        for match in re.compile(pattern, re.IGNORECASE).finditer(folded):
            yield match, phrases[int((match.lastgroup or "p0")[1:])]


# --- finding and ranking ---------------------------------------------------------------------


@dataclass
class _Found:
    evidence: Counter[str]
    named: bool
    first: int


def _find(matcher: _Matcher, text: str, folded: str, origin: list[int]) -> dict[str, _Found]:
    found: dict[str, _Found] = {}
    words = set(re.findall(r"\w+", folded.casefold()))
    for match, phrase in matcher.finditer(folded, words):
        written = " ".join(text[origin[match.start()] : origin[match.end()]].split())
        for term_id in phrase.terms:
            entry = found.setdefault(term_id, _Found(Counter(), False, match.start()))
            entry.evidence[written] += 1
            entry.named = entry.named or phrase.named
    return found


def _suggestion(vocabulary: str, term_id: str, found: _Found) -> Suggestion:
    evidence = tuple(sorted(found.evidence.items(), key=lambda item: (-item[1], item[0])))
    mentions = sum(found.evidence.values())
    return Suggestion(vocabulary, term_id, mentions, evidence, found.named, found.first)


def _rank(suggestions: list[Suggestion]) -> list[Suggestion]:
    return sorted(suggestions, key=lambda s: (-s.mentions, s.first, s.term_id))


def _narrowest(
    vocabulary: Vocabulary, suggestions: list[Suggestion]
) -> tuple[list[Suggestion], list[tuple[Suggestion, str]]]:
    """Drop a region when a narrower one is found too; say which one it gave way to."""
    by_id = {s.term_id: s for s in suggestions}
    broader: dict[str, str] = {}
    for suggestion in suggestions:
        for ancestor in vocabulary.ancestors(suggestion.term_id):
            if ancestor in by_id:
                broader.setdefault(ancestor, suggestion.term_id)
    kept = [s for s in suggestions if s.term_id not in broader]
    return kept, [(by_id[a], narrower) for a, narrower in broader.items()]


class Suggester:
    """The vocabularies' patterns, compiled once for any number of texts."""

    def __init__(self, vocabularies: Mapping[str, Vocabulary]) -> None:
        self.vocabularies = {n: vocabularies[n] for n in VOCABULARIES if n in vocabularies}
        self.matchers = {n: _Matcher(v) for n, v in self.vocabularies.items()}

    def __call__(self, text: str) -> Suggestions:
        """The terms `text` mentions, per vocabulary, ranked by mentions."""
        folded, origin = fold(text)
        tagged: dict[str, tuple[Suggestion, ...]] = {}
        weak: list[Suggestion] = []
        broader: list[tuple[Suggestion, str]] = []
        for name, matcher in self.matchers.items():
            found = _find(matcher, text, folded, origin)
            ranked = _rank([_suggestion(name, tid, f) for tid, f in found.items()])
            strong = [s for s in ranked if s.named or s.mentions >= MIN_KEYWORD_MENTIONS]
            weak += [s for s in ranked if s not in strong]
            if name == "locations":
                strong, dropped = _narrowest(self.vocabularies[name], strong)
                broader += dropped
            tagged[name] = tuple(strong[:MAX_TAGS])
            weak += strong[MAX_TAGS:]
        return Suggestions(tagged, tuple(weak), tuple(broader))


def suggest(text: str, vocabularies: Mapping[str, Vocabulary]) -> Suggestions:
    return Suggester(vocabularies)(text)
