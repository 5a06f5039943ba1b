"""What content HTML may carry that the theme's scripts read: no class of its own, no id they
look up, no title with markup. Each is dropped by the sanitiser and said at the author's line."""

from __future__ import annotations

import pytest

from generator.content import markup, prose


def _render(text: str) -> markup.Rendered:
    return markup.render(text, "articles/2024/x.md", "articles/x/")


@pytest.mark.parametrize(
    "text",
    [
        '[x](https://example.org/ "<img src=x onerror=alert(1)>")',
        '[x](https://example.org/ "&lt;img src=x onerror=alert(1)&gt;")',
        '![i](https://example.org/i.png "<svg onload=alert(1)>")',
        '[x][r]\n\n[r]: https://example.org/ "<b>t</b>"',
        'A paragraph.\n{: title="<b>x</b>" }',
        "## Heading {: title='a > b' }",
    ],
)
def test_a_title_with_markup_is_an_error_and_never_reaches_the_page(text: str) -> None:
    rendered = _render(text)
    assert "title=" not in rendered.html.replace('title="Permanent link"', "")
    [finding] = rendered.findings
    assert finding.is_error and "holds markup ('<' or '>')" in finding.message
    assert finding.hint == "a title is plain text: remove '<' and '>' from it"


def test_a_plain_title_is_kept() -> None:
    plain = _render('[x](https://example.org/ "Fish & chips")')
    assert 'title="Fish &amp; chips"' in plain.html and plain.findings == ()


def test_classes_from_attribute_lists_are_dropped_with_a_warning() -> None:
    rendered = _render("Text.\n{: .md-ellipsis .md-source .annotate }")
    assert rendered.html == "<p>Text.</p>"
    assert [f.message for f in rendered.findings] == [
        f"class '{name}' is dropped: content cannot set classes"
        for name in ("md-ellipsis", "md-source", "annotate")
    ]
    assert not any(f.is_error for f in rendered.findings)


def test_the_markdown_extensions_own_classes_stay() -> None:
    rendered = _render("x[^1]\n\n[^1]: note\n\n## H\n\n```python\ncode\n```")
    for name in ("footnote-ref", "footnote-backref", "headerlink", "language-python"):
        assert name in rendered.html, name
    assert rendered.findings == ()


@pytest.mark.parametrize(
    "reserved", ["__search", "md-header", "digest-problems-data", "digest-search", "pagefind-ui"]
)
def test_ids_the_scripts_look_up_are_dropped(reserved: str) -> None:
    rendered = _render(f"Text.\n{{: #{reserved} }}")
    assert "id=" not in rendered.html
    [finding] = rendered.findings
    assert finding.message == f"id '{reserved}' is reserved for the site's scripts; it is dropped"


def test_a_heading_never_gets_a_reserved_id_of_its_own() -> None:
    rendered = _render("## Digest problems data\n\n## MD header")
    assert 'id="section-digest-problems-data"' in rendered.html
    assert 'id="section-md-header"' in rendered.html
    assert rendered.findings == ()


def test_findings_are_located_at_the_authors_line() -> None:
    text = "First.\n\nSecond.\n{: .md-ellipsis }\n\n[x](https://e.org/ '<i>')\n"
    checked = prose.check_text(text, "content/articles/2024/x.md", 7, "articles/2024/x.md", "x/")
    assert [problem.format() for problem in checked.problems] == [
        "content/articles/2024/x.md:10: warning: class 'md-ellipsis' is dropped: content cannot"
        " set classes (the theme's scripts choose elements by class; remove it)",
        "content/articles/2024/x.md:12: error: title '<i>' holds markup ('<' or '>')"
        " (a title is plain text: remove '<' and '>' from it)",
    ]
