"""One ingest pipeline (bot.ingest.load.ingest_bytes) for files, folders, uploads and stored
texts read again by a newer extractor."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot.config import DATA_DIR
from bot.ingest.extract import extraction_stamp
from bot.ingest.load import ingest_bytes, ingest_paths, reextract
from bot.lexicon import Lexicon
from bot.store import FactStore

ARTICLE = sorted((DATA_DIR / "articles").glob("*.txt"))[1]


@pytest_asyncio.fixture
async def empty(tmp_path: Path) -> AsyncIterator[FactStore]:
    store = await FactStore.open(tmp_path / "s.db")
    try:
        yield store
    finally:
        await store.close()


async def _counts(store: FactStore, article: str) -> tuple[int, int]:
    async with store.db.execute(
        "SELECT (SELECT count(*) FROM facts WHERE article = ?), extraction FROM articles"
        " WHERE id = ?",
        (article, article),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


async def test_an_article_read_by_an_older_extractor_is_read_again(
    empty: FactStore, lexicon: Lexicon
) -> None:
    given = {"outlet": "Báo Thử", "url": "https://example.vn/bai", "published": "2020-08-26"}
    first = await ingest_bytes(empty, ARTICLE.read_bytes(), ARTICLE, lexicon, {ARTICLE.stem: given})
    assert first.outcome == "added" and first.article is not None
    facts, version = await _counts(empty, ARTICLE.stem)
    assert facts == first.facts > 0 and version == extraction_stamp(lexicon)
    # The same text by the same extractor: nothing to do.
    again = await ingest_bytes(empty, ARTICLE.read_bytes(), ARTICLE, lexicon, {ARTICLE.stem: given})
    assert again.outcome == "unchanged"
    assert (await reextract(empty, lexicon)).results == []

    # As an older extractor left it: fewer facts, an older version number.
    older = "SELECT id FROM facts WHERE article = ? AND sentence_no > 3"
    await empty.db.execute(f"DELETE FROM facts WHERE id IN ({older})", (ARTICLE.stem,))
    await empty.db.execute("UPDATE articles SET extraction = 0")
    await empty.db.commit()
    report = await reextract(empty, lexicon)
    assert [r.outcome for r in report.results] == ["replaced"]
    assert await _counts(empty, ARTICLE.stem) == (first.facts, extraction_stamp(lexicon))
    article = (await empty.articles())[0]
    assert (article.outlet, article.url, str(article.published)) == (
        given["outlet"],
        given["url"],
        given["published"],
    )
    assert article.title == first.article.title


async def test_an_upload_without_a_file_is_read_again_from_its_stored_text(
    empty: FactStore, lexicon: Lexicon
) -> None:
    body = ARTICLE.read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
    page = (
        "<html><head><title>Trang</title><script>var x = 1;</script></head><body>"
        f"<h1>Tiêu đề từ thẻ h1</h1>{paragraphs}</body></html>"
    ).encode()
    path = Path("telegram") / "bai-tai-len.html"  # no such file: the text lives in the store
    added = await ingest_bytes(empty, page, path, lexicon, {"bai-tai-len": {"outlet": "Báo X"}})
    assert added.outcome == "added" and added.article is not None
    assert added.article.title == "Tiêu đề từ thẻ h1" and added.facts > 0
    await empty.db.execute("UPDATE articles SET extraction = 0")
    await empty.db.commit()
    report = await reextract(empty, lexicon)
    assert [r.outcome for r in report.results] == ["replaced"]
    (stored,) = await empty.articles()
    assert stored.title == "Tiêu đề từ thẻ h1" and stored.outlet == "Báo X"
    assert await _counts(empty, "bai-tai-len") == (added.facts, extraction_stamp(lexicon))


async def test_folders_take_html_and_markdown_through_the_same_pipeline(
    empty: FactStore, lexicon: Lexicon, tmp_path: Path
) -> None:
    body = ARTICLE.read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    html_lines = "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
    (folder / "a.html").write_text(f"<html><body>{html_lines}</body></html>", encoding="utf-8")
    other = sorted((DATA_DIR / "articles").glob("*.txt"))[2].read_text(encoding="utf-8")
    title, _, rest = other.partition("\n")
    (folder / "b.md").write_text(f"# {title}\n{rest}", encoding="utf-8")
    (folder / "c.txt").write_text(body, encoding="utf-8")  # a.html's article as plain text
    report = await ingest_paths(empty, [folder], lexicon)
    outcomes = {r.path.name: (r.outcome, r.duplicate_of) for r in report.results}
    assert outcomes == {"a.html": ("added", None), "b.md": ("added", None), "c.txt": (None, "a")}


async def test_a_new_vocabulary_reads_stored_articles_again(
    empty: FactStore, lexicon: Lexicon
) -> None:
    await ingest_bytes(empty, ARTICLE.read_bytes(), ARTICLE, lexicon)
    assert (await reextract(empty, lexicon)).results == []
    raw = tomllib.loads((DATA_DIR / "lexicon.toml").read_text(encoding="utf-8"))
    raw["abbreviations"]["cpđtx"] = "chính phủ điện tử"  # an operator adds a word
    edited = Lexicon(raw)
    assert extraction_stamp(edited) != extraction_stamp(lexicon)
    report = await reextract(empty, edited)
    assert [r.outcome for r in report.results] == ["replaced"]
    assert (await reextract(empty, edited)).results == []


async def test_a_decision_is_worth_keeping_a_page_of_dates_only_is_not(
    empty: FactStore,
) -> None:
    lexicon = Lexicon.load()
    decision = (
        "Ngày Dữ liệu quốc gia\n\n"
        "Ngày 22/4/2031, Thủ tướng Chính phủ ký ban hành Quyết định số 777/QĐ-TTg về Ngày Dữ "
        "liệu quốc gia.\n\nQuyết định có hiệu lực thi hành từ ngày 22/4/2031.\n"
    )
    kept = await ingest_bytes(empty, decision.encode(), Path("quyet_dinh.txt"), lexicon)
    assert kept.error is None and kept.facts >= 2
    dates_only = (
        "Hội nghị chuyển đổi số của tỉnh\n\n"
        "Ngày 22/4/2031, tỉnh tổ chức hội nghị về chuyển đổi số với nhiều đại biểu tham dự.\n"
    )
    refused = await ingest_bytes(empty, dates_only.encode(), Path("hoi_nghi.txt"), lexicon)
    assert refused.no_figures


async def test_a_page_that_is_a_ranking_answers_for_the_year_its_title_names(
    empty: FactStore,
) -> None:
    page = "\n".join(
        [
            "BÁO CÁO XẾP HẠNG chỉ số chuyển đổi số cấp tỉnh năm 2031",
            "XẾP HẠNG",
            "CÁC TỈNH, THÀNH PHỐ",
            *(
                f"{n} {name}"
                for n, name in enumerate(["Kon Tum", "Hà Tĩnh", "Sơn La", "Gia Lai", "Yên Bái"], 1)
            ),
        ]
    )
    result = await ingest_bytes(empty, page.encode(), Path("xep_hang.txt"), Lexicon.load())
    assert result.error is None and result.rankings == 5
    ranks = {(r.entity, r.rank, r.year, r.scope) for r, _ in await empty.rankings()}
    assert ("Kon Tum", 1, 2031, "DTI") in ranks and ("Yên Bái", 5, 2031, "DTI") in ranks
