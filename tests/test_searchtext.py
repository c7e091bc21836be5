"""Search text: the tokens FTS5 indexes and queries, built the same way for articles and users."""

from __future__ import annotations

import pytest

from bot.lexicon import Lexicon
from bot.searchtext import BOUNDARY, clause_terms, fts_query, fts_query_tokens, index_text, terms


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("có 2.900 TTHC", ["co", "n2900", "thu", "tuc", "hanh", "chinh"]),
        ("tỷ lệ 86,5", ["ty", "le", "n86p5"]),
        ("chỉ số 0,6667", ["chi", "so", "n0p6667"]),
        ("1,234,567 USD", ["n1234567", "usd"]),
        ("8.000 tỷ đồng", ["n8000", "ty", "dong"]),
        ("CPĐT của VN", ["chinh", "phu", "dien", "tu", "cua", "viet", "nam"]),
        ("lúc 10:30", ["luc", "n10", "n30"]),
        ("", []),
    ],
)
def test_terms(lexicon: Lexicon, text: str, tokens: list[str]) -> None:
    assert terms(text, lexicon) == tokens


@pytest.mark.parametrize(
    ("article", "question"),
    [
        ("Đã có 2.900 thủ tục hành chính", "da co 2900 TTHC"),
        ("Việt Nam xếp hạng Chính phủ điện tử", "viet nam xep hang CPĐT"),
        ("Liên Hiệp Quốc", "LHQ"),
    ],
)
def test_article_and_question_meet(lexicon: Lexicon, article: str, question: str) -> None:
    assert terms(article, lexicon) == terms(question, lexicon)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Bộ Y tế; Bộ Tài chính", ["bo", "y", "te", BOUNDARY, "bo", "tai", "chinh"]),
        ("(a), b", ["a", BOUNDARY, "b"]),
        ('x "y" z', ["x", BOUNDARY, "y", BOUNDARY, "z"]),
        ("a [b] c", ["a", BOUNDARY, "b", BOUNDARY, "c"]),
        ("tỉnh: Huế", ["tinh", BOUNDARY, "hue"]),
        ("A – B", ["a", BOUNDARY, "b"]),
        ("tỷ lệ 86,5, còn lại", ["ty", "le", "n86p5", BOUNDARY, "con", "lai"]),
        ("lúc 10:30", ["luc", "n10", "n30"]),  # a colon before a digit is not a clause end
        ("Thừa Thiên - Huế", ["thua", "thien", "hue"]),  # the matching form drops the hyphen
        ("; ;", []),
    ],
)
def test_clause_terms(lexicon: Lexicon, text: str, tokens: list[str]) -> None:
    assert clause_terms(text, lexicon) == tokens


def test_clause_terms_are_terms_with_boundaries(lexicon: Lexicon) -> None:
    text = "Hà Nội (thủ đô); TP HCM, Đà Nẵng: 86,5%"
    assert [t for t in clause_terms(text, lexicon) if t != BOUNDARY] == terms(text, lexicon)


def test_index_text_has_words_then_syllable_pairs(lexicon: Lexicon) -> None:
    assert index_text("Dịch vụ công 2.900", lexicon) == (
        "dich vu cong n2900 dich_vu vu_cong cong_n2900"
    )
    assert index_text("", lexicon) == ""


def test_fts_query_quotes_words_and_pairs() -> None:
    assert fts_query(["dich", "vu", "n2900"]) == (
        '"dich" OR "vu" OR "n2900" OR "dich_vu" OR "vu_n2900"'
    )
    assert fts_query(["x", "x"]) == '"x" OR "x_x"'  # repeated tokens once
    assert fts_query([]) == ""


def test_fts_query_keeps_user_text_inert(lexicon: Lexicon) -> None:
    query = fts_query(terms('Tỷ lệ "x" OR NEAR(y*)', lexicon))
    assert query == (
        '"ty" OR "le" OR "x" OR "or" OR "near" OR "y" OR "ty_le" OR "le_x" OR "x_or" '
        'OR "or_near" OR "near_y"'
    )
    assert fts_query_tokens(['a"b', "y*", "NEAR", "", "ok"]) == '"ok"'


def test_a_percent_figure_is_searchable(lexicon: Lexicon) -> None:
    assert '"n86p5"' in fts_query(terms("tỷ lệ 86,5%", lexicon))
