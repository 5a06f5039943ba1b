"""The templates' helpers: escaping for Markdown, HTML and YAML, and links between pages."""

from __future__ import annotations

import yaml
from markupsafe import Markup

from generator.site.templating import ROOT, at_depth, front_matter, linker, md_escape, rooted


def test_markdown_specials_and_html_are_escaped() -> None:
    escaped = md_escape("*a* [b](c) {: .x } # <i>&")
    assert escaped == r"\*a\* \[b\]\(c\) \{: \.x \} \# &lt;i&gt;&amp;"
    assert isinstance(escaped, Markup)


def test_links_are_relative_to_the_page() -> None:
    assert linker("articles/x/")("themes/y/") == "../../themes/y/"
    assert linker("")("themes/y/") == "themes/y/"
    assert linker("themes/y/2024/")("") == "../../../"
    assert linker("")("") == "./"


def test_cached_markup_lands_at_any_depth() -> None:
    line = Markup('<a href="') + rooted("articles/x/") + Markup('">x</a>')
    assert ROOT in line
    assert at_depth(line, 2) == '<a href="../../articles/x/">x</a>'
    assert at_depth(line, 0) == '<a href="articles/x/">x</a>'


def test_text_that_looks_like_the_root_marker_stays_text() -> None:
    line = rooted("<digest-root/>")
    assert at_depth(line, 1) == "../&lt;digest-root/&gt;"


def test_front_matter_is_yaml_with_html_escaped_text() -> None:
    text = front_matter(title='Phones <b>"seized"</b>', description=None, search={"exclude": True})
    assert text.startswith("---\n") and text.endswith("---\n\n")
    data = yaml.safe_load(text.split("---")[1])
    assert data == {
        "title": "Phones &lt;b&gt;&quot;seized&quot;&lt;/b&gt;",
        "search": {"exclude": True},
    }
