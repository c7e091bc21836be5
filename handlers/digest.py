"""Daily digest handlers and jobs. Placeholder: the digest helper fills this module."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, BaseHandler


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """The digest's handlers (none yet)."""
    return []


async def schedule_all(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Rebuild the digest jobs at start-up (nothing yet)."""
