"""Search text: the words facts are found by, built the same way for articles and users."""

from __future__ import annotations

import pytest

from bot.lexicon import Lexicon
from bot.models import Fact, Figure
from bot.searchtext import BOUNDARY, FactTerms, clause_terms, fact_terms, figure_span, terms


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
        # Folded, "năm" and "sáu" are also "year" and "after": never read as numbers.
        ("Việt Nam năm 2024", ["viet", "nam", "nam", "n2024"]),
        ("sau tháng 12", ["sau", "thang", "n12"]),
        ("từ năm 2020", ["tu", "nam", "n2020"]),
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
        ("người sử dụng Internet", "người xài internet"),  # colloquial
        ("được bao nhiêu", "đc bn"),  # chat abbreviations
        ("Sau một năm vận hành", "sau 1 nam van hanh"),  # a number word before a time unit
        ("hai tháng đầu năm", "2 thang dau nam"),
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
        ("lúc 10:30", ["luc", "n10", "n30"]),
        # Folded, "năm" and "sáu" are also "year" and "after": never read as numbers.
        ("Việt Nam năm 2024", ["viet", "nam", "nam", "n2024"]),
        ("sau tháng 12", ["sau", "thang", "n12"]),
        ("từ năm 2020", ["tu", "nam", "n2020"]),  # a colon before a digit is not a clause end
        ("Thừa Thiên - Huế", ["thua", "thien", "hue"]),  # the matching form drops the hyphen
        ("; ;", []),
    ],
)
def test_clause_terms(lexicon: Lexicon, text: str, tokens: list[str]) -> None:
    assert clause_terms(text, lexicon) == tokens


def test_clause_terms_are_terms_with_boundaries(lexicon: Lexicon) -> None:
    text = "Hà Nội (thủ đô); TP HCM, Đà Nẵng: 86,5%"
    assert [t for t in clause_terms(text, lexicon) if t != BOUNDARY] == terms(text, lexicon)


def test_figure_span_finds_the_figure_where_its_own_words_stand(lexicon: Lexicon) -> None:
    tokens = tuple(clause_terms("năm 2020 xếp thứ 86, năm 2018 thứ 88/193", lexicon))
    at = figure_span(tokens, terms("thứ 88/193", lexicon))
    assert tokens[at[0] : at[1] + 1] == ("n88", "n193")
    # a figure not in the sentence: the middle, not an error
    assert figure_span(("a", "b", "c", "d"), ["n5"]) == (2, 2)


def _fact(quote: str, raw: str, value: float, context: str = "") -> Fact:
    figure = Figure(raw=raw, value=value, unit="count")
    return Fact(
        article="a",
        sentence_no=0,
        quote=quote,
        figures=(figure,),
        kind="actual",
        measure="m",
        subject="Việt Nam",
        period="2024",
        period_label="năm 2024",
        context=context,
    )


def test_fact_terms_survive_the_store_and_add_only_new_words(lexicon: Lexicon) -> None:
    fact = _fact("Cổng có 2.900 thủ tục", "2.900", 2900, context="Dịch vụ công trực tuyến")
    found = fact_terms(fact, "Cổng Dịch vụ công quốc gia", lexicon)
    assert found.tokens == ("cong", "co", "n2900", "thu", "tuc")
    assert found.at == (2, 2)
    assert "cong" not in found.around and {"dich", "vu", "truc", "tuyen", "quoc", "gia"} <= set(
        found.around
    )
    assert FactTerms.load(found.dump()) == found


@pytest.mark.parametrize("stored", ["", "a b", "a\tb\tx y", "a\tb\t1"])
def test_stored_terms_that_are_not_terms_are_refused(stored: str) -> None:
    assert FactTerms.load(stored) is None
