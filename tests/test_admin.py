"""bot.admin: adding articles from uploads and pasted text, removing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import admin, messages
from bot.answer import Answerer
from bot.answer.dialogue import Dialogue
from bot.config import Settings
from bot.digest import Digests
from bot.ingest import formats
from bot.lexicon import Lexicon
from bot.render import add_result_text
from bot.services import Services
from bot.store import FactStore
from tests.conftest import ARTICLES_DIR, FIXTURE_ARTICLES_DIR

DANANG = (FIXTURE_ARTICLES_DIR / "danang_cds.txt").read_bytes()
CAPTION = "Báo Đà Nẵng | https://baodanang.vn/cds | 15/4/2024"
DANANG_QUESTION = "Đà Nẵng có bao nhiêu dịch vụ công trực tuyến toàn trình?"
PASTED = (
    "Long An ứng dụng công nghệ thông tin trong cải cách hành chính\n"
    "Báo Long An | https://baolongan.vn/cntt | 03/03/2022\n"
    + (FIXTURE_ARTICLES_DIR / "longan_cqdt.txt").read_text(encoding="utf-8").split("\n", 1)[1]
)


@pytest.fixture
async def services(store: FactStore, lexicon: Lexicon) -> AsyncIterator[Services]:
    settings = Settings(_env_file=None, bot_db=Path(store.path), articles_dir=ARTICLES_DIR)
    answerer = await Answerer.create(store, lexicon)
    yield Services(settings, store, lexicon, answerer, Dialogue(answerer))


async def counts(store: FactStore) -> tuple[int, int, int, int]:
    """(articles, facts, rankings, facts with search terms)."""
    stats = await store.stats()
    async with store.db.execute("SELECT count(*) FROM facts WHERE terms != ''") as cur:
        row = await cur.fetchone()
    assert row is not None
    return stats.articles, stats.facts, stats.rankings, int(row[0])


# -- adding -------------------------------------------------------------------------------------


async def test_upload_adds_the_article_and_the_bot_answers_from_it(services: Services) -> None:
    before = await counts(services.store)
    assert not (await services.answerer.ask(DANANG_QUESTION)).answered

    result = await admin.add_document(services, DANANG, "danang_cds.txt", CAPTION, added_by=7)

    assert result.ok and result.outcome == "added" and result.article_id == "danang_cds"
    assert result.facts >= 5 and result.rankings >= 1
    assert any(f.startswith("1.250 dịch vụ công") for f in result.figures)
    after = await counts(services.store)
    assert after[0] == before[0] + 1
    assert after[1] == before[1] + result.facts
    assert after[3] == after[1]  # one FTS row per fact
    [article] = [a for a in await services.store.articles() if a.id == "danang_cds"]
    assert article.outlet == "Báo Đà Nẵng" and article.url == "https://baodanang.vn/cds"
    assert article.published == dt.date(2024, 4, 15)
    assert article.path == "telegram/danang_cds.txt"

    answer = await services.answerer.ask(DANANG_QUESTION)  # refreshed: answers at once
    assert answer.answered and answer.figure is not None and answer.figure.raw == "1.250"

    text = add_result_text(result)
    assert text.startswith("✅ Đã thêm bài “Đà Nẵng dẫn đầu cả nước")
    assert "Báo Đà Nẵng, 15/04/2024 — https://baodanang.vn/cds" in text
    assert "• 1.250 dịch vụ công" in text and messages.ADMIN_METADATA_HINT not in text


async def test_uploading_again_changes_nothing_and_a_copy_is_refused(services: Services) -> None:
    await admin.add_document(services, DANANG, "danang_cds.txt", CAPTION)
    before = await counts(services.store)
    again = await admin.add_document(services, DANANG, "danang_cds.txt", CAPTION)
    assert again.ok and again.outcome == "unchanged"
    copy = await admin.add_document(services, DANANG, "ban-sao.txt", CAPTION)
    assert copy.error == messages.ADMIN_DUPLICATE.format(name="ban-sao.txt", id="danang_cds")
    assert await counts(services.store) == before


async def test_a_changed_upload_replaces_the_article(services: Services) -> None:
    await admin.add_document(services, DANANG, "danang_cds.txt")
    changed = DANANG.replace(b"1.250", b"1.300")
    result = await admin.add_document(services, changed, "danang_cds.txt")
    assert result.outcome == "replaced"
    answer = await services.answerer.ask(DANANG_QUESTION)
    assert answer.figure is not None and answer.figure.raw == "1.300"
    facts = [f for f in await services.store.facts() if f.article == "danang_cds"]
    assert len(facts) == result.facts


HTML_PAGE = (
    "<!doctype html><html><head><title>Đà Nẵng dẫn đầu - Báo Đà Nẵng</title>"
    "<style>p { color: red }</style><script>var total = '9.999 dịch vụ công';</script></head>"
    "<body><nav><ul><li>Trang chủ</li><li>Thời sự</li></ul></nav>"
    "<h1>Đà Nẵng dẫn đầu cả nước về chỉ số chuyển đổi số cấp tỉnh</h1>"
    "<p>(Baodanang.vn) - Sáng 15/4, UBND thành phố Đà Nẵng tổ chức hội nghị. Theo báo cáo, "
    "đến nay thành phố đã cung cấp 1.250 dịch vụ công trực tuyến toàn trình, phục vụ hơn "
    "1,2 triệu người dân.</p>"
    "<p>Trong năm 2023, tỷ lệ hồ sơ nộp trực tuyến của thành phố tăng từ 45% năm 2022 lên "
    "68,2% năm 2023 &amp; ngân sách tiết kiệm khoảng 120 tỷ đồng.</p>"
    "<footer>Chia sẻ bài viết</footer></body></html>"
)


async def test_html_is_stripped_to_text_rather_than_rejected(services: Services) -> None:
    result = await admin.add_document(services, HTML_PAGE.encode(), "trang.html")
    assert result.ok, result.error
    assert result.title == "Đà Nẵng dẫn đầu cả nước về chỉ số chuyển đổi số cấp tỉnh"
    facts = [f for f in await services.store.facts() if f.article == "trang"]
    quotes = " ".join(f.quote for f in facts)
    assert "1.250" in quotes and "68,2%" in quotes
    assert "9.999" not in quotes and "<" not in quotes and "&amp;" not in quotes


def test_html_to_text_keeps_blocks_and_skips_scripts() -> None:
    text, title = formats.html_to_text(HTML_PAGE)
    assert title.startswith("Đà Nẵng dẫn đầu cả nước")
    lines = text.splitlines()
    assert "Trang chủ" in lines and "Thời sự" in lines
    assert "var total" not in text and "color: red" not in text
    assert any("& ngân sách" in line for line in lines)


async def test_markdown_marks_are_dropped(services: Services) -> None:
    text = DANANG.decode().replace("Đà Nẵng dẫn đầu", "# Đà Nẵng dẫn đầu", 1)
    text = text.replace("1.250 dịch vụ", "**1.250 dịch vụ**").replace(
        "(Baodanang.vn)", "[(Baodanang.vn)](https://baodanang.vn)"
    )
    result = await admin.add_document(services, text.encode(), "bai.md")
    assert result.ok and result.title.startswith("Đà Nẵng dẫn đầu")
    quotes = " ".join(f.quote for f in await services.store.facts() if f.article == "bai")
    assert "1.250 dịch vụ" in quotes and "*" not in quotes and "](" not in quotes
    assert formats.markdown_to_text("## A **b** [c](http://d) __e__ 2*3") == "A b c e 2*3"


def latin1_article() -> bytes:
    return DANANG.decode().encode("cp1258", errors="replace")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("lon.txt", b"a" * (admin.MAX_UPLOAD_BYTES + 1), "tệp quá lớn"),
        ("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "nhị phân"),
        ("anh.html", b"<html>\x00\x01\x02</html>", "nhị phân"),
        ("cp1258.txt", latin1_article(), "UTF-8"),
        ("cp1258.html", b"<p>" + latin1_article() + b"</p>", "UTF-8"),
        (
            "english.txt",
            b"E-government in Vietnam\n\nThe national portal offered 3,096 online public "
            b"services in 2021, up from 1,000 in 2020, officials said on Monday.\n",
            "không phải văn bản tiếng Việt",
        ),
        ("bai.pdf", b"%PDF-1.4 ...", "chỉ nhận tệp"),
        ("rong.txt", b"   \n", "tệp rỗng"),
        (
            "khong-so-lieu.txt",
            "Chuyển đổi số ở địa phương\n\nNgười dân ngày càng quen với việc nộp hồ sơ trực "
            "tuyến, cán bộ cũng tích cực hướng dẫn bà con sử dụng dịch vụ công.\n".encode(),
            "không tìm thấy số liệu",
        ),
    ],
)
async def test_bad_uploads_are_refused_with_the_reason_and_change_nothing(
    services: Services, name: str, data: bytes, reason: str
) -> None:
    before = await counts(services.store)
    result = await admin.add_document(services, data, name)
    assert not result.ok and result.error is not None
    assert reason in result.error and name in result.error
    assert await counts(services.store) == before
    text = add_result_text(result)
    assert text.startswith("❌") and "Kho dữ liệu không thay đổi" in text


async def test_pasted_text_with_title_and_source_line(services: Services) -> None:
    result = await admin.add_pasted(services, PASTED, added_by=9)
    assert result.ok, result.error
    assert result.title == "Long An ứng dụng công nghệ thông tin trong cải cách hành chính"
    [article] = [a for a in await services.store.articles() if a.id == result.article_id]
    assert article.outlet == "Báo Long An" and article.published == dt.date(2022, 3, 3)
    quotes = [f.quote for f in await services.store.facts() if f.article == article.id]
    assert any("38/40" in q for q in quotes)
    assert not any("Báo Long An |" in q for q in quotes)


async def test_pasted_text_needs_a_body(services: Services) -> None:
    result = await admin.add_pasted(services, "Chỉ có tiêu đề")
    assert result.error == messages.ADMIN_EMPTY_PASTE


def test_caption_parts_in_any_order() -> None:
    meta, notes = admin.parse_caption("2024-03-05 | https://x.vn/a | VnExpress | thêm")
    assert meta == {"published": "2024-03-05", "url": "https://x.vn/a", "outlet": "VnExpress"}
    assert notes == [messages.ADMIN_NOTE_EXTRA.format(value="thêm")]
    meta, notes = admin.parse_caption("Báo X | 31/02/2024")
    assert meta == {"outlet": "Báo X"} and "31/02/2024" in notes[0]
    assert admin.parse_caption(None) == ({}, [])


def test_article_ids_are_safe() -> None:
    assert admin.article_id("Bài viết: Đà Nẵng/2024") == "bai-viet-da-nang-2024"
    assert admin.article_id("000_b3f1534241e1d4f1") == "000_b3f1534241e1d4f1"
    assert admin.article_id("???").startswith("bai-")
    assert len(admin.article_id("dài " * 100)) <= admin.ID_MAX


async def test_new_articles_come_first_in_the_next_digest(services: Services) -> None:
    result = await admin.add_document(services, DANANG, "danang_cds.txt", CAPTION)
    assert result.facts
    catalog = await Digests(services.store).catalog()
    added = sum(1 for f in catalog if f.article == "danang_cds")
    assert added and {f.article for f in catalog[:added]} == {"danang_cds"}


# -- removing -----------------------------------------------------------------------------------


async def test_remove_by_id_and_by_fuzzy_title(services: Services) -> None:
    before = await counts(services.store)
    added = await admin.add_document(services, DANANG, "danang_cds.txt")
    text = await admin.remove_text(services, "danang_cds", removed_by=7)
    assert text == messages.ADMIN_REMOVED.format(
        title=added.title, id="danang_cds", facts=added.facts
    )
    assert await counts(services.store) == before
    assert not (await services.answerer.ask(DANANG_QUESTION)).answered

    await admin.add_document(services, DANANG, "danang_cds.txt")
    result = await admin.remove_article(services, "da nang dan dau chuyen doi so")
    assert result.removed is not None and result.removed.id == "danang_cds"
    assert not result.from_folder
    assert await counts(services.store) == before


async def test_remove_lists_candidates_when_unsure(services: Services) -> None:
    before = await counts(services.store)
    ambiguous = await admin.remove_text(services, "điện tử")
    assert ambiguous.startswith(messages.ADMIN_REMOVE_AMBIGUOUS.format(query="điện tử"))
    assert "001_f060f1f47c64c89e — Hà Tĩnh" in ambiguous
    unknown = await admin.remove_text(services, "xyz")
    assert unknown.startswith(messages.ADMIN_REMOVE_NOT_FOUND.format(query="xyz"))
    usage = await admin.remove_text(services, "  ")
    assert usage.startswith(messages.ADMIN_REMOVE_USAGE) and usage.count("\n• ") == before[0]
    assert await counts(services.store) == before


async def test_removing_a_bundled_article_warns_it_comes_back(services: Services) -> None:
    text = await admin.remove_text(services, "001_f060")
    assert "Hà Tĩnh" in text and messages.ADMIN_REMOVED_BUNDLED in text
