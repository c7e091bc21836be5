"""The question log and 👍/👎 feedback, as the bot records them; the SQL is the store's
(:mod:`bot.store.usage`).

Users are stored as a salted hash, never as their Telegram id.
"""

from __future__ import annotations

import hashlib

from bot import vn
from bot.models import Answer
from bot.store import FactStore, fact_key

_SALT = "egov-bot:user:"


def user_hash(user_id: int | None) -> str:
    return hashlib.sha256(f"{_SALT}{user_id}".encode()).hexdigest()[:16]


async def record_question(
    store: FactStore, answer: Answer, *, user_id: int | None, chat_type: str
) -> int:
    """Log a question and how it was answered; returns the question id for feedback buttons."""
    return await store.usage.log_question(
        user=user_hash(user_id),
        chat_type=chat_type,
        question=answer.question,
        normalised=vn.fold(answer.question),
        answered=answer.answered,
        confidence=answer.confidence,
        fact_key=fact_key(answer.facts[0]) if answer.answered and answer.facts else None,
    )


async def record_vote(
    store: FactStore, question_id: int, *, user_id: int | None, vote: int
) -> bool:
    """Store (or change) a user's vote (+1/-1) on an answer; False if the question is unknown."""
    return await store.usage.vote(question_id, user=user_hash(user_id), vote=vote)


async def votes(store: FactStore, question_id: int) -> tuple[int, int]:
    """(👍 count, 👎 count) for a question."""
    return await store.usage.votes(question_id)


async def question(store: FactStore, question_id: int) -> str | None:
    """The text of a logged question."""
    return await store.usage.question(question_id)
