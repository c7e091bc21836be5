"""Daily digests on Telegram: /subscribe, /unsubscribe, /digest, membership changes, jobs.

The logic lives in :mod:`bot.digest`; this module parses updates, checks who may subscribe, maps
python-telegram-bot's errors onto :class:`bot.digest.SendError`, and keeps the JobQueue in step
with the subscriptions table (jobs are not persisted: :func:`schedule_all` rebuilds them at
start-up, then a catch-up run serves chats whose time already passed today, and a periodic sweep
retries chats left ``pending`` or ``sending`` by errors and crashes).

Who may subscribe a chat: anyone in a private chat; in groups, administrators (also anonymous
ones: the message's ``sender_chat`` is the group itself); in channels, whoever can post (only
administrators can); for ``/subscribe @channel`` sent privately, administrators of that channel,
and only when the bot itself may post there.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from telegram import Chat, ChatFullInfo, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseHandler,
    ChatMemberHandler,
    CommandHandler,
    ExtBot,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot import messages
from bot.config import Settings
from bot.digest import (
    ChatGone,
    ChatMoved,
    DeliveryPolicy,
    DeliveryResult,
    Digests,
    Rejected,
    RetryLater,
    Sleep,
    Subscription,
    Transient,
    Unknown,
    parse_time,
    system_clock,
    time_text,
)
from bot.digest import Clock as DigestClock
from handlers.common import reply_html
from handlers.context import Context, bot_data_of, services_of

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]

RUNTIME = "digest_runtime"
OPTIONS = "digest_options"
JOB_PREFIX = "digest:"
SWEEP = "digest-sweep"
GROUP_ANONYMOUS_BOT_ID = 1087968824
ADMINS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
NEW = filters.UpdateType.MESSAGE
AnyChat = Chat | ChatFullInfo
CHANNEL_COMMAND = re.compile(r"^/(subscribe|unsubscribe|digest)(?:@(\w+))?(?:\s+(.*))?$", re.S)


# -- sending ----------------------------------------------------------------------------------


def _seconds(value: int | float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


# Transport failures that mean the request never reached Telegram whole: safe to send again.
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
)
# A 400 about the message itself: sending it again cannot help.
_MESSAGE_FAULT = ("can't parse", "message is too long", "text must be non-empty", "entities")


class TelegramSender:
    """:class:`bot.digest.Sender` over a python-telegram-bot ``Bot``, sorting every failure
    into "certainly not delivered" (retried) and "outcome unknown" (never resent)."""

    def __init__(self, bot: ExtBot[Any], read_timeout: float = 60.0) -> None:
        self.bot = bot
        self.read_timeout = read_timeout

    async def send(self, chat_id: int, html_text: str) -> int:
        try:
            message = await self.bot.send_message(
                chat_id,
                html_text,
                parse_mode=ParseMode.HTML,
                disable_web_page_preview=True,
                read_timeout=self.read_timeout,
            )
        except RetryAfter as exc:
            raise RetryLater(_seconds(exc.retry_after), exc.message) from exc
        except ChatMigrated as exc:
            raise ChatMoved(exc.new_chat_id, exc.message) from exc
        except Forbidden as exc:
            raise ChatGone(exc.message) from exc
        except BadRequest as exc:  # a NetworkError subclass: check it first
            text = exc.message.lower()
            if "chat not found" in text:
                raise ChatGone(exc.message) from exc
            if any(fault in text for fault in _MESSAGE_FAULT):
                raise Rejected(exc.message) from exc
            raise Transient(exc.message) from exc
        except NetworkError as exc:  # TimedOut included
            cause = exc.__cause__
            if cause is None or isinstance(cause, (TelegramError, *_NOT_SENT)):
                # Telegram answered with an error (5xx), or the request never left.
                raise Transient(exc.message) from exc
            raise Unknown(f"{exc.message} ({type(cause).__name__})") from exc
        except TelegramError as exc:
            raise Transient(exc.message) from exc
        return message.message_id


def digest_bot(settings: Settings, *, rate_limited: bool = True) -> ExtBot[Any]:
    """A bot for sending digests outside the Application (``python -m bot digest --now``,
    the benchmark): Telegram's limits enforced by ``AIORateLimiter`` unless ``rate_limited``
    is false."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    return ExtBot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_url,
        base_file_url=settings.file_url,
        request=HTTPXRequest(connection_pool_size=64, pool_timeout=30.0),
        rate_limiter=AIORateLimiter(max_retries=3) if rate_limited else None,
    )


@asynccontextmanager
async def telegram_sender(
    settings: Settings, *, rate_limited: bool = True
) -> AsyncIterator[TelegramSender]:
    async with digest_bot(settings, rate_limited=rate_limited) as bot:
        yield TelegramSender(bot)


# -- runtime: the Digests service, sender and gate of one application -------------------------


@dataclass
class DigestOptions:
    clock: DigestClock = system_clock
    sleep: Sleep = asyncio.sleep
    policy: DeliveryPolicy | None = None
    tick: float = 3.0
    """Seconds between checks for chats due, requests from ``digest --now`` and the lease."""


@dataclass
class DigestRuntime:
    digests: Digests
    sender: TelegramSender
    options: DigestOptions
    running: asyncio.Lock


def configure(app: AnyApp, **options: Any) -> DigestOptions:
    """Set the digest options of ``app`` before it starts (tests inject a clock here)."""
    chosen = DigestOptions(**options)
    data = bot_data_of(app)
    data[OPTIONS] = chosen
    data.pop(RUNTIME, None)
    return chosen


def runtime(app: AnyApp) -> DigestRuntime:
    data = bot_data_of(app)
    current = data.get(RUNTIME)
    if isinstance(current, DigestRuntime):
        return current
    options = data.get(OPTIONS)
    if not isinstance(options, DigestOptions):
        options = DigestOptions()
    services = services_of(app)
    digests = Digests.from_settings(
        services.store,
        services.settings,
        clock=options.clock,
        sleep=options.sleep,
        policy=options.policy,
    )
    sender = TelegramSender(app.bot, read_timeout=digests.policy.read_timeout)
    made = DigestRuntime(digests, sender, options, asyncio.Lock())
    data[RUNTIME] = made
    return made


# -- jobs -------------------------------------------------------------------------------------


def job_name(chat_id: int) -> str:
    return f"{JOB_PREFIX}{chat_id}"


def _job_queue(app: AnyApp) -> Any:
    if app.job_queue is None:
        raise RuntimeError("the digest needs python-telegram-bot[job-queue]")
    return app.job_queue


def unschedule_chat(app: AnyApp, chat_id: int) -> None:
    for job in _job_queue(app).get_jobs_by_name(job_name(chat_id)):
        job.schedule_removal()


def schedule_chat(app: AnyApp, sub: Subscription) -> None:
    """One daily job per chat at its time, in the configured time zone, every day."""
    unschedule_chat(app, sub.chat_id)
    if sub.active:
        _job_queue(app).run_daily(
            digest_job,
            time=sub.time.replace(tzinfo=runtime(app).digests.tz),
            days=tuple(range(7)),
            chat_id=sub.chat_id,
            name=job_name(sub.chat_id),
        )


async def schedule_all(app: AnyApp) -> None:
    """At start-up (``post_init``): a daily job per active subscription, and a tick every few
    seconds that takes the sender's lease, serves chats whose time has passed (at once after a
    restart), retries chats left pending, and runs the requests of ``digest --now``."""
    rt = runtime(app)
    subs = await rt.digests.subscriptions()
    for sub in subs:
        schedule_chat(app, sub)
    queue = _job_queue(app)
    queue.run_repeating(tick_job, interval=rt.options.tick, first=0, name=SWEEP)
    log.info("digest: %d daily jobs scheduled", len(subs))


async def stop(app: AnyApp) -> None:
    """On shutdown: give up the sender's lease, so another process may send at once."""
    rt = bot_data_of(app).get(RUNTIME)
    if isinstance(rt, DigestRuntime):
        await rt.digests.release_lease()


async def _after(app: AnyApp, result: DeliveryResult) -> None:
    if result.moved_from is not None:
        unschedule_chat(app, result.moved_from)
        sub = await runtime(app).digests.subscription(result.chat_id)
        if sub is not None:
            schedule_chat(app, sub)
    if result.outcome == "gone":
        unschedule_chat(app, result.chat_id)


async def digest_job(context: Context) -> None:
    """A chat's daily digest."""
    job = context.job
    assert job is not None and job.chat_id is not None
    app = context.application
    rt = runtime(app)
    if not app.running:  # stopping: leave the chat to the next start
        return
    result = await rt.digests.deliver(job.chat_id, rt.sender)
    await _after(app, result)


async def tick_job(context: Context) -> None:
    """Every few seconds: chats due and not served, and the requests of ``digest --now``."""
    app = context.application
    rt = runtime(app)
    if rt.running.locked() or not app.running:
        return  # the previous run is still going
    async with rt.running:
        if not await rt.digests.acquire_lease():
            return
        requests = await rt.digests.open_requests()

        async def after(result: DeliveryResult) -> None:
            await _after(app, result)

        report = await rt.digests.deliver_due(
            rt.sender,
            keep_going=lambda: app.running,
            on_result=after,
            any_time=bool(requests),
        )
        await rt.digests.close_requests(requests)
    if report.results:
        log.info("digest run: %s", report.summary())


# -- who may subscribe ------------------------------------------------------------------------


async def is_chat_admin(message: Message) -> bool:
    """Whether the sender of ``message`` administers its chat (private chats: always)."""
    chat = message.chat
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return True
    if message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # anonymous admin; another chat is a channel
    user = message.from_user
    if user is None:
        return False
    if user.id == GROUP_ANONYMOUS_BOT_ID:
        return True
    member = await message.get_bot().get_chat_member(chat.id, user.id)
    return member.status in ADMINS


def _chat_name(chat: AnyChat) -> str:
    if chat.type == ChatType.PRIVATE:
        return messages.DIGEST_THIS_CHAT
    if chat.username:
        return f"@{chat.username}"
    return chat.title or str(chat.id)


def _parse_options(args: Sequence[str]) -> tuple[dt.time | None, int | None] | None:
    """``[HH:MM] [count]`` -> (time, count); None when malformed."""
    when: dt.time | None = None
    count: int | None = None
    for arg in args:
        if when is None and (parsed := parse_time(arg)) is not None and not arg.isdigit():
            when = parsed
        elif count is None and arg.isdigit() and 1 <= int(arg) <= 10:
            count = int(arg)
        else:
            return None
    return when, count


async def _target_channel(message: Message, handle: str) -> AnyChat | str:
    """The chat ``@handle`` when the sender administers it and the bot may post there;
    otherwise the Vietnamese reason."""
    bot = message.get_bot()
    user = message.from_user
    try:
        target = await bot.get_chat(handle)
    except (BadRequest, Forbidden):
        return messages.DIGEST_CHANNEL_NOT_FOUND.format(channel=handle)
    if user is None or message.sender_chat is not None:
        return messages.DIGEST_CHANNEL_ADMINS_ONLY.format(channel=handle)
    try:
        member = await bot.get_chat_member(target.id, user.id)
        me = await bot.get_chat_member(target.id, bot.id)
    except (BadRequest, Forbidden):
        return messages.DIGEST_CHANNEL_NOT_FOUND.format(channel=handle)
    if member.status not in ADMINS:
        return messages.DIGEST_CHANNEL_ADMINS_ONLY.format(channel=handle)
    can_post = me.status == ChatMemberStatus.OWNER or (
        me.status == ChatMemberStatus.ADMINISTRATOR
        and (target.type != ChatType.CHANNEL or bool(getattr(me, "can_post_messages", False)))
    )
    if target.type == ChatType.CHANNEL and not can_post:
        return messages.DIGEST_BOT_CANNOT_POST.format(channel=handle)
    if me.status in GONE:
        return messages.DIGEST_CHANNEL_NOT_FOUND.format(channel=handle)
    return target


async def _resolve(message: Message, args: list[str]) -> tuple[AnyChat, list[str]] | str:
    """The chat a command is about (this one, or ``@channel`` given first) and the remaining
    arguments; a Vietnamese refusal when the sender may not manage it."""
    if args and args[0].startswith("@"):
        found = await _target_channel(message, args[0])
        return found if isinstance(found, str) else (found, args[1:])
    if not await is_chat_admin(message):
        return messages.DIGEST_ADMINS_ONLY
    return message.chat, args


# -- commands ---------------------------------------------------------------------------------


async def _subscribe(app: AnyApp, message: Message, args: list[str]) -> None:
    resolved = await _resolve(message, args)
    if isinstance(resolved, str):
        await reply_html(message, resolved)
        return
    chat, rest = resolved
    options = _parse_options(rest)
    if options is None:
        await reply_html(message, messages.DIGEST_BAD_TIME)
        return
    when, count = options
    title = chat.title or chat.full_name or ""
    sub = await runtime(app).digests.subscribe(
        chat.id, title=title, kind=str(chat.type), time=when, count=count
    )
    schedule_chat(app, sub)
    text = messages.DIGEST_SUBSCRIBED.format(
        chat=_chat_name(chat), count=sub.count, time=time_text(sub.time)
    )
    await reply_html(message, text)


async def _unsubscribe(app: AnyApp, message: Message, args: list[str]) -> None:
    resolved = await _resolve(message, args)
    if isinstance(resolved, str):
        await reply_html(message, resolved)
        return
    chat, _ = resolved
    stopped = await runtime(app).digests.unsubscribe(chat.id)
    unschedule_chat(app, chat.id)
    template = messages.DIGEST_UNSUBSCRIBED if stopped else messages.DIGEST_NOT_SUBSCRIBED
    await reply_html(message, template.format(chat=_chat_name(chat)))


async def _preview(app: AnyApp, message: Message) -> None:
    await reply_html(message, await runtime(app).digests.preview(message.chat_id))


async def cmd_subscribe(update: Update, context: Context) -> None:
    """/subscribe [@channel] [HH:MM] [count]: a daily digest for this chat (or the channel)."""
    assert update.effective_message is not None
    await _subscribe(context.application, update.effective_message, list(context.args or []))


async def cmd_unsubscribe(update: Update, context: Context) -> None:
    """/unsubscribe [@channel]: stop the daily digest."""
    assert update.effective_message is not None
    await _unsubscribe(context.application, update.effective_message, list(context.args or []))


async def cmd_digest(update: Update, context: Context) -> None:
    """/digest: the digest this chat would get next."""
    assert update.effective_message is not None
    await _preview(context.application, update.effective_message)


async def on_channel_command(update: Update, context: Context) -> None:
    """/subscribe, /unsubscribe, /digest posted in a channel (CommandHandler ignores posts)."""
    post = update.channel_post
    if post is None or post.text is None:
        return
    match = CHANNEL_COMMAND.match(post.text.strip())
    if match is None:
        return
    command, addressee, rest = match.groups()
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return
    args = (rest or "").split()
    app = context.application
    if command == "subscribe":
        await _subscribe(app, post, args)
    elif command == "unsubscribe":
        await _unsubscribe(app, post, args)
    else:
        await _preview(app, post)


async def on_my_chat_member(update: Update, context: Context) -> None:
    """The bot was removed from (or blocked in) a chat: stop its digest."""
    change = update.my_chat_member
    if change is None or change.new_chat_member.status not in GONE:
        return
    chat_id = change.chat.id
    if await runtime(context.application).digests.unsubscribe(chat_id):
        log.info("digest: chat %s unsubscribed (bot is %s)", chat_id, change.new_chat_member.status)
    unschedule_chat(context.application, chat_id)


async def on_migrate(update: Update, context: Context) -> None:
    """A group became a supergroup: its digest follows it to the new id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    app = context.application
    rt = runtime(app)
    await rt.digests.migrate(old, new)
    unschedule_chat(app, old)
    sub = await rt.digests.subscription(new)
    if sub is not None:
        schedule_chat(app, sub)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """The digest's handlers, in order."""
    return [
        CommandHandler("subscribe", cmd_subscribe, filters=NEW),
        CommandHandler("unsubscribe", cmd_unsubscribe, filters=NEW),
        CommandHandler("digest", cmd_digest, filters=NEW),
        MessageHandler(
            filters.UpdateType.CHANNEL_POST
            & filters.Regex(r"^/(subscribe|unsubscribe|digest)(@\w+)?(\s|$)"),
            on_channel_command,
        ),
        MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate),
        ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
    ]
