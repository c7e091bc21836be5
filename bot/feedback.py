"""The question log and 👍/👎 feedback (tables ``questions`` and ``feedback`` of the store).

Users are stored as a salted hash, never as their Telegram id.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from bot import vn
from bot.models import Answer
from bot.store import FactStore, fact_key

_SALT = "egov-bot:user:"


def user_hash(user_id: int | None) -> str:
    return hashlib.sha256(f"{_SALT}{user_id}".encode()).hexdigest()[:16]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


async def record_question(
    store: FactStore, answer: Answer, *, user_id: int | None, chat_type: str
) -> int:
    """Log a question and how it was answered; returns the question id for feedback buttons."""
    key = fact_key(answer.facts[0]) if answer.answered and answer.facts else None
    cursor = await store.db.execute(
        "INSERT INTO questions (asked_at, user_hash, chat_type, question, normalised, answered,"
        " confidence, fact_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            _now(),
            user_hash(user_id),
            chat_type,
            answer.question,
            vn.fold(answer.question),
            int(answer.answered),
            answer.confidence,
            key,
        ),
    )
    question_id = cursor.lastrowid
    assert question_id is not None
    return question_id


async def record_vote(
    store: FactStore, question_id: int, *, user_id: int | None, vote: int
) -> bool:
    """Store (or change) a user's vote (+1/-1) on an answer; False if the question is unknown."""
    async with store.db.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)) as cur:
        if await cur.fetchone() is None:
            return False
    await store.db.execute(
        "INSERT INTO feedback (question_id, user_hash, vote, at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (question_id, user_hash)"
        " DO UPDATE SET vote = excluded.vote, at = excluded.at",
        (question_id, user_hash(user_id), 1 if vote > 0 else -1, _now()),
    )
    return True


async def votes(store: FactStore, question_id: int) -> tuple[int, int]:
    """(👍 count, 👎 count) for a question."""
    async with store.db.execute(
        "SELECT coalesce(sum(vote > 0), 0), coalesce(sum(vote < 0), 0) FROM feedback"
        " WHERE question_id = ?",
        (question_id,),
    ) as cur:
        row = await cur.fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


async def question(store: FactStore, question_id: int) -> str | None:
    """The text of a logged question."""
    async with store.db.execute("SELECT question FROM questions WHERE id = ?", (question_id,)) as c:
        row = await c.fetchone()
    return str(row[0]) if row else None
