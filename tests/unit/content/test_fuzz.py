"""Property tests: no front matter, vocabulary or byte sequence makes checking raise.

Most properties call `read_content` + `check_content` in-process (fast); a few go through the
real `digest check` and look for a traceback in its output.
"""

from __future__ import annotations

import shutil
import string
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.front_matter import NOTE_KEYS
from generator.content.read import read_content
from generator.content.validate import check_content
from generator.problems import Problem, Severity
from tests.support import FIXTURES, run_digest

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CLI = settings(FUZZ, max_examples=12)
TODAY = date(2025, 1, 1)

YAML_PIECES = [
    ": ",
    "- ",
    "\n",
    "\n  ",
    "\n- ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "!!python/object:os.system ",
    "? ",
    "|\n  ",
    ">-\n  ",
    "'",
    '"',
    "#",
    "---",
    "...",
    "%YAML 1.1",
    "<<: ",
    "\t",
    "~",
    "\r\n",
    "\\u0000",
    "\x00",
    "\ufeff",
    "\x85",
    "\u2028",
    "2024-02-30",
    "2024-04-19",
    "0x1F",
    ".nan",
    "yes",
    "null",
    "title",
    "date",
    "source",
    "name",
    "url",
    "javascript:alert(1)",
    "themes",
    "agencies",
    "locations",
    "summary",
    "draft",
    "phones",
    "handsets",
    "회령",
    "Hoeryŏng",
]

yaml_ish = st.lists(
    st.one_of(
        st.sampled_from(YAML_PIECES), st.text(string.printable, max_size=5), st.text(max_size=3)
    ),
    max_size=40,
).map("".join)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["phones", "Mobile phones", "handsets", "강시", "Bureau X", "old-town", ""]),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=9))])),
    st.binary(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=8), st.sampled_from(["name", "url", "author"])),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)
keys = st.one_of(st.sampled_from(NOTE_KEYS), st.text(max_size=10))
front_matters = st.dictionaries(keys, values, max_size=10)
bodies = st.text(max_size=200)


@pytest.fixture(scope="module")
def fuzz_content(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One copy of the fixture content for the whole module; each example rewrites one file."""
    target = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(FIXTURES / "content", target)
    (target / "articles" / "fuzz").mkdir()
    yield target


def check_file(content: Path, relative: str, data: bytes) -> list[Problem]:
    file = content / relative
    original = file.read_bytes() if file.exists() else None
    file.write_bytes(data)
    try:
        checked = check_content(read_content(content, "content"), TODAY)
    finally:
        if original is None:
            file.unlink()
        else:
            file.write_bytes(original)
    for problem in checked.problems:
        assert_well_formed(problem)
    return checked.problems


def assert_well_formed(problem: Problem) -> None:
    assert problem.line >= 1
    assert problem.severity in (Severity.ERROR, Severity.WARNING)
    line = problem.format()
    assert "\n" not in line and "\r" not in line
    assert line.startswith(f"{problem.path}:{problem.line}")
    assert problem.github_annotation().count("\n") == 0


def note_lines(data: bytes) -> int:
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


@FUZZ
@given(front=yaml_ish, body=bodies)
def test_yaml_ish_front_matter_never_raises(fuzz_content: Path, front: str, body: str) -> None:
    data = f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")
    problems = check_file(fuzz_content, "articles/fuzz/note.md", data)
    for problem in problems:
        if problem.path.endswith("note.md"):
            assert problem.line <= note_lines(data)


def _dump(mapping: dict[Any, Any]) -> str:
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, default_flow_style=None)


@FUZZ
@given(front=front_matters, body=bodies)
def test_dumped_mappings_never_raise(fuzz_content: Path, front: dict[str, Any], body: str) -> None:
    data = f"---\n{_dump(front)}---\n{body}".encode("utf-8", "surrogatepass")
    problems = check_file(fuzz_content, "articles/fuzz/note.md", data)
    for problem in problems:
        if problem.path.endswith("note.md"):
            assert problem.line <= note_lines(data)


SPELLINGS = {
    "phones": "phones",
    "Mobile phones": "phones",
    "handsets": "phones",
    "graft": "bribery",
    "smuggling": "smuggling",
    "Trade": "trade",
}


@FUZZ
@given(
    title=st.text(min_size=1, max_size=40).filter(lambda t: t.strip()),
    when=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    themes=st.lists(st.sampled_from(list(SPELLINGS)), max_size=4),
    draft=st.booleans(),
)
def test_plausible_notes_are_valid_or_explained(
    fuzz_content: Path, title: str, when: date, themes: list[str], draft: bool
) -> None:
    """Realistic front matter: accepted, or refused exactly for a listed-twice or no-terms reason,
    or for a control character in the title (YAML's escapes can write one; feeds cannot carry it)."""
    source = {"name": "Wire", "url": "https://example.org/report"}
    front = {"title": title, "date": when, "source": source, "themes": themes}
    front["draft"] = draft
    data = f"---\n{_dump(front)}---\nBody.\n".encode("utf-8", "surrogatepass")
    problems = check_file(fuzz_content, "articles/fuzz/note.md", data)
    ids = [SPELLINGS[t] for t in themes]
    control = any(unicodedata.category(c) == "Cc" for c in " ".join(title.split()))
    assert bool(problems) == (len(ids) != len(set(ids)) or not ids or control), problems
    assert all(
        " listed twice " in p.message
        or p.message == "note has no terms"
        or p.message.startswith("'title' holds a control character")
        for p in problems
    )


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_as_a_note_never_raise(fuzz_content: Path, data: bytes) -> None:
    check_file(fuzz_content, "articles/fuzz/note.md", data)


@FUZZ
@given(data=st.binary(max_size=200))
def test_random_bytes_after_a_ruler_never_raise(fuzz_content: Path, data: bytes) -> None:
    check_file(fuzz_content, "articles/fuzz/note.md", b"---\n" + data + b"\n---\n")


terms = st.dictionaries(
    st.sampled_from(
        ["id", "name", "aliases", "parent", "kind", "coordinates", "keywords", "meta", "x"]
    ),
    values,
    max_size=6,
)


@FUZZ
@given(
    vocabulary=st.one_of(
        st.dictionaries(st.sampled_from(["terms", "meta", "x"]), st.lists(terms, max_size=5)),
        values,
    )
)
def test_random_vocabularies_never_raise(fuzz_content: Path, vocabulary: Any) -> None:
    data = yaml.safe_dump(vocabulary, allow_unicode=True).encode("utf-8", "surrogatepass")
    check_file(fuzz_content, "vocabulary/themes.yml", data)


@FUZZ
@given(text=yaml_ish)
def test_yaml_ish_vocabularies_never_raise(fuzz_content: Path, text: str) -> None:
    check_file(fuzz_content, "vocabulary/locations.yml", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(
    parents=st.lists(
        st.tuples(st.integers(0, 7), st.one_of(st.none(), st.integers(0, 7))), max_size=8
    )
)
def test_random_trees_never_raise_and_stay_walkable(
    fuzz_content: Path, parents: list[tuple[int, int | None]]
) -> None:
    """Any parent links at all (cycles, self-parents, duplicates): checked, then walkable."""
    entries = [
        {"id": f"t{i}", "name": f"T{i}", **({"parent": f"t{p}"} if p is not None else {})}
        for i, p in parents
    ]
    file = fuzz_content / "vocabulary/themes.yml"
    original = file.read_bytes()
    file.write_text(yaml.safe_dump({"terms": entries}), encoding="utf-8")
    try:
        checked = check_content(read_content(fuzz_content, "content"), TODAY)
    finally:
        file.write_bytes(original)
    vocabulary = checked.corpus.vocabularies["themes"]
    for term_id in vocabulary.terms:
        assert len(vocabulary.ancestors(term_id)) < len(vocabulary.terms)
        assert len(list(vocabulary.descendants(term_id))) < len(vocabulary.terms)


# --------------------------------------------------------------------------------------------
# through the real command


@pytest.fixture
def cli_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("cli-fuzz") / "content"
    shutil.copytree(FIXTURES / "content", target)
    return target


def run_check(content: Path) -> None:
    result = run_digest("check", "--content", str(content), "--today", TODAY.isoformat())
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for line in result.stderr.splitlines()[:-1]:
        assert line.startswith(str(content)), line


@CLI
@given(front=yaml_ish)
def test_cli_yaml_ish_front_matter(cli_content: Path, front: str) -> None:
    (cli_content / "articles/2024/fuzz.md").write_bytes(
        f"---\n{front}\n---\n".encode("utf-8", "surrogatepass")
    )
    run_check(cli_content)


@CLI
@given(data=st.binary(max_size=300))
def test_cli_random_bytes(cli_content: Path, data: bytes) -> None:
    (cli_content / "articles/2024/fuzz.md").write_bytes(data)
    run_check(cli_content)


@CLI
@given(front=front_matters)
def test_cli_dumped_mappings(cli_content: Path, front: dict[str, Any]) -> None:
    (cli_content / "articles/2024/fuzz.md").write_text(
        f"---\n{_dump(front)}---\n", encoding="utf-8"
    )
    run_check(cli_content)


def test_datetime_values_dump() -> None:
    """The strategies produce what YAML can dump (guards the fuzz tests themselves)."""
    text = _dump({"date": datetime(2024, 4, 19, tzinfo=UTC), "b": b"\x00"})
    assert "2024-04-19" in text and "!!binary" in text
