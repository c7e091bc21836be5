"""Benchmark: one day's digest to many subscribed chats, through the local Bot API stand-in.

    await bench_digest()                      # 10,000 chats raw + 1,000 through the limiter
    await bench_digest(1_000, limited=10_000) # the full 10k through the limiter (~6 minutes)

Two measurements, each on a fresh store and a fresh ``FakeBotAPI``:

* ``raw``: no rate limiter, what the delivery path itself (claim, choose, render, send, record)
  can do;
* ``limited``: python-telegram-bot's ``AIORateLimiter`` as the bot runs it (30 messages/s
  overall, 20/min per group): the figure that predicts a real morning. Its 10k time is projected
  from the measured sustained rate unless ``limited`` is 10,000 itself.

Needs the dev extra (``pip install -e '.[dev]'``: aiohttp) and the project's ``tests/support``
package on the path (run from the project root): the stand-in is test code, imported lazily.
"""

from __future__ import annotations

import datetime as dt
import importlib
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.digest import Digests
from bot.store import FactStore
from handlers.digest import telegram_sender

FIRST_CHAT = -1003_000_000_000


def _fake_bot_api_class() -> Any:
    try:
        return importlib.import_module("tests.support.botapi").FakeBotAPI
    except ImportError as exc:  # aiohttp missing, or not run from the project root
        raise RuntimeError(
            "the digest benchmark needs the dev extra (pip install -e '.[dev]') and the "
            "project's tests/ folder: run it from the project root"
        ) from exc


async def _subscribe_all(store: FactStore, chat_ids: list[int]) -> None:
    long_ago = dt.datetime(2000, 1, 1, tzinfo=dt.UTC).isoformat()
    await store.db.execute("BEGIN IMMEDIATE")
    await store.db.executemany(
        "INSERT INTO subscriptions (chat_id, title, kind, time, count, active, created_at)"
        " VALUES (?, ?, 'supergroup', '00:00', 3, 1, ?)",
        [(chat, f"Nhóm {chat}", long_ago) for chat in chat_ids],
    )
    await store.db.execute("COMMIT")


async def run_once(chats: int, *, rate_limited: bool, concurrency: int = 32) -> dict[str, Any]:
    """Send one digest to ``chats`` chats; the figures of that run."""
    from bot.ingest.load import ingest_paths
    from bot.lexicon import Lexicon

    fake_bot_api = _fake_bot_api_class()
    chat_ids = [FIRST_CHAT - i for i in range(chats)]
    with tempfile.TemporaryDirectory(prefix="egov-bench-digest-") as folder:
        db = Path(folder) / "bench.db"
        settings = Settings(bot_db=db)
        async with await FactStore.open(db) as store:
            await ingest_paths(store, [settings.articles_dir], Lexicon.load())
            await _subscribe_all(store, chat_ids)
            digests = Digests(store)
            async with fake_bot_api() as api:
                for chat in chat_ids:
                    api.add_chat(chat, "supergroup")
                settings = Settings(
                    bot_db=db, telegram_bot_token=api.token, telegram_api_url=api.base_url
                )
                async with telegram_sender(settings, rate_limited=rate_limited) as sender:
                    started = time.perf_counter()
                    report = await digests.deliver_due(sender, concurrency=concurrency)
                    elapsed = time.perf_counter() - started
                times = api.call_times("sendMessage")
                peak = api.max_rate(1.0, method="sendMessage")
                received = [s.chat_id for s in api.sent]
    sent = report.count("sent")
    # sustained rate: after the limiter's initial burst (the first second)
    tail = [t for t in times if times and t >= times[0] + 1.0]
    sustained = (len(tail) - 1) / (tail[-1] - tail[0]) if len(tail) > 2 else sent / elapsed
    return {
        "mode": "limited" if rate_limited else "raw",
        "chats": chats,
        "sent": sent,
        "duplicates": len(received) - len(set(received)),
        "elapsed_s": round(elapsed, 2),
        "mean_per_s": round(sent / elapsed, 1),
        "sustained_per_s": round(sustained, 1),
        "peak_per_s": peak,
        "projected_10k_s": round(elapsed if chats == 10_000 else 10_000 / sustained, 1),
    }


async def bench_digest(
    chats: int = 10_000, *, limited: int = 1_000, concurrency: int = 32, quiet: bool = False
) -> dict[str, Any]:
    """The raw run for ``chats`` chats and the rate-limited run for ``limited`` chats
    (0 skips it); prints a line per run unless ``quiet``."""
    runs = [await run_once(chats, rate_limited=False, concurrency=concurrency)]
    if limited:
        runs.append(await run_once(limited, rate_limited=True, concurrency=concurrency))
    if not quiet:
        for run in runs:
            print(
                f"digest {run['mode']:<7} {run['chats']:>6} chats: {run['elapsed_s']:>7.2f} s, "
                f"mean {run['mean_per_s']}/s, sustained {run['sustained_per_s']}/s, "
                f"peak {run['peak_per_s']} in 1 s, duplicates {run['duplicates']}; "
                f"10k chats ≈ {run['projected_10k_s']:.0f} s"
            )
    return {"digest": runs}
