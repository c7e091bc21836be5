"""Ingest article files into the store: read, clean, extract, save; one transaction each."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot import messages
from bot.ingest.clean import MAX_BYTES, RejectedArticle, load_manifest, parse_article
from bot.ingest.extract import Extraction, Extractor
from bot.lexicon import Lexicon
from bot.models import Article
from bot.store import FactStore, Outcome

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md", ".text")


@dataclass(frozen=True)
class FileResult:
    path: Path
    outcome: Outcome | None = None
    facts: int = 0
    rankings: int = 0
    error: str | None = None
    article: Article | None = None


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)

    @property
    def rejected(self) -> list[FileResult]:
        return [r for r in self.results if r.error]

    @property
    def ok(self) -> bool:
        return not self.rejected


def article_files(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and article files found in folders (sorted, not recursive)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES)
            )
        else:
            found.append(path)
    return found


def extract_article(
    data: bytes, path: Path, lexicon: Lexicon, manifest: dict[str, dict[str, str]] | None = None
) -> tuple[Article, Extraction, str]:
    """Read, clean and extract one article: the article, its facts, and its content hash."""
    parsed = parse_article(data, path, manifest)
    extraction = Extractor(lexicon).extract(parsed.article, parsed.paragraphs, parsed.tables)
    return parsed.article, extraction, parsed.content_hash


async def ingest_bytes(
    store: FactStore,
    data: bytes,
    path: Path,
    lexicon: Lexicon,
    manifest: dict[str, dict[str, str]] | None = None,
) -> FileResult:
    """Ingest one article given as bytes; never raises for bad content, reports it instead."""
    try:
        article, extraction, content_hash = extract_article(data, path, lexicon, manifest)
    except RejectedArticle as exc:
        return FileResult(path, error=str(exc))
    if not any(f.primary.unit not in ("date", "document") for f in extraction.facts):
        return FileResult(path, error=f"{path.name}: {messages.NO_FIGURES}")
    duplicate = await store.duplicate_of(content_hash, article.id)
    if duplicate is not None:
        return FileResult(
            path,
            error=f"{path.name}: trùng nội dung với bài đã có trong kho ({duplicate}); bỏ qua",
        )
    outcome = await store.save_article(
        article, extraction.facts, extraction.rankings, lexicon, content_hash
    )
    return FileResult(
        path, outcome, len(extraction.facts), len(extraction.rankings), article=article
    )


async def ingest_paths(store: FactStore, paths: Iterable[Path], lexicon: Lexicon) -> IngestReport:
    report = IngestReport()
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    for path in article_files(paths):
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                # Refused before reading: a huge file never reaches memory.
                report.results.append(
                    FileResult(
                        path,
                        error=f"{path.name}: tệp quá lớn ({size:,} byte, tối đa {MAX_BYTES:,})",
                    )
                )
                continue
            data = path.read_bytes()
        except OSError as exc:
            report.results.append(FileResult(path, error=f"{path.name}: không đọc được ({exc})"))
            continue
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = load_manifest(folder)
        result = await ingest_bytes(store, data, path, lexicon, manifests[folder])
        if result.error:
            log.warning("rejected %s", result.error)
        report.results.append(result)
    return report
