"""Shared fixtures: the lexicon, the bundled articles parsed and extracted, an ingested store."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.config import Settings
from bot.ingest.clean import ParsedArticle, load_manifest, parse_article
from bot.ingest.extract import Extraction, Extractor
from bot.ingest.load import article_files, ingest_paths
from bot.lexicon import Lexicon
from bot.services import Services
from bot.store import FactStore
from tests.support.botapi import FakeBotAPI

# python-telegram-bot 22 warns on every RetryAfter unless durations are opted in to timedelta;
# the warning would fail tests under filterwarnings=error. The bot sets the same at start-up.
os.environ.setdefault("PTB_TIMEDELTA", "1")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTICLES_DIR = PROJECT_ROOT / "data" / "articles"
FIXTURE_ARTICLES_DIR = Path(__file__).resolve().parent / "fixtures" / "articles"


@dataclass(frozen=True)
class CorpusArticle:
    parsed: ParsedArticle
    extraction: Extraction


def parse_folder(folder: Path, lexicon: Lexicon) -> dict[str, CorpusArticle]:
    """Every article file of ``folder`` parsed and extracted, by article id."""
    manifest = load_manifest(folder)
    extractor = Extractor(lexicon)
    out: dict[str, CorpusArticle] = {}
    for path in article_files([folder]):
        parsed = parse_article(path.read_bytes(), path, manifest)
        out[parsed.article.id] = CorpusArticle(
            parsed,
            extractor.extract(
                parsed.article, parsed.paragraphs, parsed.tables, parsed.asides, parsed.month
            ),
        )
    return out


def bundled_counts() -> tuple[int, int]:
    """How many facts and rankings the bundled articles yield (tests compare stores to it)."""
    bundled = parse_folder(ARTICLES_DIR, Lexicon.load())
    return (
        sum(len(item.extraction.facts) for item in bundled.values()),
        sum(len(item.extraction.rankings) for item in bundled.values()),
    )


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.load()


@pytest.fixture(scope="session")
def extractor(lexicon: Lexicon) -> Extractor:
    return Extractor(lexicon)


@pytest.fixture(scope="session")
def corpus(lexicon: Lexicon) -> dict[str, CorpusArticle]:
    """The bundled articles (data/articles), parsed and extracted once per session."""
    return parse_folder(ARTICLES_DIR, lexicon)


@pytest.fixture(scope="session")
def fixture_corpus(lexicon: Lexicon) -> dict[str, CorpusArticle]:
    """The test-only articles (tests/fixtures/articles), parsed and extracted once."""
    return parse_folder(FIXTURE_ARTICLES_DIR, lexicon)


@pytest.fixture
async def store(tmp_path: Path, lexicon: Lexicon) -> AsyncIterator[FactStore]:
    """A fresh store file in tmp_path with the bundled articles ingested."""
    fact_store = await FactStore.open(tmp_path / "facts.db")
    report = await ingest_paths(fact_store, [ARTICLES_DIR], lexicon)
    assert report.ok, report.rejected
    try:
        yield fact_store
    finally:
        await fact_store.close()


# -- end-to-end: the real Application against the local Bot API stand-in ---------------------


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled articles, built once; each test works on a copy (``db``)."""
    path = tmp_path_factory.mktemp("store") / "egov.db"

    async def build() -> None:
        services = await Services.open(Settings(_env_file=None, bot_db=path))
        await services.close()

    asyncio.run(build())
    return path


@pytest.fixture
def db(template_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "bot.db"
    shutil.copy(template_db, target)
    return target


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    """A local stand-in of the Telegram Bot API on 127.0.0.1."""
    async with FakeBotAPI(username="egov_test_bot") as server:
        yield server
