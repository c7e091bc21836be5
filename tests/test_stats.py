"""bot.stats: usage statistics from the question log, feedback, subscribers and deliveries."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import messages
from bot.__main__ import main
from bot.answer import Answerer
from bot.answer.dialogue import Dialogue
from bot.config import Settings
from bot.digest import Digests
from bot.feedback import record_question, record_vote, user_hash
from bot.lexicon import Lexicon
from bot.models import Answer
from bot.render import stats_text
from bot.services import Services
from bot.stats import collect_stats
from bot.store import FactStore
from tests.conftest import ARTICLES_DIR


@pytest.fixture
async def services(store: FactStore, lexicon: Lexicon) -> AsyncIterator[Services]:
    settings = Settings(_env_file=None, bot_db=Path(store.path), articles_dir=ARTICLES_DIR)
    answerer = await Answerer.create(store, lexicon)
    yield Services(settings, store, lexicon, answerer, Dialogue(answerer))


# -- statistics ---------------------------------------------------------------------------------

NOW = dt.datetime(2024, 5, 10, 3, 0, tzinfo=dt.UTC)  # 10:00 in Vietnam


async def log_question(
    store: FactStore, answerer: Answerer, text: str, user: int, at: dt.datetime
) -> tuple[int, Answer]:
    answer = await answerer.ask(text)
    question_id = await record_question(store, answer, user_id=user, chat_type="private")
    await store.db.execute(
        "UPDATE questions SET asked_at = ? WHERE id = ?",
        (at.isoformat(timespec="seconds"), question_id),
    )
    return question_id, answer


async def test_stats(services: Services) -> None:
    store, answerer = services.store, services.answerer
    today, yesterday = NOW, NOW - dt.timedelta(days=1)
    portal = "Cổng dịch vụ công quốc gia có bao nhiêu dịch vụ công trực tuyến?"
    asked = [
        (portal, 1, today),
        ("Thời tiết Hà Nội hôm nay thế nào?", 2, today),
        ("thoi tiet ha noi hom nay the nao", 3, today),
        ("Thời tiết  Hà Nội hôm nay thế nào", 4, yesterday),
        ("Giá vàng hôm nay?", 5, yesterday),
        (portal, 6, NOW - dt.timedelta(days=30)),  # outside the window
    ]
    ids = [(await log_question(store, answerer, q, u, at))[0] for q, u, at in asked]
    await record_vote(store, ids[0], user_id=1, vote=-1)
    await record_vote(store, ids[0], user_id=2, vote=-1)
    await record_vote(store, ids[0], user_id=3, vote=1)
    digests = Digests(store)
    await digests.subscribe(-100, kind="supergroup")
    await digests.subscribe(-200, kind="group")
    await digests.subscribe(300, kind="private")
    await digests.subscribe(400, kind="private")
    await digests.unsubscribe(400)

    stats = await collect_stats(store, days=7, now=NOW)
    assert stats.since == "2024-05-04"
    assert [(d.day, d.asked, d.answered) for d in stats.per_day] == [
        ("2024-05-09", 2, 0),
        ("2024-05-10", 3, 1),
    ]
    assert stats.asked == 5 and stats.answered == 1 and stats.share_answered == 0.2
    top = stats.unanswered[0]
    assert top.count == 3 and top.normalised == "thoi tiet ha noi hom nay the nao"
    assert top.question == "Thời tiết Hà Nội hôm nay thế nào"
    assert [u.count for u in stats.unanswered] == [3, 1]
    [disliked] = stats.disliked
    assert (disliked.down, disliked.up, disliked.question) == (2, 1, portal)
    assert disliked.answer.startswith("3.096 — ")
    assert stats.subscribers == 3
    assert stats.subscribers_by_kind == {"group": 1, "private": 1, "supergroup": 1}
    assert stats.articles == 4 and stats.facts > 50

    text = stats_text(stats)
    assert "Câu hỏi: 5; trả lời được: 1 (20%)" in text
    assert "• 10/05: 3 câu, trả lời được 1" in text
    assert "• 3 lần: Thời tiết Hà Nội hôm nay thế nào" in text
    assert "• 2 👎, 1 👍: 3.096 — " in text
    assert "Đăng ký bản tin: 3 (nhóm: 2, cá nhân: 1)" in text

    async with store.db.execute("SELECT user_hash FROM questions") as cur:
        rows = await cur.fetchall()
    assert {r[0] for r in rows} == {user_hash(u) for _, u, _ in asked}


async def test_stats_of_an_empty_log(services: Services) -> None:
    stats = await collect_stats(services.store, now=NOW)
    assert stats.asked == 0 and stats.share_answered == 0.0
    assert stats_text(stats).count(messages.STATS_NONE) == 4  # days, questions, 👎, digests


def test_stats_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.db"
    assert main(["stats", "--db", str(db), "--json", "--days", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["days"] == 3 and data["asked"] == 0 and data["share_answered"] == 0.0
    assert main(["stats", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("📈 Thống kê 7 ngày qua")
