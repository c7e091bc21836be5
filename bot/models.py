"""The domain's data: articles, the figures and facts extracted from them, rankings, answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from bot.charts import Series

Unit = Literal[
    "%", "VND", "USD", "rank", "count", "index", "step", "times", "date", "document", "point"
]
"""``point``: a change between two percentages, in percentage points."""
Kind = Literal["actual", "change", "target", "forecast"]
Role = Literal["value", "from", "to", "delta"]


class Article(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    inferred: tuple[str, ...] = ()
    """Names of the metadata fields read from the text rather than given by a manifest."""
    sha256: str
    path: str = ""


class Figure(BaseModel):
    model_config = ConfigDict(frozen=True)

    raw: str
    value: float
    unit: Unit
    of: float | None = None
    """Size of the field or whole: 193 in "86/193", 63 in "38/63 tỉnh"."""
    value_max: float | None = None
    """Upper end of a range such as "10-15 bậc"."""
    qualifier: Literal["", "more", "less", "about", "top", "last", "rise", "fall"] = ""
    """"hơn", "dưới", "khoảng"; "top" for a rank that bounds a group ("nhóm 4 nước dẫn đầu");
    "last" for the last place said in words ("Cao Bằng đứng cuối"), whose number is not known:
    its value is -1, and it answers only who is last. "rise" / "fall" for who rose or fell most
    ("Bình Thuận tăng mạnh nhất"): first among the movers, answering only who moved most."""
    noun: str = ""
    """What is counted, as written after the number ("thủ tục hành chính")."""
    period: str | None = None
    role: Role = "value"


class Source(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    outlet: str | None
    published: dt.date | None
    url: str | None
    article: str


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int | None = None
    article: str
    sentence_no: int
    quote: str
    figures: tuple[Figure, ...]
    kind: Kind
    measure: str
    subject: str
    """Canonical entity name: "Việt Nam", "Bộ Y tế", "Đà Nẵng", "Cổng Dịch vụ công quốc gia"."""
    period: str | None
    period_label: str
    topics: tuple[str, ...] = ()
    context: str = ""
    """The sentence before, or the heading of the table or list, that the quote continues."""
    source: Source | None = None

    @property
    def display_measure(self) -> str:
        """What the fact measures, for people: a ranking's label, else the measure words."""
        label, _, rest = self.measure.partition(":")
        return label.strip() if rest else self.measure

    @property
    def primary(self) -> Figure:
        """The figure the fact is about: the latest of a from/to pair, else the first."""
        for fig in self.figures:
            if fig.role == "to":
                return fig
        return self.figures[0]


class Ranking(BaseModel):
    model_config = ConfigDict(frozen=True)

    scheme: str
    """"un_egdi" (UN survey), "ministries", "provinces"."""
    scope: str
    """What is ranked within: "thế giới", "Châu Á", "Đông Nam Á", or a sub-index name."""
    entity: str
    rank: int
    of: int | None
    year: int | None
    article: str
    fact_sentence: int


class Answer(BaseModel):
    question: str
    answered: bool
    facts: list[Fact] = Field(default_factory=list)
    figure: Figure | None = None
    """The figure that answers the question, drawn from ``facts[0]``."""
    history: list[Fact] = Field(default_factory=list)
    """Earlier values of the same measure, newest first."""
    also: list[Fact] = Field(default_factory=list)
    """Other articles reporting the same figure for the same period."""
    disagreement: bool = False
    confidence: float = 0.0
    suggestions: list[str] = Field(default_factory=list)
    reason: str = ""
    entities: list[str] = Field(default_factory=list)
    """For "which province / ministry / country" questions: the names, in rank order."""
    comparison: list[Fact] = Field(default_factory=list)
    """For "how much did it change": the two facts compared, older first; ``figure`` holds
    the change and ``direction`` says which way."""
    compared: list[Figure] = Field(default_factory=list)
    """The two figures compared, in the order of ``comparison`` (one fact may hold both)."""
    direction: str = ""
    talk: str = ""
    """A reply to small talk ("xin chào", "cảm ơn") instead of a figure."""
    closest: Fact | None = None
    """Declined for want of confidence: the sentence that came closest, shown as written so
    the user can judge it; no figure is claimed from it."""
    chart: tuple[str, str] | None = None
    """A chart asked for in words ("vẽ biểu đồ xếp hạng"): the command and argument whose
    report and chart answer it, e.g. ("rank", "Đà Nẵng"), ("dvctt", "")."""


# -- reports: the replies of /rank, /dvctt and /nguon (rendered by bot.render, as answers are)


@dataclass(frozen=True)
class Row:
    """One line of a report: "label: value — detail [1]"."""

    value: str
    label: str = ""
    detail: str = ""
    cites: tuple[int, ...] = ()


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Report:
    title: str
    sections: list[Section] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    series: Series | None = None
    found: bool = True
    more: str = ""
    """The argument that shows everything this summary leaves out ("" when nothing is)."""

    def cite(self, *facts: Fact | None) -> tuple[int, ...]:
        """Citation numbers (1-based) for the facts' sources, adding new sources."""
        numbers: list[int] = []
        for fact in facts:
            if fact is None or fact.source is None:
                continue
            if fact.source not in self.sources:
                self.sources.append(fact.source)
            number = self.sources.index(fact.source) + 1
            if number not in numbers:
                numbers.append(number)
        return tuple(sorted(numbers))


# -- operators' results: adding and removing articles, usage statistics (rendered by bot.render)

Outcome = Literal["added", "replaced", "unchanged"]
"""What saving an article did."""


@dataclass(frozen=True)
class AddResult:
    """What happened to an uploaded or pasted article."""

    name: str
    article_id: str = ""
    title: str = ""
    outcome: Outcome | None = None
    facts: int = 0
    rankings: int = 0
    figures: tuple[str, ...] = ()
    source: str = ""
    dropped: int = 0
    inferred: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    error: str | None = None
    source_complete: bool = True
    """Outlet, link and date are all known."""

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class RemoveResult:
    query: str
    removed: Article | None = None
    facts: int = 0
    candidates: tuple[Article, ...] = ()
    from_folder: bool = False
    """The article has a file among the bundled articles: it comes back at the next start."""


@dataclass(frozen=True)
class DayCount:
    day: str
    asked: int
    answered: int


@dataclass(frozen=True)
class Unanswered:
    question: str
    """One way the question was asked (the shortest)."""
    normalised: str
    count: int


@dataclass(frozen=True)
class Disliked:
    fact_key: str
    answer: str
    """The figure and what it measures, or the fact key when the fact is gone."""
    question: str
    down: int
    up: int


@dataclass(frozen=True)
class Stats:
    days: int
    since: str
    asked: int
    answered: int
    per_day: list[DayCount] = field(default_factory=list)
    unanswered: list[Unanswered] = field(default_factory=list)
    disliked: list[Disliked] = field(default_factory=list)
    subscribers: int = 0
    subscribers_by_kind: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    facts: int = 0
    deliveries: dict[str, dict[str, int]] = field(default_factory=dict)
    """Digest deliveries per day by status: sent, uncertain, failed, pending, sending."""

    @property
    def share_answered(self) -> float:
        return self.answered / self.asked if self.asked else 0.0

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "share_answered": round(self.share_answered, 4)}
