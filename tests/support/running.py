"""Running the real Application against the local Bot API stand-in, as production does."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
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


PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


class BotProcess:
    """``python -m bot run`` (or another command) in a child process, pointed at the stand-in.
    Environment variables given override the defaults (the stand-in's token and URL)."""

    def __init__(
        self,
        api: FakeBotAPI,
        db: Path,
        cwd: Path,
        *,
        command: tuple[str, ...] = ("run",),
        **env: str,
    ) -> None:
        self.command = command
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))
        }
        self.env.update(
            {
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_URL": api.base_url,
                "BOT_DB": str(db),
                "PYTHONPATH": str(PROJECT_ROOT),
                "LOG_LEVEL": "INFO",
                "PTB_TIMEDELTA": "1",
                **env,
            }
        )
        self.cwd = cwd
        self.output = ""
        self.returncode: int | None = None

    async def __aenter__(self) -> BotProcess:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *self.command,
            cwd=self.cwd, env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        return self

    async def stop(self) -> None:
        """SIGTERM, as a service manager stops it, and collect what it printed."""
        self.process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(self.process.communicate(), timeout=30)
        self.output = output.decode(errors="replace")
        self.returncode = self.process.returncode

    async def __aexit__(self, *exc: object) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    async def finished(self, timeout: float = 60.0) -> str:  # noqa: ASYNC109
        """Wait for the process to end by itself and collect what it printed."""
        output, _ = await asyncio.wait_for(self.process.communicate(), timeout=timeout)
        self.output = output.decode(errors="replace")
        self.returncode = self.process.returncode
        return self.output
