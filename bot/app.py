"""The composition root: the python-telegram-bot Application from settings and handlers.

The only module of ``bot`` that imports ``telegram`` (and ``handlers``).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken
from telegram.ext import AIORateLimiter, Application, Defaults

import handlers
from bot.config import Settings
from bot.services import Services
from handlers import digest
from handlers.commands import publish_commands
from handlers.context import CONTEXT_TYPES, SERVICES, SETTINGS, bot_data_of

__all__ = ["build_application", "digest", "quiet_http_logs", "run", "webhook_secret"]

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]


def quiet_http_logs() -> None:
    """httpx logs every request URL, token included, at INFO."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def build_application(
    settings: Settings, services: Services | None = None, *, rate_limited: bool = True
) -> AnyApp:
    """The bot, ready for ``run_polling``/``run_webhook`` or ``async with``.

    Services are opened in ``post_init`` (the store synced from the bundled articles) unless
    given, and then closed in ``post_shutdown``; given services stay open (the caller owns them).
    """
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # Opt in to PTB 22's timedelta durations (RetryAfter etc.) instead of deprecation warnings.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    quiet_http_logs()
    owned = services is None

    async def post_init(app: AnyApp) -> None:
        data = bot_data_of(app)
        data[SERVICES] = services if services is not None else await Services.open(settings)
        await publish_commands(app.bot)
        await digest.schedule_all(app)

    async def post_shutdown(app: AnyApp) -> None:
        await digest.stop(app)
        opened = bot_data_of(app).pop(SERVICES, None)
        if owned and isinstance(opened, Services):
            await opened.close()

    builder: Any = Application.builder()  # its type changes with the rate limiter
    if rate_limited:
        # Telegram's limits (30 messages/s, 20/min per group); only benchmarks measuring the
        # bot's own throughput turn this off.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    app: AnyApp = (
        builder.token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=ZoneInfo(settings.timezone)))
        .context_types(CONTEXT_TYPES)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    bot_data_of(app)[SETTINGS] = settings
    handlers.register(app)
    return app


def webhook_secret(token: str) -> str:
    """The secret Telegram sends with every webhook call, derived from (never equal to) the
    token, so only Telegram, which knows it from setWebhook, can post updates."""
    return hashlib.sha256(f"egov-bot:webhook:{token}".encode()).hexdigest()[:48]


def run(settings: Settings) -> int:
    """Run the bot: terminal chat without a token, else long polling (or a webhook)."""
    quiet_http_logs()
    if settings.telegram_bot_token is None:
        from bot.console import run_console

        return asyncio.run(run_console(settings))
    app = build_application(settings)
    try:
        _serve(app, settings)
    except InvalidToken:
        # Its message carries the token: say what is wrong without it.
        log.error(
            "Telegram refused the bot token, or TELEGRAM_API_URL (%s) is not a Bot API server;"
            " check both",
            urlsplit(settings.telegram_api_url)._replace(path="", query="").geturl(),
        )
        return 1
    return 0


def _serve(app: AnyApp, settings: Settings) -> None:
    assert settings.telegram_bot_token is not None
    if settings.webhook_url:
        log.info("starting webhook on %s:%s", settings.webhook_listen, settings.webhook_port)
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.strip("/"),
            webhook_url=settings.webhook_url,
            secret_token=webhook_secret(settings.telegram_bot_token.get_secret_value()),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        log.info("starting long polling")
        app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
