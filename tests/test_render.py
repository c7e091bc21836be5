"""Rendering answers and reports: Vietnamese number forms, periods, sources, escaping in HTML
mode, and splitting for Telegram's limit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot import messages
from bot.models import Answer, Fact, Figure, Report, Row, Section, Source
from bot.render import (
    answer_html,
    answer_plain,
    date_figure_text,
    date_text,
    figure_text,
    html_to_plain,
    period_text,
    quote_html,
    quote_plain,
    report_html,
    source_text,
    split_text,
)

URL = "https://x.vn/?a=1&b=2"
HOSTILE = Source(
    title="Bài <b> & co", outlet="VnE", published=dt.date(2020, 7, 10), url=URL, article="a"
)
CITED = "Bài <b> & co, VnE, 10/07/2020"
PCT = Figure(raw="86,5%", value=86.5, unit="%", period="2020")
OLD_PCT = Figure(raw="72%", value=72, unit="%", period="2018")
DECISION = Figure(raw="749/QĐ-TTg", value=749, unit="document", noun="Quyết định")


def fig(value: float, unit: Any, **kw: Any) -> Figure:
    return Figure(raw=str(value), value=value, unit=unit, **kw)


def fact(figures: tuple[Figure, ...], quote: str = "Câu <script> & trích.", **kw: Any) -> Fact:
    """A fact about "Việt Nam <x>" for 2020 from the hostile source; ``kw`` overrides."""
    base = {"article": "a", "sentence_no": 1, "measure": "m", "subject": "Việt Nam <x>"}
    base |= {"kind": "actual", "period": "2020", "period_label": "năm 2020", "source": HOSTILE}
    return Fact(quote=quote, figures=figures, **(base | kw))


def reply(facts: list[Fact], figure: Figure | None, **kw: Any) -> Answer:
    return Answer(question="q", answered=True, facts=facts, figure=figure, **kw)


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (fig(86.5, "%"), "86,5%"),
        (fig(10, "%", value_max=15), "10–15%"),
        (fig(30, "%", qualifier="less"), "dưới 30%"),
        (fig(8e12, "VND"), "8.000 tỷ đồng"),
        (fig(2.5e9, "USD"), "2,5 tỷ USD"),
        (fig(57e6, "count", noun="hồ sơ"), "57 triệu hồ sơ"),
        (fig(2900, "count", noun="thủ tục", qualifier="more"), "hơn 2.900 thủ tục"),
        (fig(38, "count", of=63, noun="tỉnh"), "38/63 tỉnh"),
        (fig(1234.5, "count"), "1.234,5"),
        (fig(86, "rank", of=193), "thứ 86/193"),
        (fig(4, "rank", qualifier="top"), "top 4"),
        (fig(4, "rank", of=10, qualifier="top"), "top 4/10"),
        (fig(10, "step", value_max=15), "10–15 bậc"),
        (fig(1.5, "times", qualifier="about"), "khoảng 1,5 lần"),
        (fig(3.2, "point"), "3,2 điểm phần trăm"),
        (fig(0.6667, "index"), "0,6667"),
        (fig(20191209, "date"), "9/12/2019"),
        (DECISION, "Quyết định 749/QĐ-TTg"),
    ],
)
def test_figure_text(figure: Figure, text: str) -> None:
    assert figure_text(figure) == text


def test_date_figures_say_what_is_known() -> None:
    assert date_figure_text(20200300) == "tháng 3/2020"
    assert date_figure_text(20200000) == "năm 2020"
    assert date_text(dt.date(2024, 1, 5)) == "05/01/2024"
    assert date_text(None) == messages.UNKNOWN_DATE


def test_period_text_prefers_a_figure_year_of_its_own() -> None:
    f = fact((PCT,))
    assert period_text(f, OLD_PCT) == "năm 2018"
    assert period_text(f, PCT) == "năm 2020"  # same as the fact: its label
    assert period_text(f, fig(1, "%", period="2019-2020")) == "năm 2020"
    assert period_text(f, fig(1, "%")) == "năm 2020"


def test_source_text() -> None:
    assert source_text(HOSTILE) == CITED
    assert source_text(Source(title="T", outlet=None, published=None, url=None, article="a")) == "T"
    assert source_text(None) == ""


def test_answer_html_escapes_everything_from_articles() -> None:
    answer = reply([fact((PCT, OLD_PCT))], PCT)
    lines = answer_html(answer).split("\n")
    assert lines == [
        "<b>86,5%</b> — Việt Nam &lt;x&gt; · năm 2020",
        "«Câu &lt;script&gt; &amp; trích.»",
        f"{messages.ALSO_IN_SENTENCE}72% (2018)",
        f"{messages.SOURCE_LABEL}Bài &lt;b&gt; &amp; co, VnE, 10/07/2020",
        "https://x.vn/?a=1&amp;b=2",
    ]
    plain = answer_plain(answer)
    assert plain.startswith("86,5% — Việt Nam <x> · năm 2020\n«Câu <script> & trích.»")
    assert html_to_plain(answer_html(answer)) == plain


def test_long_quotes_are_cut_at_a_word() -> None:
    quote = "từ " * 200
    line = answer_plain(reply([fact((PCT,), quote)], PCT))
    cut = line.split("\n")[1]
    assert cut.endswith(" …»") and len(cut) < 290 and "từ từ" in cut


def test_history_also_disagreement_and_target_prefix() -> None:
    old = fact((OLD_PCT,), "q0", period="2018", period_label="năm 2018")
    new = fact((PCT,), kind="target")
    answer = reply([new], PCT, history=[old], also=[old], disagreement=True)
    text = answer_plain(answer)
    assert text.startswith(messages.KIND_PREFIX["target"] + "86,5%")
    assert f"{messages.HISTORY_HEADER}\n• 72% — năm 2018 ({CITED})" in text
    assert messages.DISAGREEMENT in text
    assert text.endswith(f"{messages.ALSO_REPORTED}{CITED}")


def test_values_newer_than_the_one_asked_are_not_called_earlier() -> None:
    asked = fact((OLD_PCT,), "q0", period="2018", period_label="năm 2018")
    later = fact((PCT,), "q1")
    earlier = fact((fig(60, "%", period="2016"),), "q2", period="2016", period_label="năm 2016")
    text = answer_plain(reply([asked], OLD_PCT, history=[later, earlier]))
    assert f"{messages.NEWER_HEADER}\n• 86,5% — năm 2020" in text
    assert f"{messages.HISTORY_HEADER}\n• 60% — năm 2016" in text


def test_comparison_shows_change_then_both_figures() -> None:
    old = fact((fig(88, "rank", of=193),), period="2018", period_label="năm 2018")
    new = fact((fig(86, "rank", of=193),))
    answer = reply([new], fig(2, "step"), comparison=[old, new], direction="tăng")
    lines = answer_html(answer).split("\n")
    assert lines[0] == "Việt Nam &lt;x&gt;: tăng <b>2 bậc</b>"
    assert lines[1].startswith("• thứ 88/193 — năm 2018 (Bài &lt;b&gt;")
    assert lines[2].startswith("• thứ 86/193 — năm 2020")
    same = answer.model_copy(update={"figure": fig(0, "step"), "direction": "giữ nguyên"})
    assert answer_plain(same).split("\n")[0] == "Việt Nam <x>: giữ nguyên"


def test_entity_answers() -> None:
    f = fact((fig(3, "rank"),))
    one = reply([f], f.primary, entities=["Đà <N>"])
    assert answer_html(one).split("\n")[0] == "<b>Đà &lt;N&gt;</b> — đứng thứ 3 · năm 2020"
    first = one.model_copy(update={"figure": fig(1, "rank")})
    assert answer_plain(first).split("\n")[0] == f"Đà <N> — {messages.RANKED_FIRST} · năm 2020"
    many = one.model_copy(update={"entities": ["A", "B & C"]})
    assert answer_html(many).split("\n")[:3] == [
        f"{messages.TOP_LIST.format(count=2)} · năm 2020",
        "1. <b>A</b>",
        "2. <b>B &amp; C</b>",
    ]


def test_no_answer_and_small_talk() -> None:
    none = Answer(question="q", answered=False, suggestions=["hỏi <b>"])
    assert answer_html(none) == (
        f"{messages.NO_ANSWER}\n{messages.SUGGESTIONS_HEADER}\n• hỏi &lt;b&gt;"
    )
    talk = reply([], None, talk="Chào <bạn>", suggestions=list("1234"))
    assert answer_html(talk) == "Chào &lt;bạn&gt;\n• 1\n• 2\n• 3"


def test_a_declined_answer_shows_the_closest_sentence_as_written_and_no_figure() -> None:
    unsure = Answer(question="q", answered=False, closest=fact((PCT,)), suggestions=["hỏi khác"])
    assert answer_html(unsure) == (
        f"{messages.NOT_SURE}\n«Câu &lt;script&gt; &amp; trích.»\n"
        f"{messages.SOURCE_LABEL}Bài &lt;b&gt; &amp; co, VnE, 10/07/2020\n"
        f"{messages.SUGGESTIONS_HEADER}\n• hỏi khác"
    )
    assert "86,5%" not in answer_plain(unsure).split("\n")[0]


def test_quote_button_text() -> None:
    f = fact((PCT,), "Tỷ lệ <i>  &  x")
    assert quote_html(f) == (
        "<blockquote>Tỷ lệ &lt;i&gt;  &amp;  x</blockquote>\n"
        f"{messages.SOURCE_LABEL}Bài &lt;b&gt; &amp; co, VnE, 10/07/2020"
    )
    assert quote_plain(f) == f"“Tỷ lệ <i>  &  x”\n{messages.SOURCE_LABEL}{source_text(HOSTILE)}"


def test_html_to_plain() -> None:
    assert html_to_plain("<b>A &amp; B</b> &lt;i&gt; <a href='x'>link</a>") == "A & B <i> link"


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
