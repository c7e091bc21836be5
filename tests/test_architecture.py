"""The house rules, read from the import statements (lazy ones included).

Three layers, arrows pointing down only:

* the **tools** (``bench/``: benchmarks, evaluation, weight fitting) may use anything;
* the **edge** (``handlers/``, the terminal chat ``bot/console.py``, the composition root
  ``bot/app.py`` and the command line ``bot/__main__.py``) talks to Telegram and to people;
* the **core** (every other ``bot`` module) knows nothing of Telegram, of the edge or of the
  tools.

And no import circle anywhere in the project.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

PACKAGES = ("bot", "handlers", "bench")
EDGE_IN_BOT = {"bot.app", "bot.__main__", "bot.console"}
"""The ``bot`` modules that belong to the edge: the composition root, the command line and
the terminal chat. Only the composition root and the command line may import Telegram."""
TELEGRAM_ALLOWED = {"bot.app", "bot.__main__"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


MODULES = project_modules()


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except what sits under ``if TYPE_CHECKING:`` (never run)."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and _type_checking_only(child):
            for other in child.orelse:
                yield other
                yield from _walk(other)
            continue
        yield child
        yield from _walk(child)


def imports_of(path: Path, name: str) -> set[str]:
    """The modules a file imports, as dotted names (``from bot import messages`` is
    ``bot.messages`` when that module exists), relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return found


GRAPH = {name: imports_of(path, name) for name, path in MODULES.items()}


def _layer(name: str) -> str:
    if name.split(".")[0] == "bench":
        return "tools"
    if name.split(".")[0] == "handlers" or name in EDGE_IN_BOT:
        return "edge"
    return "core"


def _external_root(name: str) -> str:
    return name.split(".")[0]


CORE = sorted(name for name in MODULES if _layer(name) == "core")
EDGE = sorted(name for name in MODULES if _layer(name) == "edge")


@pytest.mark.parametrize("name", CORE)
def test_the_core_knows_nothing_of_telegram_the_edge_or_the_tools(name: str) -> None:
    for target in GRAPH[name]:
        assert _external_root(target) != "telegram", f"{name} imports {target}"
        if target in MODULES:
            assert _layer(target) == "core", f"{name} ({_layer(name)}) imports {target}"


@pytest.mark.parametrize("name", EDGE)
def test_the_edge_does_not_reach_into_the_tools(name: str) -> None:
    for target in GRAPH[name]:
        if name == "bot.__main__" and target.startswith("bench."):
            continue  # `python -m bot eval` and `bench` reach the tools, lazily, on request
        assert not target.startswith("bench"), f"{name} imports {target}"
        if _external_root(target) == "telegram" and name.startswith("bot."):
            assert name in TELEGRAM_ALLOWED, f"{name} imports {target}"
        assert target not in ("bot.app", "bot.__main__") or name == "bot.__main__", (
            f"{name} imports the composition root {target}"
        )


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of a graph (strongly connected groups of two or more modules, or a
    module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle() -> None:
    assert circles(GRAPH) == []


def test_the_checks_catch_what_they_are_meant_to(tmp_path: Path) -> None:
    # A lazy import inside a function counts; one under TYPE_CHECKING does not.
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import handlers.digest\n"
        "def f():\n    from bot import app as wiring\n    import telegram.ext\n",
        encoding="utf-8",
    )
    assert imports_of(sample, "bot.sample") >= {"bot.app", "telegram.ext"}
    assert "handlers.digest" not in imports_of(sample, "bot.sample")
    # The circle that once existed: bot.digest -> bot.app -> handlers -> handlers.digest.
    graph = {
        "bot.digest": {"bot.app"},
        "bot.app": {"handlers"},
        "handlers": {"handlers.digest"},
        "handlers.digest": {"bot.digest"},
        "bot.vn": set(),
    }
    assert circles(graph) == [["bot.app", "bot.digest", "handlers", "handlers.digest"]]
    assert _layer("bot.digest") == "core" and _layer("bot.app") == "edge"
