"""/rank, /dvctt, /nguon contents from the real bundled articles; entity lookup; splitting."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import matplotlib.text
import pytest
import pytest_asyncio

from bot import messages
from bot.charts import Line, Series, draw, render
from bot.config import Settings
from bot.lexicon import Lexicon
from bot.models import Report
from bot.queries import (
    SUMMARY_ROWS,
    dvctt_report,
    find_entity,
    rank_report,
    sources_report,
)
from bot.render import report_html, report_plain, source_text
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
    assert report.series is not None and report.series.kind == "rank"
    assert [line.points for line in report.series.lines] == [((2018, 88.0), (2020, 86.0))]
    assert set(report.series.sources) <= {source_text(s) for s in report.sources}
    assert len(report.series.sources) == 3  # each point's articles, each once
    assert "Nguồn:" in text and "Baohatinh.vn" in text
    targets = report.sections[-1]
    assert targets.title == messages.RANK_TARGETS
    values = [r.value for r in targets.rows]
    # "nhóm bốn nước dẫn đầu ASEAN" is a group to be in, not fourth place
    assert "top 4" in values and "thứ 4" not in values
    assert "tăng 10 bậc" in values


async def test_ministry_and_province_lists(services: Services) -> None:
    ministries = await rank_report(services.store, services.lexicon, "bo")
    rows = ministries.sections[0].rows
    assert (rows[0].label, rows[0].value) == ("Bộ Tài chính", "thứ 1/17")
    assert [r.value for r in rows] == [f"thứ {n}/17" for n in range(1, 18)]
    provinces = await rank_report(services.store, services.lexicon, "tinh")
    rows = provinces.sections[0].rows
    assert (rows[0].label, rows[0].value) == ("Thừa Thiên - Huế", "thứ 1")
    assert ("Hà Tĩnh", "thứ 44/63") in [(r.label, r.value) for r in rows]
    # One year each: the chart is that year's ranking, best first, with its source.
    assert ministries.series is not None and ministries.series.chartable
    assert ministries.series.ranked[0] == ("Bộ Tài chính", 1)
    assert len(ministries.series.ranked) == 17 and ministries.series.of == 17
    assert ministries.series.sources and not ministries.series.lines
    assert provinces.series is not None and ("Hà Tĩnh", 44) in provinces.series.ranked


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


async def test_dvctt_report_is_a_summary_with_everything_one_step_away(
    services: Services,
) -> None:
    report = await dvctt_report(services.store, services.lexicon)
    titles = [s.title for s in report.sections]
    assert titles == [messages.DVCTT_PORTAL, messages.DVCTT_LEVELS, messages.DVCTT_TARGETS]
    portal = report_plain(Report("", [report.sections[0]]))
    assert "3.096 dịch vụ công trực tuyến" in portal and "tính đến 9/9/2021" in portal
    assert "hơn 57 triệu hồ sơ được xử lý" in portal
    assert len(report.sections[0].rows) <= SUMMARY_ROWS
    # Kinds of entity are not headlines ("21 bộ ngành", "4 cấp chính quyền").
    assert "bộ ngành" not in portal and "cấp chính quyền" not in portal
    # One figure per thing counted: the latest.
    assert "1.039 dịch vụ công trực tuyến" not in portal
    levels = [(r.label, r.value) for r in report.sections[1].rows]
    assert levels == [("Mức độ 4, 2019", "10,76%")]
    assert [(r.label, r.value) for r in report.sections[2].rows] == [("Mức độ 4, 2020", "30%")]
    assert report.more == "tatca" and messages.DVCTT_MORE in report.notes
    series = report.series
    assert series is not None and series.kind == "percent" and series.target == 30
    assert [line.points for line in series.lines] == [((2018, 4.55), (2019, 10.76))]

    full = await dvctt_report(services.store, services.lexicon, "tất cả")
    everything = report_plain(full)
    assert "1.039 dịch vụ công trực tuyến" in everything and "4 cấp chính quyền" in everything
    levels = [(r.label, r.value) for r in full.sections[1].rows]
    assert levels == [("Mức độ 4, 2019", "10,76%"), ("Mức độ 4, 2018", "4,55%")]
    assert not full.more


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


def test_charts_need_a_history_or_a_ranking() -> None:
    one_year = Series("t", "y", (Line("a", ((2020, 86.0),)),), kind="rank")
    assert not one_year.chartable and render(one_year) is None
    two = Series("t", "y", ranked=(("A", 1), ("B", 2)))
    assert not two.chartable  # two names are a sentence, not a chart
    png = render(Series("Thứ hạng", "hạng", (Line("VN", ((2018, 88.0), (2020, 86.0))),)))
    assert png is not None and png.startswith(b"\x89PNG")


def _texts(figure: Any) -> list[str]:
    return [t.get_text() for t in figure.findobj(matplotlib.text.Text)]


def test_rank_chart_has_whole_ranks_with_the_best_at_the_top() -> None:
    series = Series(
        "Thứ hạng",
        "hạng",
        (Line("VN", ((2016, 89.0), (2018, 88.0), (2020, 86.0))),),
        kind="rank",
        sources=("Bài A, 09/09/2021",),
    )
    figure = draw(series)
    axes = figure.axes[0]
    low, high = axes.get_ylim()
    assert low > high  # inverted: rank 1 would be at the top
    ticks = [t for t in axes.get_yticks() if high <= t <= low]
    assert ticks and all(float(t).is_integer() for t in ticks)
    texts = _texts(figure)
    assert "thứ 86" in texts and any("Nguồn: Bài A, 09/09/2021" in t for t in texts)


def test_percent_chart_starts_at_zero_with_decimal_commas_and_the_target() -> None:
    series = Series(
        "Tỷ lệ",
        "%",
        (Line("Mức độ 4", ((2018, 4.55), (2019, 10.76))),),
        kind="percent",
        target=30.0,
        target_label="Mục tiêu 2020: 30%",
    )
    figure = draw(series)
    axes = figure.axes[0]
    assert axes.get_ylim()[0] == 0 and axes.get_ylim()[1] > 30
    texts = _texts(figure)
    assert "4,55%" in texts and "10,76%" in texts and "Mục tiêu 2020: 30%" in texts
    assert any(
        line.get_linestyle() == "--" and set(line.get_ydata()) == {30.0}
        for line in axes.get_lines()
    )
    formatter = axes.yaxis.get_major_formatter()
    assert formatter(2.5, 0) == "2,5"
