"""Typed access to the long-lived services from handlers (no stringly-typed lookups elsewhere).

``bot_data`` is a :class:`BotData` (a dict, so code that indexes it still works); handlers use
``context.services``, ``context.settings``, ``context.limiter``; other code ``services_of(app)``.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.config import Settings
from bot.services import Services

if TYPE_CHECKING:
    from telegram.ext import JobQueue

SERVICES = "services"
SETTINGS = "settings"
LIMITER = "question_limiter"
ASKED = "asked_questions"

Verdict = Literal["ok", "notify", "silent"]


class QuestionLimiter:
    """At most ``per_minute`` questions per user in any 60 s; one notice when the limit is hit."""

    def __init__(
        self, per_minute: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = per_minute
        self.window = window
        self.clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._notified: set[int] = set()

    def check(self, user_id: int) -> Verdict:
        now = self.clock()
        stamps = self._asked.setdefault(user_id, deque())
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        if len(stamps) < self.per_minute:
            stamps.append(now)
            self._notified.discard(user_id)
            if len(self._asked) > 10_000:
                self._forget_idle(now)
            return "ok"
        if user_id in self._notified:
            return "silent"
        self._notified.add(user_id)
        return "notify"

    def _forget_idle(self, now: float) -> None:
        for user_id in [u for u, s in self._asked.items() if not s or s[-1] <= now - self.window]:
            del self._asked[user_id]
            self._notified.discard(user_id)


class BotData(dict[str, Any]):
    """The application's ``bot_data`` with typed properties for what this bot keeps there."""

    @property
    def services(self) -> Services:
        services = self.get(SERVICES)
        if not isinstance(services, Services):
            raise RuntimeError("services are not open (post_init has not run)")
        return services

    @property
    def settings(self) -> Settings:
        settings = self.get(SETTINGS)
        return settings if isinstance(settings, Settings) else self.services.settings

    @property
    def limiter(self) -> QuestionLimiter:
        limiter = self.get(LIMITER)
        if not isinstance(limiter, QuestionLimiter):
            limiter = self[LIMITER] = QuestionLimiter(self.settings.questions_per_minute)
        return limiter

    @property
    def asked(self) -> OrderedDict[str, str]:
        """Question texts behind ``ask:<ref>`` buttons (bounded; rebuilt from facts on a miss)."""
        asked = self.get(ASKED)
        if not isinstance(asked, OrderedDict):
            asked = self[ASKED] = OrderedDict()
        return asked


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def settings(self) -> Settings:
        return self.bot_data.settings

    @property
    def limiter(self) -> QuestionLimiter:
        return self.bot_data.limiter


CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData)

if TYPE_CHECKING:
    BotApp = Application[
        ExtBot[None], Context, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Context]
    ]
else:
    BotApp = Application


def bot_data_of(app: Application[Any, Any, Any, Any, Any, Any]) -> BotData:
    data = app.bot_data
    if not isinstance(data, BotData):
        raise RuntimeError("the application was not built with handlers.context.CONTEXT_TYPES")
    return data


def services_of(app: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    """The open services of an application built by ``bot.app.build_application``."""
    return bot_data_of(app).services
