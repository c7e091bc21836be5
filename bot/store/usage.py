"""The question log, feedback and usage statistics: every query on those tables.

The store (:class:`bot.store.FactStore`) owns one :class:`Usage` as ``store.usage``; nothing
else writes SQL for these tables.
"""

from __future__ import annotations

import datetime as dt

import aiosqlite

VN_OFFSET = "+7 hours"  # Asia/Ho_Chi_Minh, no daylight saving time


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Usage:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    # -- questions and votes ------------------------------------------------------------------

    async def log_question(
        self,
        *,
        user: str,
        chat_type: str,
        question: str,
        normalised: str,
        answered: bool,
        confidence: float,
        fact_key: str | None,
    ) -> int:
        cursor = await self.db.execute(
            "INSERT INTO questions (asked_at, user_hash, chat_type, question, normalised,"
            " answered, confidence, fact_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (_now(), user, chat_type, question, normalised, int(answered), confidence, fact_key),
        )
        question_id = cursor.lastrowid
        assert question_id is not None
        return question_id

    async def vote(self, question_id: int, *, user: str, vote: int) -> bool:
        """Store (or change) a vote; False when the question is unknown."""
        async with self.db.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)) as c:
            if await c.fetchone() is None:
                return False
        await self.db.execute(
            "INSERT INTO feedback (question_id, user_hash, vote, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (question_id, user_hash)"
            " DO UPDATE SET vote = excluded.vote, at = excluded.at",
            (question_id, user, 1 if vote > 0 else -1, _now()),
        )
        return True

    async def votes(self, question_id: int) -> tuple[int, int]:
        """(👍 count, 👎 count) for a question."""
        async with self.db.execute(
            "SELECT coalesce(sum(vote > 0), 0), coalesce(sum(vote < 0), 0) FROM feedback"
            " WHERE question_id = ?",
            (question_id,),
        ) as cur:
            row = await cur.fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def question(self, question_id: int) -> str | None:
        async with self.db.execute(
            "SELECT question FROM questions WHERE id = ?", (question_id,)
        ) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    # -- statistics -----------------------------------------------------------------------------

    async def per_day(self, since: str) -> list[tuple[str, int, int]]:
        """(Vietnam day, questions, answered) for each day with questions since ``since``."""
        async with self.db.execute(
            f"SELECT date(asked_at, '{VN_OFFSET}') AS day, count(*), coalesce(sum(answered), 0)"
            " FROM questions WHERE asked_at >= ? GROUP BY day ORDER BY day",
            (since,),
        ) as cur:
            return [(str(r[0]), int(r[1]), int(r[2])) for r in await cur.fetchall()]

    async def unanswered(self, since: str) -> list[tuple[str, int]]:
        """Each unanswered question text since ``since`` with how often it was asked."""
        async with self.db.execute(
            "SELECT question, count(*) FROM questions WHERE answered = 0 AND asked_at >= ?"
            " GROUP BY question",
            (since,),
        ) as cur:
            return [(str(r[0]), int(r[1])) for r in await cur.fetchall()]

    async def disliked(self, since: str, top: int) -> list[tuple[str, int, int, str]]:
        """(fact key, 👎, 👍, a question) for answers with a 👎 since ``since``, most first."""
        async with self.db.execute(
            "SELECT q.fact_key, coalesce(sum(f.vote < 0), 0) AS down,"
            " coalesce(sum(f.vote > 0), 0), min(q.question)"
            " FROM feedback f JOIN questions q ON q.id = f.question_id"
            " WHERE q.fact_key IS NOT NULL AND q.asked_at >= ?"
            " GROUP BY q.fact_key HAVING down > 0 ORDER BY down DESC, q.fact_key LIMIT ?",
            (since, top),
        ) as cur:
            return [(str(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in await cur.fetchall()]

    async def subscribers_by_kind(self) -> dict[str, int]:
        async with self.db.execute(
            "SELECT kind, count(*) FROM subscriptions WHERE active = 1 GROUP BY kind ORDER BY kind"
        ) as cur:
            return {str(r[0]): int(r[1]) for r in await cur.fetchall()}

    async def deliveries_per_day(self, since: str) -> dict[str, dict[str, int]]:
        """{day: {status: count}} of digest deliveries since the day ``since``."""
        found: dict[str, dict[str, int]] = {}
        async with self.db.execute(
            "SELECT day, status, count(*) FROM deliveries WHERE day >= ? GROUP BY day, status"
            " ORDER BY day",
            (since,),
        ) as cur:
            for day, status, count in await cur.fetchall():
                found.setdefault(str(day), {})[str(status)] = int(count)
        return found

    async def fact_measure(self, article: str, sentence: int, subject: str) -> str | None:
        """What a stored fact measures, for a fact key in the statistics."""
        async with self.db.execute(
            "SELECT measure FROM facts WHERE article = ? AND sentence_no = ? AND subject = ?"
            " LIMIT 1",
            (article, sentence, subject),
        ) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    async def fact_count(self, article: str) -> int:
        async with self.db.execute(
            "SELECT count(*) FROM facts WHERE article = ?", (article,)
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0
