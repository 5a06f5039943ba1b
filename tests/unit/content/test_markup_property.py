"""Property: whatever Markdown an author types, the HTML it becomes carries no script.

Random texts are built from the fragments that have put script on pages before (links and
images with odd targets, attribute lists, entities, raw HTML, fences, footnotes) and rendered;
the result, read as a browser reads it, never holds an `on*` attribute or a URL whose scheme is
outside http, https and mailto.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.markup import render
from tests.site.test_hostile import _Attributes, scheme_as_browsers_read_it

SCHEMES = ["javascript", "JaVaScRiPt", "vbscript", "data", "file", "http", "https", "mailto", ""]
SPLITS = ["", "\n", "\t", "&#x09;", "&Tab;", "&NewLine;", "\x00", " "]
COLONS = [":", "&colon;", "&#58;", "&#x3A;", "%3A"]
ENTITY_LETTERS = {"s": ["s", "&#115;", "&#x73;"], "j": ["j", "&#106;", "&#x6A;"]}


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(SCHEMES))
    if scheme:
        cut = draw(st.integers(0, len(scheme)))
        scheme = scheme[:cut] + draw(st.sampled_from(SPLITS)) + scheme[cut:]
        for letter, spellings in ENTITY_LETTERS.items():
            scheme = scheme.replace(letter, draw(st.sampled_from(spellings)), 1)
        scheme = draw(st.sampled_from(["", " ", "\n", "\x01", "&#1;"])) + scheme
        scheme += draw(st.sampled_from(COLONS))
    return scheme + draw(st.sampled_from(["alert(1)", "//x.org/a", "x@y.org", "../n.md#a", ""]))


ATTRIBUTES = st.sampled_from(
    [
        "{: onclick=alert(1) }",
        '{: onmouseover="alert(1)" }',
        "{: .class #an-id }",
        '{: href="javascript:alert(1)" }',
        "{: src=javascript:alert(1) }",
        "{: style=x:expression(alert(1)) autofocus onfocus=alert(1) }",
        "{:onerror=alert(1)}",
    ]
)
RAW = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        '<iframe srcdoc="<script>alert(1)</script>">',
        "<a href=javascript:alert(1)>x</a>",
        "<mailto:x/onmouseover=alert(1)>",
        "<javascript:alert(1)>",
        "`",
        "```",
        "~~~",
        "````",
        "\\`",
        "[^1]",
        "[^1]: ",
        "&lt;",
        "&",
        "\n\n",
        "\n",
        "    ",
        "## ",
        "> ",
        "* ",
        "|a|b|\n|-|-|\n",
    ]
)


@st.composite
def fragments(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["link", "image", "reference", "attributes", "raw", "text"]))
    url = draw(urls())
    if kind == "link":
        return f"[t]({draw(st.sampled_from(['', chr(10), ' <']))}{url})"
    if kind == "image":
        return f"![i]({url})"
    if kind == "reference":
        return f"[r]\n\n[r]:{draw(st.sampled_from([' ', chr(10) + '  ']))}{url}\n"
    if kind == "attributes":
        return draw(ATTRIBUTES)
    if kind == "raw":
        return draw(RAW)
    return draw(st.text(alphabet="ab *_#-\n", max_size=8))


@settings(max_examples=400, deadline=None)
@given(st.lists(fragments(), min_size=1, max_size=12))
def test_rendered_markdown_never_carries_script(parts: list[str]) -> None:
    text = "".join(parts)
    rendered = render(text, "articles/2024/x.md", "articles/x/")
    parser = _Attributes()
    parser.feed(rendered.html)
    parser.close()
    for _, tag, name, value in parser.found:
        assert not name.startswith("on"), (text, tag, name)
        assert name not in ("style", "srcdoc", "formaction"), (text, tag, name)
        if name in ("href", "src"):
            assert scheme_as_browsers_read_it(value) in {None, "http", "https", "mailto"}, (
                text,
                tag,
                value,
            )
    assert "<script" not in rendered.html and "<iframe" not in rendered.html
    assert "<svg" not in rendered.html
