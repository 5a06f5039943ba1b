"""The YAML mistakes authors make, recognised and told with the fix (`yaml_hints.py`)."""

from __future__ import annotations

import pytest

from generator.content.yaml_hints import curly_quoted, explain, quoted, slashed_date

MAPPING = "mapping values are not allowed in this context"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Daily NK: state security offices", '"Daily NK: …"'),
        ("ends with a colon:", '"ends with a colon:"'),
        ('He said "no": twice', "'He said \"no\": …'"),
        ("x" * 50, '"' + "x" * 40 + '…"'),
        ("a back\\slash: b", '"a back\\\\slash: …"'),
    ],
    ids=["cut-after-the-colon", "no-space-after", "double-quote-inside", "long", "backslash"],
)
def test_quoted_example(value: str, shown: str) -> None:
    assert quoted(value) == shown


def test_the_parsers_words_are_kept_for_other_mistakes() -> None:
    assert explain("did not find expected key", "title: x", 3) is None
    assert explain(MAPPING, "[a: b]: c", 2) is None


def test_a_tab_is_named_whatever_the_parser_said() -> None:
    assert explain("found character that cannot start any token", "\tname: x", 0) == (
        "the line is indented with a tab",
        "indent with spaces: YAML does not allow tabs",
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024/04/19", ("is written with slashes", "write it as 2024-04-19")),
        ("19/04/2024", ("is written with slashes", "write it as 2024-04-19")),
        ("04/19/2024", ("is written with slashes", "write it as 2024-04-19")),
        (
            "04/05/2024",
            ("is written with slashes", "write it as YYYY-MM-DD: 2024-05-04 or 2024-04-05?"),
        ),
        ("05/05/2024", ("is written with slashes", "write it as 2024-05-05")),
        ("19.04.2024", ("is written with dots", "write it as 2024-04-19")),
        ("31/31/2024", ("is written with slashes", "write it as YYYY-MM-DD")),
        ("2024-04-19", None),
        ("19/04/24", ("is written with slashes", "write it as YYYY-MM-DD")),
    ],
)
def test_slashed_dates(raw: str, expected: tuple[str, str] | None) -> None:
    assert slashed_date(raw) == expected


def test_curly_quoted() -> None:
    assert curly_quoted("“x”") == "x"
    assert curly_quoted("‘x’") == "x"
    assert curly_quoted("“x") is None
    assert curly_quoted("x”") is None
    assert curly_quoted('"x"') is None
