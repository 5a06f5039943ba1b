"""The README and the guide in `docs/` lead somewhere real: every relative link to a file that
exists and every `#anchor` to a heading, every shell example to a real `digest` command (with
options it accepts) or `make` target, every Python file they name to a file. The guide is not
the site: MkDocs and Zensical build from another folder."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from generator.arguments import parser
from tests.project.guide import GUIDE, all_blocks, command_lines, heading_slugs, pages, prose, read
from tests.support import ROOT

# An inline link or image, `[text](target)` or `[text](target "title")`; the text may hold `[…]`.
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
PYTHON_FILE = re.compile(r"`((?:[\w-]+/)*[\w-]+\.py)(?:::\w+)?`")


def _links() -> list[tuple[Path, str]]:
    return [
        (page, target)
        for page, text in pages().items()
        for target in LINK.findall(prose(text))
        if not EXTERNAL.match(target)
    ]


def test_the_guide_index_links_every_page() -> None:
    linked = {target.split("#")[0] for page, target in _links() if page == GUIDE / "README.md"}
    pages_ = sorted(p.name for p in GUIDE.glob("*.md") if p.name != "README.md")
    assert [name for name in pages_ if name not in linked] == []


def test_every_relative_link_leads_to_a_file_and_its_anchor_to_a_heading() -> None:
    links = _links()
    assert len(links) > 20, "the README and the guide link fewer pages than they used to"
    broken = []
    for page, target in links:
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{page.relative_to(ROOT)}: {target}: no such file")
        elif not file.is_relative_to(ROOT):
            broken.append(f"{page.relative_to(ROOT)}: {target}: outside the repository")
        elif anchor and file.suffix == ".md" and anchor not in heading_slugs(read(file)):
            broken.append(f"{page.relative_to(ROOT)}: {target}: no heading '#{anchor}'")
    assert broken == []


def _makefile() -> tuple[set[str], str]:
    text = read(ROOT / "Makefile")
    return set(re.findall(r"^([\w.-]+)[ \t]*:(?!=)", text, re.MULTILINE)), text


def test_every_shell_example_names_a_real_command_or_make_target() -> None:
    targets, makefile = _makefile()
    digest_commands, make_commands, wrong = 0, 0, []
    for block in all_blocks():
        if block.lang != "sh":
            continue
        where = block.page.relative_to(ROOT)
        for line in command_lines(block):
            words = shlex.split(line, comments=True)
            if words[:1] == [".venv/bin/digest"]:
                digest_commands += 1
                try:
                    parser().parse_args(words[1:])
                except SystemExit:
                    wrong.append(f"{where}: {line}: not a digest command with these options")
            elif words[:1] == ["make"]:
                make_commands += 1
                for word in words[1:]:
                    name, is_variable, _ = word.partition("=")
                    if is_variable:
                        if not re.search(rf"^{re.escape(name)}[ \t]*[?:+]?=", makefile, re.M):
                            wrong.append(f"{where}: {line}: the Makefile has no variable {name}")
                    elif not word.startswith("-") and word not in targets:
                        wrong.append(f"{where}: {line}: the Makefile has no target {word}")
    assert digest_commands > 0 and make_commands > 0, "no digest or make example found"
    assert wrong == []


def test_every_python_file_the_guide_names_exists() -> None:
    everywhere = {
        p.name
        for folder in ("generator", "tests", "benchmarks", "tools")
        for p in (ROOT / folder).rglob("*.py")
    }
    missing = []
    for page, text in pages().items():
        for name in set(PYTHON_FILE.findall(text)):
            found = (
                (ROOT / name).is_file()
                or (ROOT / "generator" / name).is_file()
                or ("/" not in name and name in everywhere)
            )
            if not found:
                missing.append(f"{page.relative_to(ROOT)}: {name}")
    assert missing == []


def test_the_guide_is_not_the_site() -> None:
    """MkDocs and Zensical read `docs/` when `docs_dir` is not set: it must name another folder."""
    config = yaml.safe_load(read(ROOT / "mkdocs.yml"))
    docs_dir = config.get("docs_dir")
    assert docs_dir, "mkdocs.yml sets no docs_dir: MkDocs would publish the guide in docs/"
    assert (ROOT / docs_dir).resolve() != GUIDE.resolve()
    assert not GUIDE.resolve().is_relative_to((ROOT / docs_dir).resolve())
