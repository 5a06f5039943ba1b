"""The placeholders `digest new` and `digest import` write, and the check that none is published.

A scaffolded note holds text the author must replace: a summary and a body that start with
`TODO:` and, from `digest import`, a fenced `suggested-terms` block with the evidence for each
suggested term. In a draft they are the author's to-do list; in a published note they would go
out as the note (the issue that made this module: an untouched import, `draft: false`, passed
`digest check` and published "TODO: Write the summary…" and the list of terms). So the writers
take their text from here, and `digest check` looks for the same marks in every published note:

- a line of the summary or the body that starts with `TODO:`;
- the opening fence of the `suggested-terms` block (a fenced block, not an HTML comment: note
  bodies are rendered with raw HTML off, so a comment would show as text; a fence is Markdown,
  survives any editor, and is found by its first line whatever was deleted inside it);
- the wording earlier versions of `digest new` wrote, which had no `TODO:` mark;
- an empty body;
- a source's name that is still `TODO: outlet`, or `TODO: <name>` for an outlet that
  `outlets.yml` does not list (a draft keeps it unresolved, so the import is not lost).

Each is one `path:line` error with the fix. Drafts are not checked for them.
"""

from __future__ import annotations

import re

from ..problems import Problem, error
from .yaml_nodes import Node

TODO = "TODO:"
NEW_SUMMARY = "TODO: one or two sentences in your own words."
NEW_BODY = "TODO: write the note here: a summary of the report in your own words, never its text."
IMPORT_BODY = (
    "TODO: Write the summary in your own words (one or two sentences on what the report says), "
    "then the note. Do not paste the source's text. The title is the source's headline: reword it "
    "if it should read as ours."
)
SUGGESTIONS = "suggested-terms"  # the info string of the block `digest import` writes
UNKNOWN_OUTLET = "TODO: outlet"
# What `digest new` wrote before it marked its placeholders with TODO: (found anywhere in a line).
OLDER_PLACEHOLDERS = (
    "One or two sentences in your own words.",
    "Write the note here: a summary of the report in your own words",
)
SUMMARY_HINT = "write the summary in your own words, or set `draft: true`"
_FENCE = re.compile(rf"^\s{{0,3}}(`{{3,}}|~{{3,}})\s*\{{?\s*\.?{SUGGESTIONS}\b")


def suggestions_block(lines: list[str]) -> list[str]:
    """The fenced block `digest import` puts in a draft's body: `lines` as they are, kept from
    closing the fence early."""
    return [f"```{SUGGESTIONS}", *(line.replace("`", "'") for line in lines), "```"]


def placeholder_problems(
    path: str, summary: str | None, summary_line: int, body: str, body_line: int
) -> list[Problem]:
    """Every placeholder left in a published note's summary and body, at its line.

    `body` is the body as read (its first line is line `body_line` of the file); `summary` the
    front matter's summary, white space collapsed, written at `summary_line`."""
    problems = []
    if summary is not None and is_placeholder(summary):
        message = f"the summary is still a placeholder: '{_shown(summary)}'"
        problems.append(error(path, summary_line, message, SUMMARY_HINT))
    if not body.strip():
        message = "the note has no body"
        hint = "write the note in your own words, or set `draft: true`"
        problems.append(error(path, body_line, message, hint))
    for number, line in enumerate(body.split("\n"), body_line):
        if _FENCE.match(line):
            message = f"the body still holds the '{SUGGESTIONS}' block of `digest import`"
            hint = "check the terms in the front matter and delete the block, or set `draft: true`"
            problems.append(error(path, number, message, hint))
        elif is_placeholder(line):
            message = f"the body still holds a placeholder: '{_shown(line)}'"
            problems.append(error(path, number, message, SUMMARY_HINT))
    return problems


def source_problems(path: str, front: Node) -> list[Problem]:
    """A published note's source names that are still placeholders (`TODO: outlet`, or the
    `TODO: <name>` of an outlet that outlets.yml does not list), at their lines."""
    one, many = front.get("source"), front.get("sources")
    nodes = [one] if one is not None else []
    nodes += many.value if many is not None and many.kind == "seq" else []
    problems = []
    for node in nodes:
        name = node.get("name") if node.kind == "map" else None
        if name is not None and isinstance(name.value, str) and is_placeholder(name.value):
            message = f"the source's name is still a placeholder: '{_shown(name.value)}'"
            hint = "name the outlet (listed in vocabulary/outlets.yml), or set `draft: true`"
            problems.append(error(path, name.line, message, hint))
    return problems


def is_placeholder(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith(TODO) or any(older in text for older in OLDER_PLACEHOLDERS)


def _shown(text: str, limit: int = 60) -> str:
    """The placeholder as the message quotes it: one line, cut at `limit` characters."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"
