"""/rank, /dvctt, /nguon contents from the real bundled articles; entity lookup; splitting."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot import messages
from bot.charts import Series, line_chart
from bot.config import Settings
from bot.lexicon import Lexicon
from bot.queries import (
    Report,
    Row,
    Section,
    dvctt_report,
    find_entity,
    rank_report,
    report_html,
    report_plain,
    sources_report,
    split_text,
)
from bot.services import Services


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("queries") / "egov.db"

    async def build() -> None:
        await (await Services.open(Settings(_env_file=None, bot_db=path))).close()

    asyncio.run(build())
    return path


@pytest_asyncio.fixture
async def services(store_path: Path) -> AsyncIterator[Services]:
    opened = await Services.open(Settings(_env_file=None, bot_db=store_path), sync_articles=False)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hue", "Thừa Thiên - Huế"),
        ("Thừa Thiên Huế", "Thừa Thiên - Huế"),
        ("bo y te", "Bộ Y tế"),
        ("BỘ Y TẾ", "Bộ Y tế"),
        ("tp hcm", "TP Hồ Chí Minh"),
        ("tphcm", "TP Hồ Chí Minh"),
        ("tỉnh Hà Tĩnh", "Hà Tĩnh"),
        ("ha tihn", "Hà Tĩnh"),
        ("bo tai chinh", "Bộ Tài chính"),
        ("da nang", "Đà Nẵng"),
    ],
)
def test_find_entity(lexicon: Lexicon, text: str, name: str) -> None:
    entity = find_entity(lexicon, text)
    assert entity is not None and entity.name == name


def test_find_entity_rejects_noise_and_respects_types(lexicon: Lexicon) -> None:
    assert find_entity(lexicon, "xyzzy qwerty") is None
    assert find_entity(lexicon, "") is None
    assert find_entity(lexicon, "hue", {"ministry"}) is None


async def test_un_rank_report(services: Services) -> None:
    report = await rank_report(services.store, services.lexicon)
    text = report_plain(report)
    assert report.found
    assert [s.title for s in report.sections][:2] == ["Năm 2020", "Năm 2018"]
    first = report.sections[0].rows
    assert (first[0].label, first[0].value) == ("Thế giới", "thứ 86/193")
    assert ("Châu Á", "thứ 24/47") in [(r.label, r.value) for r in first]
    assert ("Đông Nam Á", "thứ 6/11") in [(r.label, r.value) for r in first]
    assert "Chỉ số dịch vụ trực tuyến (OSI): thứ 59/193" in text
    assert "0,6667" in text
    assert len(first[0].cites) == 2  # two articles report 86/193
    assert report.series is not None and report.series.points == ((2018, 88.0), (2020, 86.0))
    assert "Nguồn:" in text and "Baohatinh.vn" in text


async def test_ministry_and_province_lists(services: Services) -> None:
    ministries = await rank_report(services.store, services.lexicon, "bo")
    rows = ministries.sections[0].rows
    assert (rows[0].label, rows[0].value) == ("Bộ Tài chính", "thứ 1/17")
    assert [r.value for r in rows] == [f"thứ {n}/17" for n in range(1, 18)]
    provinces = await rank_report(services.store, services.lexicon, "tinh")
    rows = provinces.sections[0].rows
    assert (rows[0].label, rows[0].value) == ("Thừa Thiên - Huế", "thứ 1")
    assert ("Hà Tĩnh", "thứ 44/63") in [(r.label, r.value) for r in rows]
    assert ministries.series is None and provinces.series is None


async def test_entity_rank_and_unknown_entity(services: Services) -> None:
    hue = await rank_report(services.store, services.lexicon, "hue")
    assert hue.found and hue.sections[0].rows[0].value == "thứ 1"
    health = await rank_report(services.store, services.lexicon, "bo y te")
    assert health.sections[0].rows[0].value == "thứ 4/17"
    missing = await rank_report(services.store, services.lexicon, "Hà Nội")
    assert not missing.found and "Hà Nội" in missing.notes[0]
    unknown = await rank_report(services.store, services.lexicon, "<b>xyz</b>")
    assert not unknown.found
    assert "Bộ Tài chính" in unknown.notes[1]
    assert "&lt;b&gt;xyz&lt;/b&gt;" in report_html(unknown)


async def test_dvctt_report(services: Services) -> None:
    report = await dvctt_report(services.store, services.lexicon)
    titles = [s.title for s in report.sections]
    assert titles == [messages.DVCTT_PORTAL, messages.DVCTT_LEVELS, messages.DVCTT_TARGETS]
    portal = report_plain(Report("", [report.sections[0]]))
    assert "3.096 dịch vụ công trực tuyến" in portal and "tính đến 9/9/2021" in portal
    assert "hơn 57 triệu hồ sơ được xử lý" in portal
    levels = [(r.label, r.value) for r in report.sections[1].rows]
    assert levels == [("Mức độ 4, 2019", "10,76%"), ("Mức độ 4, 2018", "4,55%")]
    assert [(r.label, r.value) for r in report.sections[2].rows] == [("Mức độ 4, 2020", "30%")]
    assert report.series is not None and report.series.points == ((2018, 4.55), (2019, 10.76))


async def test_dvctt_for_a_province(services: Services) -> None:
    report = await dvctt_report(services.store, services.lexicon, "ha tinh")
    values = [r.value for r in report.sections[0].rows]
    assert "30%" in values and "16,1%" in values
    unknown = await dvctt_report(services.store, services.lexicon, "zzz")
    assert not unknown.found and "Hà Tĩnh" in unknown.notes[1]


async def test_sources_report(services: Services) -> None:
    report = await sources_report(services.store)
    rows = report.sections[0].rows
    assert len(rows) == len(await services.store.articles()) == 4
    assert any(r.detail == "Baohatinh.vn, 26/08/2020" for r in rows)


def test_report_html_escapes_everything() -> None:
    report = Report("A & B", [Section("<s>", [Row("<1>", "x&y", "<i>", (1,))])])
    html_text = report_html(report)
    assert "<b>A &amp; B</b>" in html_text and "&lt;s&gt;" in html_text
    assert "• x&amp;y: <b>&lt;1&gt;</b> — &lt;i&gt; [1]" in html_text


def test_split_text_on_line_boundaries() -> None:
    lines = [f"dòng {n} " + "x" * 50 for n in range(300)]
    text = "\n".join(lines)
    parts = split_text(text, 4096)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text
    assert split_text("ngắn") == ["ngắn"]
    long_line = "từ " * 3000
    parts = split_text(long_line, 1000)
    assert all(len(p) <= 1000 for p in parts)
    assert " ".join(parts).split() == long_line.split()


def test_line_chart_needs_two_years() -> None:
    assert line_chart(Series("t", "y", ((2020, 86.0),))) is None
    png = line_chart(Series("Thứ hạng", "hạng", ((2018, 88.0), (2020, 86.0)), invert=True))
    assert png is not None and png.startswith(b"\x89PNG")
