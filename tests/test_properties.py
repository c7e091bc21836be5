"""Properties over generated inputs: folding, number parsing, figure extraction, article parsing."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import vn
from bot.ingest.clean import RejectedArticle, parse_article
from bot.ingest.extract import Extractor
from bot.lexicon import Lexicon

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VIETNAMESE = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "ĐÀẢ"
ARTICLE_CHARS = VIETNAMESE + "0123456789 .,;:%/-–()…!?\"'\n"
WORDS = [
    "tăng",
    "từ",
    "lên",
    "năm",
    "ngày",
    "tháng",
    "thứ",
    "xếp hạng",
    "vị trí",
    "bậc",
    "lần",
    "%",
    "tỷ",
    "triệu",
    "đồng",
    "USD",
    "hơn",
    "khoảng",
    "số",
    "Nghị quyết",
    "mức độ",
    "giai đoạn",
    "Việt Nam",
    "Cổng Dịch vụ công quốc gia",
    "như sau:",
    "kế đến là:",
    "2.900",
    "86,5",
    "86/193",
    "2019-2025",
    "17/NQ-CP",
    "12/02/2020",
    "10-15",
    "0,6667",
    "hai",
    ",",
    ".",
    ";",
    "(",
    ")",
]

BOUNDED = settings(max_examples=200, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
EXTRACTOR = Extractor(Lexicon.load())


@BOUNDED
@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = vn.fold(text)
    assert vn.fold(once) == once


@BOUNDED
@given(st.text(alphabet=VIETNAMESE + " \t\n0123456789"))
def test_fold_of_vietnamese_is_ascii(text: str) -> None:
    folded = vn.fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert len(folded) <= len(text)


@BOUNDED
@given(st.one_of(st.text(), st.from_regex(r"\d{1,12}(?:[.,]\d{1,4}){0,4}%?", fullmatch=True)))
def test_parse_number_never_raises(raw: str) -> None:
    value = vn.parse_number(raw)
    assert value is None or value >= 0


@BOUNDED
@given(st.integers(min_value=0, max_value=10**12))
def test_format_then_parse_round_trips(value: int) -> None:
    assert vn.parse_number(vn.format_number(value)) == value


sentences = st.one_of(
    st.text(alphabet=ARTICLE_CHARS, max_size=600),
    st.lists(
        st.one_of(
            st.sampled_from(WORDS), st.from_regex(r"\d{1,4}(?:[.,/]\d{1,3})?", fullmatch=True)
        ),
        max_size=80,
    ).map(" ".join),
)


@BOUNDED
@given(sentences)
def test_figures_never_raise_and_are_fast(sentence: str) -> None:
    started = time.perf_counter()
    hits = EXTRACTOR.figures(sentence)
    assert time.perf_counter() - started < 0.5
    for hit in hits:
        assert 0 <= hit.start <= hit.end <= len(sentence)
        assert hit.figure.raw


@BOUNDED
@given(st.lists(sentences, min_size=1, max_size=4))
def test_extract_never_raises(paragraphs: list[str]) -> None:
    from bot.models import Article

    article = Article(id="p", title="Chính phủ điện tử", sha256="0")
    extraction = EXTRACTOR.extract(article, paragraphs)
    for fact in extraction.facts:
        assert fact.figures


@BOUNDED
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(alphabet=ARTICLE_CHARS, max_size=3000).map(str.encode),
        st.lists(sentences, max_size=8).map(lambda ps: "\n\n".join(ps).encode()),
    )
)
def test_parse_article_returns_or_rejects(data: bytes) -> None:
    try:
        parsed = parse_article(data, Path("gen.txt"))
    except RejectedArticle as exc:
        assert str(exc).startswith("gen.txt: ")
    else:
        assert parsed.paragraphs
        assert parsed.article.sha256
