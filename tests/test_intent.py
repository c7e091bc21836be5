"""QuestionParser: matching form, typo correction, years, numbers and what a question wants."""

from __future__ import annotations

import unicodedata

import pytest

from bot.answer.engine import _direction
from bot.answer.intent import Question, QuestionParser
from bot.lexicon import Lexicon
from bot.searchtext import terms

# A small corpus vocabulary, as the engine builds it from indexed facts.
CORPUS = (
    "Chính phủ điện tử của Việt Nam xếp hạng; tỷ lệ dịch vụ công trực tuyến; hồ sơ, thủ tục "
    "hành chính tích hợp; doanh nghiệp tiết kiệm chi phí; đánh giá so với năm trước; ra mắt"
)


@pytest.fixture(scope="module")
def parser(lexicon: Lexicon) -> QuestionParser:
    return QuestionParser(lexicon, set(terms(CORPUS, lexicon)))


def ask(parser: QuestionParser, text: str) -> Question:
    return parser.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "Việt Nam xếp hạng chính phủ điện tử thứ mấy năm 2020?",
        "viet nam xep hang chinh phu dien tu thu may nam 2020",
        "VN xếp hạng CPĐT thứ mấy năm 2020",
        unicodedata.normalize("NFD", "Việt Nam xếp hạng chính phủ điện tử thứ mấy năm 2020?"),
    ],
)
def test_forms_of_one_question_parse_alike(parser: QuestionParser, text: str) -> None:
    q = ask(parser, text)
    assert q.text == text
    assert q.matched == "viet nam xep hang chinh phu dien tu thu may nam n2020"
    assert (q.wants, q.years, q.base_years) == ("rank", ["2020"], [])
    assert [e.name for e in q.entities] == ["Việt Nam"]
    assert "may" not in q.content and "n2020" not in q.content  # asking words and years
    assert q.unknown == []


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("LHQ xếp VN thứ mấy", "lien hop quoc xep viet nam"),
        ("tỷ lệ DVCTT", "dich vu cong truc tuyen"),
        ("bao nhiêu TTHC", "thu tuc hanh chinh"),
        ("CPĐT", "chinh phu dien tu"),
    ],
)
def test_abbreviations_are_expanded(parser: QuestionParser, text: str, expanded: str) -> None:
    assert expanded in ask(parser, text).matched


@pytest.mark.parametrize("text", ["tỷ lệ DVCTT bao nhiêu %?", "ty le dvctt bao nhieu%"])
def test_lone_percent_sign_is_the_word(parser: QuestionParser, text: str) -> None:
    q = ask(parser, text)
    assert q.matched.endswith("bao nhieu phan tram")
    assert q.wants == "percent"


def test_percent_after_a_number_is_not_rewritten(parser: QuestionParser) -> None:
    q = ask(parser, "86 % là gì")
    assert "phan tram" not in q.matched
    assert q.numbers == {86.0}


@pytest.mark.parametrize(
    ("text", "wants"),
    [
        ("Việt Nam đứng thứ mấy", "rank"),
        ("tỷ lệ hồ sơ trực tuyến", "percent"),
        ("bao nhiêu hồ sơ được xử lý", "count"),
        ("mấy quốc gia", "count"),
        ("tiết kiệm bao nhiêu tiền", "money"),
        ("ngày nào ra mắt cổng dịch vụ công quốc gia", "date"),
        ("quyết định nào phê duyệt đề án", "document"),
        ("tỉnh nào dẫn đầu", "entity"),
        ("tăng bao nhiêu bậc so với năm 2018", "change"),
        ("gấp mấy lần năm 2019", "change"),
        ("tăng bao nhiêu % so với năm 2018", "percent"),
        ("chỉ số EGDI đạt bao nhiêu điểm", "index"),
        ("chỉ số DTI của Bình Dương xếp thứ mấy", "rank"),
        ("đạt bao nhiêu", None),  # nothing says what is counted
    ],
)
def test_wants(parser: QuestionParser, text: str, wants: str | None) -> None:
    assert ask(parser, text).wants == wants


def test_change_and_indices_are_recorded(parser: QuestionParser) -> None:
    q = ask(parser, "tăng bao nhiêu % so với năm 2018")
    assert q.change and "percent" in q.also_wants
    q = ask(parser, "chỉ số DTI của Bình Dương xếp thứ mấy")
    assert q.indices == ["DTI"] and [e.name for e in q.entities] == ["Bình Dương"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("mục tiêu năm 2025 tỷ lệ DVCTT", "target"), ("dự báo năm 2030", "forecast"), ("tỷ lệ", None)],
)
def test_target_and_forecast(parser: QuestionParser, text: str, kind: str | None) -> None:
    assert ask(parser, text).kind == kind


@pytest.mark.parametrize(
    ("text", "years", "base"),
    [
        ("năm 2020 so với năm 2018", ["2020"], ["2018"]),
        ("so với cùng kỳ 2019", [], ["2019"]),
        ("từ năm 2015 đến 2020", ["2020"], ["2015"]),
        ("chính phủ điện tử năm 2019", ["2019"], []),  # "điện tử năm": not "từ năm"
        ("từ tháng 12/2019 đến nay cổng có bao nhiêu dịch vụ", [], ["2019"]),
        ("số hồ sơ tăng bao nhiêu % cùng kỳ năm 2019", [], ["2019"]),
        # the period asked, not a base: "in the same months of 2019, how much"
        ("cùng kỳ năm 2019 hà tĩnh đạt bao nhiêu %", ["2019"], []),
    ],
)
def test_years_and_base_years(
    parser: QuestionParser, text: str, years: list[str], base: list[str]
) -> None:
    q = ask(parser, text)
    assert (q.years, q.base_years) == (years, base)


@pytest.mark.parametrize("text", ["hơn 2.900 thủ tục năm 2024", "hơn 2900 thủ tục năm 2024"])
def test_numbers_written_are_context_not_years(parser: QuestionParser, text: str) -> None:
    q = ask(parser, text)
    assert q.numbers == {2900.0}
    assert q.years == ["2024"]


def test_percent_figure_written_is_a_number(parser: QuestionParser) -> None:
    assert ask(parser, "tỷ lệ đạt 86,5% phải không").numbers == {86.5}


@pytest.mark.parametrize(
    ("text", "kind", "position", "top"),
    [
        ("Tỉnh nào dẫn đầu DTI 2022?", "province", 1, None),
        ("bộ nào cuối bảng", "ministry", -1, None),
        ("nước nào dẫn đầu thế giới", "country", 1, None),
        ("tỉnh nào đứng thứ ba", "province", 3, None),
        ("thứ 2 là nước nào", "country", 2, None),
        ("top năm tỉnh nào", "province", 5, 5),  # as "top 3": the group, read first
        ("địa phương nào giữ ngôi á quân", "province", 2, None),
        ("3 tỉnh nào làm tốt nhất", "province", None, 3),
        ("ba bộ nào dẫn đầu năm 2023", "ministry", None, 3),
    ],
)
def test_entity_questions(
    parser: QuestionParser, text: str, kind: str, position: int | None, top: int | None
) -> None:
    q = ask(parser, text)
    assert (q.wants, q.entity_type, q.position, q.top) == ("entity", kind, position, top)


def test_top_group_size(parser: QuestionParser) -> None:
    q = ask(parser, "top 3 gồm những tỉnh nào")
    assert (q.wants, q.entity_type, q.top) == ("entity", "province", 3)


@pytest.mark.parametrize(
    ("text", "position"), [("tỉnh nào đứng thứ năm", 5), ("tỉnh nào thứ nhì", 2)]
)
def test_ordinal_words_starting_with_n(parser: QuestionParser, text: str, position: int) -> None:
    assert ask(parser, text).position == position


def test_typos_are_corrected_to_corpus_words(parser: QuestionParser) -> None:
    q = ask(parser, "doanhh nghiepp tiet kiemm")
    assert q.words == ["doanh", "nghiep", "tiet", "kiem"]
    assert q.unknown == []
    assert parser.correct("tuyenn") == "tuyen"


def test_words_too_short_or_too_far_stay_unknown(parser: QuestionParser) -> None:
    assert parser.correct("abc") is None  # under four letters
    assert parser.correct("namm") is None  # short words need a closer match
    assert parser.correct("2020x") is None
    q = ask(parser, "xyzw hồ sơ")
    assert q.unknown == ["xyzw"] and q.content == ["xyzw", "ho", "so"]


def test_counted_words_regions_average_year_only(parser: QuestionParser) -> None:
    assert ask(parser, "bao nhiêu tỉnh").counted == "tinh"
    assert ask(parser, "mấy quốc gia").counted == "quoc gia"
    assert ask(parser, "VN thứ mấy thế giới").counted == ""  # a region, not a counted thing
    assert ask(parser, "Đông Nam Á, Việt Nam đứng thứ mấy").regions == ["Đông Nam Á"]
    assert ask(parser, "trung bình các tỉnh").average
    assert ask(parser, "năm nào ra mắt").year_only
    assert ask(parser, "sau một năm vận hành cổng có bao nhiêu dịch vụ").moment == "then"
    assert ask(parser, "luc moi ra mat co bao nhieu dich vu").moment == "start"
    assert ask(parser, "cổng có bao nhiêu dịch vụ").moment == ""


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("tính tới tháng 12/2024 cổng có bao nhiêu tài khoản", 12),
        ("thang 3 nam 2023 co bao nhieu ho so", 3),
        ("đến đầu năm 2024 đã cấp bao nhiêu thẻ", 2),
        ("cuối năm 2023 có bao nhiêu tài khoản", 12),
        ("năm 2023 có bao nhiêu tài khoản", None),
        ("tháng 12 có bao nhiêu tài khoản", None),  # no year: the month alone is not kept
    ],
)
def test_month_asked(parser: QuestionParser, text: str, month: int | None) -> None:
    assert ask(parser, text).month == month
    assert not ask(parser, "ngày nào ra mắt").year_only


def test_counted_stops_before_a_number(parser: QuestionParser) -> None:
    assert "n" not in ask(parser, "mấy tỉnh năm 2023").counted.split()
    # "năm" before the year goes with the year
    assert ask(parser, "bán lẻ online tăng bao nhiêu phần trăm năm 2020").counted == "phan tram"
    assert ask(parser, "có bao nhiêu hồ sơ tháng 6/2024").counted == "ho so"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # The letters of "Ấn Độ" with other diacritics on every syllable: other words.
        ("số tỉnh triển khai đề án đô thị thông minh", []),
        ("Ấn Độ xếp thứ mấy", ["Ấn Độ"]),
        ("an do xep thu may", ["Ấn Độ"]),
        # Without diacritics, letters that straddle known terms ("đề án", "đô thị") are those.
        ("bao nhieu tinh trien khai de an do thi thong minh", []),
        ("bo thong tin va truyen thong xep thu may", ["Bộ Thông tin và Truyền thông"]),
        # A name typed with a slip of the diacritics is still the name.
        ("bô nội vu đứng hạng mấy", ["Bộ Nội vụ"]),
        ("đà nẳng đứng thứ mấy", ["Đà Nẵng"]),
    ],
)
def test_entities_named_by_their_letters(
    parser: QuestionParser, text: str, names: list[str]
) -> None:
    assert [e.name for e in ask(parser, text).entities] == names


def test_tb_is_an_average(parser: QuestionParser) -> None:
    assert ask(parser, "egdi tb thế giới 2014 bn").average


def test_an_intent_word_written_as_another_word_does_not_count(parser: QuestionParser) -> None:
    assert ask(parser, "app vneid giờ có mấy tiện ích").wants == "count"  # "tiện", not "tiền"
    assert ask(parser, "tiết kiệm bao nhiêu tiền").wants == "money"


@pytest.mark.parametrize(
    "text",
    [
        "ngày công bố báo cáo cpđt 2010",
        "ngay khai truong cong dvc quoc gia",
        "ngày có hiệu lực của luật",
    ],
)
def test_a_question_opening_with_the_day_of_an_event_asks_a_date(
    parser: QuestionParser, text: str
) -> None:
    assert ask(parser, text).wants == "date"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("năm 2024 cả nước cấp bao nhiêu phiếu lý lịch tư pháp", ["Việt Nam"]),
        ("số tiền bảo hiểm y tế từ chối thanh toán", []),
        ("y tế xếp thứ mấy dti 2023", ["Bộ Y tế"]),
        ("ngành tư pháp đứng thứ mấy", ["Bộ Tư pháp"]),
        ("tài chính xếp hạng mấy", ["Bộ Tài chính"]),
        ("btc xếp thứ mấy", ["Bộ Tài chính"]),
    ],
)
def test_a_ministrys_field_inside_a_longer_noun_is_not_the_ministry(
    parser: QuestionParser, text: str, named: list[str]
) -> None:
    assert [e.name for e in ask(parser, text).entities] == named


@pytest.mark.parametrize(
    ("words", "direction"),
    [
        ("viet nam giam bao nhieu bac", "down"),
        ("tang 12 bac len hang 72", "up"),
        ("trung tam giam sat an toan thong tin", ""),
        ("nhich len so voi nam truoc", "up"),
    ],
)
def test_the_direction_a_change_is_asked_or_said_in(words: str, direction: str) -> None:
    assert _direction(words.split()) == direction


def test_who_says_it_is_not_whom_it_is_about(parser: QuestionParser) -> None:
    q = ask(parser, "theo bộ tttt kinh tế số chiếm bao nhiêu phần trăm gdp năm 2024")
    assert q.entities == []
    assert ask(parser, "bộ tttt xếp thứ mấy dti 2023").entities[0].name == (
        "Bộ Thông tin và Truyền thông"
    )


@pytest.mark.parametrize(
    "text",
    [
        "tối thiểu bao nhiêu phần trăm dịch vụ công phải lên trực tuyến mức 4",
        "đích đến của kinh tế số năm 2030 là bao nhiêu phần trăm gdp",
    ],
)
def test_a_floor_or_a_goal_asks_a_target(parser: QuestionParser, text: str) -> None:
    assert ask(parser, text).kind == "target"


def test_a_word_written_unlike_the_stopword_it_folds_to_is_content(
    parser: QuestionParser,
) -> None:
    # "hội" folds to "hoi" like "hỏi" (ask) and "hồi" (when): its marks tell them apart
    assert "hoi" in ask(parser, "xã hội số Trà Vinh đạt bao nhiêu điểm").content
    assert "hoi" not in ask(parser, "cho mình hỏi Trà Vinh đạt bao nhiêu điểm").content
    assert "hoi" not in ask(parser, "cổng này có từ hồi nào").content
    # without marks the word stays ambiguous, so a stopword
    assert "hoi" not in ask(parser, "xa hoi so tra vinh dat bao nhieu diem").content


def test_a_top_list_named_alone_asks_for_its_entities(parser: QuestionParser) -> None:
    q = ask(parser, "top 3 SIPAS 2023")
    assert (q.wants, q.top) == ("entity", 3)
    # prose says the places ("thứ hai là ..."), not "top 3": those words are not looked for
    assert "top" not in q.content and "n3" not in q.content
    # a figure asked of the top group stays a figure
    assert ask(parser, "top 3 SIPAS 2023 được bao nhiêu điểm").wants != "entity"


def test_how_many_times_asks_a_change(parser: QuestionParser) -> None:
    # "tỷ lệ" asks a share; "bao nhiêu lần" makes it the share's change, as a ratio
    assert ask(parser, "ty le dich vu cong muc 4 tang bao nhieu lan").wants == "change"


def test_a_question_that_ends_on_hang_asks_a_place(parser: QuestionParser) -> None:
    assert ask(parser, "đồng tháp bộ chỉ số 2023 hạng?").wants == "rank"
    assert ask(parser, "dong thap 2023 hang").wants == "rank"
    assert ask(parser, "đồng tháp 2023 bao nhiêu mặt hàng").wants != "rank"  # "hàng" is goods


def test_a_word_given_by_a_synonym_is_content_even_if_it_folds_like_a_stopword(
    parser: QuestionParser,
) -> None:
    # "chạy" is "vận hành"; "vận" folds to "van" like the stopword "vẫn"
    q = ask(parser, "cổng bắt đầu chạy chính thức từ khi nào")
    assert "van" in q.content and "hanh" in q.content
    assert "van" not in ask(parser, "cổng vẫn hoạt động chứ").content


def test_top_one_is_a_first_place_not_words_to_find(parser: QuestionParser) -> None:
    q = ask(parser, "par index 2019 tỉnh nào top 1 vậy")
    assert q.position == 1 and "top" not in q.content and "n1" not in q.content


def test_a_provinces_portal_is_not_the_national_one(parser: QuestionParser) -> None:
    names = [
        e.name for e in ask(parser, "cổng dvc tỉnh bình dương có bao nhiêu tài khoản").entities
    ]
    assert names == ["Bình Dương"]
    national = ask(parser, "cổng dịch vụ công quốc gia có bao nhiêu tài khoản").entities
    assert [e.type for e in national] == ["portal"]


def test_how_many_are_in_a_top_group_is_a_count(parser: QuestionParser) -> None:
    assert ask(parser, "năm 2023 có mấy tỉnh giữ được top 10 DTI").wants == "count"
    assert ask(parser, "vn phấn đấu vào top mấy asean").wants == "rank"
    assert ask(parser, "hà nội xếp thứ mấy trong top 10").wants == "rank"


@pytest.mark.parametrize(
    ("text", "whose"),
    [
        ("diem trung binh par index cac tinh thanh 2015", "cả nước"),
        ("điểm bình quân cấp tỉnh năm 2022", "cả nước"),
        ("Điểm PAR Index bình quân của khối bộ năm 2015 là bao nhiêu?", "các bộ, ngành"),
        ("trung bình các bộ, ngành 2020", "các bộ, ngành"),
        ("egdi trung bình thế giới 2024", None),
    ],
)
def test_whose_average_a_question_asks(parser: QuestionParser, text: str, whose: str) -> None:
    assert ask(parser, text).average_of == whose


def test_higher_by_how_much_asks_a_change(parser: QuestionParser) -> None:
    assert ask(parser, "điểm trung bình các tỉnh 2015 cao hơn năm trước mấy điểm").change
    counted = ask(parser, "co bao nhieu dia phuong sipas 2023 cao hon 2022")
    assert not counted.change and counted.wants == "count"


def test_the_percent_asked_is_no_word_to_find(parser: QuestionParser) -> None:
    # Sentences write "%": "phần trăm" after "bao nhiêu" names the unit, not the measure.
    assert "phan" not in ask(parser, "hai phong par index 2024 duoc bao nhieu %").content
    assert "tram" not in ask(parser, "tỷ lệ hồ sơ trực tuyến được mấy phần trăm").content


def test_evaluated_how_many_is_no_price(parser: QuestionParser) -> None:
    # "đánh giá bao nhiêu quốc gia": the "giá bao nhiêu" inside "đánh giá" asks no money.
    assert ask(parser, "khao sat LHQ 2012 danh gia bao nhieu quoc gia").wants == "count"
    assert ask(parser, "phí cấp lý lịch tư pháp giá bao nhiêu").wants == "money"


def test_how_many_places_is_a_count_whatever_they_are_counted_by(parser: QuestionParser) -> None:
    asked = ask(parser, "nam 2020 co bao nhieu tinh thanh co diem chuyen doi so cao hon trung binh")
    assert asked.wants == "count"
    assert ask(parser, "có mấy bộ đạt trên 90% hồ sơ trực tuyến năm 2024").wants == "count"


@pytest.mark.parametrize("text", ["BR-VT PAPI 2024 xếp thứ mấy", "br vt papi 2024 xep thu may"])
def test_a_province_written_with_its_initials(parser: QuestionParser, text: str) -> None:
    asked = ask(parser, text)
    assert [e.name for e in asked.entities] == ["Bà Rịa - Vũng Tàu"]
    assert {"ba", "ria", "vung", "tau"} <= set(asked.content)  # as sentences write it


def test_how_long_a_run_is_a_count(parser: QuestionParser) -> None:
    assert ask(parser, "da nang dung dau ict index bao nhieu nam lien tiep").wants == "count"


def test_a_weight_in_the_total_is_a_share(parser: QuestionParser) -> None:
    # "tỷ trọng tiền mặt": a share, though cash ("tiền") is named
    assert (
        ask(parser, "ty trong tien mat tren tong phuong tien thanh toan nam 2020").wants
        == "percent"
    )


def test_a_place_asked_with_no_one_named_asks_who_holds_it(parser: QuestionParser) -> None:
    asked = ask(parser, "PCI 2017 hạng 10")
    assert (asked.wants, asked.position) == ("entity", 10)
    assert ask(parser, "Việt Nam hạng 10 năm nào").wants != "entity"


@pytest.mark.parametrize(
    ("text", "name"),
    [("PAPI 2017 Quảng Nimh xếp thứ mấy", "Quảng Ninh"), ("ha noj dti 2023 xep thu may", "Hà Nội")],
)
def test_a_name_misspelt_in_its_second_word(parser: QuestionParser, text: str, name: str) -> None:
    assert [e.name for e in ask(parser, text).entities] == [name]


def test_who_leads_asked_by_naming_the_lead(parser: QuestionParser) -> None:
    asked = ask(parser, "dẫn đầu dti miền núi phía bắc 2023")
    assert (asked.wants, asked.position) == ("entity", 1)
    assert ask(parser, "Hà Nội dẫn đầu DTI 2023 với bao nhiêu điểm").wants != "entity"


def test_a_share_of_a_long_name_keeps_the_whole_name(parser: QuestionParser) -> None:
    asked = ask(parser, "năm 2025 mục tiêu bao nhiêu % hồ sơ khai sinh làm qua liên thông")
    assert asked.counted == "phan tram ho so khai sinh"
