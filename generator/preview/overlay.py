"""Content errors in the browser: a banner over every page the preview serves while they last.

The terminal is not where an author looks after saving a note: they look at the browser, which
kept showing the last good build as if nothing were wrong. So while the content has errors the
preview adds, to every HTML page it serves, one `<script>` holding the problems as JSON and the
few lines that draw a banner from them; the next good build removes it (MkDocs' live reload
reloads the page after each build, good or not). It is added as the page is served, never
written to the docs tree, so the built site knows nothing of it.

Problems carry author text (a typo, a title), so nothing in them is ever HTML: the JSON is made
safe to sit in a `<script>` element (`<`, `>`, `&` and the JavaScript line separators escaped),
and the script builds the banner with `textContent`. Each problem's file is a link: a `file://`
URL, or the author's editor when `DIGEST_EDITOR_URL` says how to open one
(`vscode://file/{path}:{line}`; `{path}`, `{line}` and `{col}` are filled in).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

from ..problems import Problem, Severity, one_line

EDITOR_URL = "DIGEST_EDITOR_URL"
ELEMENT_ID = "digest-problems"
_SAFE_IN_SCRIPT = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}

# Draws the banner; reads its problems from the JSON element just before this script (never by
# a document-wide id lookup: a page's content could carry that id too, and win it). No
# innerHTML; a link is followed only to a file or the configured editor.
_SCRIPT = """
(function () {
  var source = document.currentScript && document.currentScript.previousElementSibling;
  if (!source || source.type !== "application/json") return;
  var data = JSON.parse(source.textContent);
  var schemes = ["file:"].concat(data.editor ? [data.editor] : []);
  function followable(href) {
    try { return schemes.indexOf(new URL(href).protocol) >= 0; } catch (e) { return false; }
  }
  var banner = document.createElement("section");
  banner.id = "digest-problems";
  banner.setAttribute("role", "alert");
  banner.setAttribute("aria-label", "Content errors");
  banner.style.cssText = "position:fixed;z-index:10000;left:0;right:0;top:0;max-height:60vh;" +
    "overflow:auto;margin:0;padding:1em 1.5em;background:#fff4f4;color:#3d0000;" +
    "border-bottom:4px solid #c62828;font:14px/1.5 ui-monospace,monospace;" +
    "box-shadow:0 4px 16px rgba(0,0,0,.3)";
  var title = document.createElement("strong");
  title.textContent = data.title;
  banner.appendChild(title);
  var list = document.createElement("ul");
  list.style.cssText = "margin:.5em 0 0;padding-left:1.2em";
  data.problems.forEach(function (problem) {
    var item = document.createElement("li");
    if (problem.href && followable(problem.href)) {
      var link = document.createElement("a");
      link.href = problem.href;
      link.textContent = problem.where;
      link.style.color = "#8e0000";
      item.appendChild(link);
    } else {
      item.appendChild(document.createTextNode(problem.where));
    }
    item.appendChild(document.createTextNode(problem.rest));
    list.appendChild(item);
  });
  banner.appendChild(list);
  var close = document.createElement("button");
  close.type = "button";
  close.textContent = "Hide";
  close.style.cssText = "position:absolute;top:.8em;right:1em";
  close.addEventListener("click", function () { banner.remove(); });
  banner.appendChild(close);
  document.body.appendChild(banner);
})();
"""


def overlay_html(problems: Sequence[Problem], environ: Mapping[str, str] = os.environ) -> bytes:
    """What to add before `</body>` of every served page: nothing when there is no error."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    if not errors:
        return b""
    editor = environ.get(EDITOR_URL)
    data = {
        "title": f"Content has {errors} error(s); the preview still shows the last good build.",
        "problems": [_entry(problem, editor) for problem in problems],
        "editor": _scheme(editor),
    }
    text = json.dumps(data, ensure_ascii=False)
    for character, escaped in _SAFE_IN_SCRIPT.items():
        text = text.replace(character, escaped)
    return (
        f'<script type="application/json" id="{ELEMENT_ID}-data">{text}</script>'
        f"<script>{_SCRIPT}</script>"
    ).encode()


def _scheme(editor: str | None) -> str | None:
    """The editor URL's scheme as the browser writes a protocol (`vscode:`), or None."""
    found = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", editor or "")
    return f"{found.group(1).lower()}:" if found else None


def _entry(problem: Problem, editor: str | None) -> dict[str, str | None]:
    """`where` (path:line, the link's text), the rest of the line, and the link."""
    line = problem.format()
    where = one_line(f"{problem.path}:{problem.line}" + (f":{problem.col}" if problem.col else ""))
    if not line.startswith(where):
        where = ""
    return {"where": where, "rest": line[len(where) :], "href": _link(problem, editor)}


def _link(problem: Problem, editor: str | None) -> str | None:
    """The file's `file://` URL (or the editor's), when the problem names a file that exists."""
    path = Path(problem.path)
    if not path.is_file():
        return None
    absolute = path.resolve()
    if not editor:
        return absolute.as_uri()
    return (
        editor.replace("{path}", quote(str(absolute)))
        .replace("{line}", str(problem.line or 1))
        .replace("{col}", str(problem.col or 1))
    )
