"""The error handler: log the exception, tell the user in Vietnamese, never show a trace."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot import messages
from handlers.context import Context

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Log what went wrong; apologise in the chat (or the button's toast) when there is one."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update) or isinstance(context.error, Forbidden):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(messages.ERROR, show_alert=True)
        elif update.effective_chat is not None and update.inline_query is None:
            await context.bot.send_message(update.effective_chat.id, messages.ERROR)
    except TelegramError as exc:
        log.warning("could not tell chat about the error: %s", exc)
