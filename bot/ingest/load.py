"""Ingest articles into the store: convert (HTML, Markdown), clean, extract, save; one
transaction each. Files, folders, uploads from Telegram and stored texts read again by a newer
extractor all go through :func:`ingest_bytes`."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot import messages
from bot.ingest.clean import (
    MAX_BYTES,
    ParsedArticle,
    RejectedArticle,
    load_manifest,
    parse_article,
)
from bot.ingest.extract import Extraction, Extractor, extraction_stamp
from bot.ingest.formats import to_text
from bot.lexicon import Lexicon
from bot.models import Article, Fact, Outcome
from bot.store import FactStore

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm")
SAMPLES = 5


@dataclass(frozen=True)
class FileResult:
    path: Path
    outcome: Outcome | None = None
    facts: int = 0
    rankings: int = 0
    error: str | None = None
    article: Article | None = None
    samples: tuple[Fact, ...] = ()
    """The first facts found, for the operator's confirmation."""
    dropped: int = 0
    """Lines dropped as page furniture (bylines, captions, related headlines)."""
    duplicate_of: str | None = None
    """When refused as a copy: the article already in the store with the same text."""
    no_figures: bool = False


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
) -> tuple[Article, Extraction, ParsedArticle]:
    """Convert (HTML, Markdown), clean and extract one article."""
    text, title = to_text(data, path)
    if title:
        meta = dict((manifest or {}).get(path.stem, {}))
        meta.setdefault("title", title)
        manifest = {**(manifest or {}), path.stem: meta}
    parsed = parse_article(text, path, manifest)
    extraction = Extractor(lexicon).extract(
        parsed.article, parsed.paragraphs, parsed.tables, parsed.asides, parsed.month
    )
    return parsed.article, extraction, parsed


async def ingest_bytes(
    store: FactStore,
    data: bytes,
    path: Path,
    lexicon: Lexicon,
    manifest: dict[str, dict[str, str]] | None = None,
) -> FileResult:
    """Ingest one article given as bytes; never raises for bad content, reports it instead."""
    try:
        article, extraction, parsed = extract_article(data, path, lexicon, manifest)
    except RejectedArticle as exc:
        return FileResult(path, error=str(exc))
    # A quantity or a document ("Quyết định số 505/QĐ-TTg ... ngày 22/4/2022") is worth
    # keeping; a page whose only figures are dates (its own, a meeting's) is not.
    if all(f.primary.unit == "date" for f in extraction.facts):
        return FileResult(path, error=f"{path.name}: {messages.NO_FIGURES}", no_figures=True)
    duplicate = await store.duplicate_of(parsed.content_hash, article.id)
    if duplicate is not None:
        return FileResult(
            path,
            error=f"{path.name}: trùng nội dung với bài đã có trong kho ({duplicate}); bỏ qua",
            duplicate_of=duplicate,
        )
    outcome = await store.save_article(
        article,
        extraction.facts,
        extraction.rankings,
        lexicon,
        parsed.content_hash,
        body=data,
        extraction=extraction_stamp(lexicon),
    )
    return FileResult(
        path,
        outcome,
        len(extraction.facts),
        len(extraction.rankings),
        article=article,
        samples=tuple(extraction.facts[:SAMPLES]),
        dropped=len(parsed.dropped),
    )


async def reextract(store: FactStore, lexicon: Lexicon) -> IngestReport:
    """Read again, with this extractor and vocabulary, every stored article another
    extractor version or vocabulary read. Metadata
    that was given rather than inferred (title, outlet, link, date) is kept."""
    report = IngestReport()
    for article, body in await store.stale_articles(extraction_stamp(lexicon)):
        given = {
            "title": article.title,
            "outlet": article.outlet or "",
            "url": article.url or "",
            "published": article.published.isoformat() if article.published else "",
        }
        meta = {k: v for k, v in given.items() if v and k not in article.inferred}
        suffix = Path(article.path).suffix or ".txt"
        path = Path(article.path).with_name(f"{article.id}{suffix}")
        result = await ingest_bytes(store, body, path, lexicon, {article.id: meta})
        if result.error:
            log.warning("stored article %s no longer extracts: %s", article.id, result.error)
        report.results.append(result)
    return report


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
