"""Chat state for the daily digests: every query on subscriptions, deliveries, sent facts, the
sender's lease and run requests, and the article freshness the digest order needs.

:class:`bot.digest.Digests` owns one :class:`Chats` as ``digests.chats``; nothing else writes
SQL for these tables. Rows come back as ``sqlite3.Row`` (``bot.digest`` maps them onto its
records, since the store must not import it). Each write runs in one ``BEGIN IMMEDIATE``
transaction; the times it stores are read from ``clock`` inside that transaction.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite

Clock = Callable[[], dt.datetime]
Claimable = Callable[[str | None, int, str | None], bool]
"""(status, attempts, updated_at) of a delivery row -> whether it may be claimed."""
HeldElsewhere = Callable[[str, str], bool]
"""(holder, expires_at) of a lease row -> whether another live process holds it."""


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


class Chats:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        # one connection is shared by every coroutine: serialise our transactions on it
        async with self._lock:
            for attempt in itertools.count():
                try:
                    await self.db.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    # another coroutine's open read on this connection saw an older snapshot
                    # (SQLITE_BUSY_SNAPSHOT skips the busy handler): wait for it, try again
                    if "locked" not in str(exc) or attempt >= 200:
                        raise
                    await asyncio.sleep(0.005 * min(attempt + 1, 10))
            try:
                yield
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        async with self.db.execute(sql, params) as cur:
            return await cur.fetchone()

    async def _write_status(
        self, chat_id: int, day: dt.date, status: str, detail: str, clock: Clock
    ) -> None:
        await self.db.execute(
            "INSERT INTO deliveries (chat_id, day, status, attempts, detail, updated_at)"
            " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT(chat_id, day) DO UPDATE SET"
            " status = excluded.status, detail = excluded.detail, updated_at = excluded.updated_at",
            (chat_id, day.isoformat(), status, detail[:500], _iso(clock())),
        )

    # -- the sender's lease ------------------------------------------------------------------

    async def take_lease(
        self, name: str, holder: str, expires_at: dt.datetime, held_elsewhere: HeldElsewhere
    ) -> bool:
        """Take or renew lease ``name`` for ``holder`` unless ``held_elsewhere`` says the
        current holder keeps it; one transaction."""
        async with self._transaction():
            row = await self._one("SELECT holder, expires_at FROM leases WHERE name = ?", (name,))
            if row is not None and held_elsewhere(str(row[0]), str(row[1])):
                return False
            await self.db.execute(
                "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET holder = excluded.holder,"
                " expires_at = excluded.expires_at",
                (name, holder, _iso(expires_at)),
            )
        return True

    async def release_lease(self, name: str, holder: str) -> None:
        async with self._transaction():
            await self.db.execute(
                "DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder)
            )

    async def lease(self, name: str) -> tuple[str, str] | None:
        """(holder, expires_at) of lease ``name``, expired or not."""
        row = await self._one("SELECT holder, expires_at FROM leases WHERE name = ?", (name,))
        return (str(row[0]), str(row[1])) if row is not None else None

    # -- deliveries ------------------------------------------------------------------------

    async def settle_orphans(self, own_detail: str, clock: Clock) -> int:
        """Every ``sending`` row whose detail is not ``own_detail`` becomes ``uncertain``;
        how many."""
        async with self._transaction():
            cur = await self.db.execute(
                "UPDATE deliveries SET status = 'uncertain',"
                " detail = 'in flight when its sender stopped (' || detail || ')', updated_at = ?"
                " WHERE status = 'sending' AND detail != ?",
                (_iso(clock()), own_detail),
            )
        return cur.rowcount

    async def claim(
        self, chat_id: int, day: dt.date, detail: str, claimable: Claimable, clock: Clock
    ) -> bool:
        """Mark the day ``sending`` (one more attempt) unless the existing row is not
        ``claimable``; one transaction."""
        async with self._transaction():
            row = await self._one(
                "SELECT status, attempts, updated_at FROM deliveries WHERE chat_id = ? AND day = ?",
                (chat_id, day.isoformat()),
            )
            if row is not None and not claimable(row[0], int(row[1]), row[2]):
                return False
            await self.db.execute(
                "INSERT INTO deliveries (chat_id, day, status, attempts, detail, updated_at)"
                " VALUES (?, ?, 'sending', 1, ?, ?) ON CONFLICT(chat_id, day) DO UPDATE SET"
                " status = 'sending', attempts = attempts + 1, detail = excluded.detail,"
                " updated_at = excluded.updated_at",
                (chat_id, day.isoformat(), detail, _iso(clock())),
            )
        return True

    async def set_status(
        self, chat_id: int, day: dt.date, status: str, detail: str, clock: Clock
    ) -> None:
        async with self._transaction():
            await self._write_status(chat_id, day, status, detail, clock)

    async def mark_sent(
        self,
        chat_id: int,
        day: dt.date,
        detail: str,
        fact_keys: Sequence[str],
        *,
        new_cycle: bool,
        clock: Clock,
    ) -> None:
        """The day ``sent`` and its facts recorded (the chat's earlier ones dropped first when
        a new cycle starts); one transaction."""
        async with self._transaction():
            await self._write_status(chat_id, day, "sent", detail, clock)
            if new_cycle:
                await self.db.execute("DELETE FROM sent_facts WHERE chat_id = ?", (chat_id,))
            await self.db.executemany(
                "INSERT OR REPLACE INTO sent_facts (chat_id, fact_key, day) VALUES (?, ?, ?)",
                [(chat_id, key, day.isoformat()) for key in fact_keys],
            )

    async def fail_and_unsubscribe(
        self, chat_id: int, day: dt.date, detail: str, clock: Clock
    ) -> None:
        """The day ``failed`` and the subscription deactivated; one transaction."""
        async with self._transaction():
            await self._write_status(chat_id, day, "failed", detail, clock)
            await self.db.execute(
                "UPDATE subscriptions SET active = 0 WHERE chat_id = ?", (chat_id,)
            )

    async def delivery(self, chat_id: int, day: dt.date) -> sqlite3.Row | None:
        return await self._one(
            "SELECT * FROM deliveries WHERE chat_id = ? AND day = ?", (chat_id, day.isoformat())
        )

    async def day_counts(self, day: dt.date) -> dict[str, int]:
        """Deliveries of ``day`` by status."""
        async with self.db.execute(
            "SELECT status, count(*) FROM deliveries WHERE day = ? GROUP BY status",
            (day.isoformat(),),
        ) as cur:
            return {str(r[0]): int(r[1]) for r in await cur.fetchall()}

    async def active_with_delivery(self, day: dt.date) -> list[sqlite3.Row]:
        """Active subscriptions (by time, chat) with their delivery of ``day`` as
        ``d_status``, ``d_attempts``, ``d_updated`` (NULL when none)."""
        async with self.db.execute(
            "SELECT s.*, d.status AS d_status, d.attempts AS d_attempts,"
            " d.updated_at AS d_updated FROM subscriptions s LEFT JOIN deliveries d"
            " ON d.chat_id = s.chat_id AND d.day = ? WHERE s.active = 1 ORDER BY s.time, s.chat_id",
            (day.isoformat(),),
        ) as cur:
            return list(await cur.fetchall())

    # -- run requests ----------------------------------------------------------------------

    async def add_request(self, clock: Clock) -> int:
        """A new request for a run now; its id."""
        async with self._transaction():
            cur = await self.db.execute(
                "INSERT INTO digest_requests (requested_at) VALUES (?)", (_iso(clock()),)
            )
        return int(cur.lastrowid or 0)

    async def open_requests(self) -> list[int]:
        async with self.db.execute(
            "SELECT id FROM digest_requests WHERE done_at IS NULL ORDER BY id"
        ) as cur:
            return [int(r[0]) for r in await cur.fetchall()]

    async def close_requests(self, ids: Sequence[int], clock: Clock) -> None:
        if not ids:
            return
        async with self._transaction():
            await self.db.executemany(
                "UPDATE digest_requests SET done_at = ? WHERE id = ?",
                [(_iso(clock()), i) for i in ids],
            )

    async def request_done(self, request_id: int) -> bool:
        row = await self._one("SELECT done_at FROM digest_requests WHERE id = ?", (request_id,))
        return row is not None and row[0] is not None

    # -- subscriptions ---------------------------------------------------------------------

    async def subscribe(
        self, chat_id: int, *, title: str, kind: str, time: str, count: int, clock: Clock
    ) -> None:
        """Create or update (and reactivate) a subscription, created now; ``time`` as
        ``HH:MM[:SS]``."""
        async with self._transaction():
            await self.db.execute(
                "INSERT INTO subscriptions (chat_id, title, kind, time, count, active, created_at)"
                " VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT(chat_id) DO UPDATE SET"
                " title = excluded.title, kind = excluded.kind, time = excluded.time,"
                " count = excluded.count, active = 1, created_at = excluded.created_at",
                (chat_id, title, kind, time, count, _iso(clock())),
            )

    async def unsubscribe(self, chat_id: int) -> bool:
        """Deactivate; False when the chat had no active subscription."""
        async with self._transaction():
            cur = await self.db.execute(
                "UPDATE subscriptions SET active = 0 WHERE chat_id = ? AND active = 1", (chat_id,)
            )
        return cur.rowcount > 0

    async def subscription(self, chat_id: int) -> sqlite3.Row | None:
        return await self._one("SELECT * FROM subscriptions WHERE chat_id = ?", (chat_id,))

    async def subscriptions(self, *, active_only: bool) -> list[sqlite3.Row]:
        """By time, then chat."""
        sql = "SELECT * FROM subscriptions"
        if active_only:
            sql += " WHERE active = 1"
        async with self.db.execute(sql + " ORDER BY time, chat_id") as cur:
            return list(await cur.fetchall())

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Move subscription, deliveries and sent facts to the new id (rows already under it
        win); one transaction. True when the subscription moved."""
        async with self._transaction():
            cur = await self.db.execute(
                "UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            moved = cur.rowcount > 0
            await self.db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_chat_id,))
            await self.db.execute(
                "UPDATE OR IGNORE deliveries SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            await self.db.execute("DELETE FROM deliveries WHERE chat_id = ?", (old_chat_id,))
            await self.db.execute(
                "UPDATE OR IGNORE sent_facts SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            await self.db.execute("DELETE FROM sent_facts WHERE chat_id = ?", (old_chat_id,))
        return moved

    # -- content ---------------------------------------------------------------------------

    async def articles_signature(self) -> str:
        """Changes whenever an article is added, removed, changed or ingested again."""
        row = await self._one(
            "SELECT count(*), group_concat(sig, ',') FROM"
            " (SELECT id || ':' || sha256 || ':' || ingested_at AS sig FROM articles ORDER BY id)"
        )
        return f"{row[0]}|{row[1]}" if row else ""

    async def article_freshness(self) -> dict[str, tuple[str, str, int]]:
        """Article id -> (ingested_at, published, rowid)."""
        async with self.db.execute("SELECT id, ingested_at, published, rowid FROM articles") as cur:
            rows = await cur.fetchall()
        return {str(r[0]): (str(r[1] or ""), str(r[2] or ""), int(r[3])) for r in rows}

    async def sent_keys(self, chat_id: int) -> set[str]:
        """Fact keys sent to the chat in its current cycle."""
        async with self.db.execute(
            "SELECT fact_key FROM sent_facts WHERE chat_id = ?", (chat_id,)
        ) as cur:
            return {str(r[0]) for r in await cur.fetchall()}
