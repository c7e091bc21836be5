"""``python -m bot digest --now``: today's digest to every subscriber not yet served."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING

from bot import messages
from bot.store import FactStore

if TYPE_CHECKING:
    from bot.config import Settings

from bot.digest.delivery import Digests
from bot.digest.policy import Sender

# -- command line -----------------------------------------------------------------------------


async def send_digests_now(
    settings: Settings,
    sender: Sender | None = None,
    *,
    open_sender: Callable[[], AbstractAsyncContextManager[Sender]] | None = None,
    wait: float = 600.0,
) -> int:
    """``python -m bot digest --now``: today's digest to every active subscriber not yet
    served today, whatever its chosen time. When a running bot holds the sender's lease, the
    bot is asked to do it (one sender at a time) and this waits for it. Exit code 0 when no
    chat is left pending or failed. ``sender`` sends; else ``open_sender`` opens one (the
    command line passes Telegram's, so this module never knows Telegram)."""
    if sender is None and (open_sender is None or settings.telegram_bot_token is None):
        print(messages.DIGEST_NEEDS_TOKEN, file=sys.stderr)
        return 2
    store = await FactStore.open(settings.bot_db)
    try:
        digests = Digests.from_settings(store, settings)
        holder = await digests.lease_holder()
        if holder is not None and holder != digests.holder:
            request = await digests.request_run()
            print(messages.DIGEST_HANDED_OVER)
            deadline = asyncio.get_running_loop().time() + wait
            while not await digests.request_done(request):
                if asyncio.get_running_loop().time() > deadline:
                    print(messages.DIGEST_HANDOVER_TIMEOUT, file=sys.stderr)
                    return 1
                await asyncio.sleep(1.0)
            counts = await digests.day_counts()
            print(_counts_line(digests.today(), counts))
            return 0 if not counts.get("failed") and not counts.get("pending") else 1
        try:
            if sender is not None:
                report = await digests.deliver_due(sender, any_time=True)
            else:
                assert open_sender is not None
                async with open_sender() as opened:
                    report = await digests.deliver_due(opened, any_time=True)
        finally:
            await digests.release_lease()
    finally:
        await store.close()
    for result in report.results:
        if result.outcome != "sent":
            print(f"{result.chat_id}: {result.outcome} {result.detail}", file=sys.stderr)
    print(f"bản tin {digests.today().isoformat()}: {report.summary()}")
    return 0 if report.ok else 1


def _counts_line(day: dt.date, counts: dict[str, int]) -> str:
    parts = " ".join(f"{k}={counts.get(k, 0)}" for k in ("sent", "uncertain", "failed", "pending"))
    return f"bản tin {day.isoformat()}: {parts}"
