"""The house rules: bot/ knows nothing of Telegram (except the composition root, bot/app.py),
and never reaches into handlers/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

BOT = PROJECT_ROOT / "bot"
COMPOSITION_ROOT = BOT / "app.py"


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


MODULES = sorted(p for p in BOT.rglob("*.py") if p != COMPOSITION_ROOT)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_bot_modules_do_not_import_telegram_or_handlers(path: Path) -> None:
    roots = imported_roots(path)
    assert "telegram" not in roots, f"{path.name} imports telegram; only bot/app.py may"
    assert "handlers" not in roots, f"{path.name} imports handlers; only bot/app.py may"


def test_the_composition_root_wires_telegram_and_handlers() -> None:
    roots = imported_roots(COMPOSITION_ROOT)
    assert {"telegram", "handlers"} <= roots


def test_the_check_sees_lazy_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from telegram.ext import Application\n    import handlers.x\n")
    assert imported_roots(sample) == {"telegram", "handlers"}
