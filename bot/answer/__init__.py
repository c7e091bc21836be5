"""Answering questions: intent parsing, retrieval, rerank, Answer building."""

from bot.answer.engine import Answerer

__all__ = ["Answerer"]
