"""Load: many users and groups asking at once while an operator adds an article and a digest
goes out, through the real Application and the local Bot API stand-in.

The Application is the one ``bot.app.build_application`` makes, AIORateLimiter included
(30 messages/s overall, 20/min per group), so group chats ask only a few questions each and the
figures printed below are bounded by the limiter's 30 messages a second. python-telegram-bot
handles updates one at a time (no ``concurrent_updates``); digests run beside them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import statistics
import time
from pathlib import Path

import pytest

from bot.app import build_application, digest
from bot.config import PROJECT_ROOT
from bot.digest import RunReport
from bot.ingest.clean import parse_article
from bot.ingest.extract import Extractor
from bot.lexicon import Lexicon
from handlers.context import services_of
from tests.support.botapi import FakeBotAPI
from tests.support.running import serve
from tests.test_admin import CAPTION, DANANG, DANANG_QUESTION, counts
from tests.test_admin_e2e import ADMIN, operator_settings

USERS = [50_000 + n for n in range(30)]
GROUPS = [-1001000000000 - n for n in range(5)]
QUESTIONS = 200
PER_GROUP = 3  # AIORateLimiter: 20 messages a minute per group (answers + the digest)


def question_texts() -> list[str]:
    path = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@pytest.mark.slow
async def test_many_users_an_upload_and_a_digest_at_once(
    api: FakeBotAPI, db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    app = build_application(operator_settings(api, db, questions_per_minute=30))
    texts = question_texts()
    async with serve(app):
        services = services_of(app)
        runtime = digest.runtime(app)
        for group in GROUPS:
            await runtime.digests.subscribe(group, title=f"Nhóm {group}", kind="supergroup")
        before = await counts(services.store)

        asked: list[tuple[int, int, float]] = []  # chat, message id, when
        started = time.monotonic()
        digest_run: asyncio.Task[RunReport] | None = None
        for n in range(QUESTIONS):
            text = texts[n % len(texts)]
            if n < len(GROUPS) * PER_GROUP:
                chat = GROUPS[n % len(GROUPS)]
                update = api.send_text(
                    f"@egov_test_bot {text}", chat_id=chat, user_id=USERS[n % len(USERS)]
                )
            else:
                chat = USERS[n % len(USERS)]
                update = api.send_text(text, user_id=chat)
            asked.append((chat, update["message"]["message_id"], time.monotonic()))
            if n == QUESTIONS // 2:
                api.send_document(ADMIN, ADMIN, "danang_cds.txt", DANANG, caption=CAPTION)
                digest_run = asyncio.create_task(
                    runtime.digests.deliver_many(GROUPS, runtime.sender)
                )
            if n % 20 == 19:
                await asyncio.sleep(0)  # let the poller and handlers run between bursts

        for chat in {c for c, _, _ in asked}:
            expected = sum(1 for c, _, _ in asked if c == chat)
            await api.wait_for_count(
                "sendMessage",
                expected,
                timeout=30,
                predicate=lambda p, chat=chat: p["chat_id"] == chat and "reply_markup" in p,
            )
        summary = await api.wait_for_sent(chat_id=ADMIN, timeout=30)
        assert digest_run is not None
        report = await asyncio.wait_for(digest_run, timeout=30)
        finished = time.monotonic()
        await asyncio.sleep(0.3)  # nothing more may arrive

        # every question got exactly one reply
        latencies: list[float] = []
        for chat in {c for c, _, _ in asked}:
            mine = [(mid, at) for c, mid, at in asked if c == chat]
            replies = [s for s in api.sent if s.chat_id == chat and s.reply_markup is not None]
            assert len(replies) == len(mine), (chat, len(replies), len(mine))
            if chat in GROUPS:
                targets = sorted(s.params["reply_parameters"]["message_id"] for s in replies)
                assert targets == sorted(mid for mid, _ in mine)
            latencies += [reply.at - at for (_, at), reply in zip(mine, replies, strict=True)]
        assert summary.plain is not None and summary.plain.startswith("✅"), summary.plain
        assert [s.chat_id for s in api.sent if s.chat_id == ADMIN] == [ADMIN]

        # the digest reached every group once, alongside the questions
        assert report.count("sent") == len(GROUPS), report.summary()
        for group in GROUPS:
            digests = [s for s in api.sent if s.chat_id == group and s.reply_markup is None]
            assert len(digests) == 1 and (digests[0].plain or "").startswith("📊 Bản tin")

        # the store is consistent: the new article once, one index row per fact, every
        # question logged
        store = services.store
        parsed = parse_article(DANANG, Path("danang_cds.txt"))
        expected_facts = len(
            Extractor(Lexicon.load()).extract(parsed.article, parsed.paragraphs).facts
        )
        async with store.db.execute(
            "SELECT count(*) FROM facts WHERE article = 'danang_cds'"
        ) as cur:
            row = await cur.fetchone()
        assert row is not None and row[0] == expected_facts
        after = await counts(store)
        assert after[0] == before[0] + 1 and after[1] == before[1] + expected_facts
        assert after[3] == after[1]
        async with store.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM facts WHERE article = 'danang_cds'"
            " GROUP BY sentence_no, quote, figures, subject, measure HAVING count(*) > 1)"
        ) as cur:
            row = await cur.fetchone()
        assert row is not None and row[0] == 0
        async with store.db.execute("SELECT count(*) FROM questions") as cur:
            row = await cur.fetchone()
        assert row is not None and row[0] == QUESTIONS
        async with store.db.execute("PRAGMA integrity_check") as cur:
            row = await cur.fetchone()
        assert row is not None and row[0] == "ok"
        answer = await services.answerer.ask(DANANG_QUESTION)
        assert answer.answered and answer.figure is not None and answer.figure.raw == "1.250"

    assert not [r for r in caplog.records if "database is locked" in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    elapsed = finished - started
    updates = QUESTIONS + 1
    print(
        f"\nload: {updates} updates ({QUESTIONS} questions from {len(USERS)} users and "
        f"{len(GROUPS)} groups, 1 upload) + {len(GROUPS)} digests in {elapsed:.2f}s = "
        f"{updates / elapsed:.1f} updates/s; reply latency p50 "
        f"{statistics.median(latencies) * 1000:.0f} ms, p99 "
        f"{percentile(latencies, 0.99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
    )
