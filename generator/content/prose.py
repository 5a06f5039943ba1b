"""Content Markdown checked where it is read: rendered once, its findings located at `path:line`.

Note bodies, term descriptions and hand-written pages all go through here, so each reports
unsafe links, event handlers and characters that pages and feeds cannot carry the same way,
and each keeps its links to other notes and pages for the checks across notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..problems import Problem, error, one_line, warning
from .markup import Rendered, line_of, render
from .model import TextLink

# Characters XML 1.0 refuses (feeds stop being XML) and HTML calls parse errors: C0 and C1
# controls other than tab and line feed, lone surrogates, and the non-characters U+FFFE/U+FFFF.
NOT_IN_FEEDS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class CheckedText:
    rendered: Rendered
    links: tuple[TextLink, ...]
    problems: tuple[Problem, ...]


def check_text(text: str, path: str, first_line: int, source: str, page_url: str) -> CheckedText:
    """Render `text` (which starts at `first_line` of the file at `path`) for `page_url`.

    `source` is the file inside the content folder, from which relative links resolve.
    """
    rendered = render(text, source, page_url)
    problems = [*_findings(rendered, text, path, first_line), *_characters(text, path, first_line)]
    if not problems and NOT_IN_FEEDS.search(rendered.html):  # written as an entity, e.g. &#1;
        problems.append(_character_problem(path, first_line, NOT_IN_FEEDS.search(rendered.html)))
    links = tuple(_links(rendered, text, first_line))
    return CheckedText(rendered, links, tuple(problems))


def _findings(rendered: Rendered, text: str, path: str, first_line: int) -> list[Problem]:
    problems = []
    after: dict[str, int] = {}  # where each needle was last found: the next one is further on
    for finding in rendered.findings:
        line, after[finding.needle] = line_of(
            text, finding.needle, first_line, after.get(finding.needle, 0)
        )
        make = error if finding.is_error else warning
        problems.append(make(path, line, finding.message, finding.hint))
    return problems


def _characters(text: str, path: str, first_line: int) -> list[Problem]:
    found = NOT_IN_FEEDS.search(text)
    if found is None:
        return []
    return [_character_problem(path, first_line + text.count("\n", 0, found.start()), found)]


def _character_problem(path: str, line: int, found: re.Match[str] | None) -> Problem:
    shown = one_line(found.group()) if found else "?"
    hint = "remove it: pages and feeds cannot carry it"
    return error(path, line, f"text holds a control character ({shown})", hint)


def _links(rendered: Rendered, text: str, first_line: int) -> list[TextLink]:
    links = []
    after: dict[str, int] = {}
    for link in rendered.links:
        line, after[link.needle] = line_of(text, link.needle, first_line, after.get(link.needle, 0))
        links.append(TextLink(line, link.needle, link.kind, link.target, link.anchor))
    return links
