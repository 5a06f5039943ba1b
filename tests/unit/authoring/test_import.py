"""`digest import`: captures in, draft notes with suggested terms out, never the source's text.

The captures under tests/fixtures/captures are synthetic, written for these tests in the shape
researchers save (furniture, headline, body, credits, publication line, byline): invented
events about the fixture's invented places, and one Daily NK-shaped capture about Hoeryong for
the sample vocabularies.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.authoring import importer
from generator.authoring.capture_files import read_captures
from generator.authoring.captures import Capture, date_line, outlet_for, outlet_for_url
from generator.authoring.drafts import free_slug
from generator.authoring.importer import import_files, slug_for
from generator.authoring.suggest import Suggester, suggest
from generator.build.check import check
from tests.support import FIXTURES, ROOT, run_digest

CAPTURES = FIXTURES / "captures"
TODAY = date(2024, 6, 1)

# Sentences of each capture that only the capture has: none may reach a note or the site.
DISTINCTIVE = {
    "dailynk-hoeryong.txt": [
        "lent them out at night to merchants",
        "the night library of Hoeryong",
        "three packs of cigarettes per call",
    ],
    "river-city.txt": [
        "taking away a crate of handsets that dealers had hidden under sacks",
        "written on cigarette papers",
    ],
    "river-city.html": ["dried squid and cheap handsets", "under watch since the winter"],
    "two-entries.atom": ["One fictional trader hid two phones inside a melon"],
}


def _parsed(name: str) -> Capture:
    [found] = read_captures(CAPTURES / name)
    assert isinstance(found, Capture), found
    return found


def _sample_content(tmp_path: Path) -> Path:
    """The project's sample vocabularies, with no notes: a content tree to import into."""
    target = tmp_path / "sample"
    shutil.copytree(ROOT / "content" / "vocabulary", target / "vocabulary")
    (target / "articles").mkdir()
    return target


def _front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _publish(note: Path) -> None:
    """The author's part: the placeholders replaced by a line of their own, `draft: false`."""
    front, _ = note.read_text(encoding="utf-8").rsplit("---\n", 1)
    note.write_text(
        front.replace("draft: true", "draft: false") + "---\nOur own summary.\n", encoding="utf-8"
    )


def _run(*argv: str) -> int:
    """`digest import` in-process, through the CLI's own argument parser."""
    return cli.main(["import", *argv])


# --- reading captures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected", "weekday", "time"),
    [
        ("April 19, 2024 at 05:30AM", date(2024, 4, 19), False, True),
        ("Saturday, May 25, 2024", date(2024, 5, 25), True, False),
        ("19 April 2024", date(2024, 4, 19), False, False),
        ("Apr. 19, 2024", date(2024, 4, 19), False, False),
        ("2024.04.19 05:30", date(2024, 4, 19), False, True),
        ("2024년 4월 19일", date(2024, 4, 19), False, False),
    ],
)
def test_date_lines(line: str, expected: date, weekday: bool, time: bool) -> None:
    found = date_line(line)
    assert found is not None
    assert (found.value, found.weekday, found.time) == (expected, weekday, time)


@pytest.mark.parametrize("line", ["February 30, 2024", "33.1 C", "April 2024 was busy", ""])
def test_not_date_lines(line: str) -> None:
    assert date_line(line) is None


def test_outlets_from_bylines_and_hosts() -> None:
    assert outlet_for("DailyNK(North Korean Media)") == "Daily NK"
    assert outlet_for("Daily NK English") == "Daily NK"
    assert outlet_for("RFA") == "Radio Free Asia"
    assert outlet_for("Kim Testwriter") is None
    assert outlet_for_url("https://www.dailynk.com/english/some-report/") == "Daily NK"
    assert outlet_for_url("https://example.org/x") is None


def test_daily_nk_shaped_capture() -> None:
    found = _parsed("dailynk-hoeryong.txt")
    assert found.title == "Hoeryong security office caught renting out confiscated phones"
    assert found.published == date(2024, 4, 19)  # the publication line, not the capture date
    assert (found.outlet, found.author, found.url) == ("Daily NK", None, None)
    assert found.warnings == ()
    assert "Most Popular" not in found.text and "network of sources" not in found.text


def test_text_capture_with_author_and_outlet_bylines() -> None:
    found = _parsed("river-city.txt")
    assert found.title == "Bureau X raids handset dealers in River City"
    assert found.published == date(2024, 3, 2)
    assert (found.outlet, found.author) == ("Synthetic Wire", "Kim Testwriter")
    assert "Bay County" not in found.text  # a "most popular" headline, not the report


def test_byline_under_the_headline(tmp_path: Path) -> None:
    text = (
        (CAPTURES / "river-city.txt").read_text(encoding="utf-8").replace("by Kim Testwriter\n", "")
    )
    headline = "Bureau X raids handset dealers in River City\n"
    capture = tmp_path / "byline-on-top.txt"
    capture.write_text(text.replace(headline, headline + "by Kim Testwriter\n"), encoding="utf-8")
    [found] = read_captures(capture)
    assert isinstance(found, Capture)
    assert (found.author, found.outlet) == ("Kim Testwriter", "Synthetic Wire")
    assert found.text == _parsed("river-city.txt").text


def test_capture_date_is_the_fallback_with_a_warning(tmp_path: Path) -> None:
    text = (CAPTURES / "river-city.txt").read_text(encoding="utf-8")
    capture = tmp_path / "undated.txt"
    capture.write_text(text.replace("March 2, 2024 at 11:00PM\n", ""), encoding="utf-8")
    [found] = read_captures(capture)
    assert isinstance(found, Capture)
    assert found.published == date(2024, 3, 4)
    assert found.warnings == ("no publication line; used the capture date 2024-03-04",)


def test_html_capture() -> None:
    found = _parsed("river-city.html")
    assert found.title == "Smugglers caught at the Bay County pier"
    assert found.published == date(2024, 2, 11)  # the publisher's day, not UTC's
    assert (found.outlet, found.author) == ("Synthetic Wire", "Lee Fictional")
    assert found.url == "https://example.org/news/bay-county-pier"
    for outside in ("Home", "tracking", "footer"):  # nav, script and footer are not the report
        assert outside not in found.text


def test_atom_feed_entries() -> None:
    entries = read_captures(CAPTURES / "two-entries.atom")
    assert all(isinstance(e, Capture) for e in entries)
    first, second = (e for e in entries if isinstance(e, Capture))
    assert (first.title, first.published) == ("Phone checks spread to Old Town", date(2024, 4, 19))
    assert (first.outlet, first.author) == ("Synthetic Wire", "Kim Testwriter")
    assert first.url == "https://example.org/news/old-town-phones"
    assert first.origin.endswith("two-entries.atom#1") and second.origin.endswith("#2")
    assert second.published == date(2024, 4, 12)


# --- suggesting terms ------------------------------------------------------------------------


def test_suggestions_on_fixture_vocabularies() -> None:
    vocabularies = check(FIXTURES / "content").corpus.vocabularies
    found = suggest(_parsed("river-city.txt").text, vocabularies)
    assert found.ids("agencies") == ("secret-office", "police-office")
    assert found.ids("locations") == ("old-town",)  # River City and North Province are broader
    assert found.ids("themes") == ("phones", "bribery")
    assert found.tagged["agencies"][0].format() == 'secret-office ← "Bureau X" ×3'
    assert {s.term_id for s, _ in found.broader} == {"river-city", "north-province"}


def test_korean_matches_at_word_start() -> None:
    vocabularies = check(FIXTURES / "content").corpus.vocabularies
    found = suggest(_parsed("river-city-korean.txt").text, vocabularies)
    assert found.ids("agencies") == ("secret-office",)  # 비밀국, 비밀국은
    assert found.ids("locations") == ("river-city",)  # 강시, 강시에서
    assert found.tagged["locations"][0].format() == 'river-city ← "강시" ×3'


def test_suggestions_on_sample_vocabularies() -> None:
    vocabularies = check(ROOT / "content").corpus.vocabularies
    found = suggest(_parsed("dailynk-hoeryong.txt").text, vocabularies)
    assert found.ids("agencies") == ("ministry-of-state-security",)
    assert found.ids("locations") == ("hoeryong",)
    assert found.ids("themes") == ("mobile-phones", "smuggling")
    lines = found.lines()
    assert 'location: hoeryong ← "Hoeryong" ×4' in lines
    assert any("Bowibu" in line for line in lines)
    assert any(line.startswith("location: north-hamgyong") and "narrower" in line for line in lines)


def test_matching_rules_on_sample_vocabularies() -> None:
    match = Suggester(check(ROOT / "content").corpus.vocabularies)
    # names of agencies and places keep their capital: a locked cabinet is not the Cabinet
    assert match("They opened a locked cabinet.").ids("agencies") == ()
    assert match("The Cabinet ordered it.").ids("agencies") == ("cabinet",)
    # the longest phrase wins where phrases overlap: counted once, not again as "State Security"
    [mss] = match("The Ministry of State Security said so.").tagged["agencies"]
    assert mss.evidence == (("Ministry of State Security", 1),)
    # whole words only, plurals allowed; Korean one-syllable keywords must be whole words
    assert match("Hoeryongers and Hoeryongs").ids("locations") == ("hoeryong",)
    assert match("점점 더 많은").ids("themes") == ()
    # a keyword once is weak evidence: reported, not tagged
    weak = match("Prices rose to 10 yuan.")
    assert weak.ids("themes") == () and [s.term_id for s in weak.weak] == [
        "prices-and-exchange-rates"
    ]


def test_accents_are_ignored_and_shown_as_written() -> None:
    vocabularies = check(FIXTURES / "content").corpus.vocabularies
    found = suggest("Flooding in Rivér City and river city", vocabularies)
    assert found.tagged["locations"][0].evidence == (("Rivér City", 1),)


# --- importing -------------------------------------------------------------------------------


def test_import_writes_a_draft_that_passes_check(content: Path) -> None:
    report = import_files([CAPTURES / "river-city.txt"], content, dry_run=False, today=TODAY)
    [outcome] = report.outcomes
    assert outcome.status == "written", outcome
    note = content / "articles" / "2024" / "2024-03-02-bureau-raids-handset-dealers-river-city.md"
    stored = content / "captures" / "2024" / f"{note.stem}.txt"
    assert outcome.note == str(note) and outcome.capture == str(stored)
    assert stored.read_bytes() == (CAPTURES / "river-city.txt").read_bytes()
    front = _front(note)
    assert front["title"] == "Bureau X raids handset dealers in River City"
    assert front["date"] == date(2024, 3, 2)
    assert front["source"] == {
        "name": "Synthetic Wire",
        "title": "Bureau X raids handset dealers in River City",
        "author": "Kim Testwriter",
        "accessed": TODAY,
    }
    assert front["agencies"] == ["secret-office", "police-office"]
    assert front["locations"] == ["old-town"]
    assert front["themes"] == ["phones", "bribery"]
    assert front["draft"] is True and "summary" not in front
    assert "Write the summary in your own words" in note.read_text(encoding="utf-8")
    assert f"capture (kept out of the site): captures/2024/{note.stem}.txt" in note.read_text(
        encoding="utf-8"
    )
    result = run_digest("check", "--content", str(content))
    assert result.returncode == 0, result.stderr


def test_daily_nk_capture_on_sample_vocabularies_passes_check(tmp_path: Path) -> None:
    content = _sample_content(tmp_path)
    report = import_files([CAPTURES / "dailynk-hoeryong.txt"], content, dry_run=False, today=TODAY)
    [outcome] = report.outcomes
    assert outcome.status == "written" and outcome.note is not None
    front = _front(Path(outcome.note))
    assert front["date"] == date(2024, 4, 19)
    # the sample's outlets.yml names the outlet and its language
    assert front["source"] == {
        "name": "Daily NK",
        "title": "Hoeryong security office caught renting out confiscated phones",
        "accessed": TODAY,
        "language": "ko",
    }
    assert front["agencies"] == ["ministry-of-state-security"]
    assert front["locations"] == ["hoeryong"]
    assert front["themes"] == ["mobile-phones", "smuggling"]
    result = run_digest("check", "--content", str(content))
    assert result.returncode == 0, result.stderr


def test_no_source_text_in_the_note_nor_the_site(content: Path, tmp_path: Path) -> None:
    paths = [CAPTURES / name for name in ("river-city.txt", "river-city.html", "two-entries.atom")]
    report = import_files(paths, content, dry_run=False, today=TODAY)
    assert [o.status for o in report.outcomes] == ["written"] * 4
    notes = [Path(o.note) for o in report.outcomes if o.note]
    for note in notes:  # as if the author published the draft with a line of their own
        _publish(note)
    docs = tmp_path / "docs"
    result = run_digest(
        "build", "--content", str(content), "--out", str(docs), "--today", "2024-06-01"
    )
    assert result.returncode == 0, result.stderr
    site = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in docs.rglob("*") if p.is_file()
    )
    written = "\n".join(n.read_text(encoding="utf-8") for n in notes)
    for name in ("river-city.txt", "river-city.html", "two-entries.atom"):
        for sentence in DISTINCTIVE[name]:
            assert sentence not in written
            assert sentence not in site


def test_daily_nk_sentences_never_reach_the_note(tmp_path: Path) -> None:
    content = _sample_content(tmp_path)
    report = import_files([CAPTURES / "dailynk-hoeryong.txt"], content, dry_run=False)
    text = report.outcomes[0].text
    assert text and all(sentence not in text for sentence in DISTINCTIVE["dailynk-hoeryong.txt"])


def test_second_import_is_skipped(content: Path) -> None:
    first = import_files([CAPTURES / "river-city.txt"], content, dry_run=False, today=TODAY)
    before = _tree(content)
    again = import_files([CAPTURES / "river-city.txt"], content, dry_run=False, today=TODAY)
    [outcome] = again.outcomes
    assert outcome.status == "skipped"
    assert outcome.message == f"already imported (same capture as {first.outcomes[0].capture})"
    assert _tree(content) == before and again.failed == 0


def test_resaved_capture_is_skipped_by_headline_and_date(content: Path, tmp_path: Path) -> None:
    import_files([CAPTURES / "river-city.txt"], content, dry_run=False, today=TODAY)
    resaved = tmp_path / "resaved.txt"
    text = (CAPTURES / "river-city.txt").read_text(encoding="utf-8")
    resaved.write_text(text.replace("18.5 C", "21.0 C"), encoding="utf-8")
    [outcome] = import_files([resaved], content, dry_run=False, today=TODAY).outcomes
    assert outcome.status == "skipped" and "same headline and date" in outcome.message


def test_same_url_is_skipped(content: Path, tmp_path: Path) -> None:
    import_files([CAPTURES / "river-city.html"], content, dry_run=False, today=TODAY)
    edited = tmp_path / "edited.html"
    html = (CAPTURES / "river-city.html").read_text(encoding="utf-8")
    edited.write_text(html.replace("Smugglers caught", "Smugglers held"), encoding="utf-8")
    [outcome] = import_files([edited], content, dry_run=False, today=TODAY).outcomes
    assert outcome.status == "skipped" and outcome.message.endswith("(same URL)")


def test_feed_reimport_skips_each_entry(content: Path) -> None:
    feed = CAPTURES / "two-entries.atom"
    first = import_files([feed], content, dry_run=False, today=TODAY)
    assert [o.status for o in first.outcomes] == ["written", "written"]
    again = import_files([feed], content, dry_run=False, today=TODAY)
    assert [o.status for o in again.outcomes] == ["skipped", "skipped"]


def test_atom_feed_gives_two_drafts_that_pass_check(content: Path) -> None:
    report = import_files([CAPTURES / "two-entries.atom"], content, dry_run=False, today=TODAY)
    notes = [Path(o.note) for o in report.outcomes if o.note]
    assert len(notes) == 2
    fronts = [_front(n) for n in notes]
    assert [f["date"] for f in fronts] == [date(2024, 4, 19), date(2024, 4, 12)]
    assert fronts[0]["source"] == {
        "name": "Synthetic Wire",
        "title": "Phone checks spread to Old Town",
        "url": "https://example.org/news/old-town-phones",
        "author": "Kim Testwriter",
        "accessed": TODAY,
    }
    assert fronts[0]["locations"] == ["old-town"] and fronts[1]["locations"] == ["bay-county"]
    stored = sorted((content / "captures" / "2024").iterdir())
    assert [p.suffix for p in stored] == [".txt", ".txt"]
    assert all(isinstance(read_captures(p)[0], Capture) for p in stored)  # importable as they are
    result = run_digest("check", "--content", str(content))
    assert result.returncode == 0, result.stderr


def test_stored_feed_entry_imports_as_the_same_report(content: Path, tmp_path: Path) -> None:
    [outcome, _] = import_files([CAPTURES / "two-entries.atom"], content, dry_run=False).outcomes
    assert outcome.capture is not None
    [entry] = read_captures(Path(outcome.capture))
    assert isinstance(entry, Capture)
    assert (entry.title, entry.published, entry.outlet) == (
        "Phone checks spread to Old Town",
        date(2024, 4, 19),
        "Synthetic Wire",
    )


def test_same_capture_twice_in_one_run(content: Path) -> None:
    capture = CAPTURES / "river-city.txt"
    report = import_files([capture, capture], content, dry_run=True, today=TODAY)
    assert [o.status for o in report.outcomes] == ["would write", "skipped"]


def test_rss_feed_keeps_the_publishers_day(content: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<rss version="2.0"><channel><title>Daily NK English</title>'
        "<item><title>Old Town market closes early</title>"
        "<link>https://www.dailynk.com/english/old-town-market/</link>"
        "<pubDate>Fri, 19 Apr 2024 05:30:00 +0900</pubDate>"
        "<description>&lt;p&gt;Bureau X told Old Town traders to leave.&lt;/p&gt;</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    [outcome] = import_files([feed], content, dry_run=False, today=TODAY).outcomes
    assert outcome.status == "written" and outcome.note is not None
    front = _front(Path(outcome.note))
    assert front["date"] == date(2024, 4, 19)  # 05:30 in Seoul, although the 18th in UTC
    assert front["source"]["name"] == "Daily NK"
    assert front["source"]["url"] == "https://www.dailynk.com/english/old-town-market/"


def test_a_draft_that_would_fail_check_is_not_written(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render = importer.render_note
    monkeypatch.setattr(
        importer,
        "render_note",
        lambda *a: render(*a).replace("draft: true", "draft: true\nsumary: x"),
    )
    before = _tree(content)
    [outcome] = import_files([CAPTURES / "river-city.txt"], content, dry_run=False).outcomes
    assert outcome.status == "failed"
    assert outcome.message.startswith("the draft would not pass check: ")
    assert "unknown key 'sumary'" in outcome.message
    assert _tree(content) == before


def test_nothing_is_overwritten_slug_gets_a_suffix(content: Path) -> None:
    taken = content / "captures" / "2024" / "2024-03-02-bureau-raids-handset-dealers-river-city.txt"
    taken.parent.mkdir(parents=True)
    taken.write_text("someone else's capture", encoding="utf-8")
    [outcome] = import_files([CAPTURES / "river-city.txt"], content, dry_run=False).outcomes
    assert outcome.note is not None and outcome.note.endswith("-river-city-2.md")
    assert taken.read_text(encoding="utf-8") == "someone else's capture"


def test_slug_for() -> None:
    when = date(2024, 4, 19)
    assert (
        slug_for("The Bowibu of Hoeryŏng: a report!", when) == "2024-04-19-bowibu-hoeryong-report"
    )
    assert slug_for("강시 비밀국", when) == "2024-04-19-gangsi-bimilguk"
    assert slug_for("…", when) == "2024-04-19-report"
    taken = {"2024-04-19-raids", "2024-04-19-raids-2"}
    assert free_slug(slug_for("Raids", when), taken, lambda slug: True) == "2024-04-19-raids-3"


def test_dry_run_prints_the_note_and_writes_nothing(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(content)
    code = _run("--content", str(content), "--dry-run", str(CAPTURES / "river-city.txt"))
    out, err = capsys.readouterr()
    assert code == 0
    assert _tree(content) == before
    assert "would write" in out and "title: Bureau X raids handset dealers in River City" in out
    assert "draft: true" in out and 'secret-office ← "Bureau X" ×3' in out
    assert err.strip().endswith("1 would import, 0 skipped, 0 failed")


def test_bad_inputs_give_one_line_errors_and_the_rest_go_on(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {
        "missing.txt": None,
        "no-headline.txt": "Saturday, May 25, 2024\nonly sentences here.\nand more of them.\n",
        "no-date.txt": "A headline with no date anywhere\nA body paragraph about Old Town.\n",
        "broken.xml": "this is not a feed",
        "truncated.rss": "<rss><channel><item><title>Cut off in Old Town</title",
        "latin1.txt": b"Caf\xe9 headline here\n",
        "no-terms.txt": "A headline about nothing known\nApril 1, 2024\nA body about nowhere at all.\n",
    }
    paths = []
    for name, data in bad.items():
        path = tmp_path / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        elif isinstance(data, bytes):
            path.write_bytes(data)
        paths.append(path)
    code = _run(
        "--content",
        str(content),
        *map(str, paths[:3]),
        str(CAPTURES / "river-city.txt"),
        *map(str, paths[3:]),
    )
    out, err = capsys.readouterr()
    assert code == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert errors == [
        f"{paths[0]}: error: cannot read file: No such file or directory",
        f"{paths[1]}: error: no headline found",
        f"{paths[2]}: error: no date found (no publication line such as 'April 19, 2024')",
        f"{paths[3]}: error: feed does not parse: syntax error",
        f"{paths[4]}#1: error: entry has no title (the feed is not well-formed: unclosed token)",
        f"{paths[5]}: error: file is not UTF-8: byte 0xe9 at offset 3 cannot be decoded",
        f"{paths[6]}: error: no agency, location or theme of the vocabularies found in the text;"
        " write the note with `digest new`",
    ]
    assert "river-city.txt: written" in out
    assert err.strip().endswith("1 imported, 0 skipped, 7 failed")


def test_unknown_outlet_is_a_warning_and_a_placeholder(content: Path, tmp_path: Path) -> None:
    capture = tmp_path / "anonymous.txt"
    text = (CAPTURES / "river-city.txt").read_text(encoding="utf-8")
    capture.write_text(text.replace("by Synthetic Wire(Test News)\n", ""), encoding="utf-8")
    [outcome] = import_files([capture], content, dry_run=False, today=TODAY).outcomes
    assert outcome.status == "written" and outcome.note is not None
    assert outcome.warnings == ("no outlet found; the draft says 'TODO: outlet'",)
    assert _front(Path(outcome.note))["source"] == {
        "name": "TODO: outlet",
        "title": "Bureau X raids handset dealers in River City",
        "author": "Kim Testwriter",
        "accessed": TODAY,
    }
    assert run_digest("check", "--content", str(content)).returncode == 0


def test_missing_content_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("--content", str(tmp_path / "nowhere"), str(CAPTURES / "river-city.txt")) == 2
    assert "content folder not found" in capsys.readouterr().err


def test_through_the_real_cli(content: Path) -> None:
    """Through the real `digest` entry point."""
    result = run_digest("import", "--content", str(content), str(CAPTURES / "river-city.txt"))
    assert result.returncode == 0, result.stderr
    assert "written" in result.stdout
    again = run_digest("import", "--content", str(content), str(CAPTURES / "river-city.txt"))
    assert again.returncode == 0 and "skipped" in again.stdout
    missing = run_digest("import", "--content", str(content), str(content / "missing.txt"))
    assert missing.returncode == 1 and ": error: cannot read file" in missing.stderr


def test_a_headline_full_of_markup_stays_text(content: Path, tmp_path: Path) -> None:
    """A capture's headline lands in the draft's front matter and on the page, as text only."""
    headline = "Bureau X <img src=x onerror=alert(1)> [raids](javascript:alert(2)) {: onclick=x } {{ 7*7 }}"
    text = (CAPTURES / "river-city.txt").read_text(encoding="utf-8")
    capture = tmp_path / "hostile-headline.txt"
    capture.write_text(
        text.replace("Bureau X raids handset dealers in River City", headline), encoding="utf-8"
    )
    [outcome] = import_files([capture], content, dry_run=False, today=TODAY).outcomes
    assert outcome.status == "written" and outcome.note is not None
    note = Path(outcome.note)
    assert _front(note)["title"] == headline
    _publish(note)
    docs = tmp_path / "docs"
    built = run_digest(
        "build", "--content", str(content), "--out", str(docs), "--today", "2024-06-01"
    )
    assert built.returncode == 0, built.stderr
    page = (docs / "articles" / note.stem / "index.md").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert r"\[raids\]\(javascript:alert\(2\)\)" in page  # the heading's Markdown is escaped
    assert r"\{: onclick=x \}" in page


def test_the_outlet_is_found_by_its_home_page_when_the_byline_is_missing(tmp_path: Path) -> None:
    content = _sample_content(tmp_path)
    text = (CAPTURES / "dailynk-hoeryong.txt").read_text(encoding="utf-8")
    text = text.replace("by DailyNK(North Korean Media)\n", "")
    text = text.replace("Daily NK works with", "The outlet works with")
    capture = tmp_path / "no-byline.txt"
    capture.write_text("URL: https://www.dailynk.com/english/x/\n" + text, encoding="utf-8")
    [outcome] = import_files([capture], content, dry_run=False, today=TODAY).outcomes
    assert outcome.status == "written" and outcome.note is not None, outcome
    source = _front(Path(outcome.note))["source"]
    assert source["name"] == "Daily NK" and source["language"] == "ko"


def test_an_outlet_missing_from_outlets_yml_is_a_placeholder_to_resolve(tmp_path: Path) -> None:
    """The import is not lost, and the draft cannot be published before the author lists the
    outlet in outlets.yml or names a listed one."""
    content = _sample_content(tmp_path)
    text = (CAPTURES / "dailynk-hoeryong.txt").read_text(encoding="utf-8")
    capture = tmp_path / "other-outlet.txt"
    text = text.replace("Daily NK works with", "Unheard Of Wire works with")
    text = text.replace("DailyNK(North Korean Media)", "Unheard Of Wire(Test Media)")
    capture.write_text(text, encoding="utf-8")
    [outcome] = import_files([capture], content, dry_run=False, today=TODAY).outcomes
    assert outcome.status == "written" and outcome.note is not None
    assert outcome.warnings[-1] == (
        "outlet 'Unheard Of Wire' is not in vocabulary/outlets.yml; "
        "the draft says 'TODO: Unheard Of Wire'"
    )
    note = Path(outcome.note)
    assert _front(note)["source"]["name"] == "TODO: Unheard Of Wire"  # type: ignore[index]
    assert run_digest("check", "--content", str(content)).returncode == 0
    _publish(note)
    result = run_digest("check", "--content", str(content))
    assert result.returncode == 1
    assert (
        f"{note}:5: error: the source's name is still a placeholder: 'TODO: Unheard Of Wire' "
        "(name the outlet (listed in vocabulary/outlets.yml), or set `draft: true`)"
    ) in result.stdout.splitlines()
