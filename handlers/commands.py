"""Commands: /start, /help, /rank, /dvctt, /nguon, /trichdan, and the command menus."""

from __future__ import annotations

import html
import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.error import TelegramError

from bot import commands, messages
from bot.queries import report_for
from bot.render import quote_html, report_html
from handlers.common import MORE_REPORTS, questions_keyboard, reply_html, send_html, send_report
from handlers.context import Context

log = logging.getLogger(__name__)

EXAMPLES = 4


async def publish_commands(bot: Bot) -> None:
    """The command menus, in Vietnamese, from the command table: private chats and groups."""
    menus = [
        (commands.menu(group=False), BotCommandScopeAllPrivateChats()),
        (commands.menu(group=True), BotCommandScopeAllGroupChats()),
    ]
    for entries, scope in menus:
        try:
            await bot.set_my_commands([BotCommand(n, t) for n, t in entries], scope=scope)
        except TelegramError as exc:
            log.warning("could not set the command menu (%s): %s", scope.type, exc)


def _argument(context: Context) -> str:
    return " ".join(context.args or [])[: context.settings.max_question_chars]


async def cmd_start(update: Update, context: Context) -> None:
    """Welcome and example questions as buttons."""
    message = update.message
    if message is None:
        return
    examples = context.services.answerer.suggestions([])[:EXAMPLES]
    await reply_html(
        message, html.escape(messages.WELCOME), questions_keyboard(context.bot_data, examples)
    )


async def cmd_help(update: Update, context: Context) -> None:
    """Commands and examples."""
    message = update.message
    if message is None:
        return
    operator = message.from_user is not None and (
        message.from_user.id in context.settings.bot_admin_ids
    )
    text = commands.help_text(operator=operator, username=context.bot.username)
    await reply_html(message, html.escape(text))


def conversation_key(chat_id: int, chat_type: str, user_id: int | None) -> tuple[int, int]:
    """One conversation per private chat, and per user in a group."""
    return (chat_id, user_id if user_id is not None and chat_type != "private" else 0)


async def cmd_trichdan(update: Update, context: Context) -> None:
    """/trichdan: the source sentence of the last answer in this conversation."""
    message = update.message
    if message is None:
        return
    user = message.from_user
    key = conversation_key(message.chat_id, message.chat.type, user.id if user else None)
    answer = context.services.dialogue.last_answer(key)
    if answer is None or not answer.facts:
        await reply_html(message, html.escape(messages.NO_LAST_ANSWER))
        return
    await reply_html(message, quote_html(answer.facts[0]))


async def on_more_button(update: Update, context: Context) -> None:
    """ "📋 Xem tất cả": the whole report a summary left out, sent under the summary."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    command = query.data.removeprefix("more:")
    if command not in MORE_REPORTS:
        await query.answer(messages.BUTTON_STALE)
        return
    await query.answer()
    services = context.services
    report = await report_for(command, services.store, services.lexicon, "tatca")
    await send_html(
        context.bot,
        query.message.chat.id,
        report_html(report),
        reply_to=query.message.message_id,
    )


async def cmd_report(update: Update, context: Context) -> None:
    """/rank, /dvctt, /nguon: the command's report with its sources, and a chart."""
    message = update.message
    if message is None or not message.text:
        return
    command = message.text.split()[0].lstrip("/").split("@")[0].lower()
    services = context.services
    report = await report_for(command, services.store, services.lexicon, _argument(context))
    await send_report(context.bot, message.chat_id, report, command, reply_to=message)
