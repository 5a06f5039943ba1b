"""The digest stage: roll-up through the tree, months, related terms and notes."""

from __future__ import annotations

from generator.build.check import check
from generator.content.model import Corpus
from generator.site.digests import Digests, build_digests
from tests.support import FIXTURES


def _digests() -> tuple[Corpus, Digests]:
    corpus = check(FIXTURES / "content").corpus
    return corpus, build_digests(corpus)


def _slugs(digests: Digests, vocabulary: str, term_id: str) -> list[str]:
    digest = digests.terms[(vocabulary, term_id)]
    return [e.note.slug for e in digest.entries]


def test_roll_up_reaches_every_ancestor_and_records_the_path() -> None:
    _corpus, digests = _digests()
    assert _slugs(digests, "locations", "old-town") == ["beta"]
    assert _slugs(digests, "locations", "river-city") == ["alpha", "beta", "gamma"]
    assert _slugs(digests, "locations", "testland") == ["alpha", "beta", "gamma"]
    province = digests.terms[("locations", "north-province")]
    via = {e.note.slug: e.via for e in province.entries}
    assert via == {"alpha": ("river-city",), "beta": ("old-town",), "gamma": ("river-city",)}
    assert province.direct == 0
    river = digests.terms[("locations", "river-city")]
    assert {e.note.slug: e.via for e in river.entries}["alpha"] == ()


def test_drafts_are_never_in_digests() -> None:
    corpus, digests = _digests()
    assert "draft-delta" in {n.slug for n in corpus.notes}
    assert all(e.note.slug != "draft-delta" for d in digests.terms.values() for e in d.entries)
    assert ("themes", "trade") not in digests.terms or all(
        not e.note.draft for e in digests.terms[("themes", "trade")].entries
    )


def test_sub_terms_counts_and_date_span() -> None:
    _, digests = _digests()
    province = digests.terms[("locations", "north-province")]
    assert [(t.id, n) for t, n in province.subterms] == [("river-city", 3)]
    assert province.first.isoformat() == "2023-11-30" and province.last.isoformat() == "2024-04-19"
    assert dict(province.months) == {"2024-04": 1, "2024-03": 1, "2023-11": 1}


def test_related_terms_exclude_the_term_family() -> None:
    _, digests = _digests()
    river = digests.terms[("locations", "river-city")]
    related = {t.id for t, _ in river.related}
    assert not related & {"river-city", "north-province", "testland", "old-town"}
    assert ("phones" in related) and ("bay-county" in related)


def test_months_group_by_theme_with_links_both_ways() -> None:
    _, digests = _digests()
    months = [m.month for m in digests.months]
    assert months == ["2024-04", "2024-03", "2023-11"]
    april = digests.months[0]
    assert april.previous == "2024-03" and april.next is None
    assert [t.id if t else None for t, _ in april.by_theme] == ["bribery", "phones"]
    assert {t.id: n for t, n in april.regions}["testland"] == 1


def test_related_notes_share_terms_newest_first() -> None:
    _, digests = _digests()
    assert [n.slug for n in digests.related_notes["gamma"]] == ["alpha"]
    assert digests.related_notes["beta"] == ()
