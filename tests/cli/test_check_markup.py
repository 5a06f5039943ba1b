"""`digest check` on content Markdown: unsafe links, handlers, characters, links between notes.

Run in-process through `cli.main` (the same code the `digest` executable runs), each case one
mistake in otherwise good content and its exact report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cli
from tests.cli.test_check import GOOD_NOTE, PROBLEM, TODAY, write


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = cli.main(["check", "--content", str(content), "--today", TODAY])
    lines = [line for line in capsys.readouterr().out.splitlines() if PROBLEM.match(line)]
    return code, [line.removeprefix(f"{content}/") for line in lines]


def body(text: str) -> str:
    return GOOD_NOTE.replace("Body.\n", text)


SCHEME_HINT = " (use an https:// or mailto: address, or a relative link to a note)"
HANDLER_HINT = " (remove the attribute list: content cannot carry script)"
CHARACTER_HINT = " (remove it: pages and feeds cannot carry it)"
NOTE = "articles/2024/case.md"

CASES = [
    (
        "javascript-link",
        body("Text.\n\n[x](javascript:alert(1))\n"),
        [f"{NOTE}:11: error: link with scheme 'javascript:' is not allowed" + SCHEME_HINT],
    ),
    (
        "entity-encoded-scheme-on-the-next-line",
        body("[x](\n  java&#115;cript:alert(1))\n"),
        [f"{NOTE}:10: error: link with scheme 'javascript:' is not allowed" + SCHEME_HINT],
    ),
    (
        "data-image",
        body("![x](data:image/png;base64,AAAA)\n"),
        [f"{NOTE}:9: error: image source with scheme 'data:' is not allowed" + SCHEME_HINT],
    ),
    (
        "event-handler-in-an-attribute-list",
        body("Para.\n\nAnother.\n{: onclick=alert(1) }\n"),
        [f"{NOTE}:12: error: event handler 'onclick' is not allowed" + HANDLER_HINT],
    ),
    (
        "style-in-an-attribute-list",
        body("Para.\n{: style=color:red }\n"),
        [
            f"{NOTE}:10: warning: attribute 'style' is not allowed on <p>; it is dropped"
            " (keep only an id or a class in attribute lists)"
        ],
    ),
    (
        "u-fffe-in-the-title",
        GOOD_NOTE.replace("title: A good test note", 'title: "Phones \\uFFFE seized"'),
        [f"{NOTE}:2: error: 'title' holds a control character (\\ufffe)" + CHARACTER_HINT],
    ),
    (
        "u-ffff-in-the-author",
        GOOD_NOTE.replace("  url:", '  author: "A \\uFFFF"\n  url:'),
        [f"{NOTE}:6: error: 'source.author' holds a control character (\\uffff)" + CHARACTER_HINT],
    ),
    (
        "control-character-in-the-first-paragraph",
        body("First \x1b paragraph.\n"),
        [f"{NOTE}:9: error: text holds a control character (\\x1b)" + CHARACTER_HINT],
    ),
    (
        "control-character-as-an-entity",
        body("Intro.\n\nFirst &#1; paragraph.\n"),
        [f"{NOTE}:9: error: text holds a control character (\\x01)" + CHARACTER_HINT],
    ),
    (
        "link-to-an-unknown-note",
        body("See [the other](../2023/gamme.md).\n"),
        [f"{NOTE}:9: error: link '../2023/gamme.md' leads to no note (did you mean 'gamma'?)"],
    ),
    (
        "link-to-a-draft",
        body("See [it](draft-delta.md).\n"),
        [
            f"{NOTE}:9: error: link 'draft-delta.md' leads to a draft"
            " (publish that note first, or remove the link)"
        ],
    ),
    (
        "link-to-a-missing-heading",
        body("See [it](../2023/gamma.md#nowhere).\n"),
        [
            f"{NOTE}:9: error: link '../2023/gamma.md#nowhere': no heading '#nowhere' in that"
            " note (link the note without '#…')"
        ],
    ),
    (
        "link-to-an-unknown-page",
        body("See [it](../../pages/abuot.md).\n"),
        [f"{NOTE}:9: error: link '../../pages/abuot.md' leads to no page (did you mean 'about'?)"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_markup(
    content: Path, capsys: pytest.CaptureFixture[str], text: str, expected: list[str]
) -> None:
    write(content, NOTE, text)
    code, lines = check(content, capsys)
    assert lines == expected
    assert code == (1 if any(": error: " in line for line in expected) else 0)


def test_links_between_notes_and_pages_resolve(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(content, NOTE, body("[g](../2023/gamma.md) [a](alpha.md) [p](../../pages/about.md)\n"))
    code, lines = check(content, capsys)
    assert (code, lines) == (0, [])


def test_a_page_linked_to_a_capture_is_refused(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(content, "captures/2024/report.txt", "Someone else's article.\n")
    (content / "pages" / "report.md").symlink_to(content / "captures" / "2024" / "report.txt")
    code, lines = check(content, capsys)
    assert code == 1
    assert lines == [
        "captures/2024/report.txt:1: warning: orphaned capture: no note refers to it (remove "
        "every orphaned capture with `digest captures --remove-orphans`, or import it again)",
        "pages/report.md:1: error: file leads into content/captures/, which is never published"
        " (write the page in your own words instead of linking to a capture)",
    ]


def test_a_control_character_in_a_term_name(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vocabulary = content / "vocabulary" / "themes.yml"
    text = vocabulary.read_text(encoding="utf-8").replace("name: Trade", 'name: "Tr\\x01ade"')
    vocabulary.write_text(text, encoding="utf-8")
    code, lines = check(content, capsys)
    assert code == 1
    assert lines == [
        "vocabulary/themes.yml:11: error: 'name' holds a control character (\\x01)" + CHARACTER_HINT
    ]


def test_a_description_with_an_unsafe_link(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vocabulary = content / "vocabulary" / "themes.yml"
    text = vocabulary.read_text(encoding="utf-8").replace(
        "    name: Trade\n",
        "    name: Trade\n    description: |\n      Fine.\n      [x](vbscript:msgbox(1))\n",
    )
    vocabulary.write_text(text, encoding="utf-8")
    code, lines = check(content, capsys)
    assert code == 1
    assert lines == [
        "vocabulary/themes.yml:14: error: link with scheme 'vbscript:' is not allowed" + SCHEME_HINT
    ]
