"""generator.vocabulary: normalising, resolving, did-you-mean, the tree, and the file checks."""

from __future__ import annotations

import pytest

from generator.content.model import Vocabulary
from generator.content.read import RawVocabulary, read_vocabulary
from generator.content.vocabulary import build_vocabulary, resolve, spellings
from generator.content.words import did_you_mean, hint_for, normalise
from generator.content.yaml_nodes import parse_yaml
from generator.problems import Problem
from tests.support import FIXTURES

FIXTURE_VOCABULARY = FIXTURES / "content" / "vocabulary"


def vocabulary_of(text: str, name: str = "locations") -> tuple[Vocabulary, list[Problem]]:
    root, problems = parse_yaml(text, f"{name}.yml")
    assert problems == [], problems
    return build_vocabulary(RawVocabulary(name, f"{name}.yml", root))


def fixture(name: str) -> Vocabulary:
    raw = read_vocabulary(FIXTURE_VOCABULARY / f"{name}.yml", f"{name}.yml", name)
    vocabulary, problems = build_vocabulary(raw)
    assert problems == []
    return vocabulary


def lines(problems: list[Problem]) -> list[str]:
    return [p.format() for p in problems]


HOERYONG = """\
terms:
  - id: north-korea
    name: North Korea
    aliases: [DPRK, 북한]
  - id: north-hamgyong
    name: North Hamgyong
    aliases: [함경북도, Hamgyŏng-pukto]
    parent: north-korea
  - id: hoeryong
    name: Hoeryong
    aliases: [Hoeryŏng, 회령]
    parent: north-hamgyong
  - id: yuson-dong
    name: Yusŏn-dong
    parent: hoeryong
  - id: musan
    name: Musan
    aliases: [무산]
    parent: north-hamgyong
"""


# --------------------------------------------------------------------------------------------
# normalise


@pytest.mark.parametrize(
    "written", ["Hoeryŏng", "hoeryong", "HOERYONG", " hoe-ryong ", "Hoe Ryong", "hoeryong."]
)
def test_normalise_ignores_accents_case_punctuation_and_spacing(written: str) -> None:
    assert normalise(written) == "hoeryong"


def test_normalise_keeps_other_scripts() -> None:
    assert normalise("회령") == "회령"
    assert normalise(" 회 령 ") == "회령"
    assert normalise("Ｈｏｅｒｙｏｎｇ") == "hoeryong"  # full-width letters
    assert normalise("Straße") == "strasse"


def test_normalise_of_punctuation_only_is_empty() -> None:
    assert normalise("-- !? --") == ""


# --------------------------------------------------------------------------------------------
# resolve


@pytest.mark.parametrize(
    "written", ["hoeryong", "Hoeryong", "Hoeryŏng", "HOERYONG", " hoe-ryong ", "회령"]
)
def test_resolve_any_spelling(written: str) -> None:
    vocabulary, _ = vocabulary_of(HOERYONG)
    assert resolve(vocabulary, written).term_id == "hoeryong"


def test_resolve_unknown_has_no_candidates() -> None:
    vocabulary, _ = vocabulary_of(HOERYONG)
    resolution = resolve(vocabulary, "Pyongyang")
    assert (resolution.term_id, resolution.candidates) == (None, ())


def test_ambiguous_alias_gives_both_candidates_and_a_warning() -> None:
    text = HOERYONG + "  - id: musan-mine\n    name: Musan Mine\n    aliases: [무산]\n"
    vocabulary, problems = vocabulary_of(text)
    resolution = resolve(vocabulary, "무산")
    assert resolution.term_id is None
    assert resolution.candidates == ("musan", "musan-mine")
    assert lines(problems) == [
        "locations.yml:22: warning: '무산' names both 'musan' and 'musan-mine'; notes must write the "
        "id (drop the shared alias from one term)"
    ]
    assert resolve(vocabulary, "musan").term_id == "musan"  # the ids stay unambiguous


def test_spellings_lists_ids_names_and_aliases() -> None:
    vocabulary = fixture("themes")
    assert set(spellings(vocabulary)) == {
        "phones",
        "Mobile phones",
        "handsets",
        "bribery",
        "Bribery",
        "graft",
        "trade",
        "Trade",
        "smuggling",
        "Smuggling",
    }


# --------------------------------------------------------------------------------------------
# did_you_mean


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("corruptoin", "corruption"),
        ("Corruptoin", "corruption"),
        ("mobile phone", "mobile-phones"),
        ("smugling", "smuggling"),
        ("Hoeryng", "Hoeryong"),
        ("xyzzy", None),
    ],
)
def test_did_you_mean(word: str, expected: str | None) -> None:
    choices = ["corruption", "mobile-phones", "smuggling", "Hoeryong", "border-control"]
    assert did_you_mean(word, choices) == expected


def test_did_you_mean_prefers_the_first_choice_of_equal_keys() -> None:
    assert did_you_mean("secret ofice", ["secret-office", "Secret Office"]) == "secret-office"


def test_did_you_mean_with_no_choices() -> None:
    assert did_you_mean("x", []) is None
    assert hint_for("x", []) is None


def test_hint_for() -> None:
    assert hint_for("titel", ["title", "date"]) == "did you mean 'title'?"


# --------------------------------------------------------------------------------------------
# the tree: 4 levels


def test_ancestors_nearest_first() -> None:
    vocabulary, _ = vocabulary_of(HOERYONG)
    assert vocabulary.ancestors("yuson-dong") == ("hoeryong", "north-hamgyong", "north-korea")
    assert vocabulary.ancestors("north-korea") == ()
    assert vocabulary.depth("yuson-dong") == 3


def test_descendants_of_every_level() -> None:
    vocabulary, _ = vocabulary_of(HOERYONG)
    assert set(vocabulary.descendants("north-korea")) == {
        "north-hamgyong",
        "hoeryong",
        "yuson-dong",
        "musan",
    }
    assert set(vocabulary.descendants("north-hamgyong")) == {"hoeryong", "yuson-dong", "musan"}
    assert list(vocabulary.descendants("hoeryong")) == ["yuson-dong"]
    assert list(vocabulary.descendants("yuson-dong")) == []
    assert vocabulary.roots() == ("north-korea",)
    assert vocabulary.children("north-hamgyong") == ("hoeryong", "musan")


def test_the_fixture_tree() -> None:
    locations = fixture("locations")
    assert locations.ancestors("old-town") == ("river-city", "north-province", "testland")
    assert set(locations.descendants("testland")) == set(locations.terms) - {"testland"}
    assert resolve(locations, "강시").term_id == "river-city"
    assert resolve(locations, "river city").term_id == "river-city"


def test_term_fields_are_read() -> None:
    vocabulary, _ = vocabulary_of(
        "terms:\n  - id: x\n    name: ' X  '\n    aliases: [a, ' ', b]\n    kind: city\n"
        "    description: Some *text*.\n    coordinates: [42, -129.5]\n    keywords: [k]\n"
        "    meta: {anything: [1, 2]}\nmeta: {unverified: true}\n"
    )
    term = vocabulary.terms["x"]
    assert (term.name, term.aliases, term.kind, term.coordinates, term.keywords) == (
        "X",
        ("a", "b"),
        "city",
        (42.0, -129.5),
        ("k",),
    )
    assert term.description == "Some *text*."


def test_an_empty_vocabulary_file() -> None:
    vocabulary, problems = build_vocabulary(RawVocabulary("themes", "themes.yml", None))
    assert problems == [] and dict(vocabulary.terms) == {}


# --------------------------------------------------------------------------------------------
# checks: one problem each, with the line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- a\n",
            "t.yml:1: error: a vocabulary must be a mapping with 'terms' (write 'terms:' followed by a list of terms)",
        ),
        ("terms: {a: b}\n", "t.yml:1: error: 'terms' must be a list of terms"),
        ("terms:\n  - x\n", "t.yml:2: error: a term must be a mapping with id and name"),
        ("terms:\n  - name: X\n", "t.yml:2: error: term has no id"),
        ("terms:\n  - id: x\n    name: ''\n", "t.yml:2: error: term 'x' has no name"),
        (
            "terms:\n  - id: X Y\n    name: X\n",
            "t.yml:2: error: term id 'X Y' is not valid (lowercase letters, digits and single hyphens, e.g. x-y)",
        ),
        (
            "terms:\n  - id: x\n    name: X\n  - id: x\n    name: Y\n",
            "t.yml:4: error: duplicate term id 'x' (first on line 2) (give each term its own id)",
        ),
        (
            "terms:\n  - id: a\n    name: A\n    parent: b\n",
            "t.yml:4: error: term 'a' has unknown parent 'b' (the parent must be a term id in this file)",
        ),
        (
            "terms:\n  - id: a\n    name: A\n    parent: a\n",
            "t.yml:2: error: parent cycle: a → a (a term cannot be its own ancestor)",
        ),
        (
            "terms:\n  - id: a\n    name: A\n    nmae: B\n",
            "t.yml:4: error: unknown key 'nmae' in term (did you mean 'name'?)",
        ),
        (
            "terms:\n  - id: a\n    name: A\n    coordinates: [0, 181]\n",
            "t.yml:4: error: coordinates [0, 181] out of range (latitude within ±90, longitude within ±180, in that order)",
        ),
        (
            "terms:\n  - id: a\n    name: A\n    coordinates: [north, 1]\n",
            "t.yml:4: error: coordinates must be [latitude, longitude]",
        ),
        (
            "terms:\n  - id: a\n    name: A\n    coordinates: [true, 1]\n",
            "t.yml:4: error: coordinates must be [latitude, longitude]",
        ),
        (
            "terms:\n  - id: a\n    name: A\n    kind: [x]\n",
            "t.yml:4: error: 'kind' must be text",
        ),
        (
            "terms:\n  - id: a\n    name: A\n    keywords: [[x]]\n",
            "t.yml:4: error: 'keywords' must be a list of text",
        ),
        (
            "terms:\n  - id: a\n    name: A\n  - id: b\n    name: B\n    aliases: [A-]\n",
            "t.yml:6: error: alias 'A-' of 'b' is the id of another term 'a' (remove the alias)",
        ),
    ],
)
def test_vocabulary_problem(text: str, expected: str) -> None:
    root, _ = parse_yaml(text, "t.yml")
    _, problems = build_vocabulary(RawVocabulary("themes", "t.yml", root))
    assert lines(problems) == [expected]


def test_a_long_cycle_is_printed_once_and_broken() -> None:
    text = "terms:\n" + "".join(
        f"  - id: t{i}\n    name: T{i}\n    parent: t{(i + 1) % 4}\n" for i in range(4)
    )
    vocabulary, problems = vocabulary_of(text, "themes")
    assert [p.message for p in problems] == ["parent cycle: t0 → t1 → t2 → t3 → t0"]
    for term_id in vocabulary.terms:  # the tree can be walked safely afterwards
        assert len(vocabulary.ancestors(term_id)) < 4
        assert len(list(vocabulary.descendants(term_id))) < 4


def test_a_term_below_a_cycle_is_not_part_of_it() -> None:
    text = (
        "terms:\n  - id: a\n    name: A\n    parent: b\n  - id: b\n    name: B\n    parent: a\n"
        "  - id: c\n    name: C\n    parent: a\n"
    )
    _, problems = vocabulary_of(text, "themes")
    assert [p.message for p in problems] == ["parent cycle: a → b → a"]


def test_dangling_parent_does_not_suggest_the_term_itself() -> None:
    _, problems = vocabulary_of(
        "terms:\n  - id: bribery\n    name: B\n    parent: bribary\n", "themes"
    )
    assert [p.hint for p in problems] == ["the parent must be a term id in this file"]


def test_every_problem_of_a_vocabulary_at_once() -> None:
    text = (
        "terms:\n"
        "  - id: a\n    name: A\n    parent: zz\n"  # 2-4
        "  - id: B\n    name: B\n"  # 5-6
        "  - id: a\n    name: A2\n"  # 7-8
        "  - name: nameless\n"  # 9
        "colour: red\n"  # 10
    )
    root, _ = parse_yaml(text, "t.yml")
    _, problems = build_vocabulary(RawVocabulary("themes", "t.yml", root))
    assert sorted((p.line, p.message) for p in problems) == [
        (4, "term 'a' has unknown parent 'zz'"),
        (5, "term id 'B' is not valid"),
        (7, "duplicate term id 'a' (first on line 2)"),
        (9, "term has no id"),
        (10, "unknown key 'colour' in vocabulary file"),
    ]
