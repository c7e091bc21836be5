"""The long-lived services every entry point shares: settings, store, lexicon, answerer."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.answer import Answerer
from bot.answer.dialogue import Dialogue
from bot.config import Settings
from bot.ingest.load import IngestReport, ingest_paths, reextract
from bot.lexicon import Lexicon
from bot.store import FactStore

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    store: FactStore
    lexicon: Lexicon
    answerer: Answerer
    dialogue: Dialogue

    @classmethod
    async def open(cls, settings: Settings, *, sync_articles: bool = True) -> Services:
        """Open the store; ingest the bundled articles when the store is missing or stale."""
        lexicon = Lexicon.load()
        store = await FactStore.open(settings.bot_db)
        try:
            if sync_articles and settings.articles_dir.is_dir():
                report = await ingest_paths(store, [settings.articles_dir], lexicon)
                _log_report(report)
            # Stored articles (uploads too) an older extractor read are read again.
            _log_report(await reextract(store, lexicon))
            answerer = await Answerer.create(store, lexicon)
        except BaseException:
            await store.close()
            raise
        dialogue = Dialogue(answerer, max_chars=settings.max_question_chars)
        return cls(settings, store, lexicon, answerer, dialogue)

    async def close(self) -> None:
        await self.store.close()


def _log_report(report: IngestReport) -> None:
    changed = [r for r in report.results if r.outcome in ("added", "replaced")]
    if changed:
        log.info(
            "store updated: %s", ", ".join(f"{r.path.name} ({r.facts} facts)" for r in changed)
        )
    for rejected in report.rejected:
        log.warning("article rejected: %s", rejected.error)
