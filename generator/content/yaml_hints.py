"""The YAML mistakes authors really make, told in words that say what to do.

The parser names its own state ("mapping values are not allowed in this context", "found
character that cannot start any token"), not the fix. The mistakes behind those words are few
and known: a colon in an unquoted title, a tab in the indentation, curly quotes pasted from a
word processor, a date written with slashes. Each is recognised from the line the parser (or a
field check) stopped at, and gets a message and a hint that shows the line as it should be.
Anything else keeps the parser's words.
"""

from __future__ import annotations

import re
from datetime import date

CURLY_OPENING = "“‘„‚«"
CURLY_CLOSING = "”’“‘»"
CURLY = "“”‘’„‚«»"
# `key: value` or `- key: value`: the key up to the first colon that a space follows
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?(?P<key>[^\s:#'\"{\[][^:#]*?):[ \t]+(?P<value>.+?)\s*$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLASHED = re.compile(r"^(\d{1,4})([/.])(\d{1,2})\2(\d{1,4})$")
EXAMPLE_CHARACTERS = 40  # a value shown in a hint is cut after this many characters


def explain(problem: str, line: str, column: int) -> tuple[str, str] | None:
    """(message, hint) for a YAML syntax error the parser reported at `line`, `column` (from 0);
    None when the mistake is not one of the known ones (the parser's words are kept then)."""
    indentation = line[: len(line) - len(line.lstrip())]
    if "\t" in indentation:
        return "the line is indented with a tab", "indent with spaces: YAML does not allow tabs"
    if "mapping values are not allowed" not in problem:
        return None
    found = _KEY_VALUE.match(line)
    if found is None:
        return None
    key, value = found["key"].strip(), found["value"]
    if column < found.start("value"):  # the key's own colon: the line is indented too deep
        message = f"key '{key}' is indented deeper than the line before it allows"
        return message, "indent it like the keys around it"
    if value[0] in CURLY_OPENING:
        closed = value[-1] in CURLY_CLOSING
        inner = value[1:-1] if closed else value[1:]
        marks = value[0] + "…" + (value[-1] if closed else "")
        message = (
            f"the value of '{key}' is in curly quotes ({marks}), which YAML does not read as quotes"
        )
        return message, f"write straight quotes: {key}: {quoted(inner)}"
    message = f"unquoted ': ' in the value of '{key}': YAML reads it as the start of a new key"
    return message, f"quote the {key}: {key}: {quoted(value)}"


def quoted(value: str) -> str:
    """`value` in double quotes as an example for a hint, cut after its first ': ' (or after
    `EXAMPLE_CHARACTERS`): `"Daily NK: …"`; single quotes when it holds a double quote."""
    colon = value.find(": ")
    shown = value[: colon + 2] + "…" if 0 <= colon < len(value) - 2 else value
    if len(shown) > EXAMPLE_CHARACTERS:
        shown = shown[:EXAMPLE_CHARACTERS].rstrip() + "…"
    if '"' in shown:
        return "'" + shown.replace("'", "''") + "'"
    return '"' + shown.replace("\\", "\\\\") + '"'


def curly_quoted(raw: str) -> str | None:
    """The text inside curly quotes when the whole of `raw` is wrapped in them, else None:
    YAML keeps curly quotes as part of a value, so `“1984”` is text with two quote marks."""
    if len(raw) >= 2 and raw[0] in CURLY_OPENING and raw[-1] in CURLY_CLOSING:
        return raw[1:-1]
    return None


def curly_text(value: str) -> tuple[str, str] | None:
    """(message, hint) for a plain YAML value wholly in curly quotes, which YAML keeps as part
    of the text (`title: “Phones seized”` is a title with two quote marks); None otherwise, and
    for a date, which the date check reports as an error."""
    inner = curly_quoted(value)
    if inner is None or _ISO.match(inner):
        return None
    marks = f"{value[0]}…{value[-1]}"
    message = f"value in curly quotes ({marks}): YAML keeps them as part of the text"
    return message, 'write straight quotes ("…"), or none'


def slashed_date(raw: str) -> tuple[str, str] | None:
    """(message tail, hint) for a date written with slashes or dots (`2024/04/19`,
    `19.04.2024`), naming the ISO date it means, or both readings when the day and the month
    could be either."""
    found = _SLASHED.match(raw)
    if found is None:
        return None
    first, separator, middle, last = found.groups()
    how = "slashes" if separator == "/" else "dots"
    if len(first) == 4:
        readings = _dates(int(first), int(middle), int(last))
    elif len(last) == 4:  # day and month first, in an order that only the numbers can tell
        readings = _dates(int(last), int(middle), int(first)) + _dates(
            int(last), int(first), int(middle)
        )
    else:
        readings = []
    unique = list(dict.fromkeys(readings))
    if not unique:
        return f"is written with {how}", "write it as YYYY-MM-DD"
    if len(unique) == 1:
        return f"is written with {how}", f"write it as {unique[0]}"
    return f"is written with {how}", f"write it as YYYY-MM-DD: {unique[0]} or {unique[1]}?"


def _dates(year: int, month: int, day: int) -> list[str]:
    try:
        return [date(year, month, day).isoformat()]
    except ValueError:
        return []
