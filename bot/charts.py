"""PNG charts of what /rank and /dvctt show (matplotlib's Agg canvas, no pyplot state).

Two shapes:

* a **line chart** of one or more series over the years: ranks with whole-number ticks and
  rank 1 at the top, shares from 0 with the target drawn as a dashed line;
* a **ranking chart** for one year's ranking of ministries or provinces, when there is no
  history to draw: one dot per entity at its rank, best at the top.

Numbers are written the Vietnamese way (decimal comma, dot for thousands) and the sources are
printed under the chart, so a forwarded picture still says where its figures come from.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Any, Literal

from bot import vn

ChartKind = Literal["rank", "percent", "value"]
MAX_LINES = 5
"""More lines than this on one chart are unreadable; the best-ranked (or first) are kept."""
MAX_RANKED = 25
SOURCES_SHOWN = 3
"""Sources named under the picture; the Telegram caption names them all."""

_COLOURS = (
    "#c0392b",
    "#2471a3",
    "#229954",
    "#d68910",
    "#7d3c98",
    "#17a589",
    "#839192",
    "#a04000",
)


@dataclass(frozen=True)
class Line:
    label: str
    points: tuple[tuple[int, float], ...]
    """(year, value), one per year."""

    @property
    def years(self) -> list[int]:
        return sorted({year for year, _ in self.points})


@dataclass(frozen=True)
class Series:
    """What a chart shows; built by :mod:`bot.queries` from stored figures only."""

    title: str
    axis: str
    lines: tuple[Line, ...] = ()
    kind: ChartKind = "value"
    target: float | None = None
    target_label: str = ""
    sources: tuple[str, ...] = ()
    ranked: tuple[tuple[str, int], ...] = ()
    """One year's ranking (entity, rank), drawn when no line has two years."""
    of: int | None = None
    """How many were ranked, for the ranking chart's axis."""

    @property
    def chartable(self) -> bool:
        """A line over two or more years, or a ranking of three or more entities."""
        return any(len(line.years) >= 2 for line in self.lines) or len(self.ranked) >= 3

    @property
    def caption(self) -> str:
        """The text under the picture in Telegram: title and sources."""
        sources = "; ".join(self.sources)
        return f"{self.title}\nNguồn: {sources}" if sources else self.title


def _number(value: float) -> str:
    return vn.format_number(round(value, 2))


def _label(series: Series, value: float) -> str:
    if series.kind == "percent":
        return f"{_number(value)}%"
    if series.kind == "rank":
        return f"thứ {int(value)}"
    return _number(value)


def render(series: Series) -> bytes | None:
    """The chart as PNG bytes, or None when there is nothing worth drawing."""
    figure = draw(series)
    if figure is None:
        return None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def draw(series: Series) -> Any:
    """The chart as a matplotlib Figure (on its own Agg canvas), or None."""
    if not series.chartable:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    lines = [line for line in series.lines if len(line.years) >= 2][:MAX_LINES]
    ranked = list(series.ranked[:MAX_RANKED]) if not lines else []
    height = 4.2 if lines else max(3.2, 0.32 * len(ranked) + 1.8)
    figure = Figure(figsize=(7.2, height), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    formatter = FuncFormatter(lambda value, _: _number(value))
    if lines:
        _draw_lines(series, axes, lines, MaxNLocator, formatter)
    else:
        _draw_ranking(series, axes, ranked, MaxNLocator)
    axes.set_title(series.title, fontsize=11, loc="left", wrap=True)
    axes.grid(True, alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    note = ""
    if series.sources:
        shown = list(series.sources[:SOURCES_SHOWN])
        if len(series.sources) > SOURCES_SHOWN:
            shown.append(f"và {len(series.sources) - SOURCES_SHOWN} bài khác")
        wrapped = textwrap.wrap("Nguồn: " + "; ".join(shown), 120)
        note = "\n".join(wrapped[:4])
        figure.text(0.01, 0.01, note, fontsize=7.5, color="#555555", va="bottom", ha="left")
    figure.tight_layout(rect=(0, 0.03 + 0.035 * note.count("\n") + (0.04 if note else 0), 1, 1))
    return figure


def _draw_lines(series: Series, axes: Any, lines: list[Line], locator: Any, fmt: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    years = sorted({year for line in lines for year in line.years})
    values: list[float] = []
    for number, line in enumerate(lines):
        by_year = dict(sorted(line.points))
        xs = sorted(by_year)
        ys = [by_year[x] for x in xs]
        values.extend(ys)
        colour = _COLOURS[number % len(_COLOURS)]
        axes.plot(xs, ys, marker="o", linewidth=2, color=colour, label=line.label)
        # One line: every point labelled when there are few, else the ends and the extremes.
        # Several lines: the legend and the grid say it; labels would overlap.
        marked = set(xs) if len(xs) <= 6 else {xs[0], xs[-1]}
        if len(xs) > 6:
            marked |= {xs[ys.index(min(ys))], xs[ys.index(max(ys))]}
        if len(lines) > 1:
            marked = set()
        said: tuple[int, float] | None = None
        for x, y in zip(xs, ys, strict=True):
            if x not in marked or (said is not None and said[1] == y and x - said[0] <= 1):
                continue  # the same value a year apart: one label says it
            said = (x, y)
            offset = -14 if series.kind == "rank" else 7
            axes.annotate(
                _label(series, y),
                (x, y),
                textcoords="offset points",
                xytext=(0, offset),
                ha="center",
                fontsize=9,
                color=colour,
            )
    if len(years) <= 8:
        axes.set_xticks(years, [str(y) for y in years])
    else:
        axes.xaxis.set_major_locator(locator(integer=True, nbins=8))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: str(int(value))))
    axes.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    axes.yaxis.set_major_formatter(fmt)
    axes.set_ylabel(series.axis)
    low, high = min(values), max(values)
    if series.kind == "rank":
        axes.yaxis.set_major_locator(locator(integer=True))
        pad = max(1.0, (high - low) * 0.2)
        axes.set_ylim(high + pad, max(0.5, low - pad))  # rank 1 at the top
    else:
        top = max(high, series.target or 0.0)
        ceiling = top * 1.2 if top > 0 else 1.0
        if series.kind == "percent" and top <= 100:
            ceiling = min(100.0, ceiling) if top < 90 else 105.0
        axes.set_ylim(0, ceiling)
    if series.target is not None:
        axes.axhline(series.target, linestyle="--", linewidth=1.5, color="#7f8c8d")
        axes.annotate(
            series.target_label or f"Mục tiêu: {_label(series, series.target)}",
            (years[0] - 0.45, series.target),
            textcoords="offset points",
            xytext=(0, 4),
            fontsize=9,
            color="#555555",
        )
    if len(lines) > 1:
        axes.legend(fontsize=8, loc="best", frameon=False)


def _draw_ranking(series: Series, axes: Any, ranked: list[tuple[str, int]], locator: Any) -> None:
    ordered = sorted(ranked, key=lambda er: er[1])
    names = [name for name, _ in ordered]
    ranks = [rank for _, rank in ordered]
    positions = list(range(len(ordered)))
    axes.hlines(positions, 0, ranks, color="#d5d8dc", linewidth=2)
    axes.plot(ranks, positions, "o", color=_COLOURS[0])
    for y, rank in zip(positions, ranks, strict=True):
        axes.annotate(
            f"thứ {rank}", (rank, y), textcoords="offset points", xytext=(6, -3), fontsize=9
        )
    axes.set_yticks(positions, names, fontsize=9)
    axes.invert_yaxis()  # the best at the top
    axes.xaxis.set_major_locator(locator(integer=True))
    right = series.of or max(ranks)
    axes.set_xlim(0, right + max(2, right * 0.12))
    axes.set_xlabel(series.axis)
