"""Figures, facts and rankings: parsing rules on written sentences, then the bundled articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pytest

from bot.ingest.clean import Table
from bot.ingest.extract import _ANAPHOR, Extractor
from bot.models import Article, Fact, Figure, Ranking
from tests.conftest import CorpusArticle

A0 = "000_b3f1534241e1d4f1"
A1 = "001_f060f1f47c64c89e"
A2 = "002_7458476fcda9b097"
A3 = "003_6a6335e5b2ab04b7"
PORTAL = "Cổng Dịch vụ công quốc gia"
VN = "Việt Nam"


def figures(extractor: Extractor, sentence: str) -> list[Figure]:
    return [hit.figure for hit in extractor.figures(sentence)]


def only(extractor: Extractor, sentence: str) -> Figure:
    found = figures(extractor, sentence)
    assert len(found) == 1, found
    return found[0]


# -- single figures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Cổng đã tích hợp 2.900 thủ tục hành chính.", 2900, "count"),
        ("Tỷ lệ văn bản điện tử đạt 86,5%.", 86.5, "%"),
        ("Tỷ lệ đạt 30 phần trăm.", 30, "%"),
        ("Giúp tiết kiệm 8.000 tỷ đồng mỗi năm.", 8e12, "VND"),
        ("Có 57 triệu hồ sơ được xử lý.", 57e6, "count"),
        ("Quy mô thương mại điện tử đạt 14 tỷ USD.", 14e9, "USD"),
        ("Tổng số tiền là 258 tỷ đồng.", 258e9, "VND"),
        ("Số giao dịch trên Cổng là 116.000.", 116000, "count"),
        ("Chỉ số tổng hợp là 0,6667.", 0.6667, "index"),
        ("Việt Nam tăng hai bậc trên bảng xếp hạng.", 2, "step"),
        ("Việt Nam tăng 2 bậc trên bảng xếp hạng.", 2, "step"),
        ("Tỷ lệ tăng hơn 2 lần.", 2, "times"),
        ("Hà Tĩnh xếp thứ 44 trong bảng xếp hạng.", 44, "rank"),
        ("Việt Nam giữ nguyên vị trí thứ 6 trong khu vực.", 6, "rank"),
        ("Phí dịch vụ khoảng 300.000 đồng/năm.", 300000, "VND"),
        ("Chỉ số lần này thấp hơn mức 0,5120 của kỳ trước.", 0.512, "index"),
    ],
)
def test_figure_value_and_unit(
    extractor: Extractor, sentence: str, value: float, unit: str
) -> None:
    figure = only(extractor, sentence)
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit


def test_counted_noun(extractor: Extractor) -> None:
    assert only(extractor, "Có 57 triệu hồ sơ.").noun == "hồ sơ"
    assert only(extractor, "Cổng tích hợp 2.900 thủ tục hành chính.").noun == "thủ tục hành chính"


def test_rank_of_field_needs_a_rank_cue(extractor: Extractor) -> None:
    ranked = only(extractor, "Việt Nam xếp hạng 86/193 quốc gia, vùng lãnh thổ.")
    assert (ranked.unit, ranked.value, ranked.of) == ("rank", 86, 193)
    counted = only(extractor, "Hiện có 38/63 tỉnh triển khai đề án đô thị thông minh.")
    assert (counted.unit, counted.value, counted.of) == ("count", 38, 63)


def test_which_time_is_not_a_place(extractor: Extractor) -> None:
    found = figures(extractor, "Bình Dương dẫn đầu năm thứ 3 liên tiếp với 0,81 điểm.")
    # "năm thứ 3 liên tiếp" says how long the lead lasts (a count), not a third place
    assert [(f.unit, f.value) for f in found if f.unit != "rank" or f.value != 1] == [
        ("count", 3),
        ("index", 0.81),
    ]
    assert [f.value for f in figures(extractor, "Việt Nam thứ 5 trong ASEAN.")] == [5]


def test_a_group_is_a_top_only_among_leaders(extractor: Extractor) -> None:
    group = only(extractor, "Nhóm 17 bộ có cung cấp dịch vụ công được chấm riêng.")
    assert group.unit == "count"
    top = only(extractor, "Quảng Ninh lọt nhóm 10 tỉnh dẫn đầu.")
    assert (top.unit, top.qualifier) == ("rank", "top")


def test_bare_numbers_of_a_move_in_a_ranking_are_places(extractor: Extractor) -> None:
    moved = extract_all(
        extractor, "Xếp hạng nguồn nhân lực của Việt Nam tăng 3 bậc, từ 120 lên 117."
    )
    assert [
        (f.unit, f.value, f.role) for fact in moved for f in fact.figures if f.role != "value"
    ] == [
        ("rank", 120, "from"),
        ("rank", 117, "to"),
    ]
    counted = extract_all(extractor, "Số hồ sơ tăng từ 120 lên 340.")
    assert {f.unit for fact in counted for f in fact.figures} == {"count"}


def test_an_index_edition_is_not_the_year_of_a_day(extractor: Extractor) -> None:
    published = dt.date(2025, 10, 21)
    (day,) = extractor.dates("Kết quả DTI 2024 vừa được công bố hôm nay, ngày 21/10.", published)
    assert day.figure.value == 20251021
    named = extractor.dates("Báo cáo năm 2010 được phát hành ngày 11/5.", published)
    assert [h.figure.value for h in named] == [20100000, 20100511]


def test_a_million_billion_dong(extractor: Extractor) -> None:
    figure = only(extractor, "Tiền thuế nộp điện tử đạt hơn 1,28 triệu tỷ đồng.")
    assert (figure.unit, figure.value, figure.qualifier) == ("VND", 1.28e15, "more")


def test_range_of_steps(extractor: Extractor) -> None:
    figure = only(extractor, "Mục tiêu là tăng 10-15 bậc vào năm 2020.")
    assert (figure.unit, figure.value, figure.value_max) == ("step", 10, 15)


def test_two_counts_around_a_slash(extractor: Extractor) -> None:
    found = figures(
        extractor, "Cổng cung cấp 1.039 dịch vụ công trực tuyến/6.842 thủ tục hành chính."
    )
    assert [(f.value, f.unit, f.noun) for f in found] == [
        (1039, "count", "dịch vụ công trực tuyến"),
        (6842, "count", "thủ tục hành chính"),
    ]


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("Có hơn 57 triệu hồ sơ được xử lý.", "more"),
        ("Có trên 1 triệu tài khoản đăng ký.", "more"),
        ("Tiết kiệm khoảng 8.000 tỷ đồng.", "about"),
        ("Có gần 500 cán bộ tham gia.", "about"),
        ("Có dưới 10% hồ sơ bị trả lại.", "less"),
        ("Có 500 cán bộ tham gia.", ""),
    ],
)
def test_qualifier(extractor: Extractor, sentence: str, qualifier: str) -> None:
    assert only(extractor, sentence).qualifier == qualifier


@pytest.mark.parametrize(
    "sentence",
    [
        "Thực hiện Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ về phát triển.",
        "Tỉnh giám sát việc công khai thông tin theo Quyết định số 739/QĐ-UBND.",
        "Báo cáo 12/02/2020 của Văn phòng Chính phủ nêu rõ điều này.",
        "Ngày 12/02/2020, hội nghị trực tuyến được tổ chức.",
        "Theo Điều 37 của luật, các cơ quan phải công khai.",
        "Từ tháng 12/2019 đến nay, cổng vận hành ổn định.",
        "Trong năm 2020, cổng vận hành ổn định.",
        "Trong giai đoạn 2019-2025, cổng vận hành ổn định.",
        "Hạ tầng thông tin đã cơ bản được phủ sóng 4G.",
        "Ổn định tình hình kinh tế, xã hội giai đoạn hậu Covid-19.",
        "Cung cấp dịch vụ công trực tuyến mức độ 3, 4 cho người dân.",
        "Sau 1 năm triển khai, kết quả rất tích cực.",
        "Theo mục 3 của quy chế, các sở phải báo cáo.",
    ],
)
def test_not_figures(extractor: Extractor, sentence: str) -> None:
    assert figures(extractor, sentence) == []


# -- facts from sentences --------------------------------------------------------------------


def quantities(facts: Iterable[Fact]) -> list[Fact]:
    """Facts whose figure is a quantity (dates and documents are facts of their own kinds)."""
    return [f for f in facts if f.primary.unit not in ("date", "document")]


def extract_all(
    extractor: Extractor, *paragraphs: str, published: dt.date | None = None
) -> list[Fact]:
    article = Article(id="t", title="Tin điện tử", published=published, sha256="0")
    return extractor.extract(article, list(paragraphs)).facts


def extract(extractor: Extractor, *paragraphs: str, published: dt.date | None = None) -> list[Fact]:
    return quantities(extract_all(extractor, *paragraphs, published=published))


def by_value(facts: Iterable[Fact], attribute: str) -> dict[float, object]:
    """Each fact's ``attribute`` by its figure's value."""
    return {f.primary.value: getattr(f, attribute) for f in facts}


def test_an_undated_page_reports_on_a_year_its_opening_names_twice(
    extractor: Extractor,
) -> None:
    facts = extract(
        extractor,
        "Ba vị trí dẫn đầu khối bộ tiếp tục thuộc về Bộ Tài chính, Bộ Công Thương và Bộ Tư pháp.",
        "Bộ TT&TT vừa công bố báo cáo xếp hạng mức độ sẵn sàng ứng dụng CNTT năm 2020.",
        "Báo cáo Vietnam ICT Index 2020 dựa trên số liệu của các bộ, ngành.",
        "Bộ GD&ĐT xếp thứ 11, giảm 4 bậc.",
    )
    ranks = {f.subject: (f.primary.value, f.period) for f in facts if f.primary.unit == "rank"}
    assert ranks["Bộ Tài chính"] == (1, "2020")
    assert ranks["Bộ Giáo dục và Đào tạo"] == (11, "2020")
    # a year named once, as a comparison, does not date an undated page
    once = extract(
        extractor,
        "Việt Nam đứng thứ 86 thế giới về chính phủ điện tử.",
        "Năm 2018, Việt Nam đứng thứ 88 trên thế giới.",
    )
    assert by_value(once, "period")[86] is None


def test_an_undated_page_reports_on_a_year_later_than_those_it_compares_with(
    extractor: Extractor,
) -> None:
    article = Article(id="t", title="Việt Nam tăng hạng chính phủ số", sha256="0")
    paragraphs = [
        "Theo Liên Hợp Quốc, Việt Nam đứng thứ 79 thế giới, tăng 7 bậc so với năm 2014.",
        "Tỷ lệ người dùng Internet đạt 52,7%, cao hơn so với 43,9% của năm 2014.",
        "Mục tiêu đến năm 2020 là vào nhóm 60 nước dẫn đầu.",
    ]
    # a heading between the paragraphs names the year; the target year does not
    facts = extractor.extract(article, paragraphs, asides=["Xếp hạng năm 2016 của khu vực"]).facts
    periods = by_value(quantities(facts), "period")
    assert periods[79] == "2016"
    assert periods[52.7] == "2016"
    assert periods[43.9] == "2014"  # the base keeps its own year
    assert by_value(quantities(extractor.extract(article, paragraphs).facts), "period")[79] is None
    # "cùng kỳ năm 2021": the same months a year before, so the page reports on 2022
    same_months = extract(
        extractor,
        "Trong 6 tháng đầu năm nay, hệ thống tiếp nhận hơn 41.000 hồ sơ trực tuyến, tăng gấp "
        "đôi so với cùng kỳ năm 2021.",
        "Từ khi khai trương đến nay, hệ thống đã cung cấp 1.150 dịch vụ công trực tuyến.",
    )
    assert by_value(same_months, "period")[41000] == "2022"
    assert by_value(same_months, "period")[1150] == "2022"


def test_a_dated_page_reports_on_a_year_its_next_paragraphs_name_twice(
    extractor: Extractor,
) -> None:
    facts = extract(
        extractor,
        "Hải Phòng tiếp tục là địa phương đứng đầu cả nước về chuyển đổi số, thứ hai là "
        "Bắc Ninh, thứ ba là Nghệ An.",
        "Bộ vừa công bố kết quả xếp hạng chỉ số chuyển đổi số cấp tỉnh năm 2021.",
        "Năm 2021, 100% các tỉnh đều có chỉ số tăng so với năm 2020.",
        "Cần Thơ năm nay xếp thứ 17/63 tỉnh, thành phố.",
        published=dt.date(2022, 6, 2),
    )
    ranks = {f.subject: (f.primary.value, f.period) for f in facts if f.primary.unit == "rank"}
    assert ranks == {
        "Hải Phòng": (1, "2021"),
        "Bắc Ninh": (2, "2021"),
        "Nghệ An": (3, "2021"),
        "Cần Thơ": (17, "2021"),
    }
    assert {f.primary.raw for f in facts if f.subject == "Bắc Ninh"} == {"thứ hai"}


def test_figures_given_respectively_go_to_the_entities_listed(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm 2021, Cần Thơ và Đồng Nai có chỉ số quản trị thấp hơn, ở mức lần lượt là "
        "42,1187 và 40,9935 điểm.",
        published=dt.date(2022, 4, 5),
    )
    assert by_value(facts, "subject") == {42.1187: "Cần Thơ", 40.9935: "Đồng Nai"}
    # four decimals measure; they do not count
    bare = extract(
        extractor, "Chỉ số của Cần Thơ ở mức 42,1187, thấp hơn năm trước.", published=None
    )
    assert {f.primary.unit for f in bare} == {"index"}


def test_a_top_group_said_with_the_index_it_leads(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Cụ thể, 3 vị trí dẫn đầu Chỉ số SIPAS năm 2021 lần lượt thuộc về tỉnh Bắc Ninh, "
        "tỉnh Nghệ An và tỉnh Long An.",
        published=dt.date(2022, 5, 1),
    )
    ranks = {f.subject: f.primary.value for f in facts if f.primary.unit == "rank"}
    assert ranks == {"Bắc Ninh": 1, "Nghệ An": 2, "Long An": 3}


def test_the_day_of_an_announcement_does_not_date_the_figures(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Theo kết quả chỉ số hài lòng năm 2021 do Bộ Nội vụ công bố ngày 12/5/2022, chỉ số "
        "trung bình cả nước là 81,2%, tăng 1,3% so với năm 2020 (79,9%).",
        published=dt.date(2022, 5, 12),
    )
    assert by_value(facts, "period") == {81.2: "2021", 1.3: "2021", 79.9: "2020"}


def test_a_place_moved_to_is_a_place_when_its_word_is_left_out(extractor: Extractor) -> None:
    facts = extract_all(
        extractor,
        "Năm 2021, thứ hạng của Lào Cai trong cả nước tăng 5 bậc (từ vị trí 40 lên 35).",
    )
    moved = [f for f in facts if len(f.figures) == 2]
    assert [(f.subject, [(x.value, x.unit, x.role) for x in f.figures]) for f in moved] == [
        ("Lào Cai", [(40, "rank", "from"), (35, "rank", "to")])
    ]


def test_counts_said_in_words_and_scores_of_an_index(extractor: Extractor) -> None:
    figures = [
        (h.figure.value, h.figure.unit, h.figure.noun)
        for sentence in (
            "Năm 2021, 51 địa phương có chỉ số tăng, sáu địa phương có chỉ số giảm.",
            "Báo cáo đánh giá ở tám chỉ số nội dung; một số tỉnh tăng năm bậc.",
            "Hà Giang đứng cuối bảng với chỉ số tổng hợp đạt 38,42.",
        )
        for h in extractor.figures(sentence)
    ]
    assert (6, "count", "địa phương có chỉ số giảm") in figures
    assert (8, "count", "chỉ số nội dung") in figures
    assert (38.42, "index", "") in figures
    assert not any(value == 1 for value, _, _ in figures)  # "một số" counts nothing


def test_a_top_group_listed_after_a_colon(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Đối với khối địa phương, top 3 tỉnh, thành phố về DTI 2021 gồm: Hà Tĩnh, Nam Định và "
        "Cà Mau.",
        published=dt.date(2022, 5, 1),
    )
    ranks = {f.subject: f.primary.value for f in facts if f.primary.unit == "rank"}
    assert ranks == {"Hà Tĩnh": 1, "Nam Định": 2, "Cà Mau": 3}


def test_a_ministry_named_for_planning_sets_no_target(extractor: Extractor) -> None:
    facts = extract_all(
        extractor,
        "Trong khối bộ có dịch vụ công năm 2029, Bộ Kế hoạch và Đầu tư xếp ở vị trí số 1 "
        "với 0,7125 điểm.",
    )
    found = {(f.primary.unit, f.primary.value, f.kind) for f in facts}
    assert {("rank", 1, "actual"), ("index", 0.7125, "actual")} <= found


def test_two_changes_each_with_its_own_base(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Giá trị chỉ số quốc gia năm 2027 là 0,8012, tăng trưởng 4% so với năm 2026 và tăng "
        "trưởng 41,5% so với năm 2024; chỉ số cấp tỉnh tăng tới 12,3% so với năm 2026.",
        published=dt.date(2028, 3, 1),
    )
    found = {f.primary.value: (f.kind, f.period) for f in facts}
    assert found[4] == ("change", "2027")
    assert found[41.5] == ("change", "2027")  # not the year of the base said before it
    assert found[12.3] == ("change", "2027")  # "tăng tới": a change


def test_a_page_about_one_index_lends_it_to_sentences_that_name_none(
    extractor: Extractor,
) -> None:
    article = Article(id="t", title="Kết quả công bố tại Hà Nội sáng nay", sha256="0")
    paragraphs = [
        "Báo cáo PAPI 2027 khảo sát hơn 19.000 người dân ở 63 tỉnh, thành phố.",
        "Chỉ số PAPI của Quảng Trị tăng 2,1 điểm so với năm trước.",
        "Năm nay, cách chọn mẫu khảo sát có nhiều thay đổi.",
        "Kết quả xếp hạng cho thấy Quảng Trị là địa phương dẫn đầu, thứ hai là Bến Tre.",
    ]
    facts = extractor.extract(article, paragraphs).facts
    led = next(f for f in facts if f.subject == "Quảng Trị" and f.primary.unit == "rank")
    assert led.context.endswith("(PAPI)")
    # a sentence that names its index keeps its context as it is
    own = next(f for f in facts if f.primary.value == 2.1)
    assert "(PAPI)" not in own.context


def test_dates_written_with_dashes_and_dots(extractor: Extractor) -> None:
    facts = extract_all(
        extractor,
        "Tính từ đầu năm đến đầu tháng 10-2026, Gia Lai có 58,2% hồ sơ trực tuyến.",
        "Công văn được ban hành ngày 25-10-2026, hệ thống vận hành từ 12.4.2026.",
    )
    assert by_value(quantities(facts), "period")[58.2] == "2026"
    days = {f.primary.value for f in facts if f.primary.unit == "date"}
    assert {20261025, 20260412} <= days
    # a quote stays as written
    assert any("tháng 10-2026" in f.quote for f in facts)


def test_names_with_initials_inside(extractor: Extractor) -> None:
    names = [e[2] for e in extractor.entities("Viện Hàn lâm KH&CN Việt Nam giữ vị trí dẫn đầu.")]
    assert names == ["Viện Hàn lâm Khoa học và Công nghệ Việt Nam"]
    assert [e[2] for e in extractor.entities("Bộ GD&ĐT giảm 4 bậc.")] == ["Bộ Giáo dục và Đào tạo"]


def test_first_among_a_provinces_districts_is_no_national_place(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm 2027, Bắc Ninh có tỷ lệ hồ sơ trực tuyến cao nhất cả nước. Ở cấp huyện, TP Hải "
        "Dương có tỷ lệ hồ sơ trực tuyến cao nhất với 96,4%.",
        published=dt.date(2027, 12, 1),
    )
    firsts = {f.subject for f in facts if f.primary.unit == "rank" and f.primary.value == 1}
    assert firsts == {"Bắc Ninh"}


def test_a_rise_in_points_is_a_change(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Chỉ số dịch vụ trực tuyến của Việt Nam đạt 0,57 điểm, tăng 0,16 điểm so với năm 2014.",
        published=dt.date(2016, 8, 1),
    )
    assert by_value(facts, "kind") == {0.57: "actual", 0.16: "change"}


def test_an_undated_page_that_names_one_year_reports_on_it(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Tính từ đầu năm đến đầu tháng 10-2026, Gia Lai có tỷ lệ hồ sơ trực tuyến 58,2%.",
        "Ở khối bộ, ngành, Bộ Tư pháp dẫn đầu với tỷ lệ 97,1%.",
    )
    assert by_value(facts, "period")[97.1] == "2026"
    # another year named as well: no year is the page's
    two = extract(
        extractor,
        "Tính đến hết tháng 10-2026, Gia Lai có 58,2% hồ sơ trực tuyến, năm 2025 là 52%.",
        "Ở khối bộ, ngành, Bộ Tư pháp dẫn đầu với tỷ lệ 97,1%.",
    )
    assert by_value(two, "period")[97.1] is None


def test_places_listed_after_next_go_on_past_dots_inside_the_sentence(
    extractor: Extractor,
) -> None:
    facts = extract(
        extractor,
        "Xét về số lượng, Nghệ An dẫn đầu với 58.120 hồ sơ, kế tiếp là TP.HCM (51.004 hồ sơ) "
        "và Thái Bình (40.090 hồ sơ).",
        published=dt.date(2027, 1, 5),
    )
    ranks = {f.subject: f.primary.value for f in facts if f.primary.unit == "rank"}
    assert ranks == {"Nghệ An": 1, "TP Hồ Chí Minh": 2, "Thái Bình": 3}


def test_the_leader_named_after_a_bloc_with_a_comma(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Đứng đầu khối bộ, ngành là Bộ Tư pháp với 98,1%, kế đến là Bộ Y tế (96,2%) và Bộ "
        "Công Thương (93,4%).",
        "Singapore đứng đầu thế giới năm đó, tiếp theo là Hàn Quốc và Đan Mạch.",
        published=dt.date(2027, 1, 5),
    )
    ranks = {f.subject: f.primary.value for f in facts if f.primary.unit == "rank"}
    assert ranks == {
        "Bộ Tư pháp": 1,
        "Bộ Y tế": 2,
        "Bộ Công Thương": 3,
        "Singapore": 1,
        "Hàn Quốc": 2,
        "Đan Mạch": 3,
    }


def test_a_pair_compared_in_brackets_is_the_subjects_then_the_averages(
    extractor: Extractor,
) -> None:
    facts = extract(
        extractor,
        "Về chỉ số dịch vụ trực tuyến, Việt Nam cao hơn giá trị bình quân của thế giới "
        "(0.6012 so với 0.5101).",
        published=dt.date(2026, 8, 1),
    )
    assert by_value(facts, "subject") == {0.6012: "Việt Nam", 0.5101: "thế giới (trung bình)"}


def test_a_page_stamped_with_a_month_stands_as_of_that_month(extractor: Extractor) -> None:
    article = Article(id="t", title="Cổng dịch vụ công gần hai năm vận hành", sha256="0")
    facts = extractor.extract(
        article,
        ["Đến nay, cổng đã có hơn 1,2 triệu tài khoản đăng ký và 3.200 dịch vụ trực tuyến."],
        month="2021-11",
    ).facts
    assert {f.primary.value: f.period for f in quantities(facts)} == {
        1_200_000: "2021-11",
        3200: "2021-11",
    }
    # a day named without its year is the last such day up to the month stamped
    days = extractor.extract(
        article, ["Tỉnh ủy có công văn ngày 25-10 để hoàn thành trước năm 2030."], month="2023-11"
    ).facts
    assert 20231025 in {f.primary.value for f in days if f.primary.unit == "date"}


def test_averages_written_with_english_decimals_keep_their_regions(
    extractor: Extractor,
) -> None:
    facts = extract(
        extractor,
        "Với chỉ số đạt 0.5931, Việt Nam cao hơn chỉ số trung bình của thế giới (0.5491), "
        "của khu vực châu Á (0.5779) và khu vực Đông Nam Á (0.5555).",
        published=dt.date(2018, 7, 20),
    )
    assert by_value(facts, "subject") == {
        0.5931: "Việt Nam",
        0.5491: "thế giới (trung bình)",
        0.5779: "châu Á (trung bình)",
        0.5555: "Đông Nam Á (trung bình)",
    }


def test_the_field_a_place_is_held_in_is_not_the_subject(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm 2023, Thừa Thiên Huế dẫn đầu cả nước về chỉ số PAPI với mức điểm 46,04.",
        "Tỉnh Quảng Ninh giữ vị trí thứ nhất cả nước về chỉ số SIPAS năm 2023 với 90,61%.",
        "Tỷ lệ hồ sơ xử lý trực tuyến trên toàn quốc năm 2023 đạt 45%.",
    )
    found = {f.primary.value: (f.subject, f.primary.unit) for f in facts}
    assert found[46.04] == ("Thừa Thiên - Huế", "index")  # a score: "mức điểm 46,04"
    assert found[90.61] == ("Quảng Ninh", "%")
    assert found[45] == ("Việt Nam", "%")


def test_first_in_a_region_is_not_first_in_the_country(extractor: Extractor) -> None:
    facts = extract_all(
        extractor,
        "Năm 2019, Đồng Tháp xếp thứ 3 cả nước, đứng đầu khu vực Đồng bằng sông Cửu Long.",
    )
    assert [f.primary.value for f in facts if f.primary.unit == "rank"] == [3]


def test_from_to_is_one_change_with_two_dated_values(extractor: Extractor) -> None:
    (fact,) = extract(
        extractor,
        "Tỷ lệ văn bản điện tử được trao đổi qua mạng tăng từ 72% năm 2018 lên 86,5% năm 2019.",
    )
    assert fact.kind == "change"
    assert fact.period == "2019"
    assert [(f.role, f.value, f.period) for f in fact.figures] == [
        ("from", 72, "2018"),
        ("to", 86.5, "2019"),
    ]
    assert fact.primary.value == 86.5


@pytest.mark.parametrize(
    ("sentence", "kind", "period"),
    [
        ("Mục tiêu đến năm 2025, tỉnh phấn đấu đạt 90% hồ sơ trực tuyến.", "target", "2025"),
        ("Quy mô thương mại điện tử dự kiến đạt 52 tỷ USD vào năm 2025.", "forecast", "2025"),
        ("Năm 2020, thương mại điện tử tăng 16%.", "change", "2020"),
        ("Đến nay, cổng đã có 3.096 dịch vụ công trực tuyến.", "actual", "2021-09-09"),
        ("Tốc độ tăng trưởng giai đoạn 2020-2025 được dự đoán là 29%.", "forecast", "2020-2025"),
    ],
)
def test_kind_and_period(extractor: Extractor, sentence: str, kind: str, period: str) -> None:
    (fact,) = extract(extractor, sentence, published=dt.date(2021, 9, 9))
    assert (fact.kind, fact.period) == (kind, period)


def test_from_place_to_place_over_a_span(extractor: Extractor) -> None:
    (fact,) = extract(
        extractor, "Trong giai đoạn 2014-2020, Việt Nam tăng từ vị trí 99 lên vị trí 86."
    )
    assert [(f.role, f.value, f.period) for f in fact.figures] == [
        ("from", 99, "2014"),
        ("to", 86, "2020"),
    ]
    assert fact.period == "2020"


def test_a_column_named_for_a_year_dates_its_cells(extractor: Extractor) -> None:
    article = Article(id="t", title="Chỉ số thành phần", published=dt.date(2018, 7, 20), sha256="0")
    table = Table(
        after=1,
        heading="Các chỉ số thành phần",
        header=("TT", "Chỉ số", "Giá trị 2018", "Xếp hạng 2018", "Xếp hạng 2016"),
        rows=(("1", "Hạ tầng viễn thông (TII)", "0,3890", "100", "90"),),
    )
    facts = extractor.extract(article, ["Các chỉ số thành phần của Việt Nam."], [table]).facts
    assert {(f.primary.value, f.primary.unit, f.period) for f in facts} == {
        (0.389, "index", "2018"),
        (100, "rank", "2018"),
        (90, "rank", "2016"),
    }


def test_a_place_given_with_its_score_in_a_ranking(extractor: Extractor) -> None:
    article = Article(id="t", title="Xếp hạng các tỉnh", published=dt.date(2019, 6, 1), sha256="0")
    table = Table(
        after=1,
        heading="Xếp hạng và chỉ số ứng dụng công nghệ thông tin của các tỉnh",
        header=("TT", "Tỉnh, thành phố", "Năm 2018"),
        rows=(
            ("1", "Bắc Ninh", "01 (0,712)"),
            ("2", "Nghệ An", "02 (0,705)"),
            ("3", "Long An", "02 (0,705)"),
        ),
    )
    facts = extractor.extract(article, ["Kết quả xếp hạng năm 2018."], [table]).facts
    found = {(f.subject, f.primary.value, f.primary.unit, f.period) for f in facts}
    # a tie keeps its place: the cell says 2 where the row number says 3
    assert {("Long An", 2, "rank", "2018"), ("Long An", 0.705, "index", "2018")} <= found
    assert not any(f.primary.unit == "count" for f in facts if f.subject == "Long An")


def test_period_named_later_in_the_clause(extractor: Extractor) -> None:
    (fact,) = extract(
        extractor,
        "Năm 2020 tỉnh tăng 3 bậc.",
        "Tuy nhiên, số hồ sơ trực tuyến chỉ chiếm 18,5% tổng số hồ sơ trong tháng 12/2021.",
    )[1:]
    assert fact.period == "2021"


def test_comparison_base_is_not_the_period(extractor: Extractor) -> None:
    (fact, _) = extract(
        extractor,
        "Số hồ sơ trực tuyến toàn tỉnh đạt 30% (cùng kỳ năm 2019 chỉ đạt 16,1%).",
        published=dt.date(2020, 8, 26),
    )
    assert fact.period == "2020-08-26"


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("Tính đến hết năm 2021, cổng có 1,5 triệu tài khoản.", "2021"),
        ("Tính đến ngày 15/1/2024, toàn tỉnh đã cấp 86.000 thẻ.", "2024-01-15"),
        ("Tính đến tháng 11/2024, cổng có 4.400 dịch vụ công trực tuyến.", "2024-11"),
        ("Tính đến nay, cổng có 4.400 dịch vụ công trực tuyến.", "2025-01-06"),
    ],
)
def test_as_of_a_date_written_out(extractor: Extractor, sentence: str, period: str) -> None:
    (fact,) = extract(extractor, sentence, published=dt.date(2025, 1, 6))
    assert fact.period == period


def test_both_figures_compared_with_are_bases(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm nay chỉ số mở của tỉnh đạt 0,71 và xếp thứ 9, tăng mạnh so với mức 0,52 và "
        "hạng 30 của năm 2020.",
        published=dt.date(2022, 5, 3),
    )
    ranks = {(f.primary.value, f.primary.role, f.period) for f in facts if f.primary.unit == "rank"}
    assert ranks == {(9, "value", "2022-05-03"), (30, "from", "2020")}


def test_a_base_with_a_decimal_figure_does_not_date_the_paragraph(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Chỉ số của tỉnh đạt 0,4705 điểm, thấp hơn so với mức 0,5217 điểm của năm 2012. "
        "Điểm số này thấp hơn mức trung bình cả nước là 0,4712 điểm.",
        published=dt.date(2014, 6, 27),
    )
    assert [(f.primary.value, f.period) for f in facts if f.primary.value == 0.4712] == [
        (0.4712, "2014-06-27")
    ]


def test_the_year_an_article_is_about_is_not_the_year_of_a_date(extractor: Extractor) -> None:
    article = Article(id="t", title="Tỉnh giữ hạng ba", published=dt.date(2020, 5, 20), sha256="0")
    facts = extractor.extract(
        article,
        [
            "Sáng 19/5/2020, Bộ Nội vụ công bố Chỉ số cải cách hành chính năm 2019.",
            "Dẫn đầu bảng xếp hạng năm nay là Quảng Ninh, xếp thứ hai là Hải Phòng.",
        ],
    ).facts
    assert {(f.subject, f.primary.value, f.period) for f in facts if f.primary.unit == "rank"} == {
        ("Quảng Ninh", 1, "2019"),
        ("Hải Phòng", 2, "2019"),
    }


def test_without_date_the_period_is_unknown(extractor: Extractor) -> None:
    (fact,) = extract(extractor, "Cổng đã có 3.096 dịch vụ công trực tuyến.")
    assert fact.period is None
    assert "không rõ" in fact.period_label


def places(extractor: Extractor, *paragraphs: str) -> list[tuple[str, int, str]]:
    """(subject, position, qualifier) of every rank fact, in order."""
    return [
        (f.subject, int(f.primary.value), f.primary.qualifier)
        for f in extract(extractor, *paragraphs, published=dt.date(2023, 5, 2))
        if f.primary.unit == "rank"
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Hai địa phương có tỷ lệ thanh toán trực tuyến cao nhất cả nước là Long An và Cà Mau.",
            [("Long An", 1), ("Cà Mau", 2)],
        ),
        (
            "Năm nay, Cà Mau, Long An và Bà Rịa - Vũng Tàu là ba tỉnh dẫn đầu về số hóa hồ sơ.",
            [("Cà Mau", 1), ("Long An", 2), ("Bà Rịa - Vũng Tàu", 3)],
        ),
        (
            "Bộ Tư pháp và Bộ Y tế lần lượt đứng thứ hai và thứ ba năm 2023 trong khối bộ.",
            [("Bộ Tư pháp", 2), ("Bộ Y tế", 3)],
        ),
        (
            "Các vị trí thứ 4 đến thứ 5 lần lượt thuộc về Hà Nội và Cần Thơ.",
            [("Hà Nội", 4), ("Cần Thơ", 5)],
        ),
        (
            "Long An là địa phương có tỷ lệ hồ sơ trực tuyến cao nhất, đạt 91%.",
            [("Long An", 1)],
        ),
    ],
)
def test_places_said_in_prose(
    extractor: Extractor, sentence: str, expected: list[tuple[str, int]]
) -> None:
    found = [(subject, position) for subject, position, _ in places(extractor, sentence)]
    assert found == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # Some members of a group, not its places.
        "Các địa phương còn lại trong top 10 gồm Long An, Cà Mau và Hà Nội.",
        # A province's own best, not a place among others.
        "Long An có tỷ lệ hồ sơ trực tuyến cao nhất từ trước đến nay, đạt 91%.",
        # The place it fell from.
        "Năm 2023 Long An đạt 87 điểm, xếp thứ 4, lùi 3 bậc so với vị trí dẫn đầu năm trước.",
        # Said by an agency, about something else.
        "Theo Văn phòng Chính phủ, điểm yếu lớn nhất vẫn là khoảng cách giữa các vùng.",
    ],
)
def test_no_first_place_that_is_not_one(extractor: Extractor, sentence: str) -> None:
    assert all(
        position != 1 or qualifier == "top"
        for _, position, qualifier in places(extractor, sentence)
    )


# -- the bundled articles: every figure-bearing claim ----------------------------------------


@dataclass(frozen=True)
class Claim:
    article: str
    value: float
    unit: str
    subject: str
    period: str | None
    kind: str = "actual"
    of: float | None = None
    noun: str | None = None
    start: float | None = None
    """Value of the "from" figure of a change."""
    measure: str | None = None
    """Words the fact's measure must contain."""

    def matches(self, fact: Fact) -> bool:
        figure = fact.primary
        return (
            fact.article == self.article
            and figure.value == pytest.approx(self.value)
            and figure.unit == self.unit
            and fact.subject == self.subject
            and (fact.period or "").startswith(self.period or "")
            and (self.period is not None or fact.period is None)
            and fact.kind == self.kind
            and (self.of is None or figure.of == self.of)
            and (self.noun is None or self.noun in figure.noun)
            and (self.start is None or fact.figures[0].value == pytest.approx(self.start))
            and (self.measure is None or self.measure.lower() in fact.measure.lower())
        )


CLAIMS = [
    # 000: national conference on e-government, 9/9/2021
    Claim(A0, 2900, "count", PORTAL, "2021-09-09", noun="thủ tục hành chính"),
    Claim(A0, 21, "count", PORTAL, "2021-09-09", noun="bộ ngành"),
    Claim(A0, 57e6, "count", PORTAL, "2021-09-09", noun="hồ sơ"),
    Claim(A0, 8e12, "VND", PORTAL, "2021-09-09", measure="tiết kiệm ngân sách"),
    Claim(A0, 2, "step", VN, "2020", kind="change"),
    Claim(A0, 86, "rank", VN, "2020", of=193),
    Claim(A0, 6, "rank", VN, "2020", measure="Đông Nam Á"),
    Claim(A0, 38, "count", VN, "2021-09-09", of=63, noun="tỉnh"),
    Claim(A0, 16, "%", VN, "2020", kind="change", measure="thương mại điện tử"),
    Claim(A0, 14e9, "USD", VN, "2020", measure="quy mô"),
    Claim(A0, 46, "%", VN, "2020", kind="change", measure="bán lẻ"),
    Claim(A0, 34, "%", VN, "2020", kind="change", measure="gọi xe"),
    Claim(A0, 18, "%", VN, "2020", kind="change", measure="trò chơi trực tuyến"),
    Claim(A0, 29, "%", VN, "2020-2025", kind="forecast", measure="tốc độ tăng trưởng"),
    Claim(A0, 52e9, "USD", VN, "2025", kind="forecast", measure="quy mô thương mại điện tử"),
    Claim(A0, 3096, "count", PORTAL, "2021-09-09", noun="dịch vụ công trực tuyến"),
    Claim(A0, 1696, "count", PORTAL, "2021-09-09", noun="công dân"),
    Claim(A0, 1688, "count", PORTAL, "2021-09-09", noun="doanh nghiệp"),
    Claim(A0, 1e6, "count", PORTAL, "2021-09-09", noun="tài khoản"),
    Claim(A0, 72e6, "count", PORTAL, "2021-09-09", measure="hồ sơ đồng bộ"),
    Claim(A0, 100, "%", PORTAL, "2021-09-09", measure="bộ"),
    Claim(A0, 8, "count", PORTAL, "2021-09-09", noun="tập đoàn"),
    Claim(A0, 15, "count", PORTAL, "2021-09-09", noun="ngân hàng"),
    Claim(A0, 116000, "count", PORTAL, "2021-09-09", measure="giao dịch"),
    Claim(A0, 258e9, "VND", PORTAL, "2021-09-09", measure="tổng số tiền"),
    # 001: Hà Tĩnh, conference of 26/8/2020 (UN survey of 10/7/2020)
    Claim(A1, 2, "step", VN, "2020", kind="change"),
    Claim(A1, 86, "rank", VN, "2020", of=193),
    Claim(A1, 24, "rank", VN, "2020", of=47, measure="Châu Á"),
    Claim(A1, 6, "rank", VN, "2020", of=11, measure="Đông Nam Á"),
    Claim(A1, 0.6667, "index", VN, "2020", measure="chỉ số tổng hợp"),
    Claim(A1, 10, "step", VN, "2020", kind="target"),
    Claim(A1, 1039, "count", PORTAL, "2020-08-26", noun="dịch vụ công trực tuyến"),
    Claim(A1, 6842, "count", PORTAL, "2020-08-26", noun="thủ tục hành chính"),
    Claim(A1, 4, "count", PORTAL, "2020-08-26", noun="cấp chính quyền"),
    Claim(A1, 60e6, "count", PORTAL, "2020-08-26", noun="lượt truy cập"),
    Claim(A1, 235000, "count", PORTAL, "2020-08-26", noun="tài khoản"),
    Claim(A1, 44, "rank", "Hà Tĩnh", "2020"),
    Claim(A1, 30, "%", "Hà Tĩnh", "2020", measure="hồ sơ dịch vụ công trực tuyến"),
    Claim(A1, 16.1, "%", "Hà Tĩnh", "2019"),
    # 002: national e-government committee, 12/02/2020
    Claim(A2, 100, "%", VN, "2020-02-12", measure="văn bản điện"),
    Claim(A2, 86.5, "%", VN, "2019", kind="change", start=72, measure="văn bản điện tử"),
    Claim(A2, 27, "%", VN, "2019", kind="change", start=3, measure="LGSP"),
    Claim(A2, 24e6, "count", VN, "2019", noun="địa chỉ", measure="Vmap"),
    Claim(A2, 2, "times", VN, "2019", kind="change", measure="mức 4"),
    Claim(A2, 10.76, "%", VN, "2019", kind="change", start=4.55, measure="mức 4"),
    Claim(A2, 30, "%", VN, "2020", kind="target", measure="mức độ"),
    Claim(A2, 100, "%", VN, "2020", kind="target", start=50, measure="hài lòng"),
    Claim(A2, 100, "%", VN, "2020", kind="target", measure="Nền tảng tích hợp, chia sẻ dữ liệu"),
    Claim(A2, 100, "%", VN, "2020", kind="target", measure="Trung tâm Giám sát"),
    Claim(A2, 99, "%", "Bộ Công Thương", "2020-02-12", measure="hồ sơ giải quyết trực tuyến"),
    # 003: Russia and Vietnam, undated
    Claim(A3, 63, "count", VN, None, noun="tỉnh"),
    Claim(A3, 88, "rank", VN, "2018", of=193),
    Claim(A3, 59, "rank", VN, "2018", of=193, measure="dịch vụ công"),
    Claim(A3, 100, "rank", VN, "2018", of=193, measure="hạ tầng viễn thông"),
    Claim(A3, 120, "rank", VN, "2018", of=193, measure="nguồn nhân lực"),
    Claim(A3, 10, "step", VN, "2020", kind="target", measure="Liên Hiệp Quốc"),
    Claim(A3, 4, "rank", VN, "2020", kind="target", measure="ASEAN"),
]

MINISTRIES = [
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Thông tin và Truyền thông",
    "Bộ Y tế",
    "Ngân hàng Nhà nước Việt Nam",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Khoa học và Công nghệ",
    "Bộ Tư pháp",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Giao thông vận tải",
    "Bộ Văn hóa - Thể thao và Du lịch",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Ngoại giao",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Nội vụ",
    "Bộ Xây dựng",
]
PROVINCES = [
    "Thừa Thiên - Huế",
    "Đà Nẵng",
    "Quảng Ninh",
    "Bình Dương",
    "TP Hồ Chí Minh",
    "Khánh Hòa",
    "An Giang",
    "Thanh Hóa",
]


def all_facts(corpus: dict[str, CorpusArticle]) -> list[Fact]:
    return quantities(fact for item in corpus.values() for fact in item.extraction.facts)


def all_rankings(corpus: dict[str, CorpusArticle]) -> list[Ranking]:
    return [r for item in corpus.values() for r in item.extraction.rankings]


def list_facts(facts: Iterable[Fact]) -> list[Fact]:
    """Facts that come from an ordered ranking list (one sentence, many entries)."""
    facts = list(facts)
    return [f for f in facts if sum(g.quote == f.quote for g in facts) > 5]


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.article[:3]}-{c.value:g}{c.unit}")
def test_bundled_claim_extracted(corpus: dict[str, CorpusArticle], claim: Claim) -> None:
    facts = all_facts(corpus)
    assert any(claim.matches(f) for f in facts), [
        (f.primary.raw, f.subject, f.period, f.kind, f.measure)
        for f in facts
        if f.article == claim.article and f.primary.value == pytest.approx(claim.value)
    ]


def test_bundled_claims_are_all_the_facts(corpus: dict[str, CorpusArticle]) -> None:
    """No fact beyond the claims listed (ranking-list entries are checked separately)."""
    facts = all_facts(corpus)
    listed = list_facts(facts)
    rest = [f for f in facts if f not in listed]
    assert len(listed) == len(MINISTRIES) + len(PROVINCES)
    unclaimed = [
        (f.article, f.primary.raw, f.measure) for f in rest if not any(c.matches(f) for c in CLAIMS)
    ]
    assert unclaimed == []
    assert len(rest) == len(CLAIMS)


def test_bundled_published_dates(corpus: dict[str, CorpusArticle]) -> None:
    published = {key: item.parsed.article.published for key, item in corpus.items()}
    assert published == {
        A0: dt.date(2021, 9, 9),
        A1: dt.date(2020, 8, 26),
        A2: dt.date(2020, 2, 12),
        A3: None,
    }


def test_un_rankings(corpus: dict[str, CorpusArticle]) -> None:
    un = {
        (r.article, r.scope, r.rank, r.of, r.year)
        for r in all_rankings(corpus)
        if r.scheme == "un_egdi" and r.entity == VN
    }
    assert {
        (A0, "thế giới", 86, 193, 2020),
        (A1, "thế giới", 86, 193, 2020),
        (A1, "Châu Á", 24, 47, 2020),
        (A1, "Đông Nam Á", 6, 11, 2020),
        (A3, "thế giới", 88, 193, 2018),
        (A3, "chỉ số dịch vụ trực tuyến (OSI)", 59, 193, 2018),
        (A3, "chỉ số hạ tầng viễn thông (TII)", 100, 193, 2018),
        (A3, "chỉ số nguồn nhân lực (HCI)", 120, 193, 2018),
    } <= un
    assert (A0, "Đông Nam Á", 6, 2020) in {(a, s, r, y) for a, s, r, _, y in un}


def test_ministries_ranking(corpus: dict[str, CorpusArticle]) -> None:
    ranked = [r for r in all_rankings(corpus) if r.scheme == "ministries"]
    assert [(r.entity, r.rank, r.of) for r in ranked] == [
        (name, position, 17) for position, name in enumerate(MINISTRIES, start=1)
    ]
    assert {r.article for r in ranked} == {A1}


def test_provinces_ranking(corpus: dict[str, CorpusArticle]) -> None:
    ranked = [r for r in all_rankings(corpus) if r.scheme == "provinces"]
    listed = [(r.entity, r.rank) for r in ranked if r.entity != "Hà Tĩnh"]
    assert listed == [(name, position) for position, name in enumerate(PROVINCES, start=1)]
    # The list ends with "…": the size of the field is not given by the list.
    assert all(r.of is None for r in ranked if r.entity != "Hà Tĩnh")
    (ha_tinh,) = [r for r in ranked if r.entity == "Hà Tĩnh"]
    assert (ha_tinh.rank, ha_tinh.of) == (44, 63)


def test_target_range_and_top_four(corpus: dict[str, CorpusArticle]) -> None:
    facts = corpus[A3].extraction.facts
    (steps,) = [f for f in facts if f.primary.unit == "step"]
    assert (steps.primary.value, steps.primary.value_max, steps.kind) == (10, 15, "target")


def test_facts_quote_their_sentence(corpus: dict[str, CorpusArticle]) -> None:
    for item in corpus.values():
        text = " ".join(item.parsed.paragraphs)
        for fact in item.extraction.facts:
            assert fact.quote in text
            assert all(f.raw in fact.quote or f.raw.startswith("thứ ") for f in fact.figures)


# -- test-only articles in the same register ---------------------------------------------------


def facts_of(fixture_corpus: dict[str, CorpusArticle], name: str) -> list[Fact]:
    return fixture_corpus[name].extraction.facts


def test_danang_article(fixture_corpus: dict[str, CorpusArticle]) -> None:
    item = fixture_corpus["danang_cds"]
    article = item.parsed.article
    assert article.outlet == "Baodanang.vn"
    assert article.published == dt.date(2023, 4, 15)
    facts = item.extraction.facts
    (change,) = [f for f in facts if f.kind == "change"]
    assert change.subject == "Đà Nẵng"
    assert [(f.role, f.value, f.period) for f in change.figures] == [
        ("from", 45, "2022"),
        ("to", 68.2, "2023"),
    ]
    (saved,) = [f for f in facts if f.primary.unit == "VND"]
    assert (saved.primary.value, saved.primary.qualifier, saved.subject) == (
        120e9,
        "about",
        "Đà Nẵng",
    )
    (target,) = [f for f in facts if f.kind == "target"]
    assert (target.primary.value, target.period, target.subject) == (90, "2025", "Đà Nẵng")
    (services,) = [f for f in facts if f.primary.value == 1250]
    assert services.period == "2023-04-15"
    assert "dịch vụ công trực tuyến" in services.primary.noun
    # Nothing from the sidebar or the teaser block.
    assert not any(f.primary.value in (500e9, 20, 30) for f in facts)


def test_danang_rankings(fixture_corpus: dict[str, CorpusArticle]) -> None:
    rankings = fixture_corpus["danang_cds"].extraction.rankings
    provinces = [(r.entity, r.rank, r.of, r.year) for r in rankings if r.scheme == "provinces"]
    assert provinces == [
        ("Đà Nẵng", 1, 5, 2023),
        ("Quảng Ninh", 2, 5, 2023),
        ("Thừa Thiên - Huế", 3, 5, 2023),
        ("Bình Dương", 4, 5, 2023),
        ("Hải Phòng", 5, 5, 2023),
    ]
    ministries = [(r.entity, r.rank) for r in rankings if r.scheme == "ministries"]
    assert ministries == [
        ("Bộ Tư pháp", 1),
        ("Bộ Tài chính", 2),
        ("Bộ Công Thương", 3),
        ("Ngân hàng Nhà nước Việt Nam", 4),
    ]


def test_quangninh_article(fixture_corpus: dict[str, CorpusArticle]) -> None:
    item = fixture_corpus["quangninh_dvc"]
    assert item.parsed.article.published == dt.date(2021, 10, 20)
    assert item.parsed.article.title == "Quảng Ninh: tỷ lệ hồ sơ trực tuyến đạt 75%"
    facts = quantities(item.extraction.facts)
    values = sorted(f.primary.value for f in facts)
    # Not 17 (Nghị quyết số), 1251 (Quyết định số), dates, 4G, "Điều 12", "mức độ 3, 4", "1 năm".
    assert values == [12, 75, 100, 1620, 35000]
    assert {f.subject for f in facts} == {"Quảng Ninh"}
    (accounts,) = [f for f in facts if f.primary.value == 35000]
    assert (accounts.primary.qualifier, accounts.primary.noun) == ("more", "tài khoản đăng ký")


def test_longan_article(fixture_corpus: dict[str, CorpusArticle]) -> None:
    item = fixture_corpus["longan_cqdt"]
    assert item.parsed.article.outlet == "Baolongan.vn"
    assert item.parsed.article.published == dt.date(2022, 3, 3)
    facts = quantities(item.extraction.facts)
    got = {(f.primary.value, f.primary.unit, f.kind, f.period) for f in facts}
    assert got == {
        (38, "count", "actual", "2022"),
        (450e9, "VND", "forecast", "2021-2025"),
        (15, "rank", "actual", "2021"),
        (3, "step", "change", "2021"),
        (18.5, "%", "actual", "2021"),
    }
    assert {f.subject for f in facts} == {"Long An"}
    (ranking,) = item.extraction.rankings
    assert (ranking.scheme, ranking.entity, ranking.rank, ranking.of, ranking.year) == (
        "provinces",
        "Long An",
        15,
        63,
        2021,
    )


def test_ty_le_after_a_year_is_a_ratio_not_billions(extractor: Extractor) -> None:
    facts = extract(
        extractor, "Theo số liệu của Bộ, năm 2018 tỷ lệ hồ sơ trực tuyến toàn quốc chỉ đạt 5%."
    )
    assert [(f.primary.raw, f.period) for f in facts] == [("5%", "2018")]


def test_a_figure_paired_with_a_change_is_a_change(extractor: Extractor) -> None:
    facts = extract(extractor, "Giao dịch qua thẻ tăng 12% về số lượng và 5% về giá trị.")
    assert [(f.primary.raw, f.kind) for f in facts] == [("12%", "change"), ("5%", "change")]


def test_a_province_referred_to_without_its_name(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Với 0,51 điểm, Thái Nguyên đứng thứ 5 cả nước. Năm 2023, tỉnh đã đưa 80% dịch vụ công "
        "trực tuyến lên toàn trình, trong khi tỷ lệ chung của cả nước là 45%.",
        published=dt.date(2024, 5, 2),
    )
    subjects = by_value(facts, "subject")
    assert (subjects[80], subjects[45]) == ("Thái Nguyên", "Việt Nam")


@pytest.mark.parametrize(
    ("folded", "refers"),
    [
        ("nam 2023, tinh da dua 80%", True),
        ("toan thanh pho co 120 diem", True),
        ("chi so dti cap tinh dat 0,48", False),
        ("cac tinh da dua 45%", False),
        ("63 tinh dat muc", False),
    ],
)
def test_what_refers_to_the_province_without_naming_it(folded: str, refers: bool) -> None:
    assert bool(_ANAPHOR.search(folded)) is refers


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        (
            "Nền tảng là Luật Tiếp cận thông tin số 104/2016/QH13, có hiệu lực năm 2018.",
            "104/2016/QH13",
        ),
        ("Luật sửa đổi (Luật số 51/2024/QH15) đã được thông qua.", "51/2024/QH15"),
        (
            "Quyết định phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư số 06/QĐ-TTg.",
            "06/QĐ-TTg",
        ),
    ],
)
def test_document_numbers_after_the_documents_name(
    extractor: Extractor, sentence: str, number: str
) -> None:
    assert [h.figure.raw for h in extractor.documents(sentence)] == [number]


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        ("Báo cáo được phát hành tại New York ngày 11/5.", [20100511.0]),
        ("Sáng 20/12, hội nghị tổng kết diễn ra.", [20091220.0]),  # before the article's date
        ("Năm 2019, cổng chạy thử từ ngày 20/11.", [20190000.0, 20191120.0]),
        ("Tỉnh đạt 20/11 chỉ tiêu.", []),
    ],
)
def test_a_day_without_its_year(extractor: Extractor, sentence: str, values: list[float]) -> None:
    found = extractor.dates(sentence, dt.date(2010, 5, 13))
    assert [h.figure.value for h in found] == values


def test_a_target_is_not_cancelled_by_the_word_implement(extractor: Extractor) -> None:
    (fact,) = extract(
        extractor,
        "Mục tiêu của Đề án đổi mới việc thực hiện cơ chế một cửa là đến năm 2025, tối thiểu 80% "
        "dữ liệu đã số hóa được khai thác, sử dụng lại.",
        published=dt.date(2024, 3, 1),
    )
    assert fact.kind == "target"


def test_a_lower_value_of_an_earlier_year_does_not_date_what_follows(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm 2010, chỉ số của Việt Nam đạt 0,4454 điểm, thấp hơn mức 0,4558 của năm 2008. "
        "Điểm số này vẫn cao hơn bình quân thế giới là 0,4406.",
        published=dt.date(2010, 5, 13),
    )
    periods = {f.primary.value: f.primary.period for f in facts}
    assert periods[0.4558] == "2008"
    assert periods[0.4406] != "2008"


def test_an_estimate_of_a_past_year_is_not_a_forecast(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Theo ước tính của Bộ, kinh tế số chiếm 18,3% GDP năm 2024. Tăng trưởng giai đoạn "
        "2024-2026 được dự báo là 20%.",
        published=dt.date(2025, 2, 22),
    )
    assert by_value(facts, "kind") == {18.3: "actual", 20: "forecast"}


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Năm 2022, Thủ đô Hà Nội chỉ đứng thứ 24/63 về chuyển đổi số.", "Hà Nội"),
        (
            "Theo báo cáo tổng hợp của Văn phòng Chính phủ, năm 2024 cả nước số hóa 41,7 triệu "
            "kết quả giải quyết thủ tục hành chính.",
            "Việt Nam",
        ),
    ],
)
def test_who_reports_or_a_title_before_a_name_is_not_the_subject(
    extractor: Extractor, sentence: str, subject: str
) -> None:
    (fact,) = extract(extractor, sentence, published=dt.date(2025, 1, 20))
    assert fact.subject == subject


def test_the_last_place_said_in_words(extractor: Extractor) -> None:
    extraction = extractor.extract(
        Article(id="t", title="Tin điện tử", published=dt.date(2031, 5, 2), sha256="0"),
        [
            "Năm 2031, tỉnh Phú Yên đứng đầu bảng xếp hạng với 47,88 điểm; tỉnh Điện Biên đứng "
            "cuối cùng với 38,80 điểm.",
            "Trong năm 2031, cuối bảng là Bộ Ngoại giao với 0,31 điểm.",
            "Ở chỉ số năm 2031, Lai Châu xếp cuối (63/63) với 0,1987 điểm.",
            "Ba địa phương ở cuối bảng là Hà Giang, Quảng Trị và Hưng Yên.",
            "Năm 2030 Sơn La xếp cuối bảng.",
        ],
    )
    last = {f.subject: f.period for f in extraction.facts if f.primary.qualifier == "last"}
    # Said as a group of three, no one is last; "63/63" says the place itself.
    assert last == {"Điện Biên": "2031", "Bộ Ngoại giao": "2031", "Sơn La": "2030"}
    assert all(f.primary.value == -1 for f in extraction.facts if f.primary.qualifier == "last")
    # /rank lists numbered places only.
    assert {r.entity for r in extraction.rankings} == {"Phú Yên", "Lai Châu"}


def test_the_leader_named_after_a_long_phrase(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm 2031, đứng đầu về cải cách hành chính trong khối các cơ quan bộ, ngành là Bộ Tư "
        "pháp; còn đứng đầu về cải cách hành chính trong khối các địa phương là Kon Tum.",
        "Năm 2031, Hà Tĩnh đứng đầu về hồ sơ trực tuyến, trong khi tỉnh có tỷ lệ thấp nhất là "
        "Gia Lai.",
        published=dt.date(2032, 1, 5),
    )
    firsts = {f.subject for f in facts if f.primary.unit == "rank" and f.primary.value == 1}
    assert firsts == {"Bộ Tư pháp", "Kon Tum", "Hà Tĩnh"}


def test_of_two_years_in_the_lede_the_one_said_again(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Tại Lễ kỷ niệm Ngày Chuyển đổi số năm 2032, Bộ đã công bố Chỉ số chuyển đổi số (DTI) "
        "năm 2031.",
        "Theo công bố, DTI quốc gia năm 2031 đạt 0,7955.",
        "Kon Tum là địa phương dẫn đầu cả nước với giá trị DTI đạt 0,8241.",
        published=dt.date(2032, 10, 21),
    )
    first = next(f for f in facts if f.primary.unit == "rank")
    assert (first.subject, first.period) == ("Kon Tum", "2031")


def test_higher_than_the_year_before_by_is_a_change(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Điểm trung bình của các tỉnh năm 2031 đạt 85,11, cao hơn năm trước đó 8,39 điểm; của "
        "các bộ là 85,3, cao hơn mức bình quân 76,99 của năm 2030.",
        published=dt.date(2032, 5, 1),
    )
    assert by_value(facts, "kind") == {
        85.11: "actual",
        8.39: "change",
        85.3: "actual",
        76.99: "actual",
    }


def test_the_average_of_the_provinces_and_cities(extractor: Extractor) -> None:
    (fact,) = extract(
        extractor,
        "Với khối địa phương, điểm trung bình chỉ số này của các tỉnh, thành phố năm 2031 đạt "
        "85,11.",
        published=dt.date(2032, 5, 1),
    )
    assert (fact.subject, fact.primary.unit) == ("cả nước (trung bình)", "index")


def test_a_heading_counts_for_the_page_index(extractor: Extractor) -> None:
    # Named once in the lede and once in a heading (a page's last line cut off is one).
    article = Article(id="t", title="Theo công bố của Cục Công nghiệp…", sha256="0")
    facts = extractor.extract(
        article,
        [
            "Đà Nẵng giữ vị trí số 1 trên bảng xếp hạng ICT Index năm 2027 với 0,8485 điểm.",
            "Bám sát là Cần Thơ với 0,6881 điểm. Trong khi đó, Phú Yên đứng cuối bảng với "
            "0,1993 điểm.",
        ],
        asides=["Báo cáo ICT Index hằng năm là công cụ đánh giá mức độ sẵn sàng"],
    ).facts
    last = next(f for f in facts if f.primary.qualifier == "last")
    assert last.context.endswith("(ICT Index)")


def test_second_behind_a_name_makes_it_first(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm 2031, Đà Nẵng đạt 0,76 điểm, xếp vị trí thứ hai sau Thanh Hóa (0,88 điểm).",
        published=dt.date(2032, 3, 1),
    )
    ranks = {f.subject: f.primary.value for f in facts if f.primary.unit == "rank"}
    assert ranks == {"Đà Nẵng": 2, "Thanh Hóa": 1}


def test_countries_ranked_by_another_index_than_the_un_survey(extractor: Extractor) -> None:
    extraction = extractor.extract(
        Article(id="t", title="Tin điện tử", published=dt.date(2031, 5, 2), sha256="0"),
        [
            "WEF công bố Chỉ số sẵn sàng kết nối năm 2031, Việt Nam đứng thứ 70 trong số 134 "
            "quốc gia, tăng 12 bậc so với năm 2029 (82).",
        ],
    )
    ranks = {(f.primary.value, f.period) for f in extraction.facts if f.primary.unit == "rank"}
    assert ranks == {(70, "2031"), (82, "2029")}  # "(82)": the place the rise is from
    assert {r.scheme for r in extraction.rankings} == {"countries"}  # not the UN's history
    assert all(
        f.measure.startswith("thứ hạng NRI") for f in extraction.facts if f.primary.unit == "rank"
    )


def test_country_names_transliterated_with_hyphens(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm 2030, Phi-líp-pin giảm 12 bậc (xếp thứ 89), Bru-nây giảm 8 bậc (xếp thứ 68), "
        "Ma-lai-xi-a giảm 6 bậc (xếp thứ 53) và In-đô-nê-xi-a tăng 11 bậc (ở thứ 77).",
        published=dt.date(2030, 10, 1),
    )
    ranks = {f.subject: f.primary.value for f in facts if f.primary.unit == "rank"}
    assert ranks == {"Philippines": 89, "Brunei": 68, "Malaysia": 53, "Indonesia": 77}


def test_the_field_said_after_a_place(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm 2030, Việt Nam xếp vị trí thứ 83 trên tổng số 190 quốc gia được đánh giá; ở bảng "
        "kia, Việt Nam đứng thứ 70 trong số 134 nền kinh tế.",
        published=dt.date(2030, 10, 1),
    )
    assert {(f.primary.value, f.primary.of) for f in facts if f.primary.unit == "rank"} == {
        (83, 190),
        (70, 134),
    }


def test_who_rose_or_fell_most(extractor: Extractor) -> None:
    extraction = extractor.extract(
        Article(id="t", title="Tin điện tử", published=dt.date(2031, 5, 2), sha256="0"),
        [
            "Năm 2031, có 53 địa phương tăng điểm, trong đó, tỉnh Bình Thuận tăng mạnh nhất với "
            "6,39%.",
            "28 tỉnh thăng hạng, tỉnh thăng cao nhất 34 bậc (Sóc Trăng); 29 tỉnh thụt hạng, thụt "
            "sâu nhất là Lâm Đồng.",
        ],
    )
    moved = {f.subject: f.primary.qualifier for f in extraction.facts if f.primary.unit == "rank"}
    assert moved == {"Bình Thuận": "rise", "Sóc Trăng": "rise", "Lâm Đồng": "fall"}
    assert extraction.rankings == []  # no numbered place


def test_a_year_after_a_span_dates_its_own_figure(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Tỷ trọng kinh tế số trong GDP bình quân giai đoạn 2028-2030 đạt khoảng 12,75% và năm "
        "2030 là 12,67%.",
        published=dt.date(2031, 3, 1),
    )
    assert by_value(facts, "period") == {12.75: "2028-2030", 12.67: "2030"}


def test_a_group_that_rose_most_names_no_leader(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "So với năm 2030, điểm tổng hợp của Bạc Liêu, Quảng Ninh và Trà Vinh trong năm 2031 "
        "tăng nhiều nhất (trên 8% điểm). Với kết quả đó, Quảng Ninh nằm trong nhóm 16 tỉnh, "
        "thành phố đạt điểm trung bình cao của cả nước, xếp thứ 32/63 tỉnh, thành phố.",
        published=dt.date(2032, 4, 1),
    )
    ranks = {
        (f.subject, f.primary.value, f.primary.qualifier) for f in facts if f.primary.unit == "rank"
    }
    # three rose most together: none is first, nor the one who rose most; "trung bình cao" is
    # a group of the country's, not its average, and the place is Quảng Ninh's
    assert ranks == {("Quảng Ninh", 32, "")}


def test_how_long_a_run_lasts(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm 2031, Đà Nẵng 11 năm liên tiếp dẫn đầu ICT Index.",
        "Đây là lần thứ 7 liên tiếp Quảng Ninh đứng đầu bảng xếp hạng PCI.",
        published=dt.date(2031, 9, 1),
    )
    runs = {(f.primary.value, f.primary.noun) for f in facts if f.primary.unit == "count"}
    assert runs == {(11, "năm liên tiếp"), (7, "lần liên tiếp")}


def test_a_score_said_as_diem_so_on_a_scale(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Năm 2031, Quảng Ninh dẫn đầu với điểm số 70,7 trên thang điểm 100; Quyết định số 70 "
        "công bố kết quả.",
        published=dt.date(2032, 3, 1),
    )
    values = {f.primary.value for f in facts if f.primary.unit != "rank"}
    assert values == {70.7}  # not "số 70" (a number), not the scale's 100


def test_a_province_in_a_persons_name_is_no_subject(extractor: Extractor) -> None:
    names = [e[2] for e in extractor.entities("Phó Thủ tướng Trương Hòa Bình chủ trì hội nghị.")]
    assert names == []
    assert [e[2] for e in extractor.entities("Tỉnh Hòa Bình dẫn đầu.")] == ["Hòa Bình"]


def test_a_figure_only_the_headline_says(extractor: Extractor) -> None:
    def values(title: str, *paragraphs: str) -> set[float]:
        article = Article(id="t", title=title, published=dt.date(2032, 5, 19), sha256="0")
        facts = extractor.extract(article, list(paragraphs)).facts
        return {f.primary.value for f in facts if f.primary.unit not in ("date", "document")}

    body = "Ngày 19/5/2032, Bộ Nội vụ công bố chỉ số hài lòng năm 2031 với 36.630 phiếu."
    assert 84.45 in values("SIPAS 2031: Tỷ lệ người dân hài lòng đạt 84,45%", body)
    # a small count names a set; a figure the body says is the body's
    assert values("SIPAS của 63 địa phương năm 2031", body) == {36630}
    assert values("Gần 36.630 phiếu khảo sát", body) == {36630}


def test_statistics_from_a_source_are_not_the_sources(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Thống kê từ NHNN cho thấy, tính đến cuối tháng 4/2031, toàn thị trường có hơn 271.000 "
        "POS.",
        published=dt.date(2031, 6, 1),
    )
    assert by_value(facts, "subject") == {271000: "Việt Nam"}


def test_the_month_of_an_announcement_is_not_the_figures_period(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Theo Báo cáo Chỉ số cải cách hành chính năm 2030 do Ban Chỉ đạo công bố vào nửa cuối "
        "tháng 4/2031, chỉ số của Bộ đạt 95,27 điểm.",
        published=dt.date(2031, 4, 27),
    )
    assert by_value(facts, "period")[95.27] == "2030"


def test_a_year_in_a_quoted_name_dates_nothing(extractor: Extractor) -> None:
    facts = extract(
        extractor,
        "Tại Hội thảo “Phát triển kinh tế số, hiện đại hóa đến năm 2040, tầm nhìn đến năm 2045” "
        "tổ chức vào giữa tháng 11/2031, kinh tế số Việt Nam tăng trưởng 38%/năm.",
        published=dt.date(2031, 12, 1),
    )
    assert by_value(quantities(facts), "period")[38] not in ("2040", "2045")


def test_an_undated_page_that_names_a_quarter_of_one_year(extractor: Extractor) -> None:
    article = Article(id="t", title="Dịch vụ công trực tuyến giúp tiết kiệm chi phí", sha256="0")
    facts = extractor.extract(
        article,
        [
            "Đến nay đã có 58/63 tỉnh, thành phố thành lập Trung tâm phục vụ hành chính công.",
            "Riêng quý I/2031, số lượng hồ sơ được xử lý đạt 4 triệu, tăng 26% so với quý I năm "
            "ngoái.",
        ],
    ).facts
    assert {f.period for f in quantities(facts)} == {"2031"}
    # two years named: none is the page's
    two = extractor.extract(
        article,
        ["Năm 2030 có 58 trung tâm.", "Năm 2031 có 60 trung tâm, đến năm 2035 phấn đấu 63."],
    ).facts
    assert by_value(quantities(two), "period")[58] == "2030"


def test_the_year_something_began_is_not_the_pages(extractor: Extractor) -> None:
    article = Article(
        id="t", title="Ứng dụng đô thị thông minh", published=dt.date(2031, 9, 29), sha256="0"
    )
    facts = extractor.extract(
        article,
        [
            "Ra mắt năm 2025, ứng dụng đang trở thành người bạn đồng hành của người dân.",
            "Hơn 177.000 phản ánh đã được gửi qua ứng dụng. Tỷ lệ xử lý đạt 98,9%. Thời gian xử "
            "lý được rút ngắn 60 - 70%.",
        ],
    ).facts
    assert by_value(quantities(facts), "period")[98.9] == "2031-09-29"
    assert by_value(quantities(facts), "kind")[60] == "change"  # "rút ngắn": a change


def test_columns_named_only_by_their_years_are_one_series(extractor: Extractor) -> None:
    article = Article(id="t", title="Số hóa kết quả", published=dt.date(2032, 1, 20), sha256="0")
    table = Table(
        after=1,
        heading="Tỷ lệ số hóa kết quả giải quyết TTHC của một số bộ, ngành",
        header=("Bộ, ngành", "Năm 2030", "Năm 2031"),
        rows=(("Bộ Tư pháp", "81,2%", "96,8%"),),
    )
    facts = extractor.extract(article, ["Kết quả số hóa của các bộ."], [table]).facts
    measures = {f.period: f.measure for f in facts if f.primary.unit == "%"}
    assert set(measures) == {"2030", "2031"}
    assert measures["2030"] == measures["2031"]  # so the newer answers, the older is history
