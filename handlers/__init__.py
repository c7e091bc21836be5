"""Thin Telegram adapters. ``register(app)`` adds every handler, in order, in one list."""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.commands import COMMANDS
from handlers import admin, digest
from handlers.commands import (
    cmd_help,
    cmd_report,
    cmd_start,
    cmd_trichdan,
    on_more_button,
)
from handlers.errors import on_error
from handlers.questions import (
    on_ask_button,
    on_cite_button,
    on_inline,
    on_question,
    on_stale_button,
    on_vote_button,
)

# New messages only: an edited message must not be answered twice.
NEW = filters.UpdateType.MESSAGE


def all_handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Every handler, in the order they are tried."""
    return [
        CommandHandler("start", cmd_start, filters=NEW),
        CommandHandler("help", cmd_help, filters=NEW),
        CommandHandler("rank", cmd_report, filters=NEW),
        CommandHandler("dvctt", cmd_report, filters=NEW),
        CommandHandler("nguon", cmd_report, filters=NEW),
        CommandHandler("trichdan", cmd_trichdan, filters=NEW),
        *digest.handlers(),
        *admin.handlers(),
        CallbackQueryHandler(on_ask_button, pattern=r"^ask:"),
        CallbackQueryHandler(on_cite_button, pattern=r"^cite:"),
        CallbackQueryHandler(on_vote_button, pattern=r"^vote:"),
        CallbackQueryHandler(on_more_button, pattern=r"^more:"),
        CallbackQueryHandler(on_stale_button),
        InlineQueryHandler(on_inline),
        MessageHandler(NEW & filters.TEXT & ~filters.COMMAND, on_question),
    ]


def handled_commands() -> set[str]:
    """Every command some handler answers."""
    return {c for h in all_handlers() if isinstance(h, CommandHandler) for c in h.commands}


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    missing = {c.name for c in COMMANDS} ^ handled_commands()
    if missing:
        raise RuntimeError(f"commands without a handler or not in the table: {sorted(missing)}")
    app.add_handlers(all_handlers())
    app.add_error_handler(on_error)
