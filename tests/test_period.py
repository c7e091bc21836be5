"""bot.period: the one period type, as extraction stores periods."""

from __future__ import annotations

import pytest

from bot.period import Period


@pytest.mark.parametrize(
    ("text", "years", "covered"),
    [
        ("2024", ["2024"], True),
        ("2024", ["2023"], False),
        ("2020-08-26", ["2020"], True),
        ("2021-2025", ["2023"], True),
        ("2021-2025", ["2026"], False),
        ("2021-2025", ["2019", "2022"], True),  # two years asked: the ranges overlap
        ("2018", ["2019", "2022"], False),
        (None, ["2024"], False),
        ("", ["2024"], False),
    ],
)
def test_covers(text: str | None, years: list[str], covered: bool) -> None:
    assert Period.of(text).covers(years) is covered


def test_sort_order_puts_a_whole_year_after_its_days_and_a_span_by_its_end() -> None:
    texts = ["2020", "2019", "2020-02-12", "2018-2019", None]
    ordered = sorted(texts, key=lambda t: Period.of(t).sort_key)
    assert ordered == [None, "2018-2019", "2019", "2020-02-12", "2020"]


def test_years() -> None:
    assert Period.of("2020-08-26").year == 2020
    assert Period.of("2021-2025").year_range == (2021, 2025)
    assert Period.of("").year is None and Period.of(None).year_range is None
    assert Period.of("2024") is Period.of("2024")  # parsed once per text
