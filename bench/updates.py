"""Benchmark: thousands of updates from many chats through the real Application and the local
Bot API stand-in; prints updates per second and reply latency (p50, p99).

Two runs: ``raw`` (no rate limiter: what the bot itself sustains) and ``limited`` (with
python-telegram-bot's AIORateLimiter, as deployed: Telegram's 30 messages/s bound the rate).
Like the digest benchmark it needs the dev extra and the project's tests/ folder (the stand-in
is test code), so run it from the project root: ``python -m bot bench --only updates``.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT, Settings
from bot.services import Services

FIRST_USER = 70_000


def _support(module: str) -> Any:
    try:
        return importlib.import_module(f"tests.support.{module}")
    except ImportError as exc:
        raise RuntimeError(
            "the updates benchmark needs the dev extra (pip install -e '.[dev]') and the "
            "project's tests/ folder: run it from the project root"
        ) from exc


def _questions() -> list[str]:
    path = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [row["q"] for row in rows]


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run_once(
    updates: int, chats: int, *, rate_limited: bool, pace: float | None = None
) -> dict[str, Any]:
    """Push ``updates`` questions from ``chats`` private chats, all at once or ``pace`` a
    second; wait for every reply."""
    from bot.app import build_application

    fake_bot_api = _support("botapi").FakeBotAPI
    serve = _support("running").serve
    questions = _questions()
    users = [FIRST_USER + n for n in range(chats)]
    with tempfile.TemporaryDirectory(prefix="egov-bench-updates-") as folder:
        db = Path(folder) / "bench.db"
        services = await Services.open(Settings(_env_file=None, bot_db=db))
        try:
            async with fake_bot_api(username="egov_test_bot") as api:
                settings = Settings(
                    _env_file=None,
                    bot_db=db,
                    telegram_bot_token=api.token,
                    telegram_api_url=api.base_url,
                    questions_per_minute=updates,
                    questions_per_chat_per_minute=updates,
                )
                app = build_application(settings, services, rate_limited=rate_limited)
                async with serve(app):
                    asked: dict[int, list[float]] = defaultdict(list)
                    started = time.monotonic()
                    for n in range(updates):
                        if pace:
                            await asyncio.sleep(max(0.0, started + n / pace - time.monotonic()))
                        user = users[n % chats]
                        asked[user].append(time.monotonic())
                        api.send_text(questions[n % len(questions)], user_id=user)
                    await api.wait_for_count("sendMessage", updates, timeout=3600)
                    elapsed = time.monotonic() - started
                replies: dict[int, list[float]] = defaultdict(list)
                for sent in api.sent:
                    replies[sent.chat_id].append(sent.at)
        finally:
            await services.close()
    # Updates of one chat are answered in order, so the k-th reply answers the k-th question.
    latencies = [
        reply - question
        for user, times in asked.items()
        for question, reply in zip(times, replies[user], strict=False)
    ]
    return {
        "mode": ("limited" if rate_limited else "raw") + (f" at {pace:g}/s" if pace else " burst"),
        "updates": updates,
        "chats": chats,
        "elapsed_s": round(elapsed, 2),
        "updates_per_s": round(updates / elapsed, 1),
        "latency_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "latency_p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
    }


async def bench_updates(
    updates: int = 3_000, chats: int = 300, *, limited: int = 600
) -> dict[str, Any]:
    """Throughput: ``updates`` sent at once, without and (``limited`` of them) with the rate
    limiter. Latency: the same chats asking at a steady pace below either capacity."""
    runs = [await run_once(updates, chats, rate_limited=False)]
    runs.append(await run_once(min(updates, 1_200), chats, rate_limited=False, pace=60))
    if limited:
        runs.append(await run_once(limited, min(chats, limited), rate_limited=True))
        runs.append(await run_once(min(limited, 300), chats, rate_limited=True, pace=20))
    for run in runs:
        print(
            f"updates {run['mode']:<16} {run['updates']:>6} from {run['chats']} chats: "
            f"{run['elapsed_s']:>6.2f} s, {run['updates_per_s']}/s, reply latency "
            f"p50 {run['latency_p50_ms']} ms, p99 {run['latency_p99_ms']} ms",
            flush=True,
        )
    return {"updates": runs}
