"""Slugs from headlines read well: no stray single letters, no possessive `s`, at most six
meaningful words; and likely duplicates are told apart from different reports."""

from __future__ import annotations

from datetime import date

import pytest

from generator.authoring.duplicates import Existing, likely_duplicates, similar
from generator.authoring.headlines import headline_slug

WHEN = date(2024, 4, 19)


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        (
            "N. Korea's state security agency cracks down on corruption in offices along border",
            "north-korea-state-security-agency-cracks",
        ),
        (
            "Hoeryong security office caught renting out confiscated phones",
            "hoeryong-security-office-caught-renting-out",
        ),
        ("U.S. and S.Korea hold talks on N.K. defectors", "us-south-korea-hold-talks-nk"),
        ("Bureau X raids handset dealers in River City", "bureau-raids-handset-dealers-river-city"),
        ("Officers' wives don't stop selling calls", "officers-wives-don-stop-selling-calls"),
        ("Kim’s sister’s warning: a new ‘plan B’", "kim-sister-warning-new-plan"),
        ("The Bowibu of Hoeryŏng: a report!", "bowibu-hoeryong-report"),
        ("5 smugglers shot near Hyesan", "5-smugglers-shot-near-hyesan"),
        # any script romanised: Korean in the Revised Romanisation, with its sound changes
        ("강시 비밀국", "gangsi-bimilguk"),
        (
            "회령 보위부, 압수한 중국 휴대폰 적발",
            "hoeryeong-bowibu-apsuhan-jungguk-hyudaepon-jeokbal",
        ),
        ("종로 신라 같이", "jongno-silla-gachi"),
        ("혜산에서 밀수 단속 강화", "hyesaneseo-milsu-dansok-ganghwa"),
        ("Северная Корея закрыла границу", "severnaya-koreya-zakryla-granitsu"),
        ("朝鲜边境走私", "chao-xian-bian-jing-zou-si"),
        ("Daily NK: 2024년 4월 보위부", "daily-nk-2024nyeon-4wol-bowibu"),
        ("!!! ???", "report"),
    ],
)
def test_slugs_from_headlines(headline: str, slug: str) -> None:
    assert headline_slug(headline, WHEN, "report") == f"2024-04-19-{slug}"


@pytest.mark.parametrize(
    ("one", "other", "expected"),
    [
        (
            "State security offices on the border caught using confiscated phones",
            "Hoeryong security office caught renting out confiscated phones",
            True,
        ),
        ("Border guards seize phones in Hyesan", "Phones seized by border guards in Hyesan", True),
        ("Phones seized again", "Rice prices rise again", False),
        (
            "Smugglers reportedly shot in Ryanggang after the border closure",
            "Two teenagers reportedly executed in Hyesan over South Korean films",
            False,
        ),
        ("강시 비밀국", "Rice prices rise again", False),
    ],
)
def test_similar_titles(one: str, other: str, expected: bool) -> None:
    assert similar(one, other) is expected
    assert similar(other, one) is expected


def test_a_likely_duplicate_needs_the_same_title_or_outlet_date_and_a_similar_title() -> None:
    written = Existing(
        "a.md",
        "State security offices on the border caught using confiscated phones",
        WHEN,
        frozenset({"daily-nk"}),
        ("N. Korea's state security agency cracks down on corruption in offices along border",),
    )
    similar_title = "Hoeryong security office caught renting out confiscated phones"
    daily_nk = frozenset({"daily-nk"})
    assert likely_duplicates(similar_title, WHEN, daily_nk, [written]) == [
        "a.md (same outlet and date, similar title: "
        "'State security offices on the border caught using confiscated phones')"
    ]
    assert likely_duplicates(similar_title, date(2024, 4, 20), daily_nk, [written]) == []
    assert likely_duplicates(similar_title, WHEN, frozenset({"rfa"}), [written]) == []
    headline = "N. KOREA'S state security agency cracks down on corruption in offices along border"
    for title in (written.title, headline):  # the note's title, or its report's headline
        assert likely_duplicates(title, date(2020, 1, 1), frozenset(), [written]) == [
            "a.md (same title)"
        ]
