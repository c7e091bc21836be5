"""The lexicon: matching form, entities named in text, intents, topics and vocabulary lists."""

from __future__ import annotations

import unicodedata

import pytest

from bot import lexicon as lexicon_module
from bot.lexicon import Lexicon


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Dịch Vụ Công", "dich vu cong"),
        (unicodedata.normalize("NFD", "Đà Nẵng"), "da nang"),
        ("  nhiều   khoảng   trắng ", "nhieu khoang trang"),
        ("Khánh Hoà", "khanh hoa"),
        ("CPĐT của VN", "chinh phu dien tu cua viet nam"),
        ("cpdt", "chinh phu dien tu"),
        ("tỷ lệ DVCTT", "ty le dich vu cong truc tuyen"),
        ("2.900 TTHC", "2.900 thu tuc hanh chinh"),
        ("LHQ", "lien hop quoc"),
        ("UN", "lien hop quoc"),
        ("unlikely", "unlikely"),  # whole words only
        ("Liên Hiệp Quốc", "lien hop quoc"),  # synonym
        ("ASEAN", "dong nam a"),
        ("mức 4", "muc do 4"),
        ("chính phủ số hóa", "chinh phu dien tu"),
        ("Bà Rịa - Vũng Tàu", "ba ria vung tau"),
        ("A&B", "a va b"),
    ],
)
def test_match(lexicon: Lexicon, text: str, matched: str) -> None:
    assert lexicon.match(text) == matched


@pytest.mark.parametrize(
    ("text", "matched"),
    [("TT&TT", "thong tin va truyen thong"), ("e-commerce", "thuong mai dien tu")],
)
def test_keys_with_ampersand_or_hyphen_apply(lexicon: Lexicon, text: str, matched: str) -> None:
    assert lexicon.match(text) == matched


def test_an_alias_made_of_a_names_initials_reads_as_the_name() -> None:
    lexicon = Lexicon(
        {
            "abbreviations": {"dn": "doanh nghiệp"},
            "entities": [
                {"name": "Hà Nội", "type": "province", "aliases": ["hà nội", "hn"]},
                {"name": "Đà Nẵng", "type": "province", "aliases": ["đà nẵng", "đn"]},
                {"name": "Hoa Kỳ", "type": "country", "aliases": ["mỹ"]},
            ],
        }
    )
    assert lexicon.match("HN xếp thứ mấy") == "ha noi xep thu may"
    # an initialism that already means something keeps its meaning; other aliases stay
    assert lexicon.match("ĐN") == "doanh nghiep"
    assert lexicon.match("Mỹ") == "my"


def test_abbreviations_told_apart_by_diacritics_are_matched_as_written(
    lexicon: Lexicon,
) -> None:
    assert lexicon.match("tỷ lệ hồ sơ ở ĐN") == "ty le ho so o da nang"
    assert lexicon.match("DN nộp thuế") == "doanh nghiep nop thue"
    assert lexicon.match("ĐNA") == "dong nam a"


def test_load_reads_the_bundled_file(lexicon: Lexicon) -> None:
    assert Lexicon.load().entities == lexicon.entities
    assert {e.type for e in lexicon.entities} >= {"country", "portal", "ministry", "province"}
    assert lexicon.by_name["Đà Nẵng"].aliases == ("da nang",)
    assert lexicon_module.default() is lexicon_module.default()


def test_mentions_in_order_with_spans(lexicon: Lexicon) -> None:
    matched = lexicon.match("Hà Nội, TP.HCM và Đà Nẵng")
    found = [(m.entity.name, matched[m.start : m.end]) for m in lexicon.mentions(matched)]
    assert [name for name, _ in found] == ["Hà Nội", "TP Hồ Chí Minh", "Đà Nẵng"]
    assert found[0][1] == "ha noi" and found[2][1] == "da nang"
    assert [m.entity.name for m in lexicon.mentions(lexicon.match("SG và thủ đô"))] == [
        "TP Hồ Chí Minh",
        "Hà Nội",
    ]


@pytest.mark.parametrize(
    "text", ["ba ria - vung tau", "ba ria-vung tau", "ba ria vung tau", "thua thien-hue"]
)
def test_a_name_matches_with_or_without_a_dash(lexicon: Lexicon, text: str) -> None:
    (mention,) = lexicon.mentions(text)
    assert (mention.start, mention.end) == (0, len(text))
    assert mention.entity.type == "province"


def test_names_that_are_common_words_only_count_in_questions(lexicon: Lexicon) -> None:
    matched = lexicon.match("giải pháp của Pháp")
    assert lexicon.mentions(matched) == []
    assert {m.entity.name for m in lexicon.asked(matched)} == {"Pháp"}
    assert [m.entity.name for m in lexicon.mentions(lexicon.match("nước Pháp"))] == ["Pháp"]


def test_written_forms_keep_diacritics(lexicon: Lexicon) -> None:
    india = lexicon.mentions(lexicon.match("đề án đô thị"))[0].entity
    assert india.name == "Ấn Độ" and "ấn độ" in india.written  # folded text cannot tell
    assert "khánh hòa" in lexicon.by_name["Khánh Hòa"].written


def test_written_forms_keep_modern_words_as_written(lexicon: Lexicon) -> None:
    assert "toàn quốc" in lexicon.by_name["Việt Nam"].written


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Việt Nam", "Việt Nam"),
        ("VN", "Việt Nam"),
        ("tphcm", "TP Hồ Chí Minh"),
        ("bộ tt&tt", "Bộ Thông tin và Truyền thông"),
        ("Pháp", "Pháp"),
        ("không có", None),
    ],
)
def test_entity(lexicon: Lexicon, name: str, found: str | None) -> None:
    entity = lexicon.entity(name)
    assert (entity.name if entity else None) == found


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("Việt Nam xếp thứ mấy", "rank", True),
        ("top 3", "rank", True),
        ("topic", "rank", False),  # phrases match whole words
        ("bao nhiêu %", "percent", True),
        ("tăng bao nhiêu", "change", True),
        ("khi nào", "date", True),
        ("nghị quyết nào", "document", True),
        ("tỉnh nào", "entity", True),
        ("mục tiêu", "target", True),
        ("bao nhiêu", "no-such-intent", False),
    ],
)
def test_has_intent(lexicon: Lexicon, text: str, intent: str, expected: bool) -> None:
    assert lexicon.has_intent(lexicon.match(text), intent) is expected


def test_topics_of(lexicon: Lexicon) -> None:
    topics = lexicon.topics_of(lexicon.match("VN xếp hạng 86 về dịch vụ công trực tuyến"))
    assert topics == ("xếp hạng", "dịch vụ công")
    assert lexicon.topics_of(lexicon.match("LHQ công bố")) == ("liên hợp quốc",)
    assert lexicon.topics_of(lexicon.match("trời đẹp")) == ()


def test_province_names_do_not_tag_topics(lexicon: Lexicon) -> None:
    assert lexicon.topics_of(lexicon.match("Sóc Trăng triển khai")) == ()


def test_vocabulary_lists_are_folded(lexicon: Lexicon) -> None:
    assert set(lexicon.smalltalk) == {"greeting", "thanks", "who", "what", "insult", "bye"}
    assert "xin chào" in lexicon.smalltalk["greeting"]  # replies match on their own
    assert lexicon.entity_words["province"][:2] == ("tinh", "thanh pho")
    assert set(lexicon.entity_words) == {"province", "ministry", "country"}
    assert "dan dau" in lexicon.positions["first"] and "cuoi bang" in lexicon.positions["last"]
    assert {"bao", "nhieu", "cua"} <= lexicon.stopwords
    assert "%" in lexicon.intents["percent"] and "ty le" in lexicon.intents["percent"]
    assert {"viet", "nam", "ha", "noi"} <= lexicon.alias_words
    assert "DTI" in lexicon.indices and "chỉ số nguồn nhân lực (HCI)" in lexicon.subindices


def test_a_lexicon_from_raw_data() -> None:
    small = Lexicon(
        {
            "abbreviations": {"ttdl": "trung tâm dữ liệu"},
            "synonyms": {"groups": [["máy chủ", "server"]]},
            "intents": {"rank": ["hạng mấy"]},
            "entities": [{"name": "Đà Lạt", "type": "province", "aliases": ["dalat"]}],
        }
    )
    assert small.match("TTDL và Server") == "trung tam du lieu va may chu"
    assert small.intents == {"rank": ("hang may",)}
    assert [m.entity.name for m in small.mentions("dalat va da lat")] == ["Đà Lạt", "Đà Lạt"]
    assert small.stopwords == frozenset() and small.topics == {}
