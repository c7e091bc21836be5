"""Commands: /start, /help, /rank, /dvctt, /nguon, and the command menus."""

from __future__ import annotations

import asyncio
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

from bot import messages
from bot.charts import line_chart
from bot.queries import Report, dvctt_report, rank_report, report_html, sources_report
from handlers.common import questions_keyboard, reply_html
from handlers.context import Context

log = logging.getLogger(__name__)

EXAMPLES = 4


async def publish_commands(bot: Bot) -> None:
    """The command menus, in Vietnamese: one for private chats, one for groups."""
    menus = [
        (messages.COMMAND_DESCRIPTIONS_PRIVATE, BotCommandScopeAllPrivateChats()),
        (messages.COMMAND_DESCRIPTIONS_GROUP, BotCommandScopeAllGroupChats()),
    ]
    for descriptions, scope in menus:
        commands = [BotCommand(name, text) for name, text in descriptions.items()]
        try:
            await bot.set_my_commands(commands, scope=scope)
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
    await reply_html(message, messages.HELP.format(username=html.escape(context.bot.username)))


async def _send_report(update: Update, context: Context, report: Report) -> None:
    message = update.message
    if message is None:
        return
    await reply_html(message, report_html(report))
    series = report.series
    if series is None or not series.chartable:
        return
    try:
        png = await asyncio.to_thread(line_chart, series)
    except ImportError:  # matplotlib is an optional extra
        log.info("matplotlib is not installed: no chart")
        return
    if png:
        await message.reply_photo(png, caption=html.escape(series.title))


async def cmd_rank(update: Update, context: Context) -> None:
    """/rank [bo | tinh | ministry or province]: rankings with sources, and a chart."""
    services = context.services
    await _send_report(
        update, context, await rank_report(services.store, services.lexicon, _argument(context))
    )


async def cmd_dvctt(update: Update, context: Context) -> None:
    """/dvctt [province]: online public service figures, and a chart of the level-4 share."""
    services = context.services
    await _send_report(
        update, context, await dvctt_report(services.store, services.lexicon, _argument(context))
    )


async def cmd_nguon(update: Update, context: Context) -> None:
    """/nguon: the articles the figures come from."""
    await _send_report(update, context, await sources_report(context.services.store))
