"""Imports flow one way: from the command line down to the model, never back up.

The layers, top to bottom: `cli` → `preview` → `build` → `site` and `authoring` (which know
nothing of each other) → `content` → `routes`, `files`, `facets`, `settings`, `problems`. Inside a
layer, modules import each other without cycles. Imports inside functions count too. The
preview knows only the build: nothing of `content` or `site` (`test_the_preview_knows_only_the_build`).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support import ROOT

PACKAGE = ROOT / "generator"
LAYERS = {
    "cli": 7,
    "arguments": 6,
    "preview": 5,
    "build": 4,
    "site": 3,
    "authoring": 3,
    "content": 2,
    "routes": 1,
    "files": 1,
    "facets": 0,
    "settings": 0,
    "problems": 0,
    "progress": 0,
    "__init__": 0,
}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def imports(source: str, module: str) -> set[str]:
    """The package's modules that `module` imports, by dotted name under `generator`."""
    package = module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
            elif node.module and node.module.startswith("generator"):
                base, node.module = [], node.module.removeprefix("generator").lstrip(".")
            else:
                continue
            target = [*base, *(node.module.split(".") if node.module else [])]
            for alias in node.names:
                candidate = ".".join([*target, alias.name])
                found.add(
                    candidate
                    if (PACKAGE / f"{candidate.replace('.', '/')}.py").is_file()
                    else ".".join(target)
                )
    return {name for name in found if name}


def graph() -> dict[str, set[str]]:
    return {
        module_name(p): imports(p.read_text(encoding="utf-8"), module_name(p))
        for p in PACKAGE.rglob("*.py")
    }


def layer(module: str) -> tuple[str, int]:
    top = module.split(".")[0]
    return top, LAYERS[top]


def test_every_module_has_a_layer() -> None:
    assert {module.split(".")[0] for module in graph()} <= set(LAYERS)


def wrong_way(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in edges.items():
        top, rank = layer(module)
        for target in targets:
            target_top, target_rank = layer(target)
            if target_top != top and target_rank >= rank and target_top != "__init__":
                wrong.append(f"{module} → {target}")
    return sorted(wrong)


def test_no_import_goes_up_or_sideways() -> None:
    assert wrong_way(graph()) == []


def test_no_cycles() -> None:
    edges = graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[str] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_checker_sees_a_wrong_import() -> None:
    """A check that cannot fail proves nothing: upward and sideways imports are found."""
    planted = "from ..site.render import Renderer\n\ndef f():\n    from ...cli import main\n"
    edges = {
        "content.model": imports(planted, "content.model"),
        "site.jobs": imports("from ..authoring import drafts\n", "site.jobs"),
    }
    assert wrong_way(edges) == [
        "content.model → cli",
        "content.model → site.render",
        "site.jobs → authoring.drafts",
    ]


def test_the_preview_knows_only_the_build() -> None:
    """The preview keeps the watcher, the server bridge and the banner; everything it builds
    goes through `build`, the one build the command line runs too."""
    reached = {
        target.split(".")[0]
        for module, targets in graph().items()
        if module.startswith("preview")
        for target in targets
    }
    assert reached <= {"preview", "build", "problems", "settings"}, reached
