"""Operators (``BOT_ADMIN_IDS``), in private chats: add articles (a document, or ``/them`` with
pasted text), remove them (``/xoa``), and see usage (``/stats``). Others get a polite refusal.

The work is done by :mod:`bot.admin`; here the update is parsed, the file size checked before
downloading, and the summary sent back.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from telegram import Message, Update, User
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot import admin, messages, render, stats
from bot.models import AddResult
from handlers.common import reply_html
from handlers.context import Context

log = logging.getLogger(__name__)

PRIVATE_MESSAGES = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
GROUP_MESSAGES = filters.UpdateType.MESSAGE & filters.ChatType.GROUPS


def is_admin(context: Context, user: User | None) -> bool:
    return user is not None and user.id in context.settings.bot_admin_ids


async def _reply(message: Message, text: str) -> None:
    await reply_html(message, html.escape(text))


async def _admin_message(update: Update, context: Context) -> Message | None:
    """The message when an operator sent it; else None (after the refusal)."""
    message = update.message
    if message is None:
        return None
    if not is_admin(context, message.from_user):
        await _reply(message, messages.ADMIN_ONLY)
        return None
    return message


async def on_document(update: Update, context: Context) -> None:
    """A file sent privately: an operator's article (.txt, .md, .html)."""
    message = update.message
    if message is None or message.document is None:
        return
    if not is_admin(context, message.from_user):
        await _reply(message, messages.ADMIN_DOCUMENTS_ONLY)
        return
    document = message.document
    name = document.file_name or "bai-viet.txt"
    size = document.file_size or 0
    if size > admin.MAX_UPLOAD_BYTES:
        error = messages.ADMIN_TOO_LARGE.format(
            name=name, size=f"{size:,}", limit=f"{admin.MAX_UPLOAD_BYTES:,}"
        )
        await _reply(message, render.add_result_text(AddResult(name, error=error)))
        return
    if not name.lower().endswith(admin.UPLOAD_SUFFIXES):
        error = messages.ADMIN_BAD_TYPE.format(name=name)
        await _reply(message, render.add_result_text(AddResult(name, error=error)))
        return
    try:
        telegram_file = await document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("could not download %s: %s", name, exc)
        await _reply(message, messages.ADMIN_DOWNLOAD_FAILED)
        return
    user_id = message.from_user.id if message.from_user else None
    result = await admin.add_document(
        context.services, data, name, message.caption, added_by=user_id
    )
    await _reply(message, render.add_result_text(result))


def _command_body(message: Message) -> str:
    """The text after ``/command`` (newlines kept), or the text of the replied-to message."""
    parts = (message.text or "").split(None, 1)
    body = parts[1] if len(parts) > 1 else ""
    if not body.strip() and message.reply_to_message is not None:
        replied = message.reply_to_message
        body = replied.text or replied.caption or ""
    return body


async def cmd_add(update: Update, context: Context) -> None:
    """/them: add pasted article text (first line: title)."""
    message = await _admin_message(update, context)
    if message is None or message.from_user is None:
        return
    body = _command_body(message)
    if not body.strip():
        limit = admin.MAX_UPLOAD_BYTES // 1000
        await _reply(message, messages.ADMIN_ADD_USAGE.format(limit=limit))
        return
    result = await admin.add_pasted(context.services, body, added_by=message.from_user.id)
    await _reply(message, render.add_result_text(result))


async def cmd_remove(update: Update, context: Context) -> None:
    """/xoa <article id or title>: remove an article and its facts."""
    message = await _admin_message(update, context)
    if message is None or message.from_user is None:
        return
    query = " ".join(context.args or [])
    await _reply(
        message, await admin.remove_text(context.services, query, removed_by=message.from_user.id)
    )


async def cmd_stats(update: Update, context: Context) -> None:
    """/stats [days]: questions per day, share answered, top unanswered, 👎, subscribers."""
    message = await _admin_message(update, context)
    if message is None:
        return
    args = context.args or []
    days = int(args[0][:4]) if args and args[0][:4].isdigit() else 7
    usage = await stats.collect_stats(context.services.store, days=days)
    await _reply(message, render.stats_text(usage))


async def cmd_private_only(update: Update, context: Context) -> None:
    """An operator command sent in a group or channel: refused politely, nothing done."""
    message = update.effective_message
    if message is not None:
        await _reply(message, messages.ADMIN_PRIVATE_ONLY)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Operator handlers, in order (before the free-text question handler)."""
    return [
        CommandHandler("them", cmd_add, filters=PRIVATE_MESSAGES),
        CommandHandler("xoa", cmd_remove, filters=PRIVATE_MESSAGES),
        CommandHandler("stats", cmd_stats, filters=PRIVATE_MESSAGES),
        MessageHandler(PRIVATE_MESSAGES & filters.Document.ALL, on_document),
        CommandHandler(["them", "xoa", "stats"], cmd_private_only, filters=GROUP_MESSAGES),
    ]
