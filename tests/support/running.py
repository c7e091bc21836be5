"""Running the real Application against the local Bot API stand-in, as production does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.config import Settings
from tests.support.botapi import FakeBotAPI


def settings_for(api: FakeBotAPI, db: Path, **extra: Any) -> Settings:
    """Settings pointing the bot at the stand-in and at a store of the test's own."""
    return Settings(
        _env_file=None,
        telegram_bot_token=api.token,
        telegram_api_url=api.base_url,
        bot_db=db,
        **extra,
    )


@asynccontextmanager
async def serve(app: Any) -> AsyncIterator[Any]:
    """Like ``Application.run_polling`` (post_init and post_shutdown included), in this loop.

    The stop is graceful: polling ends, in-flight handlers and jobs finish, then shutdown.
    """
    await app.initialize()
    try:
        await app.post_init(app)
        await app.updater.start_polling(poll_interval=0, timeout=10)
        await app.start()
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
    finally:
        await app.shutdown()
        await app.post_shutdown(app)
