"""Small PNG line charts (matplotlib, Agg canvas, no pyplot state) of a value over the years."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from bot import vn


@dataclass(frozen=True)
class Series:
    """Points (year, value) to plot; ``invert`` puts 1 at the top (ranks)."""

    title: str
    axis: str
    points: tuple[tuple[int, float], ...] = field(default_factory=tuple)
    invert: bool = False
    percent: bool = False

    @property
    def years(self) -> list[int]:
        return sorted({year for year, _ in self.points})

    @property
    def chartable(self) -> bool:
        """Only a series over more than one year makes a chart."""
        return len(self.years) > 1


def line_chart(series: Series) -> bytes | None:
    """The series as PNG bytes, or None when it covers fewer than two years."""
    if not series.chartable:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    by_year: dict[int, float] = {}
    for year, value in series.points:
        by_year.setdefault(year, value)
    years = sorted(by_year)
    values = [by_year[y] for y in years]

    figure = Figure(figsize=(6.4, 3.6), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.plot(years, values, marker="o", linewidth=2, color="#c0392b")
    for year, value in zip(years, values, strict=True):
        label = vn.format_number(value) + ("%" if series.percent else "")
        axes.annotate(
            label,
            (year, value),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            fontsize=10,
        )
    axes.set_xticks(years, [str(y) for y in years])
    axes.set_title(series.title, fontsize=11)
    axes.set_ylabel(series.axis)
    axes.grid(True, alpha=0.3)
    low, high = min(values), max(values)
    pad = max(1.0, (high - low) * 0.25)
    axes.set_ylim(max(0.0, low - pad), high + pad)
    if series.invert:
        axes.invert_yaxis()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
