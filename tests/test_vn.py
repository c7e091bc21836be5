"""Vietnamese text helpers: folding, sentences, numbers."""

from __future__ import annotations

import pytest

from bot import vn


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Chính phủ điện tử", "chinh phu dien tu"),
        ("ĐÀ NẴNG", "da nang"),
        ("  Thừa   Thiên\u00a0-\u200b Huế ", "thua thien - hue"),
        ("Khánh Hoà", "khanh hoa"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert vn.fold(text) == folded


def test_normalise_tones_moves_old_style_marks() -> None:
    assert vn.normalise_tones("Khánh Hoà, thuỷ lợi") == "Khánh Hòa, thủy lợi"


def test_sentences_keep_numbers_and_abbreviations_whole() -> None:
    paragraph = "Cổng có 2.900 thủ tục. TP. HCM đạt 86,5%. Các tỉnh v.v. Đã xong!"
    assert vn.sentences(paragraph) == [
        "Cổng có 2.900 thủ tục.",
        "TP. HCM đạt 86,5%.",
        "Các tỉnh v.v. Đã xong!",
    ]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2.900", 2900.0),
        ("116.000", 116000.0),
        ("1.000.000", 1_000_000.0),
        ("86,5", 86.5),
        ("86,5%", 86.5),
        ("0,6667", 0.6667),
        ("16,1", 16.1),
        ("57", 57.0),
        ("4.55", 4.55),
        ("0.389", 0.389),  # English decimals: no thousands group follows a lone zero
        ("0.5931", 0.5931),
        ("1,234,567", 1_234_567.0),
    ],
)
def test_parse_number(raw: str, value: float) -> None:
    assert vn.parse_number(raw) == pytest.approx(value)


@pytest.mark.parametrize("raw", ["", "abc", "2.90.0", "12/02", "-", "%", "1.2.3"])
def test_parse_number_rejects(raw: str) -> None:
    assert vn.parse_number(raw) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [(2900, "2.900"), (86.5, "86,5"), (0.6667, "0,6667"), (8e12, "8.000.000.000.000")],
)
def test_format_number(value: float, text: str) -> None:
    assert vn.format_number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(8e12, "8.000 tỷ"), (57e6, "57 triệu"), (235000, "235.000"), (1.28e15, "1,28 triệu tỷ")],
)
def test_format_amount(value: float, text: str) -> None:
    assert vn.format_amount(value) == text


def test_number_words_and_scales() -> None:
    assert vn.parse_number_word("hai") == 2
    assert vn.parse_number_word("muoi lam") == 15
    assert vn.scale_of("ty") == 1e9
    assert vn.scale_of("nghin ty") == 1e12


def test_number_token_joins_formats() -> None:
    assert vn.number_token(vn.parse_number("2.900") or 0) == vn.number_token(2900) == "n2900"
    assert vn.number_token(86.5) == "n86p5"


@pytest.mark.parametrize(
    ("text", "written", "otherwise"),
    [
        ("đề án đô thị thông minh", ["ấn độ"], True),
        ("app vneid có mấy tiện ích", ["tiền"], True),
        ("Ấn Độ xếp thứ mấy", ["ấn độ"], False),
        ("an do xep thu may", ["ấn độ"], False),  # no diacritics: may be the name
        ("bô nội vu đứng hạng mấy", ["bộ nội vụ"], False),  # a slip on some syllables
        ("bn tiền", ["bao nhiêu"], False),  # not written out: an abbreviation expanded
    ],
)
def test_written_otherwise(text: str, written: list[str], otherwise: bool) -> None:
    assert vn.written_otherwise(text, written) is otherwise
