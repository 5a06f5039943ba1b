"""Hand-written pages (`content/pages/`) → checked `Page` values with sanitised HTML.

A page is content Markdown like a note body, so it is rendered and sanitised the same way
(`prose.py`); its optional front matter may give the title and description, nothing else.
"""

from __future__ import annotations

from ..problems import Problem, error
from .model import Page
from .prose import check_text
from .read import split_front_matter
from .words import hint_for
from .yaml_nodes import Node, parse_yaml

PAGE_KEYS = ("title", "description")


def build_page(name: str, path: str, text: str) -> tuple[Page | None, list[Problem]]:
    """One page, or None with the problems that keep it off the site."""
    meta: dict[str, str] = {}
    problems: list[Problem] = []
    body, body_line = text, 1
    if text.startswith("---\n"):
        front_text, body, body_line, problems = split_front_matter(text, path)
        if front_text is not None:
            meta, meta_problems = _front_matter(front_text, path)
            problems += meta_problems
    checked = check_text(body, path, body_line, f"pages/{name}.md", f"{name}/")
    problems += checked.problems
    title = meta.get("title") or checked.rendered.title or _title_from(name)
    page = Page(name, path, title, checked.rendered.html, meta.get("description"), checked.links)
    return page, problems


def _front_matter(text: str, path: str) -> tuple[dict[str, str], list[Problem]]:
    root, problems = parse_yaml(text, path, line_offset=2)
    meta: dict[str, str] = {}
    if root is None or root.kind != "map":
        return meta, problems
    for key, line in root.key_lines.items():
        if key not in PAGE_KEYS:
            hint = hint_for(key, PAGE_KEYS) or "allowed: " + ", ".join(PAGE_KEYS)
            problems.append(error(path, line, f"unknown key '{key}'", hint))
            continue
        value = _text(root.get(key))
        if value is None:
            problems.append(error(path, line, f"'{key}' must be text"))
        else:
            meta[key] = value
    return meta, problems


def _text(node: Node | None) -> str | None:
    if node is None or node.kind != "scalar" or not isinstance(node.value, str):
        return None
    return " ".join(node.value.split()) or None


def _title_from(name: str) -> str:
    return name.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").capitalize()
