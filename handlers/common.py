"""Sending helpers and inline keyboards shared by the handlers."""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)
from telegram.constants import ParseMode

from bot import messages
from bot.answer.engine import suggestion_for
from bot.charts import render
from bot.models import Answer, Report
from bot.render import report_html, split_text
from handlers.context import BotData

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024
MORE_REPORTS = frozenset({"dvctt"})
"""Commands whose summary has a "see everything" button (``more:<command>``)."""

BUTTON_TEXT_MAX = 60
ASKED_MAX = 2000


async def send_html(
    bot: Bot,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    reply_to: int | None = None,
    thread_id: int | None = None,
) -> Message:
    """Send HTML, split on line boundaries under Telegram's limit; buttons on the last part."""
    parts = split_text(text)
    sent: Message | None = None
    for number, part in enumerate(parts):
        last = number == len(parts) - 1
        sent = await bot.send_message(
            chat_id,
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if last else None,
            reply_parameters=(
                ReplyParameters(reply_to, allow_sending_without_reply=True)
                if reply_to is not None and number == 0
                else None
            ),
            message_thread_id=thread_id,
            disable_web_page_preview=True,
        )
    assert sent is not None
    return sent


async def reply_html(
    message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    """Answer a user's message: a reply (quoted) outside private chats."""
    private = message.chat.type == "private"
    return await send_html(
        message.get_bot(),
        message.chat_id,
        text,
        markup,
        reply_to=None if private else message.message_id,
        thread_id=message.message_thread_id if message.is_topic_message else None,
    )


def question_ref(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def remember_question(data: BotData, text: str) -> str:
    """A short reference for a question text, for callback data (64-byte limit)."""
    ref = question_ref(text)
    asked = data.asked
    asked[ref] = text
    asked.move_to_end(ref)
    while len(asked) > ASKED_MAX:
        asked.popitem(last=False)
    return ref


async def recall_question(data: BotData, ref: str) -> str | None:
    """The question behind ``ref``; after a restart, rebuilt from the facts' suggestions."""
    if ref in data.asked:
        return data.asked[ref]
    services = data.services
    candidates = services.answerer.suggestions([])
    candidates += [s for f in await services.store.facts() if (s := suggestion_for(f))]
    for text in candidates:
        if question_ref(text) == ref:
            remember_question(data, text)
            return text
    return None


def _label(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_MAX else text[: BUTTON_TEXT_MAX - 1] + "…"


def questions_keyboard(data: BotData, questions: list[str]) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(_label(q), callback_data=f"ask:{remember_question(data, q)}")]
        for q in questions
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def answer_keyboard(data: BotData, answer: Answer, question_id: int) -> InlineKeyboardMarkup:
    """Quote + 👍/👎 for an answer, then up to two related questions; suggestions if unanswered."""
    rows: list[list[InlineKeyboardButton]] = []
    if answer.answered and answer.facts and answer.facts[0].id is not None:
        fact_id = answer.facts[0].id
        rows.append(
            [
                InlineKeyboardButton(messages.BUTTON_QUOTE, callback_data=f"cite:{fact_id}"),
                InlineKeyboardButton(messages.BUTTON_UP, callback_data=f"vote:{question_id}:+"),
                InlineKeyboardButton(messages.BUTTON_DOWN, callback_data=f"vote:{question_id}:-"),
            ]
        )
        related = answer.suggestions[:2]
    else:
        related = answer.suggestions[:4]
    for text in related:
        ref = remember_question(data, text)
        rows.append([InlineKeyboardButton(_label(text), callback_data=f"ask:{ref}")])
    return InlineKeyboardMarkup(rows)


async def send_report(
    bot: Bot,
    chat_id: int,
    report: Report,
    command: str = "",
    *,
    reply_to: Message | None = None,
) -> None:
    """A report (/rank, /dvctt, /nguon or a chart asked for in words) and its chart, whose
    caption names the sources; a summary gets a button for everything it leaves out."""
    markup = None
    if report.more and command in MORE_REPORTS:
        button = InlineKeyboardButton(messages.DVCTT_MORE_BUTTON, callback_data=f"more:{command}")
        markup = InlineKeyboardMarkup([[button]])
    if reply_to is not None:
        await reply_html(reply_to, report_html(report), markup)
    else:
        await send_html(bot, chat_id, report_html(report), markup)
    series = report.series
    if series is None or not series.chartable:
        return
    try:
        png = await asyncio.to_thread(render, series)
    except ImportError:  # matplotlib is an optional extra
        log.info("matplotlib is not installed: no chart")
        return
    if png is None:
        return
    quoted = reply_to is not None and reply_to.chat.type != "private"
    await bot.send_photo(
        chat_id,
        png,
        caption=html.escape(series.caption[:CAPTION_LIMIT]),
        parse_mode=ParseMode.HTML,
        reply_parameters=(
            ReplyParameters(reply_to.message_id, allow_sending_without_reply=True)
            if quoted and reply_to is not None
            else None
        ),
        message_thread_id=(
            reply_to.message_thread_id
            if reply_to is not None and reply_to.is_topic_message
            else None
        ),
    )
