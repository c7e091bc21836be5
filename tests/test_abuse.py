"""Hostile and arbitrary input over the whole ask path and the HTML rendering.

The normaliser's and parsers' own properties are in tests/test_properties.py; here: whatever a
user types, ``Answerer.ask`` returns an Answer quickly, and whatever the user or an article
says, the Telegram HTML we send escapes it (only our own tags remain).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import Answerer
from bot.answer.dialogue import MAX_QUESTION_CHARS, Dialogue
from bot.ingest.extract import Extractor
from bot.ingest.load import ingest_paths
from bot.lexicon import Lexicon
from bot.messages import SOURCE_LABEL
from bot.models import Answer, Article, Fact, Figure, Source
from bot.render import answer_html, answer_plain, quote_html, source_text
from bot.store import FactStore
from tests.conftest import ARTICLES_DIR
from tests.test_properties import VIETNAMESE

BOUNDED = settings(
    max_examples=100,
    deadline=dt.timedelta(seconds=1),
    suppress_health_check=[HealthCheck.too_slow],
)
ASK_SECONDS = 1.0
ALLOWED_TAGS = {"b", "i", "blockquote", "a", "code"}
KNOWN_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#x27|#39);")

HOSTILE = [
    "<b>",
    "</b>",
    "<i>",
    "<script>alert(1)</script>",
    "&",
    "&amp;",
    "&lt;",
    "&#x3C;",
    '"',
    "'",
    "<a href='x'>",
    "</blockquote>",
    "<",
    ">",
    "<!--",
    "]]>",
    "\\",
    "\x00",
    "\u202e",
    "\u200b",
    "🇻🇳",
    "NEAR(",
    "AND",
    "OR",
    "NOT",
    "*",
    "^",
    ":",
    "-",
    "(",
    ")",
    '"dịch vụ',
    "86,5%",
    "2.900",
    "thứ 86/193",
    "năm 2020",
    "2019-2025",
    "cpđt",
    "DVCTT",
    "bao nhiêu",
    "thứ mấy",
    "Việt Nam",
    "Hà Nội",
]
hostile_words = st.lists(st.sampled_from(HOSTILE), max_size=30).map(" ".join)
vietnamese_text = st.text(alphabet=VIETNAMESE + " 0123456789.,%/?-", max_size=300)
questions = st.one_of(
    st.text(max_size=400),
    st.text(max_size=5000),
    vietnamese_text,
    hostile_words,
    st.tuples(vietnamese_text, hostile_words, st.text(max_size=50)).map(" ".join),
)


@pytest.fixture(scope="module")
def engine(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[asyncio.AbstractEventLoop, Answerer]]:
    """An answerer over the bundled articles, on a loop of its own (hypothesis runs sync)."""
    loop = asyncio.new_event_loop()
    path: Path = tmp_path_factory.mktemp("abuse") / "facts.db"
    lexicon = Lexicon.load()
    store = loop.run_until_complete(FactStore.open(path))
    try:
        report = loop.run_until_complete(ingest_paths(store, [ARTICLES_DIR], lexicon))
        assert report.ok
        yield loop, loop.run_until_complete(Answerer.create(store, lexicon))
    finally:
        loop.run_until_complete(store.close())
        loop.close()


class TelegramHtml(HTMLParser):
    """Records tags and text of rendered HTML (character references left as they are)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.data: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise AssertionError(f"self-closing tag <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def handle_entityref(self, name: str) -> None:
        self.refs.append(name)

    def handle_charref(self, name: str) -> None:
        self.refs.append("#" + name)

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"comment <!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        raise AssertionError(f"declaration <!{decl}>")

    def handle_pi(self, data: str) -> None:
        raise AssertionError(f"processing instruction <?{data}>")

    def unknown_decl(self, data: str) -> None:
        raise AssertionError(f"declaration <![{data}]>")


class PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown_text(markup: str) -> str:
    """The text Telegram shows for HTML: tags dropped, entities decoded."""
    parser = PlainText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def assert_safe_html(markup: str, shown: str) -> None:
    """Only our tags, balanced; every ``&`` starts a known entity; no stray ``<``; and what
    Telegram shows is exactly ``shown`` (so no user or article text was taken as markup)."""
    parser = TelegramHtml()
    parser.feed(markup)
    parser.close()
    assert set(parser.tags) <= ALLOWED_TAGS, parser.tags
    assert not parser.stack, f"unclosed {parser.stack}"
    assert "<" not in "".join(parser.data)
    assert set(parser.refs) <= {"amp", "lt", "gt", "quot", "#x27", "#39"}, parser.refs
    assert KNOWN_ENTITY.sub("", markup).count("&") == 0
    assert shown_text(markup) == shown


def assert_safe_answer(answer: Answer) -> None:
    assert_safe_html(answer_html(answer), answer_plain(answer))


def assert_safe_quote(fact: Fact) -> None:
    assert_safe_html(quote_html(fact), f"{fact.quote}\n{SOURCE_LABEL}{source_text(fact.source)}")


# -- the ask path -------------------------------------------------------------------------------


@BOUNDED
@given(text=questions)
def test_ask_never_raises_and_is_fast(
    engine: tuple[asyncio.AbstractEventLoop, Answerer], text: str
) -> None:
    loop, answerer = engine
    started = time.perf_counter()
    # Through the dialogue, the one place that bounds a question, as every caller does.
    answer = loop.run_until_complete(Dialogue(answerer).reply((1, 0), text))
    elapsed = time.perf_counter() - started
    assert elapsed < ASK_SECONDS, f"{elapsed:.3f}s for {text[:80]!r}"
    assert isinstance(answer, Answer)
    assert len(answer.question) <= MAX_QUESTION_CHARS
    assert 0.0 <= answer.confidence <= 1.0
    if answer.answered:
        assert answer.figure is not None and answer.facts
    assert len(answer.suggestions) <= 10
    assert_safe_answer(answer)


# -- rendering of arbitrary article text --------------------------------------------------------

hostile_text = st.one_of(st.text(max_size=120), hostile_words)
figures = st.builds(
    Figure,
    raw=hostile_text,
    value=st.floats(min_value=0, max_value=1e13, allow_nan=False),
    unit=st.sampled_from(["%", "VND", "USD", "rank", "step", "times", "index", "count"]),
    of=st.none() | st.floats(min_value=1, max_value=1e4, allow_nan=False),
    value_max=st.none() | st.floats(min_value=0, max_value=1e4, allow_nan=False),
    qualifier=st.sampled_from(["", "more", "less", "about"]),
    noun=hostile_text,
    period=st.none() | st.sampled_from(["2019", "2020-08-26", "2019-2025"]) | hostile_text,
    role=st.sampled_from(["value", "from", "to", "delta"]),
)
sources = st.builds(
    Source,
    title=hostile_text,
    outlet=st.none() | hostile_text,
    published=st.none() | st.dates(),
    url=st.none() | hostile_text | st.just("https://x.vn/a?b=1&c=<2>"),
    article=hostile_text,
)
facts = st.builds(
    Fact,
    id=st.integers(min_value=1, max_value=10**6),
    article=hostile_text,
    sentence_no=st.integers(min_value=0, max_value=1000),
    quote=hostile_text,
    figures=st.lists(figures, min_size=1, max_size=3).map(tuple),
    kind=st.sampled_from(["actual", "change", "target", "forecast"]),
    measure=hostile_text,
    subject=hostile_text,
    period=st.none() | hostile_text,
    period_label=hostile_text,
    topics=st.lists(hostile_text, max_size=2).map(tuple),
    source=st.none() | sources,
)


@BOUNDED
@given(
    question=questions,
    fact=facts,
    history=st.lists(facts, max_size=2),
    also=st.lists(facts, max_size=2),
    suggestions=st.lists(hostile_text, max_size=4),
    answered=st.booleans(),
    disagreement=st.booleans(),
)
def test_any_answer_renders_to_safe_html(
    question: str,
    fact: Fact,
    history: list[Fact],
    also: list[Fact],
    suggestions: list[str],
    answered: bool,
    disagreement: bool,
) -> None:
    answer = Answer(
        question=question,
        answered=answered,
        facts=[fact],
        figure=fact.primary,
        history=history,
        also=also,
        disagreement=disagreement,
        suggestions=suggestions,
    )
    assert_safe_answer(answer)
    assert_safe_quote(fact)


EXTRACTOR = Extractor(Lexicon.load())
article_paragraph = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(alphabet=VIETNAMESE, min_size=1, max_size=8)),
    min_size=3,
    max_size=40,
).map(lambda words: " ".join(words) + ".")


@BOUNDED
@given(
    paragraphs=st.lists(article_paragraph, min_size=1, max_size=4),
    title=hostile_text,
    outlet=st.none() | hostile_text,
    question=questions,
)
def test_facts_extracted_from_hostile_articles_render_safely(
    paragraphs: list[str], title: str, outlet: str | None, question: str
) -> None:
    article = Article(id="bai", title=title or "bai", outlet=outlet, sha256="0" * 64)
    source = Source(title=article.title, outlet=outlet, published=None, url=None, article="bai")
    for fact in EXTRACTOR.extract(article, paragraphs).facts:
        cited = fact.model_copy(update={"source": source, "id": 1})
        answer = Answer(question=question, answered=True, facts=[cited], figure=cited.primary)
        assert_safe_answer(answer)
        assert_safe_quote(cited)
