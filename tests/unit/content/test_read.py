"""generator.read and generator.yaml_nodes: splitting, decoding, YAML with positions, and
reading a content tree."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.content import yaml_nodes
from generator.content.read import (
    decode,
    read_content,
    read_note,
    split_front_matter,
)
from generator.content.yaml_nodes import MAX_EXPANDED_NODES, Node, parse_yaml
from generator.problems import Problem, Severity


def formatted(problems: list[Problem] | tuple[Problem, ...]) -> list[str]:
    return [p.format() for p in problems]


# --------------------------------------------------------------------------------------------
# split_front_matter


def test_split_front_matter() -> None:
    front, body, body_line, problems = split_front_matter("---\na: 1\nb: 2\n---\nBody\n", "x.md")
    assert (front, body, body_line, problems) == ("a: 1\nb: 2", "Body\n", 5, [])


def test_split_accepts_dots_and_trailing_spaces() -> None:
    front, body, body_line, _ = split_front_matter("---  \na: 1\n...\nBody", "x.md")
    assert (front, body, body_line) == ("a: 1", "Body", 4)


def test_split_keeps_later_rulers_in_the_body() -> None:
    front, body, _, _ = split_front_matter("---\na: 1\n---\ntext\n---\nmore\n", "x.md")
    assert front == "a: 1"
    assert body == "text\n---\nmore\n"


def test_split_empty_front_matter() -> None:
    assert split_front_matter("---\n---\n", "x.md")[:3] == ("", "", 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "x.md:1: error: empty file (a note starts with '---' and front matter)"),
        (" \n\t\n", "x.md:1: error: empty file (a note starts with '---' and front matter)"),
        (
            "title: x\n",
            "x.md:1: error: no front matter (start the file with a line '---', the front matter, "
            "and another '---')",
        ),
        (
            "----\ntitle: x\n----\n",
            "x.md:1: error: no front matter (start the file with a line '---', the front matter, "
            "and another '---')",
        ),
    ],
    ids=["empty", "blank", "no-ruler", "four-dashes"],
)
def test_split_problems(text: str, message: str) -> None:
    front, _, _, problems = split_front_matter(text, "x.md")
    assert front is None
    assert formatted(problems) == [message]


@pytest.mark.parametrize(
    ("text", "split", "message"),
    [
        (
            "---\ntitle: x\ndate: 2024-05-01\n\nThe body.\n",
            ("title: x\ndate: 2024-05-01", "\nThe body.\n", 4),
            "x.md:1: error: front matter is not closed: no '---' line after this one "
            "(add a line '---' after line 3, the last line of the front matter)",
        ),
        (
            "---\ntitle: x\n",
            ("title: x", "", 3),
            "x.md:1: error: front matter is not closed: no '---' line after this one "
            "(add a line '---' after line 2, the last line of the front matter)",
        ),
        (
            "---\ntitle: x\n----\nThe body.\n",
            ("title: x", "The body.\n", 4),
            "x.md:3: error: front matter closed by '----' "
            "(close it with a line of exactly three hyphens: ---)",
        ),
        (
            "---\ntitle: x\n—\nThe body.\n",
            ("title: x", "The body.\n", 4),
            "x.md:3: error: front matter closed by '—' "
            "(close it with a line of exactly three hyphens: ---)",
        ),
    ],
    ids=["unclosed", "unclosed-at-the-end", "four-hyphens", "em-dash"],
)
def test_a_front_matter_not_closed_is_still_split(
    text: str, split: tuple[str, str, int], message: str
) -> None:
    """Where the closing `---` is missing or mistyped, the front matter is taken to end where
    its lines stop looking like YAML, so that its fields and the body are still checked."""
    front, body, body_line, problems = split_front_matter(text, "x.md")
    assert (front, body, body_line) == split
    assert formatted(problems) == [message]


# --------------------------------------------------------------------------------------------
# decode


def test_decode_plain_utf8() -> None:
    assert decode("회령 Hoeryŏng\n".encode(), "x") == ("회령 Hoeryŏng\n", [])


def test_decode_drops_bom_and_normalises_line_ends() -> None:
    assert decode(b"\xef\xbb\xbfa\r\nb\rc\n", "x") == ("a\nb\nc\n", [])


def test_decode_only_one_bom_is_dropped() -> None:
    text, _ = decode(b"\xef\xbb\xbf\xef\xbb\xbfa", "x")
    assert text == "\ufeffa"


@pytest.mark.parametrize(
    ("data", "line", "byte", "offset"),
    [
        (b"\xff", 1, 0xFF, 0),
        (b"abc\ndef\n\xe9t\xe9", 3, 0xE9, 8),
        (b"\xef\xbb\xbfab\n\x80", 2, 0x80, 6),  # the BOM counts: offsets are into the file
        (b"ab\xe2\x82", 1, 0xE2, 2),  # truncated sequence at the end
        (b"\xed\xa0\x80", 1, 0xED, 0),  # an encoded surrogate is not UTF-8
    ],
)
def test_decode_names_the_byte_offset(data: bytes, line: int, byte: int, offset: int) -> None:
    text, problems = decode(data, "x.md")
    assert text is None
    assert formatted(problems) == [
        f"x.md:{line}: error: file is not UTF-8: byte 0x{byte:02x} at offset {offset} cannot be "
        "decoded (save the file as UTF-8)"
    ]


# --------------------------------------------------------------------------------------------
# parse_yaml: positions


def test_parse_yaml_positions_with_offset() -> None:
    text = "title: x\nsource:\n  name: Wire\nthemes:\n  - a\n  - b\n"
    root, problems = parse_yaml(text, "x.md", line_offset=2)
    assert problems == []
    assert root is not None and root.kind == "map"
    assert root.key_lines == {"title": 2, "source": 3, "themes": 5}
    title = root.get("title")
    assert title is not None and (title.value, title.line, title.col) == ("x", 2, 8)
    source = root.get("source")
    assert source is not None and source.kind == "map" and source.key_lines == {"name": 4}
    themes = root.get("themes")
    assert themes is not None and themes.kind == "seq"
    assert [(n.value, n.line, n.col) for n in themes.value] == [("a", 6, 5), ("b", 7, 5)]


def test_parse_yaml_keeps_raw_text_and_types() -> None:
    root, _ = parse_yaml("d: 2024-04-19\nn: 007\nb: yes\nq: '2024-04-19'\nz:\n", "x")
    assert root is not None
    assert root.plain() == {
        "d": __import__("datetime").date(2024, 4, 19),
        "n": 7,
        "b": True,
        "q": "2024-04-19",
        "z": None,
    }
    n = root.get("n")
    assert n is not None and n.raw == "007"


def test_parse_yaml_impossible_date_keeps_the_text() -> None:
    root, problems = parse_yaml("date: 2024-02-30\n", "x")
    assert problems == []
    assert root is not None
    node = root.get("date")
    assert node is not None and node.value == "2024-02-30"


def test_parse_yaml_empty_is_none() -> None:
    assert parse_yaml("", "x") == (None, [])
    assert parse_yaml("# only a comment\n", "x") == (None, [])


def test_node_get_on_non_mapping() -> None:
    assert Node("x", 1, 1, "scalar").get("a") is None
    assert Node([], 1, 1, "seq").get("a") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: [b: c: d]\n",
            "x:2:9: error: YAML syntax error: did not find expected ',' or ']'",
        ),
        (
            "a: [1, 2\nb: 3\n",
            "x:3:2: error: YAML syntax error: did not find expected ',' or ']' "
            "(while parsing a flow sequence from line 2)",
        ),
        ("a: *missing\n", "x:2:4: error: YAML syntax error: found undefined alias"),
        (
            "a: 1\n---\nb: 2\n",
            "x:3:1: error: YAML syntax error: but found another document "
            "(expected a single document in the stream from line 2)",
        ),
    ],
    ids=["colon-in-a-list", "flow", "alias", "two-documents"],
)
def test_parse_yaml_syntax_error_is_one_line_at_the_parsers_line(text: str, expected: str) -> None:
    root, problems = parse_yaml(text, "x", line_offset=2)
    assert root is None
    assert formatted(problems) == [expected]


@pytest.mark.parametrize(
    ("text", "line", "col", "code"),
    [
        ("a: \x00", 1, 4, 0),
        ("a: 회령\nb: x\x07", 2, 5, 7),  # multibyte text before: still characters, not bytes
        ("a: ok\nb: \ufffe", 2, 4, 0xFFFE),
    ],
)
def test_parse_yaml_refused_character(text: str, line: int, col: int, code: int) -> None:
    root, problems = parse_yaml(text, "x")
    assert root is None
    assert formatted(problems) == [
        f"x:{line}:{col}: error: YAML syntax error: character U+{code:04X} is not allowed in YAML "
        "(remove the character)"
    ]


def test_parse_yaml_with_the_pure_python_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_nodes, "YamlLoader", yaml.SafeLoader)
    monkeypatch.setattr(yaml_nodes, "_LIBYAML", False)
    _, problems = parse_yaml("a: 회령\nb: x\x07", "x")
    assert formatted(problems) == [
        "x:2:5: error: YAML syntax error: character U+0007 is not allowed in YAML "
        "(remove the character)"
    ]
    _, problems = parse_yaml("a: 1\na: 2\n", "x")
    assert len(problems) == 1


def test_parse_yaml_lone_surrogate_does_not_raise() -> None:
    root, problems = parse_yaml("a: \ud800\n", "x")
    assert root is None
    assert len(problems) == 1


# --------------------------------------------------------------------------------------------
# duplicate keys, odd keys


def test_duplicate_key_is_reported_and_the_first_kept() -> None:
    root, problems = parse_yaml("title: one\ndate: 2024-01-01\ntitle: two\n", "x.md", 2)
    assert formatted(problems) == [
        "x.md:4: error: key 'title' given twice (first on line 2) "
        "(keep one; YAML loaders silently keep the last)"
    ]
    assert root is not None
    title = root.get("title")
    assert title is not None and title.value == "one"


def test_duplicate_key_in_nested_and_flow_mappings() -> None:
    text = "source:\n  name: a\n  name: b\nterms: [{id: x, id: y}]\n"
    _, problems = parse_yaml(text, "x")
    assert [(p.line, p.message) for p in problems] == [
        (3, "key 'name' given twice (first on line 2)"),
        (4, "key 'id' given twice (first on line 4)"),
    ]


def test_a_key_that_is_not_text() -> None:
    root, problems = parse_yaml("? [a, b]\n: c\nd: e\n", "x")
    assert formatted(problems) == ["x:1: error: a key must be plain text"]
    assert root is not None and root.plain() == {"d": "e"}


def test_scalar_keys_are_kept_as_written() -> None:
    root, _ = parse_yaml("1: a\ntrue: b\nnull: c\n", "x")
    assert root is not None and list(root.value) == ["1", "true", "null"]


# --------------------------------------------------------------------------------------------
# alias bombs


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    root, problems = parse_yaml("\n".join(lines), "x")
    assert root is None
    assert [p.message for p in problems] == ["YAML aliases expand to more than 20,000 values"]


def test_self_referring_alias_is_refused() -> None:
    root, problems = parse_yaml("a: &x\n  b: *x\n", "x")
    assert root is None
    assert formatted(problems) == ["x:1: error: YAML alias refers to the value that holds it"]


def test_reused_aliases_below_the_limit_are_fine() -> None:
    root, problems = parse_yaml("a: &x [1, 2]\nb: *x\nc: *x\n", "x")
    assert problems == []
    assert root is not None and root.plain() == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_the_node_limit_counts_what_aliases_expand_to_only() -> None:
    written = ", ".join(["1"] * (MAX_EXPANDED_NODES + 1))
    root, problems = parse_yaml(f"a: [{written}]", "x")
    assert problems == [] and root is not None
    repeated = ", ".join(["*x"] * (MAX_EXPANDED_NODES // 2))
    root, problems = parse_yaml(f"a: &x [1]\nb: [{repeated}]", "x")
    assert problems == [] and root is not None  # each alias copies two values: the limit
    root, problems = parse_yaml(f"a: &x [1]\nb: [{repeated}, *x]", "x")
    assert root is None and len(problems) == 1


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    root, problems = parse_yaml("a: " + "[" * 5000 + "]" * 5000, "x")
    assert root is None
    assert len(problems) == 1 and problems[0].severity is Severity.ERROR


# --------------------------------------------------------------------------------------------
# read_note


def test_read_note(tmp_path: Path) -> None:
    file = tmp_path / "my-note.md"
    file.write_bytes(b"\xef\xbb\xbf---\r\ntitle: T\r\nthemes: [a]\r\n---\r\nBody\r\n")
    note = read_note(file, "shown/my-note.md")
    assert note.problems == ()
    assert (note.path, note.slug, note.front_line, note.body) == (
        "shown/my-note.md",
        "my-note",
        1,
        "Body\n",
    )
    assert note.front is not None and note.front.key_lines == {"title": 2, "themes": 3}


def test_read_note_over_the_limit_is_an_error_and_is_not_read(tmp_path: Path) -> None:
    file = tmp_path / "big.md"
    file.write_text("---\ntitle: T\n---\n" + "x" * 1_500_000, encoding="utf-8")
    note = read_note(file, "big.md")
    assert formatted(note.problems) == [
        "big.md:1: error: file is larger than 1 MB, the limit for a note "
        "(split the note or trim it)"
    ]
    assert note.front is None


def test_read_note_of_exactly_1_mb_is_fine(tmp_path: Path) -> None:
    file = tmp_path / "edge.md"
    head = "---\ntitle: T\n---\n"
    file.write_text(head + "x" * (1_000_000 - len(head)), encoding="utf-8")
    assert read_note(file, "edge.md").problems == ()


def test_read_note_not_a_mapping_drops_the_front(tmp_path: Path) -> None:
    file = tmp_path / "x.md"
    file.write_text("---\n- a\n---\n", encoding="utf-8")
    note = read_note(file, "x.md")
    assert note.front is None
    assert [p.message for p in note.problems] == ["front matter is a list, not a mapping of keys"]


def test_read_note_that_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    note = read_note(tmp_path / "gone.md", "gone.md")
    assert formatted(note.problems) == [
        "gone.md:1: error: cannot read file: No such file or directory"
    ]


# --------------------------------------------------------------------------------------------
# read_content


def make_tree(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        file = root / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return root


def test_read_content_of_the_fixture(content: Path) -> None:
    raw = read_content(content, "content")
    assert raw.problems == ()
    assert [n.path for n in raw.notes] == [
        "content/articles/2023/gamma.md",
        "content/articles/2024/alpha.md",
        "content/articles/2024/beta.md",
        "content/articles/2024/draft-delta.md",
    ]
    assert set(raw.vocabularies) == {"agencies", "locations", "themes"}
    assert raw.vocabularies["themes"].path == "content/vocabulary/themes.yml"
    assert [(name, path) for name, path, _ in raw.pages] == [("about", "content/pages/about.md")]


def test_read_content_skips_hidden_folders_lock_files_and_non_markdown(tmp_path: Path) -> None:
    """A hidden note file is read (its name then fails the slug check: reported, not skipped);
    hidden folders and editors' lock files (`.#x.md`) are not notes."""
    make_tree(
        tmp_path,
        {
            "articles/.hidden.md": "",
            "articles/.#deep.md": "",
            "articles/.git/x.md": "",
            "articles/notes.txt": "",
            "articles/a/b/c/deep.md": "---\ntitle: T\n---\n",
        },
    )
    raw = read_content(tmp_path, "c")
    assert [n.path for n in raw.notes] == ["c/articles/.hidden.md", "c/articles/a/b/c/deep.md"]


def test_read_content_missing_vocabularies_warn(tmp_path: Path) -> None:
    raw = read_content(tmp_path, "c")
    assert raw.notes == () and raw.pages == ()
    assert formatted(raw.problems) == [
        f"c/vocabulary/{name}.yml:1: warning: vocabulary file missing; it counts as empty"
        for name in ("agencies", "locations", "themes")
    ]


def test_read_content_refuses_links_outside(content: Path, tmp_path: Path) -> None:
    outside = make_tree(tmp_path / "outside", {"x.md": "---\ntitle: T\n---\n", "d/y.md": "x"})
    (content / "articles/link.md").symlink_to(outside / "x.md")
    (content / "articles/dir").symlink_to(outside / "d", target_is_directory=True)
    (content / "pages/link.md").symlink_to(outside / "x.md")
    raw = read_content(content, "c")
    assert sorted(p.path for p in raw.problems) == [
        "c/articles/dir",
        "c/articles/link.md",
        "c/pages/link.md",
    ]
    assert {p.message for p in raw.problems} == {
        "symlink leads outside the content folder; refused"
    }
    assert "c/articles/link.md" not in [n.path for n in raw.notes]


def test_read_content_follows_links_inside_once(content: Path) -> None:
    (content / "articles/again").symlink_to(content / "articles/2024", target_is_directory=True)
    (content / "articles/loop").symlink_to(content / "articles", target_is_directory=True)
    raw = read_content(content, "c")
    assert raw.problems == ()
    assert len(raw.notes) == 4  # the linked folders point at folders already read


def test_read_content_follows_a_link_to_a_folder_elsewhere_in_content(content: Path) -> None:
    make_tree(content, {"shared/extra.md": "---\ntitle: T\n---\n"})
    (content / "shared/loop").symlink_to(content / "shared", target_is_directory=True)
    (content / "articles/shared").symlink_to(content / "shared", target_is_directory=True)
    raw = read_content(content, "c")
    assert raw.problems == ()
    assert [n.path for n in raw.notes][-1] == "c/articles/shared/extra.md"


def test_read_content_page_problems(content: Path) -> None:
    (content / "pages/latin1.md").write_bytes(b"caf\xe9")
    (content / "pages/broken.md").symlink_to(content / "pages/nowhere.md")
    raw = read_content(content, "c")
    assert formatted(raw.problems) == [
        "c/pages/broken.md:1: error: cannot read file: No such file or directory",
        "c/pages/latin1.md:1: error: file is not UTF-8: byte 0xe9 at offset 3 cannot be decoded "
        "(save the file as UTF-8)",
    ]
    assert [name for name, _, _ in raw.pages] == ["about"]


def test_read_content_nested_pages_keep_their_folder(content: Path) -> None:
    make_tree(content, {"pages/method/sources.md": "# Sources\n"})
    raw = read_content(content, "c")
    assert ("method/sources", "c/pages/method/sources.md", "# Sources\n") in raw.pages


def test_read_content_default_shown_root_is_the_folder(content: Path) -> None:
    raw = read_content(content)
    assert raw.notes[0].path == f"{content}/articles/2023/gamma.md"


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_yaml_only_line_breaks_do_not_shift_file_lines(separator: str) -> None:
    """YAML breaks lines at NEL, LS and PS; editors (and these line numbers) do not."""
    text = f'a: "x{separator}y"\nb: [z,\n  w]\nc: *nope\n'
    root, problems = parse_yaml(text, "x", line_offset=2)
    assert formatted(problems) == ["x:5:4: error: YAML syntax error: found undefined alias"]
    root, _ = parse_yaml(text.replace("*nope", "1"), "x", line_offset=2)
    assert root is not None and root.key_lines == {"a": 2, "b": 3, "c": 5}
    b = root.get("b")
    assert b is not None and [n.line for n in b.value] == [3, 4]
