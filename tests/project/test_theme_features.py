"""The theme's features: only those reviewed for what content can feed their scripts.

A theme feature is a script that runs on every page. `content.tooltips` showed how one can turn
escaped content text back into markup, so every feature turned on must be one that
`docs/security.md` reviews (and says why it is safe with hostile content); turning on another
fails here until someone reviews it there.
"""

from __future__ import annotations

from typing import Any

import yaml

from tests.support import ROOT

REVIEWED = {
    "navigation.tabs",
    "navigation.tabs.sticky",
    "navigation.prune",
    "navigation.top",
    "navigation.indexes",
    "search.suggest",
    "search.highlight",
}
NEVER = {
    "content.tooltips",
    "navigation.instant",
    "navigation.instant.preview",
    "content.footnote.tooltips",
    "content.code.annotate",
}


class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml may carry `!!python/name:` tags; their values do not matter here."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def _features() -> list[str]:
    config: dict[str, Any] = yaml.load(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag
    )
    return list(config["theme"].get("features", []))


def test_only_reviewed_theme_features_are_on() -> None:
    features = _features()
    assert set(features) <= REVIEWED, sorted(set(features) - REVIEWED)
    assert not set(features) & NEVER


def test_the_security_guide_names_every_feature_that_is_on_and_off() -> None:
    guide = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for feature in [*_features(), *NEVER]:
        assert f"`{feature}`" in guide, feature


# What turns a string into markup in a browser: none of our scripts may do it (content text would
# become markup), whatever it is handed.
MARKUP_SINKS = ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser",
                "createContextualFragment", "srcdoc")  # fmt: skip


def test_no_script_of_ours_turns_text_into_markup() -> None:
    """The site's own scripts (templates/assets/*.js) build what they show with textContent and
    createElement: the header's search box, the search page, the copy buttons."""
    scripts = sorted((ROOT / "templates" / "assets").glob("*.js"))
    assert {s.name for s in scripts} >= {"header-search.js", "search.js", "copy.js"}
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        assert not [sink for sink in MARKUP_SINKS if sink in text], script.name
