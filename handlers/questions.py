"""Questions: free text in private chats, mentions/replies in groups, buttons, inline mode."""

from __future__ import annotations

import hashlib
import html
import logging

from telegram import (
    Chat,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.constants import ChatType, ParseMode

from bot import messages
from bot.feedback import record_question, record_vote
from bot.queries import chart_report
from bot.render import answer_html, answer_plain, quote_html, source_text, split_text
from handlers.commands import conversation_key
from handlers.common import (
    answer_keyboard,
    questions_keyboard,
    recall_question,
    reply_html,
    send_html,
    send_report,
)
from handlers.context import Context, QuestionLimiter

log = logging.getLogger(__name__)

INLINE_EXAMPLES = 4
INLINE_CACHE_SECONDS = 30


def addressed_text(message: Message, bot_id: int, username: str) -> str | None:
    """The question in a message meant for the bot, or None when it is not for the bot.

    Private chats: the whole text. Groups: only when the bot is @mentioned (the mention is
    removed) or the message replies to one of the bot's messages.
    """
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    handle = f"@{username}".lower()
    mentions = [
        (entity, piece)
        for entity, piece in message.parse_entities([MessageEntity.MENTION]).items()
        if piece.lower() == handle
    ]
    replied = message.reply_to_message
    to_bot = bool(replied and replied.from_user and replied.from_user.id == bot_id)
    if not mentions and not to_bot:
        return None
    for _, piece in mentions:
        text = text.replace(piece, " ")
    return " ".join(text.split())


CHAT_LIMITER = "chat_question_limiter"


def chat_limiter(context: Context) -> QuestionLimiter:
    """Questions per group chat and minute (``questions_per_chat_per_minute``)."""
    limiter = context.bot_data.get(CHAT_LIMITER)
    if not isinstance(limiter, QuestionLimiter):
        limiter = QuestionLimiter(context.settings.questions_per_chat_per_minute)
        context.bot_data[CHAT_LIMITER] = limiter
    return limiter


async def _allowed(
    context: Context, user: User | None, chat: Chat | None = None
) -> tuple[bool | None, str]:
    """(True to answer, None to stay silent, False to send the one notice; the notice).

    Each user has a limit; a group chat as a whole has another one, so a crowd cannot make the
    bot flood the group (or hit Telegram's 20 messages a minute per group)."""
    verdict = context.limiter.check(user.id if user else 0)
    notice = messages.RATE_LIMITED
    if verdict == "ok" and chat is not None and chat.type != ChatType.PRIVATE:
        verdict = chat_limiter(context).check(chat.id)
        notice = messages.CHAT_RATE_LIMITED
    if verdict == "ok":
        return True, ""
    return (False, notice) if verdict == "notify" else (None, "")


async def answer_in_chat(
    context: Context,
    chat_id: int,
    chat_type: str,
    text: str,
    user: User | None,
    *,
    reply_to: Message | None = None,
) -> None:
    """Ask the answerer and send the answer with its buttons."""
    services = context.services
    question = text
    key = conversation_key(chat_id, chat_type, user.id if user is not None else None)
    answer = await services.dialogue.reply(key, question)
    if answer.chart is not None:
        report = await chart_report(services.store, services.lexicon, answer.chart)
        await send_report(context.bot, chat_id, report, answer.chart[0], reply_to=reply_to)
        return
    # Small talk is not a question: it would only crowd the operators' list of unanswered ones.
    question_id = (
        0
        if answer.talk
        else await record_question(
            services.store, answer, user_id=user.id if user else None, chat_type=chat_type
        )
    )
    markup = answer_keyboard(context.bot_data, answer, question_id)
    if reply_to is not None:
        await reply_html(reply_to, answer_html(answer), markup)
    else:
        await send_html(context.bot, chat_id, answer_html(answer), markup)


async def on_question(update: Update, context: Context) -> None:
    """A text message: answer it when it is addressed to the bot."""
    message = update.message
    if message is None or message.text is None:
        return
    text = addressed_text(message, context.bot.id, context.bot.username)
    if text is None:
        return
    allowed, notice = await _allowed(context, message.from_user, message.chat)
    if allowed is None:
        return
    if allowed is False:
        await reply_html(message, html.escape(notice))
        return
    if not text.strip():
        examples = context.services.answerer.suggestions([])
        await reply_html(
            message,
            html.escape(messages.ASK_WHAT),
            questions_keyboard(context.bot_data, examples[:INLINE_EXAMPLES]),
        )
        return
    await answer_in_chat(
        context, message.chat_id, message.chat.type, text, message.from_user, reply_to=message
    )


async def on_ask_button(update: Update, context: Context) -> None:
    """An example or related question pressed: answer it in the same chat."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    text = await recall_question(context.bot_data, query.data.partition(":")[2])
    if text is None:
        await query.answer(messages.QUESTION_GONE, show_alert=True)
        return
    chat = query.message.chat if query.message is not None else None
    allowed, notice = await _allowed(context, query.from_user, chat)
    if not allowed:
        await query.answer(notice or None)
        return
    await query.answer()
    message = query.message
    if message is None:
        return
    await answer_in_chat(context, message.chat.id, message.chat.type, text, query.from_user)


async def on_cite_button(update: Update, context: Context) -> None:
    """ "📄 Trích dẫn": the exact source sentence of the answer's fact."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    fact_id = small_id(query.data.partition(":")[2])
    facts = await context.services.store.facts([fact_id]) if fact_id is not None else []
    if not facts:
        await query.answer(messages.QUOTE_GONE, show_alert=True)
        return
    await query.answer()
    if query.message is not None:
        await send_html(
            context.bot,
            query.message.chat.id,
            quote_html(facts[0]),
            reply_to=query.message.message_id,
        )


async def on_vote_button(update: Update, context: Context) -> None:
    """👍/👎 on an answer: stored per user, changeable."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    _, raw_id, sign = query.data.split(":", 2) if query.data.count(":") == 2 else ("", "", "")
    question_id = small_id(raw_id)
    stored = question_id is not None and await record_vote(
        context.services.store,
        question_id,
        user_id=query.from_user.id,
        vote=1 if sign == "+" else -1,
    )
    await query.answer(messages.FEEDBACK_THANKS if stored else messages.FEEDBACK_GONE)


def small_id(raw: str) -> int | None:
    """A row id from callback data, or None when it is not one (forged or garbled data)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 15 else None


async def on_stale_button(update: Update, context: Context) -> None:
    """Any other button press (old, forged or garbled data): answered, so it stops spinning."""
    query = update.callback_query
    if query is not None:
        await query.answer(messages.BUTTON_STALE)


def _result_id(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:32]


async def on_inline(update: Update, context: Context) -> None:
    """``@bot question``: the answer as an article; an empty query: example questions."""
    inline = update.inline_query
    if inline is None:
        return
    services = context.services
    text = services.dialogue.bound(" ".join(inline.query.split()))
    if text and context.limiter.check(inline.from_user.id) != "ok":
        await inline.answer([], cache_time=5, is_personal=True)
        return
    questions = [text] if text else services.answerer.suggestions([])[:INLINE_EXAMPLES]
    results = []
    for question in questions:
        answer = await services.dialogue.ask_once(question)
        body = split_text(answer_html(answer))[0]
        if answer.answered:
            title = answer_plain(answer).split("\n", 1)[0]
            description = source_text(answer.facts[0].source) if answer.facts else ""
        else:
            title = messages.NO_ANSWER
            description = question
        if not text:
            title, description = question, messages.INLINE_EXAMPLE_DESCRIPTION
        results.append(
            InlineQueryResultArticle(
                id=_result_id(question),
                title=title[:120],
                description=description[:200] or None,
                input_message_content=InputTextMessageContent(body, parse_mode=ParseMode.HTML),
            )
        )
    await inline.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=False)
