"""The floor to beat: plain sentence retrieval, as a user would write it first.

Every sentence with a digit is a candidate; rapidfuzz ``token_set_ratio`` on folded text picks
one; the reply is that sentence. Its replies are judged leniently (the sentence contains the
expected figure), so the comparison flatters the baseline, not the product.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rapidfuzz import fuzz, process

from bot import vn
from bot.ingest.clean import parse_article
from bot.lexicon import Lexicon
from bot.models import Answer, Fact, Figure
from bot.store import FactStore

THRESHOLD = 50


class SentenceBaseline:
    def __init__(self, sentences: list[tuple[str, str]]) -> None:
        self.sentences = sentences
        self.folded = [vn.fold(s) for _, s in sentences]

    @classmethod
    async def create(cls, store: FactStore, lexicon: Lexicon) -> SentenceBaseline:
        found: list[tuple[str, str]] = []
        for article in await store.articles():
            path = Path(article.path)
            parsed = parse_article(await asyncio.to_thread(path.read_bytes), path)
            for paragraph in parsed.paragraphs:
                found.extend(
                    (article.id, s) for s in vn.sentences(paragraph) if any(c.isdigit() for c in s)
                )
        return cls(found)

    async def ask(self, text: str) -> Answer:
        best = process.extractOne(
            vn.fold(text), self.folded, scorer=fuzz.token_set_ratio, processor=None
        )
        if best is None or best[1] < THRESHOLD:
            return Answer(question=text, answered=False)
        article, sentence = self.sentences[best[2]]
        fact = Fact(
            article=article,
            sentence_no=0,
            quote=sentence,
            figures=(Figure(raw="", value=0, unit="count"),),
            kind="actual",
            measure="",
            subject="",
            period=None,
            period_label="",
        )
        return Answer(question=text, answered=True, facts=[fact], confidence=best[1] / 100)
